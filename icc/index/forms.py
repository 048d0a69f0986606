"""Forms of the Index pages: opening a round, importing answers, reviewing, replying."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from icc.index.models import AnswerReview, Edition
from icc.network.models import City


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
