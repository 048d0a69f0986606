"""How allauth fits the platform: no open sign-up, mail and redirects in the person's language.

Sign-in limits: failures count per client address (read through the trusted proxies,
``icc.core.clients``) and per account; a browser the account signed in from before is
spared the per-account cool-off (``icc.accounts.devices``).
"""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.urls import translate_url
from django.utils import translation

from icc.accounts.devices import KNOWN_DEVICE_ACTION, is_known_device, remember_device
from icc.accounts.models import User
from icc.core.clients import client_address


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Refuse sign-up: people join the network through an invitation."""
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """Return the client's address as the trusted proxies report it, not the proxy's."""
        return client_address(request)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Count a sign-in attempt; from a known browser only against the address limit."""
        email = credentials.get("email") or credentials.get("username") or ""
        user = get_user_model().objects.filter(email__iexact=email).only("pk").first()
        if user is None or not is_known_device(request, user.pk):
            super().pre_authenticate(request, **credentials)
            return
        self._login_failed_rl_usage = ratelimit.consume(
            request,
            app="allauth.account",
            action=KNOWN_DEVICE_ACTION,
            key=self._get_login_attempts_cache_key(request, **credentials),
        )
        if not self._login_failed_rl_usage:
            raise self.validation_error("too_many_login_attempts")

    def post_login(self, request: HttpRequest, user: User, **kwargs: Any) -> HttpResponse:
        """Finish signing in and remember the browser for the sign-in cool-off."""
        response = super().post_login(request, user, **kwargs)
        remember_device(request, response, user.pk)
        return response

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Send the person on in the language of the page they signed in from.

        Their preferred language writes their mail; the page they chose to read wins on
        screen, so signing in from an English page never lands on a French one.
        """
        return translate_url(super().get_login_redirect_url(request), translation.get_language())

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        """Write the message in the language of the page it lands on: the current page's."""
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Write the mail in the recipient's preferred language."""
        user = get_user_model().objects.filter(email__iexact=email).only("language").first()
        language = user.language if user else translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
