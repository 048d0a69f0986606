"""Who may see recommendations, propose, answer and record connections and mentoring."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from icc.accounts.actors import Actor
from icc.accounts.models import CITY_ROLES, Role
from icc.accounts.permissions import active_grants, is_secretariat
from icc.connections.models import CheckIn, ConnectionRequest, Scheme, SchemeMember, StudyVisit
from icc.network.models import City
from icc.network.permissions import city_may_act


def city_ids_of(user: Actor) -> set[int]:
    """Return the cities the person speaks for (coordinator or editor)."""
    return {
        grant.city_id
        for grant in active_grants(user)
        if grant.role in CITY_ROLES and grant.city_id is not None
    }


def can_view_connection_list(user: Actor) -> bool:
    """Return whether the person has connections to list: a city's people, the secretariat."""
    return is_secretariat(user) or bool(city_ids_of(user))


def can_view_recommendations(user: Actor, city: City) -> bool:
    """Return whether the person may see the city's recommended peers (its people, secretariat)."""
    return is_secretariat(user) or city.pk in city_ids_of(user)


def can_propose_connection(user: Actor, city: City) -> bool:
    """Return whether the person may propose a connection on behalf of ``city``.

    Only one of the city's people, and only while the city may act for the network.
    """
    return city.pk in city_ids_of(user) and city_may_act(city)


def participant_city_ids(request: ConnectionRequest) -> set[int]:
    """Return the proposing city and the invited cities that accepted."""
    return {request.from_city_id} | {
        invitation.city_id
        for invitation in request.invitations.all()
        if invitation.answer == invitation.Answer.ACCEPTED
    }


def can_view_connection(user: Actor, request: ConnectionRequest) -> bool:
    """Return whether the person may read the request: its cities' people, the secretariat."""
    involved = {request.from_city_id} | {i.city_id for i in request.invitations.all()}
    return is_secretariat(user) or bool(involved & city_ids_of(user))


def can_answer_invitation(user: Actor, city: City) -> bool:
    """Return whether the person may accept or decline for the invited city, while it may act."""
    return city.pk in city_ids_of(user) and city_may_act(city)


def _speaks_for_an_acting_participant(user: Actor, request: ConnectionRequest) -> bool:
    mine = participant_city_ids(request) & city_ids_of(user)
    return any(city_may_act(city) for city in City.objects.filter(pk__in=sorted(mine)))


def can_write_log(user: Actor, request: ConnectionRequest) -> bool:
    """Return whether the person may add to the shared log or plan a study visit.

    The people of a participating city, while the connection is under way and the
    city may act.
    """
    return request.status == ConnectionRequest.Status.ACTIVE and _speaks_for_an_acting_participant(
        user, request
    )


def can_edit_study_visits(user: Actor, request: ConnectionRequest) -> bool:
    """Return whether the person may change the connection's study visits and write their reports.

    The secretariat, and the people of the connection's participating cities while
    their city may act (a report may come after the connection has closed).
    """
    return is_secretariat(user) or _speaks_for_an_acting_participant(user, request)


def get_study_visit_for_edit(user: Actor, pk: int) -> StudyVisit:
    """Return the study visit the person may edit; raise 404 when there is none, else 403."""
    visit = (
        StudyVisit.objects.select_related("host", "request__from_city")
        .prefetch_related("request__invitations")
        .filter(pk=pk)
        .first()
    )
    if visit is None:
        raise Http404
    if not can_edit_study_visits(user, visit.request):
        raise PermissionDenied
    return visit


def get_connection_for_view(user: Actor, pk: int) -> ConnectionRequest:
    """Return the connection request the person may read, or raise 404."""
    request = (
        ConnectionRequest.objects.select_related("from_city")
        .prefetch_related("invitations__city")
        .filter(pk=pk)
        .first()
    )
    if request is None or not can_view_connection(user, request):
        raise Http404
    return request


def get_connections_for_list(user: Actor) -> QuerySet[ConnectionRequest]:
    """Return the connection requests of the person's cities (all for the secretariat)."""
    requests = ConnectionRequest.objects.select_related("from_city").prefetch_related(
        "invitations__city"
    )
    if is_secretariat(user):
        return requests
    cities = city_ids_of(user)
    return requests.filter(
        Q(from_city_id__in=cities) | Q(invitations__city_id__in=cities)
    ).distinct()


# Mentoring (issue 16): a scheme's agreement and check-ins are read by its cities'
# coordinators and editors, the coordinators of the national networks attached to its
# sides and the secretariat; written by its cities' coordinators (while their city may
# act) and the secretariat; shown to visitors only once every city publishes its report.


def can_manage_mentoring(user: Actor) -> bool:
    """Return whether the person marks pilot cities and proposes schemes: the secretariat."""
    return is_secretariat(user)


def can_view_mentor_proposals(user: Actor, city: City) -> bool:
    """Return whether the person may see the mentors proposed to ``city``.

    The secretariat, and the city's own people (a city may ask for a mentor); not for a
    city that left.
    """
    return city.is_visible_to_public and (is_secretariat(user) or city.pk in city_ids_of(user))


def coordinated_city_ids(user: Actor) -> set[int]:
    """Return the cities the person coordinates (editors are left out)."""
    return {
        grant.city_id
        for grant in active_grants(user)
        if grant.role == Role.CITY_COORDINATOR and grant.city_id is not None
    }


def coordinated_network_ids(user: Actor) -> set[int]:
    """Return the national networks the person coordinates."""
    return {
        grant.national_network_id
        for grant in active_grants(user)
        if grant.role == Role.NETWORK_COORDINATOR and grant.national_network_id is not None
    }


