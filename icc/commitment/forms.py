"""Forms for offices, elections, instruments and re-engagement tasks."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from icc.accounts.models import Role, User
from icc.commitment.models import (
    CommitmentInstrument,
    Election,
    Office,
    OfficeTerm,
    ReengagementTask,
)
from icc.core.uploads import DOCUMENTS, CheckedFileField
from icc.network.forms import DateInput
from icc.network.models import City


class OfficeTermCorrectionForm(forms.Form):
    """Who held an office, from when to when: what a correction may change."""

    holder_name = forms.CharField(label=_("Office-holder"), max_length=150)
    holder_email = forms.EmailField(label=_("E-mail address"), required=False)
    starts_on = forms.DateField(label=_("Term start"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("Term end"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty while the term runs."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("A term cannot end before it starts."))
        return data


class OfficeTermForm(OfficeTermCorrectionForm):
    """Who holds one of the city's offices, from when to when."""

    kind = forms.ChoiceField(label=_("Office"), choices=Office.Kind.choices)

    field_order = ["kind"]


class ElectionForm(forms.ModelForm):
    """An election in the city's calendar."""

    class Meta:
        model = Election
        fields = ["office_kind", "held_on", "notes"]
        widgets = {"held_on": DateInput()}


class InstrumentForm(forms.Form):
    """A council resolution, signed statement or charter."""

    kind = forms.ChoiceField(label=_("Instrument"), choices=CommitmentInstrument.Kind.choices)
    signed_on = forms.DateField(label=_("Date"), widget=DateInput())
    signatory_name = forms.CharField(label=_("Signatory"), max_length=150)
    signatory_term = forms.ModelChoiceField(
        label=_("Signatory's term of office"),
        queryset=OfficeTerm.objects.none(),
        required=False,
        help_text=_("When the signatory leaves this office, the city's page says so."),
    )
    document = CheckedFileField(label=_("Document"), required=False, types=DOCUMENTS)

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["signatory_term"]
        ).queryset = OfficeTerm.objects.filter(office__city=city).select_related("office")


class ReengagementTaskForm(forms.ModelForm):
    """The secretariat's work on a re-engagement task."""

    close = forms.BooleanField(label=_("Close the task"), required=False)

    class Meta:
        model = ReengagementTask
        fields = ["assignee", "due_on", *ReengagementTask.CHECKLIST]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = (
            User.objects.filter(grants__role=Role.SECRETARIAT, grants__revoked_at__isnull=True)
            .distinct()
            .order_by("full_name")
        )
