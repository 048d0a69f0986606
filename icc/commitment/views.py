"""Pages of political commitment: a city's leaders and acts, health, re-engagement, dashboard."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from icc.commitment import dashboard, permissions, selectors, services
from icc.commitment.forms import (
    ElectionForm,
    InstrumentForm,
    OfficeTermCorrectionForm,
    OfficeTermForm,
    ReengagementTaskForm,
)
from icc.commitment.models import OfficeTerm, ReengagementTask
from icc.core.dashboard_sections import dashboard_sections
from icc.core.downloads import file_response
from icc.core.exports import CsvWriter
from icc.core.forms import save_or_show
from icc.core.pdf import offers_pdf
from icc.network.models import City
from icc.network.permissions import get_city_for_view


def _city_to_edit(request: HttpRequest, slug: str) -> City:
    city = get_city_for_view(request.user, slug)
    if not permissions.can_edit_commitment(request.user, city):
        raise PermissionDenied
    return city


@login_required
@offers_pdf
def city_commitment(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a city's office-holders, elections, instruments, health and re-engagement tasks."""
    city = get_city_for_view(request.user, slug)
    if not permissions.can_view_commitment(request.user, city):
        raise PermissionDenied
    context = selectors.commitment_overview(city, today=timezone.localdate()) | {
        "city": city,
        "can_edit": permissions.can_edit_commitment(request.user, city),
        "can_manage_tasks": permissions.can_manage_reengagement(request.user),
    }
    return render(request, "commitment/city_commitment.html", context)


def _save_or_show(
    request: HttpRequest,
    form: Any,
    city: City,
    title: str,
    save: Callable[[dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """Save a commitment form through ``save``, back to the city's commitment page."""
    return save_or_show(
        request,
        form,
        save=save,
        done=done,
        success_url=reverse("commitment:city-commitment", kwargs={"slug": city.slug}),
        template="commitment/commitment_form.html",
        context={"city": city, "title": title},
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_term_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Record who holds one of the city's offices."""
    city = _city_to_edit(request, slug)
    form = OfficeTermForm(request.POST or None)
    return _save_or_show(
        request,
        form,
        city,
        _("Record an office-holder"),
        lambda data: services.record_office_term(city, recorded_by=request.user, **data),
        _("The office-holder is recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_term_correct(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Correct the holder, start or end recorded for one of the city's terms of office."""
    city = _city_to_edit(request, slug)
    term = get_object_or_404(OfficeTerm.objects.select_related("office"), pk=pk, office__city=city)
    initial = {
        "holder_name": term.holder_name,
        "holder_email": term.holder_email,
        "starts_on": term.starts_on,
        "ends_on": term.ends_on,
    }
    form = OfficeTermCorrectionForm(request.POST or None, initial=initial)
    return _save_or_show(
        request,
        form,
        city,
        _("Correct the term of %(holder)s as %(office)s")
        % {"holder": term.holder_name, "office": term.office.get_kind_display()},
        lambda data: services.correct_office_term(term, corrected_by=request.user, **data),
        _("The term of office is corrected."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Add an election to the city's calendar."""
    city = _city_to_edit(request, slug)
    form = ElectionForm(request.POST or None)
    return _save_or_show(
        request,
        form,
        city,
        _("Add an election"),
        lambda data: services.record_election(city, recorded_by=request.user, **data),
        _("The election is in the calendar."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def instrument_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a commitment instrument of the city."""
    city = _city_to_edit(request, slug)
    form = InstrumentForm(request.POST or None, request.FILES or None, city=city)
    return _save_or_show(
        request,
        form,
        city,
        _("Record a commitment instrument"),
        lambda data: services.record_instrument(city, recorded_by=request.user, **data),
        _("The commitment instrument is recorded."),
    )


@login_required
@offers_pdf
def network_health(request: HttpRequest) -> HttpResponse:
    """List the cities whose commitment needs attention, the most urgent first."""
    if not permissions.can_view_dashboard(request.user):
        raise PermissionDenied
    rows = selectors.network_health(today=timezone.localdate())
    return render(request, "commitment/network_health.html", {"rows": rows})


@login_required
@offers_pdf
def task_list(request: HttpRequest) -> HttpResponse:
    """List the open re-engagement tasks, overdue first."""
    if not permissions.can_manage_reengagement(request.user):
        raise PermissionDenied
    tasks = ReengagementTask.objects.open().select_related("city", "assignee")
    return render(request, "commitment/task_list.html", {"tasks": tasks})


@login_required
@require_http_methods(["GET", "POST"])
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a re-engagement task and let the secretariat tick its checklist or close it."""
    if not permissions.can_manage_reengagement(request.user):
        raise PermissionDenied
    task = get_object_or_404(ReengagementTask.objects.select_related("city"), pk=pk)
    form = ReengagementTaskForm(request.POST or None, instance=ReengagementTask.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        data["close"] = form.cleaned_data["close"]
        services.update_reengagement_task(task, changed_by=request.user, data=data)
        messages.success(request, _("The task is saved."))
        return redirect(task)
    return render(request, "commitment/task_detail.html", {"task": task, "form": form})


@login_required
def task_briefing_pack(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Send the task's briefing pack (PDF) to the secretariat."""
    if not permissions.can_manage_reengagement(request.user):
        raise PermissionDenied
    task = get_object_or_404(ReengagementTask, pk=pk)
    if not task.briefing_pack:
        raise Http404
    return file_response(task.briefing_pack, content_type="application/pdf")


@login_required
@offers_pdf
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """Show the secretariat's dashboard: growth, members, steps, risks, tasks, fees."""
    if not permissions.can_view_dashboard(request.user):
        raise PermissionDenied
    sections = dashboard.rendered_sections(today=timezone.localdate())
    # Other apps' sections (core.dashboard_sections), drawn fresh: they are few rows.
    context = {"sections": sections, "app_sections": dashboard_sections()}
    return render(request, "commitment/dashboard.html", context)


@login_required
@never_cache
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    """Export the dashboard's city rows as CSV."""
    if not permissions.can_view_dashboard(request.user):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="icc-dashboard.csv"'
    writer = CsvWriter(response)
    for row in dashboard.city_rows(today=timezone.localdate()):
        writer.writerow(row)
    return response
