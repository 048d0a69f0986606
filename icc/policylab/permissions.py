"""Who may read and act in the policy lab.

- Published lab outcomes, confirmed journeys and the practices that fed a strategy are
  public; everything else needs a role in the network.
- Contact people are personal data: only the secretariat and the coordinators of the
  stakeholder's country's national network see them, never a visitor or the API.
- National network coordinators manage their country's stakeholders, strategy and its
  mapping; the secretariat manages everything and runs the labs.
- A city coordinator (city in good standing) records uptakes of their city's practices
  and proposes their own city's uptake of another's; the other side or the secretariat
  confirms.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from icc.accounts.actors import Actor
from icc.accounts.models import Role
from icc.accounts.permissions import active_grants, is_secretariat
from icc.network.models import City, NationalNetwork
from icc.network.permissions import city_may_act
from icc.policylab.models import (
    Lab,
    NationalStrategy,
    Outcome,
    SessionDocument,
    Stakeholder,
    Uptake,
)

ORIGIN = "origin"
ADOPTER = "adopter"
SECRETARIAT = "secretariat"


def can_use_lab(user: Actor | None) -> bool:
    """Return whether the person may open the lab's workspace (anyone with a role)."""
    return bool(active_grants(user))


def require_lab_user(user: Actor | None) -> None:
    """Raise ``PermissionDenied`` unless the person has a role in the network."""
    if not can_use_lab(user):
        raise PermissionDenied


def coordinated_countries(user: Actor | None) -> set[str]:
    """Return the countries of the national networks the person coordinates."""
    ids = {
        grant.national_network_id
        for grant in active_grants(user)
        if grant.role == Role.NETWORK_COORDINATOR and grant.national_network_id
    }
    if not ids:
        return set()
    return {
        str(c) for c in NationalNetwork.objects.filter(pk__in=ids).values_list("country", flat=True)
    }


def acting_city_ids(user: Actor | None) -> set[int]:
    """Return the ids of the cities the person coordinates that may act (good standing)."""
    ids = {
        grant.city_id
        for grant in active_grants(user)
        if grant.role == Role.CITY_COORDINATOR and grant.city_id is not None
    }
    return {city.pk for city in City.objects.filter(pk__in=ids) if city_may_act(city)}


# Stakeholders ----------------------------------------------------------------------------


def can_add_stakeholder(user: Actor | None) -> bool:
    """Return whether the person may add stakeholders (secretariat, national coordinators)."""
    return is_secretariat(user) or bool(coordinated_countries(user))


def can_edit_stakeholder(user: Actor | None, stakeholder: Stakeholder) -> bool:
    """Return whether the person may change the stakeholder: the secretariat, or its country's."""
    if is_secretariat(user):
        return True
    return bool(stakeholder.country) and str(stakeholder.country) in coordinated_countries(user)


def can_view_contacts(user: Actor | None, stakeholder: Stakeholder) -> bool:
    """Return whether the person may see the stakeholder's contact people (never in public)."""
    return can_edit_stakeholder(user, stakeholder)


def can_merge_stakeholders(user: Actor | None, duplicate: Stakeholder, keep: Stakeholder) -> bool:
    """Return whether the person may merge ``duplicate`` into ``keep``: they may edit both."""
    return can_edit_stakeholder(user, duplicate) and can_edit_stakeholder(user, keep)


def get_stakeholder_for_view(user: Actor | None, pk: int) -> Stakeholder:
    """Return the stakeholder for a person with a role, or raise 404/403."""
    require_lab_user(user)
    stakeholder = Stakeholder.objects.filter(pk=pk).first()
    if stakeholder is None:
        raise Http404
    return stakeholder


def get_stakeholder_for_edit(user: Actor | None, pk: int) -> Stakeholder:
    """Return the stakeholder the person may change, or raise 404/403."""
    stakeholder = get_stakeholder_for_view(user, pk)
    if not can_edit_stakeholder(user, stakeholder) or stakeholder.is_merged:
        raise PermissionDenied
    return stakeholder


# Labs --------------------------------------------------------------------------------------


def can_manage_labs(user: Actor | None) -> bool:
    """Return whether the person may create labs, sessions and outcomes (the secretariat)."""
    return is_secretariat(user)


def can_read_lab(user: Actor | None, lab: Lab) -> bool:
    """Return whether the person may read the lab: published ones are public."""
    return lab.is_published or can_use_lab(user)


def get_lab_for_view(user: Actor | None, slug: str) -> Lab:
    """Return the lab the person may read, or raise 404."""
    lab = Lab.objects.filter(slug=slug).first()
    if lab is None or not can_read_lab(user, lab):
        raise Http404
    return lab


def can_follow_up_outcome(user: Actor | None, outcome: Outcome) -> bool:
    """Return whether the person may follow a commitment up (secretariat, owner's country)."""
    if outcome.kind != Outcome.Kind.COMMITMENT:
        return False
    if is_secretariat(user):
        return True
    owner = outcome.owner
    return owner is not None and str(owner.country) in coordinated_countries(user)


