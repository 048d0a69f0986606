"""Record, confirm, change and withdraw the uptakes of a practice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from icc.core.forms import add_service_errors
from icc.core.versions import VersionConflict
from icc.policylab import permissions, selectors
from icc.policylab.forms import DecisionForm, UptakeChangeForm, UptakeForm, WithdrawForm
from icc.policylab.models import Uptake
from icc.policylab.selectors import PracticeFacts
from icc.policylab.services import uptakes
from icc.policylab.views import CHANGED_MEANWHILE


@login_required
def uptake_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Record an uptake of a published practice; the other side or the secretariat confirms."""
    if not permissions.can_record_uptakes(request.user):
        raise PermissionDenied
    practice = selectors.practice_by_slug(slug)
    if practice is None:
        raise Http404
    form = UptakeForm(request.POST or None, request.FILES or None, practice_id=practice.id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            uptake = uptakes.record_uptake(
                practice,
                recorded_by=request.user,
                kind=data["kind"],
                adopted_on=data["adopted_on"],
                adopter_city=data["adopter_city"],
                adopter_stakeholder=data["adopter_stakeholder"],
                strategy=data["strategy"],
                source=data["source"],
                adaptation=data["adaptation"],
                adaptation_language=data["adaptation_language"],
                evidence_url=data["evidence_url"],
                evidence_file=data["evidence_file"],
                elements=data["elements"],
            )
        except PermissionDenied:
            form.add_error(
                None,
                _(
                    "You may record an uptake of your own city's practice, or your own "
                    "city's or country's uptake of another's."
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The uptake is recorded; it waits for confirmation."))
            return redirect(uptake)
    return render(
        request,
        "policylab/uptake_form.html",
        {
            "form": form,
            "practice": practice,
            "practice_link": selectors.practice_title(practice.id),
        },
    )


@login_required
@require_POST
def uptake_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm an uptake, or decline it."""
    uptake = Uptake.objects.filter(pk=pk).first()
    if uptake is None:
        raise Http404
    practice = selectors.practice_by_id(uptake.practice_id)
    if practice is None:
        raise Http404
    if not permissions.can_confirm_uptake(request.user, uptake, origin_city_id=practice.city_id):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to confirm the uptake."))
        return redirect(uptake)
    try:
        uptakes.decide_uptake(
            uptake,
            decided_by=request.user,
            expected_version=form.cleaned_data.get("version"),
            confirm=form.cleaned_data["decision"] == "confirm",
            origin_city_id=practice.city_id,
        )
    except VersionConflict:
        messages.error(request, str(CHANGED_MEANWHILE))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your decision is saved."))
    return redirect(uptake)


def _uptake_to_change(request: HttpRequest, pk: int) -> tuple[Uptake, PracticeFacts]:
    uptake = Uptake.objects.select_related("source").filter(pk=pk).first()
    if uptake is None:
        raise Http404
    practice = selectors.practice_by_id(uptake.practice_id)
    if practice is None:
        raise Http404
    if not permissions.can_change_uptake(request.user, uptake, origin_city_id=practice.city_id):
        raise PermissionDenied
    return uptake, practice


@login_required
def uptake_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an uptake's date, adaptation, evidence or elements (the side that recorded it)."""
    uptake, practice = _uptake_to_change(request, pk)
    form = UptakeChangeForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "adopted_on": uptake.adopted_on,
            "adaptation": uptake.adaptation,
            "adaptation_language": uptake.adaptation_language,
            "evidence_url": uptake.evidence_url,
            "elements": uptake.elements,
            "version": uptake.version,
        },
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            uptakes.change_uptake(
                uptake,
                practice,
                changed_by=request.user,
                expected_version=data.get("version"),
                adopted_on=data["adopted_on"],
                adaptation=data["adaptation"],
                adaptation_language=data["adaptation_language"],
                evidence_url=data["evidence_url"],
                evidence_file=data["evidence_file"],
                elements=data["elements"],
            )
        except VersionConflict:
            form.add_error(None, CHANGED_MEANWHILE)
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The uptake is changed; the other side is told."))
            return redirect(uptake)
    return render(
        request,
        "policylab/uptake_change_form.html",
        {"form": form, "uptake": uptake, "practice_link": selectors.practice_title(practice.id)},
        status=status,
    )


@login_required
def uptake_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw an uptake, saying why: it leaves the journey and stays in the log."""
    uptake, practice = _uptake_to_change(request, pk)
    form = WithdrawForm(request.POST or None, initial={"version": uptake.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            uptakes.withdraw_uptake(
                uptake,
                withdrawn_by=request.user,
                expected_version=form.cleaned_data.get("version"),
                reason=form.cleaned_data["reason"],
                origin_city_id=practice.city_id,
            )
        except VersionConflict:
            form.add_error(None, CHANGED_MEANWHILE)
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The uptake is withdrawn; those concerned are told."))
            return redirect(uptake)
    return render(
        request,
        "policylab/uptake_withdraw.html",
        {"form": form, "uptake": uptake, "practice_link": selectors.practice_title(practice.id)},
        status=status,
    )
