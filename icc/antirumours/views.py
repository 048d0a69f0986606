"""Pages of a city's anti-rumours strategy: the five steps, campaigns, surveys and results."""

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
    Rumour,
    Strategy,
)
from icc.antirumours.services import strategy as services
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


def strategy_of(city: Any) -> Strategy:
    """Return the city's strategy, or answer 404 when it has none."""
    strategy = Strategy.objects.filter(city=city).first()
    if strategy is None:
        raise Http404
    strategy.city = city
    return strategy


@login_required
def strategy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a city's strategy step by step."""
    city = permissions.get_city_for_view(request.user, slug)
    strategy = strategy_of(city)
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
    strategy = strategy_of(city)
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
                request, "antirumours/form.html", form_context(form, strategy), status=409
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The strategy is saved."))
            return redirect(strategy)
    return render(request, "antirumours/form.html", form_context(form, strategy))


def form_context(form: Any, strategy: Strategy, **more: Any) -> dict[str, Any]:
    """Return what the shared form page of a strategy's record needs."""
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
    strategy = strategy_of(city)
    form = form_class(request.POST or None, strategy=strategy, **(form_kwargs or {}))
    return save_or_show(
        request,
        form,
        save=lambda data: save(strategy, form, data),
        done=done,
        success_url=strategy.get_absolute_url(),
        template="antirumours/form.html",
        context=form_context(form, strategy, title=title),
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
