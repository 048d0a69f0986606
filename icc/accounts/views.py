"""Pages about people: language choice, invitations, the people list, API tokens."""

from allauth.account.internal.flows.login import record_authentication
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from icc.accounts import permissions, personal_data, services
from icc.accounts.forms import AcceptInvitationForm, ApiTokenForm, InvitationForm, LanguageForm
from icc.accounts.models import ApiToken, Invitation, User
from icc.accounts.requests import SignedInRequest


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language of the current page and remember it for signed-in people."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return redirect("network:home")
    language = form.cleaned_data["language"]
    next_url = form.cleaned_data["next"]
    if not next_url or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        with translation.override(language):
            next_url = reverse("network:home")
    if request.user.is_authenticated:
        services.set_preferred_language(request.user, language)
    response = HttpResponseRedirect(translate_url(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


@login_required
def invitation_list(request: SignedInRequest) -> HttpResponse:
    """List pending and recent invitations (the secretariat)."""
    if not permissions.can_invite_people(request.user):
        raise PermissionDenied
    invitations = Invitation.objects.select_related(
        "city", "national_network", "invited_by", "accepted_by"
    )[:100]
    return render(request, "accounts/invitation_list.html", {"invitations": invitations})


@login_required
@require_http_methods(["GET", "POST"])
def invitation_create(request: SignedInRequest) -> HttpResponse:
    """Invite a person into a role (the secretariat)."""
    if not permissions.can_invite_people(request.user):
        raise PermissionDenied
    form = InvitationForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_person(invited_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The invitation is on its way to %(email)s.") % {"email": invitation.email},
            )
            return redirect("accounts:invitation-list")
    return render(request, "accounts/invitation_form.html", {"form": form})


@login_required
@require_POST
def invitation_revoke(request: SignedInRequest, pk: int) -> HttpResponse:
    """Withdraw a pending invitation (the secretariat)."""
    if not permissions.can_invite_people(request.user):
        raise PermissionDenied
    invitation = get_object_or_404(Invitation.objects.pending(), pk=pk)
    services.revoke_invitation(invitation, revoked_by=request.user)
    messages.success(request, _("The invitation is withdrawn."))
    return redirect("accounts:invitation-list")


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation from its link: choose a password, or confirm when signed in."""
    invitation = services.find_pending_invitation(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    user = request.user if request.user.is_authenticated else None
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    form = None
    if user is None and not has_account:
        form = AcceptInvitationForm(
            request.POST or None,
            email=invitation.email,
            initial={"full_name": invitation.full_name},
        )
    if request.method == "POST" and (user is not None or (form is not None and form.is_valid())):
        try:
            accepted_by = services.accept_invitation(
                invitation,
                user=user,
                full_name=form.cleaned_data["full_name"] if form else "",
                password=form.cleaned_data["password1"] if form else "",
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if user is None:
                login(request, accepted_by, backend="django.contrib.auth.backends.ModelBackend")
                # The password was typed a moment ago: record it as allauth records a
                # confirmed password, so setting up two-factor next does not ask again.
                record_authentication(request, accepted_by, method="password", reauthenticated=True)
            messages.success(request, _("Welcome to the Intercultural Cities platform."))
            return redirect("network:home")
    context = {
        "invitation": invitation,
        "form": form,
        "has_account": has_account,
        "signed_in_as": user,
    }
    return render(request, "accounts/invitation_accept.html", context)


@login_required
def people_list(request: SignedInRequest) -> HttpResponse:
    """List the roles the reader may change, with their scope.

    Everyone's for the secretariat; the city roles of their network's cities for a
    national network coordinator.
    """
    if not permissions.can_manage_roles(request.user):
        raise PermissionDenied
    grants = permissions.get_grants_for_role_management(request.user).order_by(
        "role", "city__name", "national_network__name", "user__email"
    )
    rows = [(grant, permissions.can_change_role(request.user, grant)) for grant in grants]
    return render(request, "accounts/people_list.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def api_token_list(request: SignedInRequest) -> HttpResponse:
    """List the person's API tokens and create a new one, whose key is shown once."""
    if not permissions.can_manage_api_tokens(request.user):
        raise PermissionDenied
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.create_api_token(request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    context = {"form": form, "tokens": tokens, "new_key": new_key}
    return render(request, "accounts/apitoken_list.html", context)


@login_required
@require_POST
def api_token_revoke(request: SignedInRequest, pk: int) -> HttpResponse:
    """Revoke one of the person's own API tokens."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    services.revoke_api_token(token, revoked_by=request.user)
    messages.success(request, _("The token is revoked."))
    return redirect(reverse("accounts:api-token-list"))


@login_required
@never_cache
def person_export(request: SignedInRequest, pk: int) -> JsonResponse:
    """Download everything the platform holds about a person, as JSON (the secretariat)."""
    if not permissions.can_manage_personal_data(request.user):
        raise PermissionDenied
    person = get_object_or_404(User, pk=pk)
    data = personal_data.export_person(person, exported_by=request.user)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def person_erase(request: SignedInRequest, pk: int) -> HttpResponse:
    """Erase a person's personal data after confirmation (the secretariat)."""
    if not permissions.can_manage_personal_data(request.user):
        raise PermissionDenied
    person = get_object_or_404(User, pk=pk, is_active=True)
    if person.pk == request.user.pk:
        raise PermissionDenied
    if request.method == "POST":
        personal_data.erase_person(person, erased_by=request.user)
        messages.success(request, _("The person's personal data is erased."))
        return redirect("accounts:people-list")
    return render(request, "accounts/person_erase.html", {"person": person})
