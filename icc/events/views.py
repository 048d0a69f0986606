"""Pages of the network's calendar: upcoming and past events, an event, its forms, the feed."""

from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from icc.core.activity import verb_label
from icc.core.forms import add_service_errors
from icc.core.icalendar import CalendarEntry, calendar_response, render_calendar

# The sanitiser of the practices app, so every Markdown people write passes the same rules.
from icc.core.markup import plain_text, render_markdown
from icc.core.models import Activity
from icc.core.page_cache import cache_public_page
from icc.core.pdf import offers_pdf
from icc.core.site import absolute_url
from icc.events import permissions, selectors, services
from icc.events.forms import EventFilterForm, EventForm, EventTextForm
from icc.events.models import Event
from icc.network.models import NationalNetwork

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
PAGE_SIZE = 20
# How far back the calendar feed reaches: calendars keep what they already hold.
FEED_DAYS_BACK = 365


def _calendar_page(request: HttpRequest, *, is_past: bool) -> HttpResponse:
    form = EventFilterForm(
        request.GET or None, networks=list(NationalNetwork.objects.only("name", "slug"))
    )
    today = timezone.localdate()
    events = selectors.filter_events(
        permissions.get_events_for_list(request.user), **form.filters()
    ).with_texts()
    events = events.past(today) if is_past else events.upcoming(today)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "is_past": is_past,
        "has_demo": any(event.is_demo for event in page),
        "can_create": permissions.can_create_events(request.user),
        "feed_url": _feed_url(request),
    }
    return render(request, "events/event_list.html", context)


def _feed_url(request: HttpRequest) -> str:
    """Return the address of the iCalendar feed with the filters the reader chose."""
    filters = {name: request.GET[name] for name in ("kind", "network") if request.GET.get(name)}
    url = reverse("events:event-calendar")
    return f"{url}?{urlencode(filters)}" if filters else url


@cache_public_page(scopes=["events"])
@offers_pdf
def event_list(request: HttpRequest) -> HttpResponse:
    """List the events to come and under way, soonest first, with filters."""
    return _calendar_page(request, is_past=False)


@cache_public_page(scopes=["events"])
@offers_pdf
def event_past_list(request: HttpRequest) -> HttpResponse:
    """List the events that are over, latest first, by pages."""
    return _calendar_page(request, is_past=True)


@cache_public_page(scopes=["events"], query=())
@offers_pdf
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an event in the reader's language, or in the other with a notice."""
    event = permissions.get_event_for_view(request.user, pk)
    text = event.text(get_language())
    user = request.user
    context: dict[str, Any] = {
        "event": event,
        "text": text,
        "is_other_language": text is not None and text.language != get_language()[:2],
        "description": render_markdown(text.description) if text else "",
        "can_edit": permissions.can_edit_event(user, event),
        "can_publish": permissions.can_publish_event(user, event),
        "can_cancel": permissions.can_cancel_event(user, event),
        "timeline": None,
        "sessions": list(event.sessions.all()),
        "documents": list(event.documents.all()),
        "can_register": permissions.can_register(user, event),
        "can_manage_registrations": permissions.can_manage_registrations(user, event),
        "registration": selectors.own_registration(event, user),
        "places": selectors.places(event) if event.takes_registrations else None,
    }
    if permissions.can_manage_event(user, event):
        context["timeline"] = [
            (entry, verb_label(entry.verb))
            for entry in Activity.objects.about(event).select_related("actor")[:50]
        ]
    return render(request, "events/event_detail.html", context)


def _text_forms(request: HttpRequest, event: Event | None) -> dict[str, EventTextForm]:
    existing = {text.language: text for text in event.translations.all()} if event else {}
    return {
        language: EventTextForm(
            request.POST or None, prefix=language, instance=existing.get(language)
        )
        for language in LANGUAGE_CODES
    }


