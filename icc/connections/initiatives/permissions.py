"""Who may open a call, show interest, accept partners and work in an initiative's workspace.

Calls are read by the people of member cities, national networks and the secretariat; the
workspace only by the people of its cities (lead, partners, observers); observers read
only; a city that may not act (``city_may_act``) neither leads, joins nor writes; the public
sees only the page the lead published.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from icc.accounts.actors import Actor
from icc.accounts.permissions import is_secretariat
from icc.connections.initiatives.models import (
    Document,
    DocumentVersion,
    Initiative,
    Interest,
    Meeting,
    Member,
)
from icc.connections.permissions import (
    city_ids_of,
    coordinated_city_ids,
    coordinated_network_ids,
)
from icc.network.models import City
from icc.network.permissions import city_may_act


def can_view_calls(user: Actor) -> bool:
    """Return whether the person sees calls for partners: cities', networks' people, secretariat."""
    return is_secretariat(user) or bool(city_ids_of(user)) or bool(coordinated_network_ids(user))


def lead_choices(user: Actor) -> list[City]:
    """Return the cities the person may open a call for: coordinated, and able to act."""
    cities = City.objects.filter(pk__in=sorted(coordinated_city_ids(user))).order_by("name")
    return [city for city in cities if city_may_act(city)]


def can_create_initiative(user: Actor) -> bool:
    """Return whether the person may open a call: a city coordinator, a network, the secretariat."""
    return is_secretariat(user) or bool(coordinated_network_ids(user)) or bool(lead_choices(user))


def get_initiative_for_view(user: Actor, pk: int) -> Initiative:
    """Return the initiative whose call the person may read, or raise 404."""
    initiative = Initiative.objects.select_related("lead_city").filter(pk=pk).first()
    if initiative is None or not (can_view_calls(user) or is_member(user, initiative)):
        raise Http404
    return initiative


def members(initiative: Initiative) -> list[Member]:
    """Return the initiative's member cities, read once per initiative object.

    A page asks several rules of the same initiative (read, write, lead, draft); the
    members are read on the first question and kept on the object, which a request
    reads afresh (every write redirects).
    """
    found = initiative.__dict__.get("_members")
    if found is None:
        found = list(initiative.members.select_related("city"))
        initiative.__dict__["_members"] = found
    return found


def my_members(user: Actor, initiative: Initiative) -> list[Member]:
    """Return the initiative's cities the person speaks for."""
    mine = city_ids_of(user)
    return [member for member in members(initiative) if member.city_id in mine]


def is_member(user: Actor, initiative: Initiative) -> bool:
    return bool(my_members(user, initiative))


def is_organiser(user: Actor, initiative: Initiative) -> bool:
    """Return whether the person opened a call without a lead city (secretariat, network)."""
    return (
        initiative.lead_city_id is None
        and initiative.created_by_id is not None
        and initiative.created_by_id == getattr(user, "pk", None)
    )


def is_lead(user: Actor, initiative: Initiative) -> bool:
    """Return whether the person leads: coordinates a lead city while it may act, or organised.

    A lead may make another city lead too (``services.change_role``); the initiative keeps
    at least one.
    """
    if is_organiser(user, initiative):
        return True
    mine = coordinated_city_ids(user)
    return any(
        member.role == Member.Role.LEAD and member.city_id in mine and city_may_act(member.city)
        for member in members(initiative)
    )


def my_interests(user: Actor, initiative: Initiative) -> list[Interest]:
    """Return the waiting interests the person may withdraw: their coordinated cities'."""
    if initiative.status != Initiative.Status.CALL:
        return []
    mine = coordinated_city_ids(user)
    return [
        interest
        for interest in initiative.interests.select_related("city")
        if interest.city_id in mine and interest.answer == Interest.Answer.PENDING
    ]


def interest_choices(user: Actor, initiative: Initiative) -> list[City]:
    """Return the cities the person may show interest for: coordinated, acting, not in yet."""
    if initiative.status != Initiative.Status.CALL:
        return []
    taken = {m.city_id for m in members(initiative)} | set(
        initiative.interests.values_list("city_id", flat=True)
    )
    cities = City.objects.filter(
        pk__in=sorted(coordinated_city_ids(user) - taken), status=City.Status.MEMBER
    ).order_by("name")
    return [city for city in cities if city_may_act(city)]