def can_download_session_document(user: Any, document: SessionDocument) -> bool:
    """Return whether the person may open a session's document: whoever may read the lab."""
    return can_read_lab(user, document.session.lab)


# Uptakes ----------------------------------------------------------------------------------


def _adopter_country(uptake: Uptake) -> str:
    if uptake.adopter_city_id:
        return str(uptake.adopter_city.country)  # type: ignore[union-attr]
    if uptake.adopter_stakeholder_id:
        return str(uptake.adopter_stakeholder.country)  # type: ignore[union-attr]
    return str(uptake.strategy.country)  # type: ignore[union-attr]


def sides_of(user: Actor | None, *, origin_city_id: int | None, uptake: Uptake) -> set[str]:
    """Return the sides of the uptake the person speaks for: the origin city, the adopter."""
    sides = set()
    cities = acting_city_ids(user)
    if origin_city_id is not None and origin_city_id in cities:
        sides.add(ORIGIN)
    if uptake.adopter_city_id is not None:
        if uptake.adopter_city_id in cities:
            sides.add(ADOPTER)
    elif _adopter_country(uptake) in coordinated_countries(user):
        sides.add(ADOPTER)
    return sides


def can_record_uptakes(user: Actor | None) -> bool:
    """Return whether the person may record uptakes at all (offered on practice journeys)."""
    return is_secretariat(user) or bool(acting_city_ids(user)) or bool(coordinated_countries(user))


def recording_side(user: Actor | None, *, origin_city_id: int | None, uptake: Uptake) -> str:
    """Return the side the person records ``uptake`` for, or raise ``PermissionDenied``."""
    if is_secretariat(user):
        return SECRETARIAT
    sides = sides_of(user, origin_city_id=origin_city_id, uptake=uptake)
    if ORIGIN in sides:
        return ORIGIN
    if ADOPTER in sides:
        return ADOPTER
    raise PermissionDenied


def can_confirm_uptake(user: Actor | None, uptake: Uptake, *, origin_city_id: int | None) -> bool:
    """Return whether the person may confirm or decline: the other side, or the secretariat."""
    if uptake.status != Uptake.Status.PROPOSED:
        return False
    if is_secretariat(user):
        return True
    other = {ORIGIN: {ADOPTER}, ADOPTER: {ORIGIN}}.get(uptake.recorded_side, {ORIGIN, ADOPTER})
    return bool(sides_of(user, origin_city_id=origin_city_id, uptake=uptake) & other)


def confirming_side(user: Actor | None, uptake: Uptake, *, origin_city_id: int | None) -> str:
    """Return the side the person confirms ``uptake`` for: the secretariat, or the other side."""
    if user is None or is_secretariat(user):
        return SECRETARIAT
    other = {ORIGIN: {ADOPTER}, ADOPTER: {ORIGIN}}.get(uptake.recorded_side, {ORIGIN, ADOPTER})
    sides = sides_of(user, origin_city_id=origin_city_id, uptake=uptake) & other
    return ORIGIN if ORIGIN in sides else ADOPTER if ADOPTER in sides else SECRETARIAT


def can_change_uptake(user: Actor | None, uptake: Uptake, *, origin_city_id: int | None) -> bool:
    """Return whether the person may change or withdraw the uptake: the side that recorded it.

    The secretariat may always; a city or national coordinator when they speak for the side
    that recorded it. Declined and withdrawn uptakes no longer change.
    """
    if uptake.status not in (Uptake.Status.PROPOSED, Uptake.Status.CONFIRMED):
        return False
    if is_secretariat(user):
        return True
    return uptake.recorded_side in sides_of(user, origin_city_id=origin_city_id, uptake=uptake)


def can_read_uptake(user: Actor | None, uptake: Uptake) -> bool:
    """Return whether the person may read the uptake: confirmed ones are public."""
    return uptake.is_confirmed or can_use_lab(user)


def can_download_evidence(user: Any, uptake: Uptake) -> bool:
    """Return whether the person may open the uptake's evidence document."""
    return can_read_uptake(user, uptake)


# National strategies ----------------------------------------------------------------------


def can_add_strategy(user: Actor | None) -> bool:
    """Return whether the person may add a strategy (secretariat, national coordinators)."""
    return can_add_stakeholder(user)


def can_map_strategy(user: Actor | None, strategy: NationalStrategy) -> bool:
    """Return whether the person may map the strategy: secretariat, its country's coordinator."""
    return is_secretariat(user) or str(strategy.country) in coordinated_countries(user)


def get_strategy_for_view(slug: str) -> NationalStrategy:
    """Return the strategy (strategies are public), or raise 404."""
    strategy = NationalStrategy.objects.filter(slug=slug).first()
    if strategy is None:
        raise Http404
    return strategy


def get_strategy_for_map(user: Actor | None, slug: str) -> NationalStrategy:
    """Return the strategy whose alignment map the person may read (anyone with a role)."""
    require_lab_user(user)
    return get_strategy_for_view(slug)
