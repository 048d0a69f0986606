"""Who may see recommendations, propose, answer and record connections."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from icc.accounts.models import CITY_ROLES
from icc.accounts.permissions import active_grants, is_secretariat
from icc.connections.models import ConnectionRequest, StudyVisit
from icc.network.models import City
from icc.network.permissions import city_may_act


def city_ids_of(user: Any) -> set[int]:
    """Return the cities the person speaks for (coordinator or editor)."""
    return {
        grant.city_id
        for grant in active_grants(user)
        if grant.role in CITY_ROLES and grant.city_id is not None
    }


def can_view_connection_list(user: Any) -> bool:
    """Return whether the person has connections to list: a city's people, the secretariat."""
    return is_secretariat(user) or bool(city_ids_of(user))


def can_view_recommendations(user: Any, city: City) -> bool:
    """Return whether the person may see the city's recommended peers (its people, secretariat)."""
    return is_secretariat(user) or city.pk in city_ids_of(user)


def can_propose_connection(user: Any, city: City) -> bool:
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


def can_view_connection(user: Any, request: ConnectionRequest) -> bool:
    """Return whether the person may read the request: its cities' people, the secretariat."""
    involved = {request.from_city_id} | {i.city_id for i in request.invitations.all()}
    return is_secretariat(user) or bool(involved & city_ids_of(user))


def can_answer_invitation(user: Any, city: City) -> bool:
    """Return whether the person may accept or decline for the invited city, while it may act."""
    return city.pk in city_ids_of(user) and city_may_act(city)


def _speaks_for_an_acting_participant(user: Any, request: ConnectionRequest) -> bool:
    mine = participant_city_ids(request) & city_ids_of(user)
    return any(city_may_act(city) for city in City.objects.filter(pk__in=sorted(mine)))


def can_write_log(user: Any, request: ConnectionRequest) -> bool:
    """Return whether the person may add to the shared log or plan a study visit.

    The people of a participating city, while the connection is under way and the
    city may act.
    """
    return request.status == ConnectionRequest.Status.ACTIVE and _speaks_for_an_acting_participant(
        user, request
    )


def can_edit_study_visits(user: Any, request: ConnectionRequest) -> bool:
    """Return whether the person may change the connection's study visits and write their reports.

    The secretariat, and the people of the connection's participating cities while
    their city may act (a report may come after the connection has closed).
    """
    return is_secretariat(user) or _speaks_for_an_acting_participant(user, request)


def get_study_visit_for_edit(user: Any, pk: int) -> StudyVisit:
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


def get_connection_for_view(user: Any, pk: int) -> ConnectionRequest:
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


def get_connections_for_list(user: Any) -> QuerySet[ConnectionRequest]:
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
