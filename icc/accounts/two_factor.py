"""The second factor: the sign-in step, with the password's cool-off rule, and who keeps it."""

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.core import context
from allauth.core.internal import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.models import Authenticator

from icc.accounts.devices import KNOWN_DEVICE_ACTION, is_known_device
from icc.accounts.permissions import is_secretariat


class TwoFactorAdapter(DefaultMFAAdapter):
    """allauth's two-factor rules, with the platform's: the secretariat keeps its TOTP."""

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Refuse to remove a secretariat member's TOTP: its rights depend on it (0016)."""
        return not (
            authenticator.type == Authenticator.Type.TOTP and is_secretariat(authenticator.user)
        )


class TwoFactorCodeForm(AuthenticateForm):
    """Check the code of the second factor; a known browser is spared the account's cool-off.

    Five wrong codes cool the account off for everyone else: someone who stole the
    password cannot keep the secretariat out of its own browser by typing wrong codes.
    """

    def clean_code(self) -> str:
        """Return the code when an authenticator of the person accepts it."""
        request = context.request
        if not is_known_device(request, self.user.pk):
            return str(super().clean_code())
        if not ratelimit.consume(
            request,
            app="allauth.account",
            action=KNOWN_DEVICE_ACTION,
            key=f"mfa-auth-user-{self.user.pk}",
        ):
            raise get_account_adapter().validation_error("too_many_login_attempts")
        code = str(self.cleaned_data["code"])
        authenticators = Authenticator.objects.filter(user=self.user).exclude(
            type=Authenticator.Type.WEBAUTHN
        )
        for authenticator in authenticators:
            if authenticator.wrap().validate_code(code):
                authenticator.user = self.user
                self.authenticator = authenticator
                return code
        main = next((a for a in authenticators if a.type == Authenticator.Type.TOTP), None)
        if main is not None:
            self._emit_authentication_failed(main)
        raise get_mfa_adapter().validation_error("incorrect_code")
