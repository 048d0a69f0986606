"""Require the secretariat to set up two-factor sign-in before anything else."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from icc.accounts.permissions import has_two_factor, is_secretariat

_SESSION_KEY = "icc_two_factor_checked"


class RequireSecretariatTwoFactorMiddleware:
    """Send a secretariat member without TOTP to its set-up page; other pages wait."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not request.session.get(_SESSION_KEY) and is_secretariat(user):
            if has_two_factor(user):
                request.session[_SESSION_KEY] = True
            elif not self._is_exempt(request.path):
                return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _is_exempt(path: str) -> bool:
        # Activating TOTP asks for the password again when the sign-in is not recent;
        # that page must stay reachable or the two pages send the person to each other.
        exempt = [
            reverse("mfa_activate_totp"),
            reverse("account_reauthenticate"),
            reverse("account_logout"),
            "/static/",
        ]
        return any(path.startswith(prefix) for prefix in exempt)
