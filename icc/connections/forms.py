"""Forms of the connections app."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from icc.connections.models import LogEntry
from icc.network.models import City


class ConnectionForm(forms.Form):
    """A proposal to work together: the invited cities, a topic and a message."""

    to_cities = forms.ModelMultipleChoiceField(
        label=_("Cities to invite"),
        queryset=City.objects.none(),
        help_text=_("One city for a bilateral exchange, several for a group."),
    )
    topic = forms.CharField(label=_("Topic"), max_length=200)
    message = forms.CharField(
        label=_("Message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown."),
    )
    area = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, from_city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        to_cities = cast(forms.ModelMultipleChoiceField, self.fields["to_cities"])
        to_cities.queryset = City.objects.filter(status=City.Status.MEMBER).exclude(pk=from_city.pk)


class LogEntryForm(forms.Form):
    """An exchange or an outcome for the shared log."""

    kind = forms.ChoiceField(label=_("Kind"), choices=LogEntry.Kind.choices)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Markdown.")
    )


class StudyVisitForm(forms.Form):
    """The plan of a study visit: host, dates, participants and programme."""

    host = forms.ModelChoiceField(label=_("Host city"), queryset=City.objects.none())
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    participants = forms.CharField(
        label=_("Participants"),
        help_text=_("One a line."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    programme = forms.CharField(
        label=_("Programme"), widget=forms.Textarea(attrs={"rows": 5}), help_text=_("Markdown.")
    )

    def __init__(self, *args: Any, hosts: QuerySet[City], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["host"]).queryset = hosts

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise ValidationError(_("The visit cannot end before it starts."))
        return data


class VisitReportForm(forms.Form):
    """What a study visit brought, written afterwards."""

    report = forms.CharField(
        label=_("Report"),
        help_text=_("Markdown: what the visitors saw, learnt and will do next."),
        widget=forms.Textarea(attrs={"rows": 12}),
    )
