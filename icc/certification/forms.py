"""Forms of the certification pages."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from icc.accounts.models import Role, User
from icc.certification.models import Appeal, Certificate, Complaint, Decision, Organisation
from icc.core.versions import VersionField
from icc.network.models import City


class OrganisationForm(forms.ModelForm):
    city = forms.ModelChoiceField(
        label=_("City"), queryset=City.objects.filter(status=City.Status.MEMBER).order_by("name")
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "city",
            "registration_number",
            "website",
            "description_en",
            "description_fr",
        ]


class ConfirmForm(forms.Form):
    confirm = forms.TypedChoiceField(
        label=_("Confirmation"),
        choices=[("yes", _("Confirm the organisation")), ("no", _("Do not confirm it"))],
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
    version = VersionField()


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES)


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"),
        required=False,
        queryset=User.objects.filter(
            grants__role=Role.EXPERT, grants__revoked_at__isnull=True
        ).distinct(),
    )
    commission_member = forms.ModelChoiceField(
        label=_("Commission member"),
        required=False,
        queryset=User.objects.filter(
            grants__role__in=[Role.SECRETARIAT, Role.EXPERT], grants__revoked_at__isnull=True
        ).distinct(),
    )


class DeclarationForm(forms.Form):
    declaration = forms.ChoiceField(
        label=_("Declaration"),
        choices=[
            ("none", _("I have no conflict of interest with this organisation")),
            ("tie", _("I have a tie with this organisation")),
        ],
        widget=forms.RadioSelect,
    )
    tie = forms.CharField(label=_("The tie"), required=False, max_length=500)


class VisitForm(forms.Form):
    planned_on = forms.DateField(
        label=_("Planned date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    participants = forms.CharField(
        label=_("Participants"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    level = forms.ChoiceField(label=_("Level"), required=False)
    validity_years = forms.TypedChoiceField(
        label=_("Validity of the certificate (when certified)"),
        choices=[(years, _("%(years)s years") % {"years": years}) for years in (3, 4, 5)],
        coerce=int,
        initial=3,
    )
    reasons = forms.CharField(
        label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    required_actions = forms.CharField(
        label=_("Required actions (when deferred)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deadline = forms.DateField(
        label=_("Deadline (when deferred)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, levels: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        level = self.fields["level"]
        assert isinstance(level, forms.ChoiceField)
        level.choices = [("", "—"), *levels]


class CertificateStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Certificate.Status.choices)
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField()


class MidtermForm(forms.Form):
    report = forms.CharField(
        label=_("Mid-term self-report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What changed since the certification, for each category."),
    )


class MidtermVisitForm(forms.Form):
    visited_on = forms.DateField(
        label=_("Date of the visit"), widget=forms.DateInput(attrs={"type": "date"})
    )
    report = forms.CharField(
        label=_("Visit report"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class ComplaintForm(forms.ModelForm):
    class Meta:
        model = Complaint
        fields = ["organisation", "name", "email", "text"]
        labels = {"organisation": _("Organisation")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(certificates__isnull=False).distinct()


class ComplaintHandleForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Complaint.Status.choices)
    outcome = forms.CharField(
        label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = VersionField()


class AppealForm(forms.Form):
    grounds = forms.CharField(
        label=_("Grounds of the appeal"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class AppealHandleForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Appeal.Outcome.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = VersionField()
