"""Forms for invitations, accepting them, and API tokens."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from icc.accounts.models import (
    CITY_ROLES,
    NETWORK_ROLES,
    ORGANISATION_ROLES,
    Invitation,
    Role,
    User,
)


class InvitationForm(forms.ModelForm):
    """Invite a person into a role; city roles need a city, network roles a network."""

    class Meta:
        model = Invitation
        fields = ["email", "full_name", "language", "role", "city", "national_network"]
        help_texts = {
            "city": _("For city coordinators and editors."),
            "national_network": _("For national network coordinators."),
            "language": _("The invitation mail is written in this language."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # An NGO representative is invited from the organisation's page (decision 0048).
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [
            *BLANK_CHOICE_DASH,
            *((role.value, role.label) for role in Role if role not in ORGANISATION_ROLES),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role, city, network = data.get("role"), data.get("city"), data.get("national_network")
        if role in CITY_ROLES:
            if city is None:
                self.add_error("city", _("Choose the city this role is for."))
            if network is not None:
                self.add_error(
                    "national_network", _("A city role cannot be given for a national network.")
                )
        elif role in NETWORK_ROLES:
            if network is None:
                self.add_error("national_network", _("Choose the national network."))
            if city is not None:
                self.add_error("city", _("A national network role cannot be given for a city."))
        elif role:
            for field in ("city", "national_network"):
                if data.get(field) is not None:
                    self.add_error(field, _("This role applies to the whole network."))
        return data


class AcceptInvitationForm(forms.Form):
    """Choose a name and password to accept an invitation."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(
                    first, User(email=self.email, full_name=data.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ApiTokenForm(forms.Form):
    """Name a new API token after the program that will use it."""

    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("For example the name of the program that will use it."),
    )


class LanguageForm(forms.Form):
    """Choose the language the platform speaks to the person."""

    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


class NotificationSettingsForm(forms.Form):
    """Choose how often notifications come by mail."""

    notification_frequency = forms.ChoiceField(
        label=_("Mail me about my notifications"),
        choices=User.NotificationFrequency.choices,
        widget=forms.RadioSelect,
    )


class RoleChangeForm(forms.Form):
    """Choose a person's new role in the same city or network, and say why."""

    role = forms.ChoiceField(label=_("New role"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person reads it in the mail and the notification."),
    )

    def __init__(self, *args: Any, roles: list[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(role.value, role.label) for role in roles]


class RoleWithdrawForm(forms.Form):
    """Say why a role is withdrawn."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person reads it in the mail and the notification."),
    )