def _save_event(request: HttpRequest, event: Event | None) -> HttpResponse:
    initial = (
        EventForm.initial_for(event)
        if event
        else {"original_language": get_language()[:2], "audience": Event.Audience.NETWORK}
    )
    form = EventForm(
        request.POST or None,
        initial=initial,
        networks=permissions.get_networks_to_manage(request.user),
        may_address_network=permissions.can_manage_events_for(request.user, None),
    )
    text_forms = _text_forms(request, event)
    if (
        request.method == "POST"
        and form.is_valid()
        and all(text_form.is_valid() for text_form in text_forms.values())
    ):
        texts = {language: text_form.texts() for language, text_form in text_forms.items()}
        try:
            if event is None:
                event = services.create_event(
                    created_by=request.user, record=form.record(), texts=texts
                )
            else:
                event = services.update_event(
                    event, changed_by=request.user, record=form.record(), texts=texts
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect(event)
    language_names = dict(settings.LANGUAGES)
    context = {
        "form": form,
        "event": event,
        "text_forms": [(language_names[code], text_form) for code, text_form in text_forms.items()],
    }
    return render(request, "events/event_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    """Add an event to the calendar, as a draft, in English, French or both."""
    if not permissions.can_create_events(request.user):
        raise PermissionDenied
    return _save_event(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an event's record and texts."""
    event = permissions.get_event_for_view(request.user, pk)
    if not permissions.can_edit_event(request.user, event):
        raise PermissionDenied
    return _save_event(request, event)


@login_required
@require_POST
def event_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a draft event (its managers)."""
    event = permissions.get_event_for_view(request.user, pk)
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied
    try:
        services.publish_event(event, published_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The event is published."))
    return redirect(event)


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel an event after confirmation (its managers)."""
    event = permissions.get_event_for_view(request.user, pk)
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.cancel_event(event, cancelled_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The event is cancelled."))
        return redirect(event)
    return render(
        request, "events/event_cancel.html", {"event": event, "text": event.text(get_language())}
    )


def _entries(request: HttpRequest, events: Iterable[Event]) -> Iterator[CalendarEntry]:
    """Return the calendar entries of ``events``, in the reader's language."""
    # Read once what every entry shares: a feed holds hundreds of events.
    language = get_language()
    kinds = {value: str(label) for value, label in Event.Kind.choices}
    site = absolute_url("")
    # reverse() costs more than the rest of an entry; the addresses differ only by the id.
    detail_path = reverse("events:event-detail", kwargs={"pk": 0}).removesuffix("0/")
    host = urlsplit(settings.SITE_URL).hostname or "icc.invalid"
    for event in events:
        text = event.text(language)
        place = [event.venue, str(event.city) if event.city_id else ""]
        if event.online_url and not any(place):
            place = [event.online_url]
        description = plain_text(text.description) if text else ""
        if event.online_url:
            description = "\n\n".join(filter(None, [description, event.online_url]))
        yield CalendarEntry(
            uid=f"event-{event.pk}@{host}",
            sequence=event.sequence,
            stamp=event.updated_at,
            first_day=event.starts_on,
            last_day=event.ends_on,
            summary=text.title if text else kinds[event.kind],
            description=description,
            location=", ".join(part for part in place if part),
            url=f"{site}{detail_path}{event.pk}/",
            categories=(kinds[event.kind],),
            is_cancelled=event.is_cancelled,
        )
        title = text.title if text else kinds[event.kind]
        for session in event.sessions.all():
            where = ", ".join(part for part in [session.room, *place] if part)
            yield CalendarEntry(
                uid=f"event-{event.pk}-session-{session.pk}@{host}",
                sequence=event.sequence,
                stamp=event.updated_at,
                first_day=event.starts_on,
                last_day=event.ends_on,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                summary=f"{title} — {session.title}",
                description=session.speakers,
                location=where,
                url=f"{site}{detail_path}{event.pk}/",
                categories=(kinds[event.kind],),
                is_cancelled=event.is_cancelled,
            )


@cache_public_page(scopes=["events"])
def event_calendar(request: HttpRequest) -> HttpResponse:
    """Serve the published events as an iCalendar feed, to subscribe to in a calendar app."""
    form = EventFilterForm(
        request.GET or None, networks=list(NationalNetwork.objects.only("name", "slug"))
    )
    since = timezone.localdate() - timedelta(days=FEED_DAYS_BACK)
    events = (
        selectors.filter_events(Event.objects.public().filter(ends_on__gte=since), **form.filters())
        .select_related("city")
        .prefetch_related("translations", "sessions")
    )
    body = render_calendar(
        _entries(request, events),
        name=_("Intercultural Cities events"),
    )
    return calendar_response(body, "icc-events.ics")


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve one event as an iCalendar file, to add it to a calendar."""
    event = permissions.get_event_for_view(request.user, pk)
    body = render_calendar(_entries(request, [event]), name=str(event))
    return calendar_response(body, f"icc-event-{event.pk}.ics")
