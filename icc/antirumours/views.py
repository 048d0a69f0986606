"""Pages of a city's anti-rumours strategy: the five steps, campaigns, surveys and results."""

from io import BytesIO
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from icc.antirumours import forms, permissions, selectors
from icc.antirumours.models import (
    Agent,
    Campaign,
    Item,
    Rumour,
    Strategy,
    Survey,
    Wave,
)
from icc.antirumours.services import strategy as services
from icc.antirumours.services import surveys as survey_services
from icc.core.exports import CsvWriter, xlsx_row
from icc.core.forms import add_service_errors, save_or_show
from icc.core.pdf import html_to_pdf
from icc.core.versions import VersionConflict


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """List the strategies the person may read, and the catalogue."""
    permissions.require(permissions.can_read_catalogue(request.user))
    return render(
        request,
        "antirumours/home.html",
        {
            "strategies": permissions.readable_strategies(request.user),
            "to_start": permissions.cities_to_start(request.user),
        },
    )


def _strategy(city: Any) -> Strategy:
    strategy = Strategy.objects.filter(city=city).first()
    if strategy is None:
        raise Http404
    strategy.city = city
    return strategy


@login_required
def strategy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a city's strategy step by step."""
    city = permissions.get_city_for_view(request.user, slug)
    strategy = _strategy(city)
    return render(
        request,
        "antirumours/strategy.html",
        {
            "strategy": strategy,
            "city": city,
            "can_edit": permissions.can_edit_strategy(request.user, city),
            "personal": permissions.can_see_personal_data(request.user, city),
            "districts": list(strategy.districts.all()),
            "rumours": selectors.diagnosis_rumours(strategy),
            "organisations": strategy.organisations.select_related("district"),
            "modules": strategy.modules.all(),
            "agents": selectors.agents_of(strategy),
            "sessions": strategy.sessions.select_related("module").prefetch_related("attendees"),
            "campaigns": strategy.campaigns.select_related("district"),
            "surveys": strategy.surveys.prefetch_related("waves"),
        },
    )


@login_required
@require_POST
def strategy_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Open the city's strategy."""
    city = permissions.get_city_for_edit(request.user, slug)
    strategy = services.start_strategy(city, by=request.user)
    messages.success(request, _("The strategy is open: describe it and its districts."))
    return redirect("antirumours:strategy-edit", slug=strategy.city.slug)


