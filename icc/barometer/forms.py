"""Forms of the barometer's pages; the rules live in the services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from icc.barometer.models import NACE_SECTIONS, NaceVersion, SizeBand, sector_name
from icc.core.uploads import CSV, CheckedFileField
from icc.core.versions import VersionField

LANGUAGES = [("en", _("English")), ("fr", _("French"))]


class InvitationForm(forms.Form):
    company_name = forms.CharField(label=_("Company name"), max_length=200)
    nace_section = forms.ChoiceField(label=_("Sector (NACE section)"), choices=())
    nace_version = forms.ChoiceField(
        label=_("Classification"), choices=NaceVersion.choices, initial=NaceVersion.REV21
    )
    size_band = forms.ChoiceField(label=_("Headcount"), choices=SizeBand.choices)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    language = forms.ChoiceField(label=_("Language of the mail and the link"), choices=LANGUAGES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nace_section"].choices = [  # type: ignore[attr-defined]
            (letter, sector_name(letter)) for letter in NACE_SECTIONS
        ]


class ImportForm(forms.Form):
    file = CheckedFileField(label=_("CSV file of companies"), types=[CSV], max_bytes=1_000_000)


class RoundForm(forms.Form):
    version = VersionField(required=False)
    name = forms.CharField(label=_("Name"), max_length=120)
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    min_group_size = forms.IntegerField(
        label=_("Smallest group shown (k)"),
        min_value=3,
        max_value=50,
        initial=5,
        help_text=_("A group's figures are shown only when it holds at least this many responses."),
    )
