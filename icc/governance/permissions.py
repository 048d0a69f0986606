"""Who may read and act on the network's strategy documents, endorsements and votes.

- Everyone with a role in the network reads them (city people, national network
  coordinators, experts, the secretariat); a visitor is asked to sign in.
- Only the coordinator of a member city in good standing (``city_may_act``) acts in the
  city's name: proposes and supports amendments, gives a proxy, casts a ballot.
- The secretariat runs the texts and votes, decides on amendments, records endorsements
  and recounts a closed vote; it never casts a ballot for a city.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from icc.accounts.models import Role
from icc.accounts.permissions import active_grants, is_secretariat
from icc.governance.models import Amendment, Ballot, Endorsement, Motion, StrategyDocument
from icc.network.models import City
from icc.network.permissions import city_may_act


def is_in_good_standing(city: City) -> bool:
    """Return whether ``city`` is a member that may act for the network (not suspended)."""
    return city.status == City.Status.MEMBER and city_may_act(city)


def coordinated_city_ids(user: Any) -> set[int]:
    """Return the ids of the cities the person coordinates, whatever their status."""
    return {
        grant.city_id
        for grant in active_grants(user)
        if grant.role == Role.CITY_COORDINATOR and grant.city_id is not None
    }


def can_read_governance(user: Any) -> bool:
    """Return whether the person may read texts, amendments, endorsements and votes."""
    return bool(active_grants(user))


def require_reader(user: Any) -> None:
    """Raise ``PermissionDenied`` unless the person may read governance pages."""
    if not can_read_governance(user):
        raise PermissionDenied


def can_manage_governance(user: Any) -> bool:
    """Return whether the person may create texts and votes and decide on amendments."""
    return is_secretariat(user)


def cities_acting_for(user: Any) -> list[City]:
    """Return the member cities in good standing the person may act for, as coordinator."""
    ids = coordinated_city_ids(user)
    if not ids:
        return []
    return [city for city in City.objects.filter(pk__in=sorted(ids)) if is_in_good_standing(city)]


def can_act_for(user: Any, city: City) -> bool:
    """Return whether the person may act in ``city``'s name: its coordinator, in good standing."""
    return city.pk in coordinated_city_ids(user) and is_in_good_standing(city)


# Strategy documents ------------------------------------------------------------------------


def get_document_for_view(user: Any, pk: int) -> StrategyDocument:
    """Return the document the person may read, or raise 404 (403 for people with no role)."""
    require_reader(user)
    document = StrategyDocument.objects.filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def can_propose_amendment(user: Any, document: StrategyDocument) -> bool:
    """Return whether the person may propose an amendment: a city acts, consultation open."""
    return bool(cities_acting_for(user)) and document.is_consultation_open()


def can_respond_to_amendment(user: Any, amendment: Amendment) -> bool:
    """Return whether the person may support or comment: another city, amendment still open."""
    return amendment.is_open and any(c.pk != amendment.city_id for c in cities_acting_for(user))


def can_decide_amendment(user: Any, amendment: Amendment) -> bool:
    """Return whether the person may accept, reject or merge the amendment (the secretariat)."""
    return is_secretariat(user) and amendment.is_open


def get_amendment_for_view(user: Any, pk: int) -> Amendment:
    """Return the amendment the person may read, or raise 404."""
    require_reader(user)
    amendment = (
        Amendment.objects.select_related("section__document", "city", "proposed_by")
        .filter(pk=pk)
        .first()
    )
    if amendment is None:
        raise Http404
    return amendment


def can_record_endorsement(user: Any) -> bool:
    """Return whether the person may record a city council's endorsement (the secretariat)."""
    return is_secretariat(user)


def can_download_endorsement(user: Any, endorsement: Endorsement) -> bool:
    """Return whether the person may open a council's decision: every reader of the text."""
    return can_read_governance(user)


# Votes -------------------------------------------------------------------------------------


def get_motion_for_view(user: Any, pk: int) -> Motion:
    """Return the vote the person may read, or raise 404 (403 for people with no role)."""
    require_reader(user)
    motion = Motion.objects.filter(pk=pk).first()
    if motion is None:
        raise Http404
    return motion


def can_give_proxy(user: Any, motion: Motion, giver: City) -> bool:
    """Return whether the person may give or withdraw ``giver``'s proxy: before the opening."""
    return motion.opened_at is None and motion.phase() == "scheduled" and can_act_for(user, giver)


def can_recount(user: Any, motion: Motion) -> bool:
    """Return whether the person may check the count against the ballots: closed, secretariat."""
    return is_secretariat(user) and motion.closed_at is not None


def can_see_ballot(user: Any, ballot: Ballot) -> bool:
    """Return whether the person may see which option a city chose: its coordinator."""
    ids = coordinated_city_ids(user)
    return ballot.city_id in ids or ballot.proxy_holder_id in ids
