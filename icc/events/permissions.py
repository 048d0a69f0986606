"""Who may read and manage the events of the network.

- Everyone reads published events, and those cancelled after publication.
- The secretariat manages every event.
- A national network's coordinator manages the events for that network.
- Drafts are seen only by those who manage them.
"""

from django.db.models import Q, QuerySet
from django.http import Http404

from icc.accounts.actors import Actor
from icc.accounts.models import Role
from icc.accounts.permissions import active_grants, is_secretariat
from icc.events.models import Event, EventDocument, EventQuerySet, Registration
from icc.network.models import NationalNetwork


def _network_ids(user: Actor) -> set[int]:
    return {
        grant.national_network_id
        for grant in active_grants(user)
        if grant.role == Role.NETWORK_COORDINATOR and grant.national_network_id is not None
    }


def can_create_events(user: Actor) -> bool:
    """Return whether the person may add events to the calendar (for some audience)."""
    return is_secretariat(user) or bool(_network_ids(user))


def can_manage_events_for(user: Actor, national_network: NationalNetwork | None) -> bool:
    """Return whether the person may manage an event for ``national_network``.

    ``None`` stands for the whole network, which only the secretariat addresses.
    """
    if is_secretariat(user):
        return True
    return national_network is not None and national_network.pk in _network_ids(user)


def can_manage_event(user: Actor, event: Event) -> bool:
    """Return whether the person may edit, publish or cancel the event."""
    if is_secretariat(user):
        return True
    return event.national_network_id is not None and event.national_network_id in _network_ids(user)


def can_edit_event(user: Actor, event: Event) -> bool:
    """Return whether the person may change the event: its managers, until it is cancelled."""
    return can_manage_event(user, event) and not event.is_cancelled


def can_publish_event(user: Actor, event: Event) -> bool:
    """Return whether the person may publish the event (a draft, by its managers)."""
    return can_manage_event(user, event) and event.status == Event.Status.DRAFT


def can_cancel_event(user: Actor, event: Event) -> bool:
    """Return whether the person may cancel the event (not yet cancelled, by its managers)."""
    return can_manage_event(user, event) and not event.is_cancelled


def can_view_event(user: Actor, event: Event) -> bool:
    """Return whether the person may read the event (drafts: those who manage them)."""
    return event.is_public or can_manage_event(user, event)


def get_events_for_list(user: Actor) -> EventQuerySet:
    """Return the events the person may find in the calendar: public ones and those they manage."""
    events = Event.objects.all()
    if is_secretariat(user):
        return events
    visible = Q(published_at__isnull=False) & ~Q(status=Event.Status.DRAFT)
    networks = sorted(_network_ids(user))
    if networks:
        visible |= Q(national_network_id__in=networks)
    return events.filter(visible)


def get_event_for_view(user: Actor, pk: int) -> Event:
    """Return the event the person may read, or raise 404."""
    event = Event.objects.with_texts().filter(pk=pk).first()
    if event is None or not can_view_event(user, event):
        raise Http404
    return event


def get_networks_to_manage(user: Actor) -> QuerySet[NationalNetwork]:
    """Return the national networks the person may address events to."""
    if is_secretariat(user):
        return NationalNetwork.objects.all()
    return NationalNetwork.objects.filter(pk__in=sorted(_network_ids(user)))


def can_register(user: Actor, event: Event) -> bool:
    """Return whether the person may register: signed in, the event public and taking them."""
    return (
        getattr(user, "is_authenticated", False)
        and event.takes_registrations
        and event.is_public
        and not event.is_cancelled
    )


def can_manage_registrations(user: Actor, event: Event) -> bool:
    """Return whether the person may see who registered, and record attendance: the managers."""
    return can_manage_event(user, event)


def get_own_registration(user: Actor, pk: int) -> Registration:
    """Return the person's own registration, or raise 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    registration = (
        Registration.objects.select_related("event").filter(pk=pk, person_id=user.pk).first()
    )
    if registration is None:
        raise Http404
    return registration


def can_download_certificate(user: Actor, registration: Registration) -> bool:
    """Return whether the person may download the certificate: their own, once present."""
    return (
        registration.person_id == getattr(user, "pk", None) and registration.attended_at is not None
    )


def can_download_event_document(user: Actor, document: EventDocument) -> bool:
    """Return whether the person may open an event's document: whoever may read the event."""
    return can_view_event(user, document.event)
