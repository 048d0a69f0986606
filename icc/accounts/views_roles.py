"""Pages to change or withdraw a person's role (the secretariat, national network coordinators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from icc.accounts import permissions, services
from icc.accounts.forms import RoleChangeForm, RoleWithdrawForm
from icc.accounts.models import RoleGrant
from icc.accounts.requests import SignedInRequest


def _grant_for_change(request: SignedInRequest, pk: int) -> RoleGrant:
    grant = get_object_or_404(
        RoleGrant.objects.active().select_related("user", "city", "national_network"), pk=pk
    )
    if not permissions.can_change_role(request.user, grant):
        raise PermissionDenied
    return grant


@login_required
@require_http_methods(["GET", "POST"])
def role_change(request: SignedInRequest, pk: int) -> HttpResponse:
    """Change a person's role in the same city or network, with a reason."""
    grant = _grant_for_change(request, pk)
    roles = services.roles_for_scope(grant)
    form = RoleChangeForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_role(grant, changed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The role of %(person)s is changed; they will be told why.")
                % {"person": grant.user},
            )
            return redirect("accounts:people-list")
    context = {"grant": grant, "form": form, "can_change": bool(roles)}
    return render(request, "accounts/role_change.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def role_withdraw(request: SignedInRequest, pk: int) -> HttpResponse:
    """Say what withdrawing a role does, then withdraw it with a reason."""
    grant = _grant_for_change(request, pk)
    form = RoleWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_role(
                grant, withdrawn_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The role of %(person)s is withdrawn; they will be told why.")
                % {"person": grant.user},
            )
            return redirect("accounts:people-list")
    tokens = grant.user.api_tokens.filter(revoked_at__isnull=True).count()
    context = {"grant": grant, "form": form, "active_tokens": tokens}
    return render(request, "accounts/role_withdraw.html", context)
