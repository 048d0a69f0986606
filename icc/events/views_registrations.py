"""Pages of registrations, the agenda, documents, attendance and certificates of an event."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from icc.core.forms import add_service_errors
from icc.core.pdf import html_to_pdf
from icc.events import permissions, services
from icc.events.models import EventSession, Registration
from icc.events.registration_forms import (
    AttendanceCodeForm,
    DocumentForm,
    RegistrationSettingsForm,
    SessionForm,
)


def _errors(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
@require_POST
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    """Register for an event: a place, or a place on the waiting list when it is full."""
    event = permissions.get_event_for_view(request.user, pk)
    if not permissions.can_register(request.user, event):
        raise PermissionDenied
    try:
        registration = services.register(event, person=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("You are registered: your place is kept."))
        else:
            messages.success(
                request,
                _(
                    "The event is full: you are on the waiting list and will be told by mail when a place frees up."  # noqa: E501
                ),
            )
    return redirect(event)


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel one's own registration; a freed place goes to the next person waiting."""
    registration = permissions.get_own_registration(request.user, pk)
    try:
        services.cancel_registration(registration, cancelled_by=request.user)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect(registration.event)


@login_required
@require_POST
def event_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """Record one's attendance with the code given out at the event."""
    event = permissions.get_event_for_view(request.user, pk)
    form = AttendanceCodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the event's attendance code."))
        return redirect(event)
    try:
        services.record_attendance_by_code(
            event, person=request.user, code=form.cleaned_data["code"]
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Your attendance is recorded."))
    return redirect(event)


@login_required
@require_http_methods(["GET", "POST"])
def event_registrations(request: HttpRequest, pk: int) -> HttpResponse:
    """List who registered and who waits; set the places and the code (the managers)."""
    event = permissions.get_event_for_view(request.user, pk)
    if not permissions.can_manage_registrations(request.user, event):
        raise PermissionDenied
    form = RegistrationSettingsForm(
        request.POST or None,
        initial={
            "takes_registrations": event.takes_registrations,
            "capacity": event.capacity,
            "attendance_code": event.attendance_code,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_registration_settings(
                event,
                changed_by=request.user,
                takes_registrations=form.cleaned_data["takes_registrations"],
                capacity=form.cleaned_data["capacity"],
                attendance_code=form.cleaned_data["attendance_code"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The registration settings are saved."))
            return redirect("events:event-registrations", pk=event.pk)
    registrations = event.registrations.select_related("person").exclude(
        status=Registration.Status.CANCELLED
    )
    return render(
        request,
        "events/event_registrations.html",
        {
            "event": event,
            "form": form,
            "confirmed": [r for r in registrations if r.status == Registration.Status.CONFIRMED],
            "waiting": [r for r in registrations if r.status == Registration.Status.WAITING],
        },
    )


@login_required
@require_POST
def registration_attendance(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    """Record, as the organiser, that a registered person attended or not."""
    event = permissions.get_event_for_view(request.user, pk)
    if not permissions.can_manage_registrations(request.user, event):
        raise PermissionDenied
    registration = event.registrations.filter(pk=registration_pk).first()
    if registration is None:
        raise PermissionDenied
    try:
        services.mark_attendance(
            registration, present=request.POST.get("present") == "1", marked_by=request.user
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The attendance is recorded."))
    return redirect("events:event-registrations", pk=event.pk)


@login_required
def registration_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve one's certificate of attendance as PDF, in the page's language."""
    registration = permissions.get_own_registration(request.user, pk)
    if not permissions.can_download_certificate(request.user, registration):
        raise PermissionDenied
    event = registration.event
    html = render_to_string(
        "events/certificate.html",
        {"registration": registration, "event": event, "person": request.user},
        request=request,
    )
    pdf = html_to_pdf(html, base_url=settings.SITE_URL)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"certificate-{event.pk}-{get_language()[:2]}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a session to the agenda (the managers)."""
    event = permissions.get_event_for_view(request.user, pk)
    if not permissions.can_edit_event(request.user, event):
        raise PermissionDenied
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_session(event, added_by=request.user, record=form.record())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The session is on the agenda."))
            return redirect(event)
    return render(request, "events/session_form.html", {"event": event, "form": form})


@login_required
@require_POST
def session_remove(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    """Take a session off the agenda (the managers)."""
    event = permissions.get_event_for_view(request.user, pk)
    if not permissions.can_edit_event(request.user, event):
        raise PermissionDenied
    session = EventSession.objects.filter(event=event, pk=session_pk).first()
    if session is not None:
        services.remove_session(session, removed_by=request.user)
        messages.success(request, _("The session is removed from the agenda."))
    return redirect(event)


@login_required
@require_http_methods(["GET", "POST"])
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a document to the event (the managers)."""
    event = permissions.get_event_for_view(request.user, pk)
    if not permissions.can_edit_event(request.user, event):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_document(
                event,
                added_by=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document is added."))
            return redirect(event)
    return render(request, "events/document_form.html", {"event": event, "form": form})
