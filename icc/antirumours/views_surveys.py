"""The survey pages of a city's strategy: items, waves, answers on paper or by file, results
and their exports."""

from io import BytesIO
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from icc.antirumours import forms, permissions, selectors
from icc.antirumours.models import (
    Item,
    Survey,
    Wave,
)
from icc.antirumours.services import surveys as survey_services
from icc.antirumours.views import form_context, strategy_of
from icc.core.exports import CsvWriter, xlsx_row
from icc.core.forms import add_service_errors
from icc.core.versions import VersionConflict

# Surveys ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def survey_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Create a perception survey instrument."""
    city = permissions.get_city_for_edit(request.user, slug)
    strategy = strategy_of(city)
    form = forms.SurveyForm(request.POST or None, strategy=strategy)
    if request.method == "POST" and form.is_valid():
        try:
            survey = survey_services.create_survey(strategy, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The survey is created: open its first wave."))
            return redirect(survey)
    return render(
        request,
        "antirumours/form.html",
        form_context(form, strategy, title=_("A perception survey")),
    )


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a survey's items and waves, and link the comparison of two waves."""
    survey: Survey = permissions.get_record_for_view(request.user, Survey, pk)  # type: ignore[assignment]
    waves = list(survey.waves.all())
    return render(
        request,
        "antirumours/survey.html",
        {
            "survey": survey,
            "city": survey.strategy.city,
            "items": survey.items.select_related("rumour"),
            "waves": [(w, w.answers.count()) for w in waves],
            "can_edit": permissions.can_edit_record(request.user, survey),
            "items_fixed": survey_services.has_answers(survey),
            "can_compare": len(waves) >= 2,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an item to a survey that has no answer yet."""
    survey: Survey = permissions.get_record_for_view(request.user, Survey, pk)  # type: ignore[assignment]
    permissions.require(permissions.can_edit_record(request.user, survey))
    form = forms.ItemForm(request.POST or None)
    del form.fields["version"]
    if request.method == "POST" and form.is_valid():
        try:
            survey_services.add_item(survey, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The item is added."))
            return redirect(survey)
    return render(
        request,
        "antirumours/form.html",
        form_context(
            form,
            survey.strategy,
            title=_("A survey item"),
            back=survey.get_absolute_url(),
            subtitle=str(survey),
        ),
    )


def _item_for_edit(request: HttpRequest, pk: int) -> Item:
    item = Item.objects.select_related("survey__strategy__city").filter(pk=pk).first()
    if item is None:
        raise Http404
    permissions.get_record_for_view(request.user, Survey, item.survey_id)
    permissions.require(permissions.can_edit_record(request.user, item.survey))
    return item


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change one survey item, with a version check, until the survey has answers."""
    item = _item_for_edit(request, pk)
    survey = item.survey
    form = forms.ItemForm(request.POST or None, instance=item)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            survey_services.update_item(item, by=request.user, expected_version=version, **data)
        except VersionConflict:
            form.add_error(None, _("Someone changed this item meanwhile; reload the page."))
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The item is saved."))
            return redirect(survey)
    return render(
        request,
        "antirumours/form.html",
        form_context(
            form,
            survey.strategy,
            title=_("A survey item"),
            back=survey.get_absolute_url(),
            subtitle=str(survey),
        ),
        status=status,
    )


@login_required
@require_POST
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove one survey item until the survey has answers."""
    item = _item_for_edit(request, pk)
    survey = item.survey
    try:
        survey_services.remove_item(item, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The item is removed."))
    return redirect(survey)


@login_required
@require_http_methods(["GET", "POST"])
def wave_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a wave of a survey, with its design and answer links."""
    survey: Survey = permissions.get_record_for_view(request.user, Survey, pk)  # type: ignore[assignment]
    permissions.require(permissions.can_edit_record(request.user, survey))
    form = forms.WaveForm(request.POST or None, strategy=survey.strategy)
    if request.method == "POST" and form.is_valid():
        try:
            wave = survey_services.create_wave(survey, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The wave is open."))
            return redirect(wave)
    return render(
        request,
        "antirumours/form.html",
        form_context(
            form, survey.strategy, title=_("A survey wave"), back=survey.get_absolute_url()
        ),
    )


@login_required
def wave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a wave's design against the answers achieved, and its answer links."""
    wave: Wave = permissions.get_record_for_view(request.user, Wave, pk)  # type: ignore[assignment]
    can_edit = permissions.can_edit_record(request.user, wave)
    return render(
        request,
        "antirumours/wave.html",
        {
            "wave": wave,
            "survey": wave.survey,
            "city": wave.survey.strategy.city,
            "cells": selectors.design_of(wave),
            "answers": wave.answers.count(),
            "links": wave.tokens.filter(used_at__isnull=True)[:50] if can_edit else [],
            "used_links": wave.tokens.filter(used_at__isnull=False).count(),
            "can_edit": can_edit,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def paper_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """Type in an answer given on paper."""
    wave: Wave = permissions.get_record_for_view(request.user, Wave, pk)  # type: ignore[assignment]
    permissions.require(permissions.can_edit_record(request.user, wave))
    form = forms.answer_form(wave, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_services.enter_paper_answer(wave, by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The answer is saved; enter the next one."))
            return redirect("antirumours:paper-entry", pk=wave.pk)
    return render(
        request,
        "antirumours/form.html",
        form_context(
            form,
            wave.survey.strategy,
            title=_("Enter a paper answer"),
            back=wave.get_absolute_url(),
            subtitle=str(wave),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def answers_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Import a CSV of answers, all or nothing, with the list of problems."""
    wave: Wave = permissions.get_record_for_view(request.user, Wave, pk)  # type: ignore[assignment]
    permissions.require(permissions.can_edit_record(request.user, wave))
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = survey_services.import_answers(
                wave, by=request.user, content=upload.read(5_000_001)
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            status = 400
        else:
            messages.success(request, _("%(count)s answers imported.") % {"count": count})
            return redirect(wave)
    codes = ", ".join(item.code for item in wave.survey.items.all())
    return render(
        request,
        "antirumours/form.html",
        form_context(
            form,
            wave.survey.strategy,
            title=_("Import answers from a CSV file"),
            back=wave.get_absolute_url(),
            subtitle=_("Item codes: %(codes)s") % {"codes": codes},
            multipart=True,
        ),
        status=status,
    )


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """Compare two waves item by item: the tests, the sample sizes and what may be said."""
    survey: Survey = permissions.get_record_for_view(request.user, Survey, pk)  # type: ignore[assignment]
    waves = list(survey.waves.all())
    if len(waves) < 2:
        raise Http404
    by_pk = {str(w.pk): w for w in waves}
    before = by_pk.get(request.GET.get("before", ""), waves[-2])
    after = by_pk.get(request.GET.get("after", ""), waves[-1])
    rows = selectors.compare_waves(survey, before, after) if before != after else []
    export = request.GET.get("format")
    if rows and export in ("csv", "xlsx"):
        header, table = selectors.results_table(rows)
        name = f"survey-{survey.pk}-waves-{before.pk}-{after.pk}"
        if export == "csv":
            return _csv(name, header, table)
        return _xlsx(name, header, table)
    return render(
        request,
        "antirumours/results.html",
        {
            "survey": survey,
            "city": survey.strategy.city,
            "waves": waves,
            "before": before,
            "after": after,
            "rows": rows,
        },
    )


def _csv(name: str, header: list[str], rows: list[list[Any]]) -> HttpResponse:
    """Answer a CSV file whose text cells cannot run as formulas (``core.exports``)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    writer = CsvWriter(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def _xlsx(name: str, header: list[str], rows: list[list[Any]]) -> HttpResponse:
    """Answer an Excel workbook whose text cells cannot run as formulas (``core.exports``)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Results")[:31])
    sheet.append(xlsx_row(sheet, header))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    content = BytesIO()
    workbook.save(content)
    response = HttpResponse(
        content.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
