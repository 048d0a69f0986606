"""Pages of the network: home, directory, city profiles, national networks."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from icc.accounts.actors import Actor
from icc.accounts.models import Role, RoleGrant
from icc.accounts.permissions import is_secretariat
from icc.core import background
from icc.core.activity import timeline_entries
from icc.core.forms import save_or_show
from icc.core.front_page import front_page_sections
from icc.core.menus import record_links
from icc.core.models import TaskFailure
from icc.core.page_cache import cache_public_page
from icc.core.pdf import offers_pdf
from icc.network import permissions, selectors, services
from icc.network.forms import (
    CityForm,
    CityProfileForm,
    DirectoryFilterForm,
    ExpertVisitForm,
    FinancialAgreementForm,
    InvoiceForm,
    JoinStepDefinitionForm,
    JoinStepForm,
    NationalNetworkForm,
    PaymentForm,
    StatusChangeForm,
)
from icc.network.models import (
    STATUS_TRANSITIONS,
    City,
    FinancialAgreement,
    Invoice,
    JoinStep,
    JoinStepDefinition,
    NationalNetwork,
)


@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    """Show what the network is, its figures, its cities on a map, and the latest news.

    The other apps add their sections (practices, events, the Index) through
    ``icc.core.front_page``; the page is cached for visitors and rebuilt after any write.
    """
    context = {
        "figures": selectors.network_figures(),
        "member_map": selectors.member_city_map(),
        "sections": front_page_sections(),
    }
    return render(request, "network/home.html", context)


def _directory_form(request: HttpRequest) -> DirectoryFilterForm:
    statuses = list(City.Status.choices)
    if not is_secretariat(request.user):
        statuses = [choice for choice in statuses if choice[0] != City.Status.LEFT]
    countries = sorted(
        set(permissions.get_cities_for_directory(request.user).values_list("country", flat=True))
    )
    return DirectoryFilterForm(
        request.GET or None,
        country_codes=countries,
        networks=list(NationalNetwork.objects.only("name", "slug")),
        statuses=statuses,
    )


@cache_public_page
@offers_pdf
def city_list(request: HttpRequest) -> HttpResponse:
    """List the cities of the network with filters, search by name and pages."""
    form = _directory_form(request)
    cities = permissions.get_cities_for_directory(request.user).in_reader_order()
    if form.is_bound:
        cities = selectors.filter_directory(cities, form)
    page = Paginator(cities, settings.ICC_DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_create": permissions.can_create_city(request.user),
    }
    return render(request, "network/city_list.html", context)


@cache_public_page(query=())
@offers_pdf
def city_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a city's public profile; the secretariat also sees its timeline."""
    city = permissions.get_city_for_view(request.user, slug)
    timeline = None
    if permissions.can_view_city_timeline(request.user, city):
        timeline = timeline_entries(city)
    people = None
    if request.user.is_authenticated:
        people = (
            RoleGrant.objects.active()
            .filter(city=city, role__in=[Role.CITY_COORDINATOR, Role.CITY_EDITOR])
            .select_related("user")
        )
    context = {
        "city": city,
        "timeline": timeline,
        "people": people,
        "can_edit": permissions.can_edit_city(request.user, city),
        "join_steps": selectors.public_join_steps(city),
        "can_view_membership": permissions.can_view_membership(request.user, city),
        "links": record_links(city, request.user),
    }
    return render(request, "network/city_detail.html", context)


def _form_class_for(user: Actor) -> type[CityProfileForm]:
    return CityForm if permissions.can_edit_city_membership(user) else CityProfileForm