@login_required
@require_http_methods(["GET", "POST"])
def strategy_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Change the strategy's origin, steps and districts."""
    city = permissions.get_city_for_edit(request.user, slug)
    strategy = _strategy(city)
    initial = {
        "version": strategy.version,
        "districts": "\n".join(d.name for d in strategy.districts.all()),
    }
    form = forms.StrategyForm(request.POST or None, instance=strategy, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        districts = data.pop("districts").splitlines()
        try:
            services.update_strategy(
                Strategy.objects.get(pk=strategy.pk),
                by=request.user,
                expected_version=version,
                districts=districts,
                **data,
            )
        except VersionConflict:
            form.add_error(None, _("Someone changed this strategy meanwhile; reload the page."))
            return render(
                request, "antirumours/form.html", _form_context(form, strategy), status=409
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The strategy is saved."))
            return redirect(strategy)
    return render(request, "antirumours/form.html", _form_context(form, strategy))


def _form_context(form: Any, strategy: Strategy, **more: Any) -> dict[str, Any]:
    return {
        "form": form,
        "strategy": strategy,
        "title": more.pop("title", _("The anti-rumours strategy")),
        "back": more.pop("back", strategy.get_absolute_url()),
        **more,
    }


def _add_page(
    request: HttpRequest,
    slug: str,
    form_class: type,
    save: Any,
    *,
    title: str,
    done: str,
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    city = permissions.get_city_for_edit(request.user, slug)
    strategy = _strategy(city)
    form = form_class(request.POST or None, strategy=strategy, **(form_kwargs or {}))
    return save_or_show(
        request,
        form,
        save=lambda data: save(strategy, form, data),
        done=done,
        success_url=strategy.get_absolute_url(),
        template="antirumours/form.html",
        context=_form_context(form, strategy, title=title),
    )


@login_required
@require_http_methods(["GET", "POST"])
def city_rumour_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 1: record a rumour heard in the city, adapting a catalogue entry or not."""
    rumour_id = request.GET.get("rumour") or request.POST.get("rumour")
    rumour = (
        Rumour.objects.filter(pk=rumour_id, status=Rumour.Status.PUBLISHED).first()
        if rumour_id and str(rumour_id).isdigit()
        else None
    )

    def save(strategy: Strategy, form: Any, data: dict[str, Any]) -> Any:
        record = form.save(commit=False)
        return services.add_city_rumour(
            strategy, record, by=request.user, counters=data.get("counters") or []
        )

    return _add_page(
        request,
        slug,
        forms.CityRumourForm,
        save,
        title=_("A rumour heard in the city"),
        done=_("The rumour is recorded."),
        form_kwargs={"rumour": rumour, "initial": {"rumour": rumour, "local_wording": rumour}}
        if rumour
        else {},
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 3: add an organisation to the city's network."""
    return _add_page(
        request,
        slug,
        forms.OrganisationForm,
        lambda s, f, d: services.add_organisation(s, f.save(commit=False), by=request.user),
        title=_("An organisation of the anti-rumours network"),
        done=_("The organisation is added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def module_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 4: add a module to the city's training course."""
    return _add_page(
        request,
        slug,
        forms.ModuleForm,
        lambda s, f, d: services.add_module(s, f.save(commit=False), by=request.user),
        title=_("A module of the training course"),
        done=_("The module is added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agent_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 4: add an agent."""
    return _add_page(
        request,
        slug,
        forms.AgentForm,
        lambda s, f, d: services.add_agent(s, f.save(commit=False), by=request.user),
        title=_("An anti-rumour agent"),
        done=_("The agent is added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 4: record a training session and who attended."""
    return _add_page(
        request,
        slug,
        forms.SessionForm,
        lambda s, f, d: services.add_session(
            s, f.save(commit=False), by=request.user, attendees=d["attendees"]
        ),
        title=_("A training session"),
        done=_("The session is recorded."),
    )


@login_required
def certificate(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Serve an agent's certificate of attendance as PDF (the city's people, the secretariat)."""
    city = permissions.get_city_for_view(request.user, slug)
    if not permissions.can_see_personal_data(request.user, city):
        raise PermissionDenied
    agent = Agent.objects.filter(pk=pk, strategy__city=city, is_erased=False).first()
    if agent is None:
        raise Http404
    sessions = list(agent.sessions.select_related("module"))
    if not sessions:
        raise Http404
    html = render_to_string(
        "antirumours/certificate.html",
        {
            "agent": agent,
            "city": city,
            "sessions": sessions,
            "hours": sum(s.module.hours for s in sessions),
        },
        request=request,
    )
    response = HttpResponse(
        html_to_pdf(html, base_url=settings.SITE_URL), content_type="application/pdf"
    )
    name = f"certificate-{city.slug}-{agent.pk}-{get_language()[:2]}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def campaign_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 5: add a campaign."""
    return _add_page(
        request,
        slug,
        forms.CampaignForm,
        lambda s, f, d: services.add_campaign(
            s,
            f.save(commit=False),
            by=request.user,
            partners=d["partners"],
            counters=d["counters"],
            agents=d["agents"],
        ),
        title=_("A campaign or activity"),
        done=_("The campaign is added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a campaign; its city records its reach, evaluation and materials here."""
    campaign: Campaign = permissions.get_record_for_view(request.user, Campaign, pk)  # type: ignore[assignment]
    can_edit = permissions.can_edit_record(request.user, campaign)
    evaluation = forms.EvaluationForm(
        initial={
            "version": campaign.version,
            "audience_reached": campaign.audience_reached,
            "evaluation": campaign.evaluation,
        }
    )
    material = forms.MaterialForm()
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if "file" in request.FILES or request.POST.get("part") == "material":
            material = forms.MaterialForm(request.POST, request.FILES)
            if material.is_valid():
                services.add_material(
                    campaign,
                    by=request.user,
                    title=material.cleaned_data["title"],
                    upload=material.cleaned_data["file"],
                )
                messages.success(request, _("The material is added."))
                return redirect(campaign)
        else:
            evaluation = forms.EvaluationForm(request.POST)
            if evaluation.is_valid():
                data = dict(evaluation.cleaned_data)
                try:
                    services.update_campaign(
                        campaign,
                        by=request.user,
                        expected_version=data.pop("version"),
                        **data,
                    )
                except VersionConflict:
                    evaluation.add_error(
                        None, _("Someone changed this campaign meanwhile; reload the page.")
                    )
                    status = 409
                except ValidationError as error:
                    add_service_errors(evaluation, error)
                else:
                    messages.success(request, _("The evaluation is saved."))
                    return redirect(campaign)
    return render(
        request,
        "antirumours/campaign.html",
        {
            "campaign": campaign,
            "city": campaign.strategy.city,
            "can_edit": can_edit,
            "evaluation_form": evaluation,
            "material_form": material,
            "partners": campaign.partners.all(),
            "agents": campaign.agents.all()
            if permissions.can_see_personal_data(request.user, campaign.strategy.city)
            else [],
            "counters": campaign.counters.select_related("rumour"),
            "materials": campaign.materials.all(),
            "waves": campaign.waves.select_related("survey"),
        },
        status=status,
    )


# Surveys ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def survey_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Create a perception survey instrument."""
    city = permissions.get_city_for_edit(request.user, slug)
    strategy = _strategy(city)
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
        _form_context(form, strategy, title=_("A perception survey")),
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
        _form_context(
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
        _form_context(
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
        _form_context(
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
        _form_context(
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
        _form_context(
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
