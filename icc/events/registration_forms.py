"""Forms of registrations, the agenda, documents and attendance."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from icc.core.uploads import CheckedFileField
from icc.events.models import EventSession


class RegistrationSettingsForm(forms.Form):
    """Whether people register, how many places, and the code given out at the event."""

    takes_registrations = forms.BooleanField(label=_("People register to attend"), required=False)
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=100_000,
        required=False,
        help_text=_("Leave empty for no limit; once full, people join a waiting list."),
    )
    attendance_code = forms.CharField(
        label=_("Attendance code"),
        max_length=20,
        required=False,
        help_text=_(
            "Given out at the event; registered people enter it to record their attendance."
        ),
    )


class SessionForm(forms.ModelForm):
    """One session of the agenda."""

    class Meta:
        model = EventSession
        fields = ["title_en", "title_fr", "starts_at", "ends_at", "room", "speakers"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }

    def record(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = CheckedFileField(label=_("File"))


class AttendanceCodeForm(forms.Form):
    code = forms.CharField(label=_("Attendance code"), max_length=20)
