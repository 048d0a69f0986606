"""Forms of the Index pages: loading an edition, opening a round, importing answers, reviewing."""

from pathlib import Path
from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from icc.index.method.loader import FILE_SUFFIXES
from icc.index.models import AnswerReview, Edition
from icc.network.models import City

# The shipped editions weigh about 70 kB; the official one, in two languages, fits easily.
EDITION_MAX_BYTES = 2_000_000


class RoundForm(forms.Form):
    """Open a round of an edition between two dates, with its peer-group thresholds."""

    edition = forms.ModelChoiceField(label=_("Edition"), queryset=Edition.objects.none())
    label = forms.CharField(label=_("Label"), max_length=80, help_text=_("For example 2025."))
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    population_threshold = forms.IntegerField(
        label=_("Population threshold of the peer groups"), min_value=1, initial=200_000
    )
    foreign_born_threshold = forms.DecimalField(
        label=_("Foreign-born threshold of the peer groups (%)"),
        min_value=0,
        max_value=100,
        initial=15,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = Edition.objects.order_by("code", "-version")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("A round cannot close before it opens."))
        return data


class ImportForm(forms.Form):
    """Import one city's answers to the round from a CSV file."""

    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.all())
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: question, answer, and optionally evidence and links. Options of a "
            "multiple choice are joined by |."
        ),
    )


class ReviewForm(forms.Form):
    """Accept an answer, or query it with a comment."""

    decision = forms.ChoiceField(label=_("Decision"), choices=AnswerReview.Decision.choices)
    comment = forms.CharField(
        label=_("Comment for the city"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReplyForm(forms.Form):
    """The city's reply to a query."""

    reply = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 3}))


class EvidenceFileForm(forms.Form):
    """Attach a document to an answer."""

    file = forms.FileField(label=_("Attach a file"))


def _edition_file_help_text() -> str:
    # Interpolated each time it is shown: at import time it would freeze in English.
    return gettext(
        "A JSON or YAML file (.json, .yaml or .yml) in UTF-8, at most %(size)s MB, in the "
        "edition format of the Index (docs/index-format.md)."
    ) % {"size": EDITION_MAX_BYTES // 1_000_000}


class EditionFileForm(forms.Form):
    """Upload an edition file (JSON or YAML) to check it, or to load it as a new edition."""

    file = forms.FileField(
        label=_("Edition file"),
        help_text=lazy(_edition_file_help_text, str)(),
    )
    new_version = forms.BooleanField(
        label=_("This file corrects an edition already loaded: add it as a new version"),
        required=False,
        help_text=_(
            "Without this, a file whose edition id is already loaded is refused. Rounds "
            "already opened keep the version they were opened with."
        ),
    )

    def clean_file(self) -> Any:
        """Check the file's name, size and encoding, and keep its text as ``text``."""
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in FILE_SUFFIXES:
            raise forms.ValidationError(_("Choose a .json, .yaml or .yml file."), code="file_type")
        if upload.size is None or upload.size > EDITION_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.")
                % {"size": EDITION_MAX_BYTES // 1_000_000},
                code="file_size",
            )
        content = upload.read()
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text."), code="file_encoding"
            ) from None
        if "\x00" in text:
            raise forms.ValidationError(_("The file is not a text file."), code="file_type")
        self.cleaned_data["text"] = text
        return upload
