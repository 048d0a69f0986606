"""Labs, their sessions, documents and outcomes, and the follow-up of commitments."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.core.forms import add_service_errors
from icc.core.versions import VersionConflict
from icc.policylab import permissions
from icc.policylab.forms import (
    DocumentForm,
    FollowUpForm,
    LabForm,
    OutcomeForm,
    SessionForm,
)
from icc.policylab.models import (
    Lab,
    LabSession,
    Outcome,
)
from icc.policylab.services import labs
from icc.policylab.views import CHANGED_MEANWHILE

# Labs -----------------------------------------------------------------------------------


def _require_lab_manager(request: HttpRequest) -> None:
    if not permissions.can_manage_labs(request.user):
        raise PermissionDenied


def _lab_form(request: HttpRequest, lab: Lab | None) -> HttpResponse:
    initial: dict[str, Any] = {}
    if lab is not None:
        initial = {
            "title_en": lab.title_en,
            "title_fr": lab.title_fr,
            "theme_en": lab.theme_en,
            "theme_fr": lab.theme_fr,
            "place": lab.place,
            "stakeholders": lab.stakeholders.all(),
            "is_published": lab.is_published,
            "version": lab.version,
        }
    form = LabForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("stakeholders")
        try:
            if lab is None:
                lab = labs.create_lab(created_by=request.user, record=data, stakeholders=chosen)
            else:
                labs.update_lab(
                    lab,
                    changed_by=request.user,
                    expected_version=data.pop("version", None),
                    record=data,
                    stakeholders=chosen,
                )
        except VersionConflict:
            form.add_error(None, CHANGED_MEANWHILE)
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The lab is saved."))
            return redirect(lab)
    return render(request, "policylab/lab_form.html", {"form": form, "lab": lab}, status=status)


@login_required
def lab_create(request: HttpRequest) -> HttpResponse:
    """Create a lab (the secretariat)."""
    _require_lab_manager(request)
    return _lab_form(request, None)


@login_required
def lab_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Change a lab (the secretariat)."""
    _require_lab_manager(request)
    return _lab_form(request, permissions.get_lab_for_view(request.user, slug))


@login_required
def session_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a session to a lab."""
    _require_lab_manager(request)
    lab = permissions.get_lab_for_view(request.user, slug)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            labs.add_session(lab, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The session is saved."))
            return redirect(lab)
    return render(request, "policylab/session_form.html", {"form": form, "lab": lab})


def _session(request: HttpRequest, pk: int) -> LabSession:
    _require_lab_manager(request)
    session = LabSession.objects.select_related("lab").filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


@login_required
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a document to a session."""
    session = _session(request, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        labs.add_document(session, added_by=request.user, **form.cleaned_data)
        messages.success(request, _("The document is saved."))
        return redirect(session.lab)
    return render(request, "policylab/document_form.html", {"form": form, "session": session})


@login_required
def outcome_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a recommendation or a commitment of a session."""
    session = _session(request, pk)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            labs.add_outcome(session, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The outcome is saved."))
            return redirect(session.lab)
    return render(request, "policylab/outcome_form.html", {"form": form, "session": session})


@login_required
def outcome_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a commitment up: open, done or dropped, with what was done."""
    outcome = Outcome.objects.select_related("session__lab", "owner").filter(pk=pk).first()
    if outcome is None:
        raise Http404
    if not permissions.can_follow_up_outcome(request.user, outcome):
        raise PermissionDenied
    form = FollowUpForm(
        request.POST or None,
        initial={
            "status": outcome.status,
            "follow_up": outcome.follow_up,
            "follow_up_language": outcome.follow_up_language,
            "version": outcome.version,
        },
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            labs.follow_up_outcome(
                outcome,
                followed_up_by=request.user,
                expected_version=form.cleaned_data.get("version"),
                status=form.cleaned_data["status"],
                follow_up=form.cleaned_data["follow_up"],
                follow_up_language=form.cleaned_data["follow_up_language"],
                on=timezone.localdate(),
            )
        except VersionConflict:
            form.add_error(None, CHANGED_MEANWHILE)
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up is saved."))
            return redirect(outcome.session.lab)
    return render(
        request, "policylab/follow_up_form.html", {"form": form, "outcome": outcome}, status=status
    )
