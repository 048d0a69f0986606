"""How allauth fits the platform: no open sign-up, mail and redirects in the person's language."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Refuse sign-up: people join the network through an invitation."""
        return False

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
