"""The lab's workspace, its stakeholders and their contact people."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from icc.core.forms import add_service_errors
from icc.core.versions import VersionConflict
from icc.policylab import permissions, search, selectors
from icc.policylab.forms import (
    ContactForm,
    MergeForm,
    StakeholderForm,
)
from icc.policylab.models import (
    ContactPerson,
    Lab,
    Level,
    NationalStrategy,
    Outcome,
    Stakeholder,
    Uptake,
)
from icc.policylab.services import stakeholders
from icc.policylab.views import CHANGED_MEANWHILE

# Workspace ------------------------------------------------------------------------------


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """List what waits for the person, the labs, the strategies and the lab's tools."""
    permissions.require_lab_user(request.user)
    waiting = []
    for uptake in Uptake.objects.filter(status=Uptake.Status.PROPOSED).select_related(
        "adopter_city", "adopter_stakeholder", "strategy"
    )[:200]:
        practice = selectors.practice_by_id(uptake.practice_id)
        if practice and permissions.can_confirm_uptake(
            request.user, uptake, origin_city_id=practice.city_id
        ):
            waiting.append(uptake)
    open_commitments = Outcome.objects.filter(
        kind=Outcome.Kind.COMMITMENT, status=Outcome.Status.OPEN
    ).select_related("owner", "session__lab")
    return render(
        request,
        "policylab/workspace.html",
        {
            "waiting": waiting,
            "own_practices": selectors.practices_of_cities_refs(
                permissions.acting_city_ids(request.user)
            ),
            "journeys": selectors.travelled_practices(),
            "labs": Lab.objects.all(),
            "strategies": NationalStrategy.objects.all(),
            "open_commitments": open_commitments,
            "can_manage_labs": permissions.can_manage_labs(request.user),
            "can_add_stakeholder": permissions.can_add_stakeholder(request.user),
            "can_add_strategy": permissions.can_add_strategy(request.user),
        },
    )


@login_required
def stakeholder_list(request: HttpRequest) -> HttpResponse:
    """List the active stakeholders by level, searched by their words and filtered by level."""
    permissions.require_lab_user(request.user)
    query = request.GET.get("q", "").strip()[:100]
    level = request.GET.get("level", "")
    rows = search.search_stakeholders(Stakeholder.objects.active(), query)
    if level in Level.values:
        rows = rows.filter(level=level)
    return render(
        request,
        "policylab/stakeholder_list.html",
        {
            "groups": selectors.stakeholders_by_level(rows),
            "is_capped": search.is_capped(rows, query),
            "query": query,
            "level": level,
            "levels": Level.choices,
            "can_add": permissions.can_add_stakeholder(request.user),
        },
    )


@login_required
def stakeholder_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a stakeholder; its contact people only to those who may see them."""
    stakeholder = permissions.get_stakeholder_for_view(request.user, pk)
    may_see_contacts = permissions.can_view_contacts(request.user, stakeholder)
    return render(
        request,
        "policylab/stakeholder_detail.html",
        {
            "stakeholder": stakeholder,
            "contacts": stakeholder.contacts.all() if may_see_contacts else None,
            "can_edit": permissions.can_edit_stakeholder(request.user, stakeholder)
            and not stakeholder.is_merged,
            "labs": stakeholder.labs.all(),
            "commitments": stakeholder.commitments.select_related("session__lab"),
        },
    )


def _stakeholder_form(request: HttpRequest, stakeholder: Stakeholder | None) -> HttpResponse:
    initial: dict[str, Any] = {}
    if stakeholder is not None:
        initial = {
            "name": stakeholder.name,
            "level": stakeholder.level,
            "kind": stakeholder.kind,
            "country": stakeholder.country,
            "region": stakeholder.region,
            "cities": stakeholder.cities.all(),
            "national_networks": stakeholder.national_networks.all(),
            "version": stakeholder.version,
        }
    form = StakeholderForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if stakeholder is None:
                stakeholder = stakeholders.create_stakeholder(
                    created_by=request.user,
                    record=form.record(),
                    cities=data["cities"],
                    national_networks=data["national_networks"],
                )
            else:
                stakeholders.update_stakeholder(
                    stakeholder,
                    changed_by=request.user,
                    expected_version=data.get("version"),
                    record=form.record(),
                    cities=data["cities"],
                    national_networks=data["national_networks"],
                )
        except VersionConflict:
            form.add_error(None, CHANGED_MEANWHILE)
            status = 409
        except PermissionDenied:
            form.add_error(
                "country", _("You may only record bodies of the country you coordinate.")
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The stakeholder is saved."))
            return redirect(stakeholder)
    return render(
        request,
        "policylab/stakeholder_form.html",
        {"form": form, "stakeholder": stakeholder},
        status=status,
    )


@login_required
def stakeholder_create(request: HttpRequest) -> HttpResponse:
    """Add a stakeholder (the secretariat, national coordinators for their country)."""
    if not permissions.can_add_stakeholder(request.user):
        raise PermissionDenied
    return _stakeholder_form(request, None)


@login_required
def stakeholder_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a stakeholder."""
    return _stakeholder_form(request, permissions.get_stakeholder_for_edit(request.user, pk))


@login_required
def stakeholder_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge a duplicate stakeholder into the one to keep."""
    duplicate = permissions.get_stakeholder_for_view(request.user, pk)
    if not permissions.can_edit_stakeholder(request.user, duplicate):
        raise PermissionDenied
    form = MergeForm(request.POST or None, duplicate=duplicate)
    if request.method == "POST" and form.is_valid():
        try:
            kept = stakeholders.merge_stakeholders(
                duplicate, into=form.cleaned_data["into"], merged_by=request.user
            )
        except PermissionDenied:
            form.add_error("into", _("You may not change that stakeholder."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The stakeholders are merged."))
            return redirect(kept)
    return render(
        request, "policylab/stakeholder_merge.html", {"form": form, "stakeholder": duplicate}
    )


@login_required
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a contact person to a stakeholder."""
    stakeholder = permissions.get_stakeholder_for_edit(request.user, pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            stakeholders.add_contact(stakeholder, added_by=request.user, record=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The contact person is saved."))
            return redirect(stakeholder)
    return render(
        request, "policylab/contact_form.html", {"form": form, "stakeholder": stakeholder}
    )


@login_required
@require_POST
def contact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a contact person (personal data): those who may see the contacts may remove them."""
    contact = ContactPerson.objects.select_related("stakeholder").filter(pk=pk).first()
    if contact is None:
        raise Http404
    stakeholder = permissions.get_stakeholder_for_edit(request.user, contact.stakeholder_id)
    stakeholders.remove_contact(contact, removed_by=request.user)
    messages.success(request, _("The contact person is removed."))
    return redirect(stakeholder)