@login_required
@require_http_methods(["GET", "POST"])
def city_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit a city: its own coordinator and editors the profile, the secretariat everything."""
    city = permissions.get_city_for_view(request.user, slug)
    if not permissions.can_edit_city(request.user, city):
        raise PermissionDenied
    form_class = _form_class_for(request.user)
    form = form_class(request.POST or None, instance=City.objects.get(pk=city.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_city(city, changed_by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The profile of %(city)s is saved.") % {"city": city})
            return redirect(city)
    return render(request, "network/city_form.html", {"form": form, "city": city})


@login_required
@require_http_methods(["GET", "POST"])
def city_create(request: HttpRequest) -> HttpResponse:
    """Add a city to the network (the secretariat)."""
    if not permissions.can_create_city(request.user):
        raise PermissionDenied
    form = CityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        city = services.create_city(created_by=request.user, **form.cleaned_data)
        messages.success(request, _("%(city)s is added to the network.") % {"city": city})
        return redirect(city)
    return render(request, "network/city_form.html", {"form": form, "city": None})


@cache_public_page(query=())
@offers_pdf
def national_network_list(request: HttpRequest) -> HttpResponse:
    """List the national networks with their number of member cities."""
    context = {
        "networks": selectors.national_networks_with_counts(),
        "can_manage": permissions.can_manage_national_networks(request.user),
    }
    return render(request, "network/nationalnetwork_list.html", context)


@cache_public_page(query=())
@offers_pdf
def national_network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a national network, its coordinators and its cities."""
    network = get_object_or_404(NationalNetwork, slug=slug)
    cities = (
        permissions.get_cities_for_directory(request.user)
        .filter(national_network=network)
        .in_reader_order()
    )
    coordinators = (
        RoleGrant.objects.active()
        .filter(national_network=network, role=Role.NETWORK_COORDINATOR)
        .select_related("user")
    )
    context = {
        "network": network,
        "cities": cities,
        "coordinators": coordinators,
        "can_edit": permissions.can_edit_national_network(request.user, network),
    }
    return render(request, "network/nationalnetwork_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def national_network_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit a national network's record."""
    network = get_object_or_404(NationalNetwork, slug=slug)
    if not permissions.can_edit_national_network(request.user, network):
        raise PermissionDenied
    form = NationalNetworkForm(
        request.POST or None, instance=NationalNetwork.objects.get(pk=network.pk)
    )
    if request.method == "POST" and form.is_valid():
        services.update_national_network(network, changed_by=request.user, data=form.cleaned_data)
        messages.success(request, _("The national network is saved."))
        return redirect(network)
    return render(request, "network/nationalnetwork_form.html", {"form": form, "network": network})


@login_required
@require_http_methods(["GET", "POST"])
def national_network_create(request: HttpRequest) -> HttpResponse:
    """Add a national network (the secretariat)."""
    if not permissions.can_manage_national_networks(request.user):
        raise PermissionDenied
    form = NationalNetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        network = services.create_national_network(created_by=request.user, **form.cleaned_data)
        messages.success(request, _("The national network is added."))
        return redirect(network)
    return render(request, "network/nationalnetwork_form.html", {"form": form, "network": None})


def _membership_city(request: HttpRequest, slug: str) -> City:
    """Return the city whose membership the secretariat manages, or refuse."""
    city = permissions.get_city_for_view(request.user, slug)
    if not permissions.can_manage_membership(request.user):
        raise PermissionDenied
    return city


@login_required
@offers_pdf
def city_membership(request: HttpRequest, slug: str) -> HttpResponse:
    """Show where a city stands: status history, join steps, fees and the expert visit."""
    city = permissions.get_city_for_view(request.user, slug)
    if not permissions.can_view_membership(request.user, city):
        raise PermissionDenied
    can_manage = permissions.can_manage_membership(request.user)
    context = selectors.membership_overview(city, for_secretariat=can_manage) | {
        "city": city,
        "can_manage": can_manage,
        "transitions": STATUS_TRANSITIONS[city.status],
    }
    return render(request, "network/city_membership.html", context)


def _save_or_show(
    request: HttpRequest,
    form: Any,
    city: City,
    title: str,
    save: Callable[[dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """Save a membership form through ``save``, back to the city's membership page."""
    return save_or_show(
        request,
        form,
        save=save,
        done=done,
        success_url=reverse("network:city-membership", kwargs={"slug": city.slug}),
        template="network/membership_form.html",
        context={"city": city, "title": title},
    )


@login_required
@require_http_methods(["GET", "POST"])
def city_status_change(request: HttpRequest, slug: str) -> HttpResponse:
    """Change a city's membership status with its reason and date (the secretariat)."""
    city = _membership_city(request, slug)
    form = StatusChangeForm(request.POST or None, city=city)
    return _save_or_show(
        request,
        form,
        city,
        _("Change the membership status"),
        lambda data: services.change_city_status(city, changed_by=request.user, **data),
        _("The membership status of %(city)s is changed.") % {"city": city},
    )


@login_required
@require_http_methods(["GET", "POST"])
def join_step_edit(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """Record where one join step of a city stands (the secretariat)."""
    city = _membership_city(request, slug)
    definition = next((d for d in city.join_definitions() if d.key == kind), None)
    if (
        definition is None
        or definition.completion == JoinStepDefinition.Completion.MEMBERSHIP_DECISION
    ):
        raise Http404
    step = JoinStep.objects.filter(city=city, kind=kind).first()
    initial = (
        {
            "state": step.state,
            "state_on": step.state_on,
            "notes": step.notes,
            "index_round_id": step.index_round_id,
        }
        if step
        else {}
    )
    form = JoinStepForm(
        request.POST or None,
        request.FILES or None,
        completion=definition.completion,
        initial=initial,
    )
    return _save_or_show(
        request,
        form,
        city,
        definition.name(),
        lambda data: services.update_join_step(city, kind, changed_by=request.user, **data),
        _("The join step is saved."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def financial_agreement_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Record a city's financial agreement (the secretariat)."""
    city = _membership_city(request, slug)
    form = FinancialAgreementForm(request.POST or None)
    return _save_or_show(
        request,
        form,
        city,
        _("Record the financial agreement"),
        lambda data: services.record_financial_agreement(city, recorded_by=request.user, **data),
        _("The financial agreement is recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def invoice_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record an invoice under one of the city's agreements (the secretariat)."""
    city = _membership_city(request, slug)
    agreement = get_object_or_404(FinancialAgreement, pk=pk, city=city)
    form = InvoiceForm(request.POST or None)
    return _save_or_show(
        request,
        form,
        city,
        _("Record an invoice"),
        lambda data: services.record_invoice(agreement, recorded_by=request.user, **data),
        _("The invoice is recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def payment_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Record a payment against one of the city's invoices (the secretariat)."""
    city = _membership_city(request, slug)
    invoice = get_object_or_404(Invoice, pk=pk, agreement__city=city)
    form = PaymentForm(request.POST or None)
    return _save_or_show(
        request,
        form,
        city,
        _("Record a payment for invoice %(number)s") % {"number": invoice.number},
        lambda data: services.record_payment(invoice, recorded_by=request.user, **data),
        _("The payment is recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def expert_visit_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Record the expert visit and its Intercultural Profile report (the secretariat)."""
    city = _membership_city(request, slug)
    form = ExpertVisitForm(request.POST or None, request.FILES or None)
    return _save_or_show(
        request,
        form,
        city,
        _("Record the expert visit"),
        lambda data: services.record_expert_visit(
            city,
            recorded_by=request.user,
            experts=list(data["experts"]),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            profile_report=data["profile_report"],
        ),
        _("The expert visit is recorded."),
    )


@login_required
@offers_pdf
def failed_task_list(request: HttpRequest) -> HttpResponse:
    """List the background tasks that failed after their retries, with their error."""
    if not permissions.can_view_failed_tasks(request.user):
        raise PermissionDenied
    failures = TaskFailure.objects.exclude(state=TaskFailure.State.RESOLVED)
    page = Paginator(failures, 50).get_page(request.GET.get("page"))
    rows = [
        (failure, background.describe_failure(failure), background.error_message(failure))
        for failure in page
    ]
    return render(request, "network/taskfailure_list.html", {"page": page, "rows": rows})


@login_required
@require_http_methods(["POST"])
def failed_task_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a failed task again (the secretariat)."""
    if not permissions.can_view_failed_tasks(request.user):
        raise PermissionDenied
    failure = get_object_or_404(TaskFailure, pk=pk, state=TaskFailure.State.FAILED)
    background.retry_failed_task(failure, retried_by=request.user)
    messages.success(request, _("The task is queued again."))
    return redirect("network:failed-task-list")


@login_required
def join_step_definition_list(request: HttpRequest) -> HttpResponse:
    """List the join steps in the network's current order, and those out of it (secretariat)."""
    if not permissions.can_manage_join_steps(request.user):
        raise PermissionDenied
    definitions = JoinStepDefinition.objects.order_by("-is_in_use", "position", "pk")
    return render(request, "network/joinstepdefinition_list.html", {"definitions": definitions})


@login_required
@require_http_methods(["GET", "POST"])
def join_step_definition_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add a join step, or change its names, place and completion (the secretariat)."""
    if not permissions.can_manage_join_steps(request.user):
        raise PermissionDenied
    definition = get_object_or_404(JoinStepDefinition, pk=pk) if pk is not None else None
    initial: dict[str, Any] = {"position": 100, "is_in_use": True}
    if definition is not None:
        initial = {
            "position": definition.position,
            "completion": definition.completion,
            "is_in_use": definition.is_in_use,
        } | {f"name_{code}": name for code, name in definition.names.items()}
    form = JoinStepDefinitionForm(request.POST or None, initial=initial)
    return save_or_show(
        request,
        form,
        save=lambda data: services.save_join_step_definition(
            definition, saved_by=request.user, **form.service_data()
        ),
        done=_("The join step is saved. Cities already on their way keep their order."),
        success_url=reverse("network:join-step-definition-list"),
        template="network/joinstepdefinition_form.html",
        context={"definition": definition},
    )