def can_view_workspace(user: Actor, initiative: Initiative) -> bool:
    """Return whether the person sees the workspace: the people of its cities, its organiser."""
    return is_member(user, initiative) or is_organiser(user, initiative)


def writing_members(user: Actor, initiative: Initiative) -> list[Member]:
    """Return the person's cities that may write in the workspace: lead or partner, acting."""
    if initiative.status != Initiative.Status.RUNNING:
        return []
    return [
        member
        for member in my_members(user, initiative)
        if member.role != Member.Role.OBSERVER and city_may_act(member.city)
    ]


def can_write_workspace(user: Actor, initiative: Initiative) -> bool:
    """Return whether the person may write: a lead or partner city's people, or the organiser."""
    if initiative.status != Initiative.Status.RUNNING:
        return False
    return bool(writing_members(user, initiative)) or is_organiser(user, initiative)


def get_workspace(user: Actor, pk: int) -> Initiative:
    """Return the initiative whose workspace the person may read; 404 otherwise."""
    initiative = Initiative.objects.select_related("lead_city").filter(pk=pk).first()
    if initiative is None or not can_view_workspace(user, initiative):
        raise Http404
    return initiative


def get_workspace_for_write(user: Actor, pk: int) -> Initiative:
    """Return the initiative the person may write in; 404 when unseen, 403 when read only."""
    initiative = get_workspace(user, pk)
    if not can_write_workspace(user, initiative):
        raise PermissionDenied
    return initiative


def get_for_lead(user: Actor, pk: int) -> Initiative:
    """Return the initiative the person leads; 404 when unseen, 403 when not the lead."""
    initiative = get_initiative_for_view(user, pk)
    if not is_lead(user, initiative):
        raise PermissionDenied
    return initiative


def can_draft_practice(user: Actor, initiative: Initiative, city: City) -> bool:
    """Return whether the person may turn an output into a draft practice of ``city``."""
    return (
        city.pk in coordinated_city_ids(user)
        and city_may_act(city)
        and any(
            m.city_id == city.pk and m.role != Member.Role.OBSERVER for m in members(initiative)
        )
    )


def can_view_overview(user: Actor) -> bool:
    """Return whether the person sees every initiative and the cities in none: secretariat."""
    return is_secretariat(user)


def is_public(initiative: Initiative) -> bool:
    return initiative.is_published


def can_download_document(user: Actor, version: DocumentVersion) -> bool:
    """Return whether the person may download a shared document: the workspace's readers."""
    return can_view_workspace(user, version.document.initiative)


def get_document(user: Actor, pk: int) -> Document:
    """Return the shared document whose versions the person may read; 404 otherwise."""
    document = Document.objects.select_related("initiative__lead_city").filter(pk=pk).first()
    if document is None or not can_view_workspace(user, document.initiative):
        raise Http404
    return document


def can_edit_outputs(user: Actor, initiative: Initiative) -> bool:
    """Return whether the person may change outputs: writers, and the lead even once finished."""
    return can_write_workspace(user, initiative) or (
        initiative.status == Initiative.Status.FINISHED and is_lead(user, initiative)
    )


def leave_choices(user: Actor, initiative: Initiative) -> list[Member]:
    """Return the member cities the person may take out: those they coordinate, until finished.

    A city that may not act may still leave. The last lead city may not (it makes another
    city lead first), so it is not offered; the service refuses it too.
    """
    if initiative.status == Initiative.Status.FINISHED:
        return []
    mine = coordinated_city_ids(user)
    leads = [member for member in members(initiative) if member.role == Member.Role.LEAD]
    last_lead = leads[0].city_id if len(leads) == 1 and initiative.lead_city_id else None
    return [
        member
        for member in members(initiative)
        if member.city_id in mine and member.city_id != last_lead
    ]


def get_meeting(user: Actor, pk: int) -> Meeting:
    """Return the meeting whose initiative's workspace the person reads; 404 otherwise."""
    meeting = Meeting.objects.select_related("initiative__lead_city").filter(pk=pk).first()
    if meeting is None or not can_view_workspace(user, meeting.initiative):
        raise Http404
    return meeting


def get_meeting_for_write(user: Actor, pk: int) -> Meeting:
    """Return the meeting the person may change or cancel: a workspace writer; 403 otherwise."""
    meeting = get_meeting(user, pk)
    if not can_write_workspace(user, meeting.initiative):
        raise PermissionDenied
    return meeting