def can_view_scheme(user: Actor, scheme: Scheme) -> bool:
    """Return whether the person may read the scheme: its agreement, check-ins, evaluations."""
    if is_secretariat(user):
        return True
    members = scheme.members.all()
    if {member.city_id for member in members} & city_ids_of(user):
        return True
    attached = {member.national_network_id for member in members if member.national_network_id}
    return bool(attached & coordinated_network_ids(user))


def _coordinated_acting_members(user: Actor, scheme: Scheme) -> list[SchemeMember]:
    mine = coordinated_city_ids(user)
    return [
        member
        for member in scheme.members.all()
        if member.city_id in mine
        and member.answer != SchemeMember.Answer.DECLINED
        and city_may_act(member.city)
    ]


def members_to_answer(user: Actor, scheme: Scheme) -> list[SchemeMember]:
    """Return the scheme's cities whose pending answer the person may give (their coordinator)."""
    if scheme.status != Scheme.Status.PROPOSED:
        return []
    return [
        member
        for member in _coordinated_acting_members(user, scheme)
        if member.answer == SchemeMember.Answer.PENDING
    ]


def can_write_scheme(user: Actor, scheme: Scheme) -> bool:
    """Return whether the person may set the agreement and log check-ins of the scheme.

    The secretariat, or a coordinator of one of its cities while that city may act; only
    while the scheme is under way. Editors and network coordinators read only.
    """
    if scheme.status != Scheme.Status.ACTIVE:
        return False
    return is_secretariat(user) or bool(_coordinated_acting_members(user, scheme))


def can_change_agreement(user: Actor, scheme: Scheme) -> bool:
    """Return whether the person may change goals and duration: until every city has signed."""
    signed = all(member.signed_at for member in scheme.members.all())
    return can_write_scheme(user, scheme) and not signed


def members_to_sign(user: Actor, scheme: Scheme) -> list[SchemeMember]:
    """Return the scheme's cities whose sign-off the person may record (their coordinator)."""
    if scheme.status != Scheme.Status.ACTIVE or not scheme.goals.exists():
        return []
    return [m for m in _coordinated_acting_members(user, scheme) if m.signed_at is None]


def members_to_evaluate(user: Actor, scheme: Scheme) -> list[SchemeMember]:
    """Return the scheme's cities whose evaluation the person may write (their coordinator)."""
    if scheme.status != Scheme.Status.ACTIVE:
        return []
    return [m for m in _coordinated_acting_members(user, scheme) if m.evaluated_at is None]


def members_to_publish(user: Actor, scheme: Scheme) -> list[SchemeMember]:
    """Return the cities whose consent to publish the closing report the person may give."""
    if scheme.status != Scheme.Status.CLOSED:
        return []
    return [m for m in _coordinated_acting_members(user, scheme) if not m.publishes_report]


def is_report_public(scheme: Scheme) -> bool:
    """Return whether the closing report is public: closed, and every city publishes it."""
    members = [m for m in scheme.members.all() if m.answer == SchemeMember.Answer.ACCEPTED]
    return (
        scheme.status == Scheme.Status.CLOSED
        and bool(members)
        and all(member.publishes_report for member in members)
    )


def can_view_closing_report(user: Actor, scheme: Scheme) -> bool:
    """Return whether the person may read the closing report: readers of the scheme, or all."""
    if scheme.status != Scheme.Status.CLOSED:
        return False
    return is_report_public(scheme) or can_view_scheme(user, scheme)


def can_draft_practice(user: Actor, scheme: Scheme, city: City) -> bool:
    """Return whether the person may turn an outcome into a draft practice of mentee ``city``."""
    return (
        scheme.status == Scheme.Status.CLOSED
        and city.pk in coordinated_city_ids(user)
        and city_may_act(city)
        and any(
            m.city_id == city.pk and m.side == SchemeMember.Side.MENTEE
            for m in scheme.members.all()
        )
    )


def can_download_checkin_document(user: Actor, check_in: CheckIn) -> bool:
    """Return whether the person may download a check-in's document: the scheme's readers."""
    return can_view_scheme(user, check_in.scheme)


def _schemes() -> QuerySet[Scheme]:
    return Scheme.objects.prefetch_related("members__city")


def get_scheme_for_view(user: Actor, pk: int) -> Scheme:
    """Return the scheme the person may read, or raise 404."""
    scheme = _schemes().filter(pk=pk).first()
    if scheme is None or not can_view_scheme(user, scheme):
        raise Http404
    return scheme


def get_scheme_for_write(user: Actor, pk: int) -> Scheme:
    """Return the scheme the person may write to; 404 when unseen, else 403."""
    scheme = get_scheme_for_view(user, pk)
    if not can_write_scheme(user, scheme):
        raise PermissionDenied
    return scheme


def get_scheme_for_report(user: Actor, pk: int) -> Scheme:
    """Return the closed scheme whose report the person may read, or raise 404."""
    scheme = _schemes().filter(pk=pk).first()
    if scheme is None or not can_view_closing_report(user, scheme):
        raise Http404
    return scheme


def get_schemes_for_list(user: Actor) -> QuerySet[Scheme]:
    """Return the schemes the person may read (all for the secretariat)."""
    if is_secretariat(user):
        return Scheme.objects.all()
    cities = city_ids_of(user)
    networks = coordinated_network_ids(user)
    return Scheme.objects.filter(
        Q(members__city_id__in=cities) | Q(members__national_network_id__in=networks)
    ).distinct()


def can_view_scheme_list(user: Actor) -> bool:
    """Return whether the person has schemes to list: secretariat, cities. and networks. people."""
    return is_secretariat(user) or bool(city_ids_of(user)) or bool(coordinated_network_ids(user))
