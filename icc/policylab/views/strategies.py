"""National strategies and their map against the model framework."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from icc.core.forms import add_service_errors
from icc.core.pdf import offers_pdf
from icc.core.versions import VersionConflict
from icc.policylab import framework, permissions, selectors
from icc.policylab.forms import (
    MappingForm,
    StrategyForm,
)
from icc.policylab.services import strategies
from icc.policylab.views import CHANGED_MEANWHILE

# Strategies -----------------------------------------------------------------------------


@login_required
def strategy_create(request: HttpRequest) -> HttpResponse:
    """Add a national strategy (the secretariat, national coordinators for their country)."""
    if not permissions.can_add_strategy(request.user):
        raise PermissionDenied
    form = StrategyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            strategy = strategies.create_strategy(created_by=request.user, record=form.cleaned_data)
        except PermissionDenied:
            form.add_error(
                "country", _("You may only add the strategy of the country you coordinate.")
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The strategy is saved."))
            return redirect("policylab:strategy-map", slug=strategy.slug)
    return render(request, "policylab/strategy_form.html", {"form": form})


@login_required
@offers_pdf
def strategy_map(request: HttpRequest, slug: str) -> HttpResponse:
    """Show the strategy against the model framework: coverage, backing practices, gaps."""
    strategy = permissions.get_strategy_for_map(request.user, slug)
    may_map = permissions.can_map_strategy(request.user, strategy)
    current = dict(strategy.mappings.values_list("element", "coverage"))
    form = None
    status = 200
    if may_map:
        form = MappingForm(
            request.POST or None, current=current, initial={"version": strategy.version}
        )
        if request.method == "POST" and form.is_valid():
            try:
                strategies.map_strategy(
                    strategy,
                    mapped_by=request.user,
                    expected_version=form.cleaned_data.get("version"),
                    coverage=form.coverage(),
                )
            except VersionConflict:
                form.add_error(None, CHANGED_MEANWHILE)
                status = 409
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The mapping is saved."))
                return redirect("policylab:strategy-map", slug=strategy.slug)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "policylab/strategy_map.html",
        {
            "strategy": strategy,
            "groups": selectors.strategy_map(strategy),
            "form": form,
            "framework_title": framework.title(),
        },
        status=status,
    )
