"""Forms of the events app; the API reads its filters with the same rules."""

from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from icc.events.models import Event, EventTranslation
from icc.network.models import City, NationalNetwork

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ENDS_BEFORE_STARTS = _("The last day cannot come before the first day.")


class EventForm(forms.Form):
    """The record of an event, apart from its texts."""

    kind = forms.ChoiceField(label=_("Kind of event"), choices=Event.Kind.choices)
    starts_on = forms.DateField(label=_("First day"), widget=DATE_WIDGET)
    ends_on = forms.DateField(
        label=_("Last day"), widget=DATE_WIDGET, help_text=_("The first day again for one day.")
    )
    city = forms.ModelChoiceField(
        label=_("City where it takes place"),
        queryset=City.objects.visible_to_public(),
        required=False,
        help_text=_("Leave empty for an online event or a place outside the network."),
    )
    venue = forms.CharField(
        label=_("Venue"), max_length=250, required=False, help_text=_("Building and address.")
    )
    online_url = forms.URLField(
        label=_("Online link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("For an online event or one that can be followed online."),
    )
    host_city = forms.ModelChoiceField(
        label=_("Host city"), queryset=City.objects.visible_to_public(), required=False
    )
    audience = forms.ChoiceField(label=_("Open to"), choices=Event.Audience.choices)
    national_network = forms.ModelChoiceField(
        label=_("National network"),
        queryset=NationalNetwork.objects.none(),
        required=False,
        help_text=_("For an event of one national network."),
    )
    original_language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)

    def __init__(
        self,
        *args: Any,
        networks: QuerySet[NationalNetwork],
        may_address_network: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["national_network"]).queryset = networks
        if not may_address_network:
            # A national network's coordinator plans the events of that network only.
            cast(forms.ChoiceField, self.fields["audience"]).choices = [
                (Event.Audience.NATIONAL_NETWORK, Event.Audience.NATIONAL_NETWORK.label)
            ]
            self.fields["national_network"].required = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", ENDS_BEFORE_STARTS)
        if data.get("audience") == Event.Audience.NATIONAL_NETWORK:
            if not data.get("national_network") and "national_network" not in self.errors:
                self.add_error("national_network", _("Choose the national network."))
        else:
            data["national_network"] = None
        return data

    def record(self) -> dict[str, Any]:
        """Return the fields of the event record, for the services."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "original_language": data["original_language"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "city": data.get("city"),
            "venue": data.get("venue", ""),
            "online_url": data.get("online_url", ""),
            "host_city": data.get("host_city"),
            "audience": data["audience"],
            "national_network": data.get("national_network"),
        }

    @staticmethod
    def initial_for(event: Event) -> dict[str, Any]:
        return {
            "kind": event.kind,
            "original_language": event.original_language,
            "starts_on": event.starts_on,
            "ends_on": event.ends_on,
            "city": event.city_id,
            "venue": event.venue,
            "online_url": event.online_url,
            "host_city": event.host_city_id,
            "audience": event.audience,
            "national_network": event.national_network_id,
        }


class EventTextForm(forms.ModelForm):
    """The texts of an event in one language; leave the title empty to skip the language."""

    class Meta:
        model = EventTranslation
        fields = list(EventTranslation.TEXT_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "description": _(
                "Programme, who it is for, how to take part. "
                "Markdown: **bold**, *italics*, lists, [links](https://…)."
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("description") and not data.get("title"):
            self.add_error("title", _("Give this language a title, or empty its fields."))
        return data

    def _post_clean(self) -> None:
        # The language and event are set by the service, not validated here.
        pass

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in EventTranslation.TEXT_FIELDS}


class EventFilterForm(forms.Form):
    """The filters of the calendar; an unknown value is ignored, never an error."""

    kind = forms.ChoiceField(label=_("Kind of event"), required=False)
    network = forms.ChoiceField(label=_("National network"), required=False)

    def __init__(self, *args: Any, networks: list[NationalNetwork], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        networks_choices = [(network.slug, network.name) for network in networks]
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", _("All kinds")),
            *Event.Kind.choices,
        ]
        cast(forms.ChoiceField, self.fields["network"]).choices = [
            ("", _("All audiences")),
            ("-", _("Whole network only")),
            *networks_choices,
        ]
        self.known_values = {
            "kind": set(Event.Kind.values),
            "network": {"-", *(slug for slug, _name in networks_choices)},
        }

    def filters(self) -> dict[str, str]:
        """Return the well-formed filters chosen, as ``filter_events`` takes them."""
        if not self.is_bound:
            return {}
        chosen = {
            name: str(self.data[name])
            for name in ("kind", "network")
            if self.data.get(name) in self.known_values[name]
        }
        if chosen.get("network") == "-":
            del chosen["network"]
            chosen["audience"] = Event.Audience.NETWORK
        return chosen
