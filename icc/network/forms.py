"""Forms for the directory filters and for editing cities and national networks."""

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.apps import apps
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from icc.accounts.models import Role, User
from icc.core.uploads import DOCUMENTS, CheckedFileField
from icc.network.models import (
    STATUS_TRANSITIONS,
    City,
    FinancialAgreement,
    Invoice,
    JoinStep,
    JoinStepDefinition,
    NationalNetwork,
    Payment,
    PopulationBand,
)

# A city works in a handful of languages; a longer list is a mistake or an attack.
MAX_LANGUAGES = 20

# Languages a member city commonly works in; more can be added here as data.
CITY_LANGUAGE_CODES = [
    "ar",
    "ca",
    "da",
    "de",
    "el",
    "en",
    "es",
    "eu",
    "fr",
    "gl",
    "he",
    "hr",
    "hu",
    "is",
    "it",
    "ja",
    "nb",
    "nl",
    "pl",
    "pt",
    "ro",
    "ru",
    "sr",
    "sv",
    "tr",
    "uk",
]


def language_choices() -> list[tuple[str, str]]:
    """Return the city language choices named in the reader's language."""
    return sorted(
        ((code, get_language_info(code)["name_translated"]) for code in CITY_LANGUAGE_CODES),
        key=lambda choice: choice[1],
    )


class DirectoryFilterForm(forms.Form):
    """Filter the public directory; every field is optional and unknown values are errors."""

    q = forms.CharField(label=_("City name"), required=False, max_length=100)
    country = forms.ChoiceField(label=_("Country"), required=False)
    network = forms.ChoiceField(label=_("National network"), required=False)
    status = forms.ChoiceField(label=_("Membership status"), required=False)
    population = forms.ChoiceField(label=_("Population"), required=False)

    def __init__(
        self,
        *args: Any,
        country_codes: list[str],
        networks: list[NationalNetwork],
        statuses: Sequence[tuple[str, str | Promise]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        any_choice: list[tuple[str, str | Promise]] = [("", _("Any"))]
        names = dict(countries)
        cast(forms.ChoiceField, self.fields["country"]).choices = any_choice + sorted(
            ((code, names.get(code, code)) for code in country_codes), key=lambda c: c[1]
        )
        cast(forms.ChoiceField, self.fields["network"]).choices = any_choice + [
            (n.slug, n.name) for n in networks
        ]
        cast(forms.ChoiceField, self.fields["status"]).choices = [*any_choice, *statuses]
        cast(forms.ChoiceField, self.fields["population"]).choices = any_choice + list(
            PopulationBand.choices
        )


class CityProfileForm(forms.ModelForm):
    """The profile fields a city's own coordinator and editors keep up to date."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Languages the city works in."),
    )

    class Meta:
        model = City
        fields = [
            "region",
            "population",
            "population_year",
            "foreign_born_share",
            "foreign_born_year",
            "languages",
            "website",
            "latitude",
            "longitude",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["languages"]).choices = language_choices()

    def clean_languages(self) -> list[str]:
        languages = list(dict.fromkeys(self.cleaned_data.get("languages") or []))
        if len(languages) > MAX_LANGUAGES:
            raise forms.ValidationError(
                ngettext(
                    "At most %(count)s language.", "At most %(count)s languages.", MAX_LANGUAGES
                )
                % {"count": MAX_LANGUAGES}
            )
        return languages

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pairs = [("population", "population_year"), ("foreign_born_share", "foreign_born_year")]
        for figure, year in pairs:
            if data.get(figure) is not None and not data.get(year):
                self.add_error(year, _("Give the year this figure refers to."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        return data


class CityForm(CityProfileForm):
    """Every field of a city, for the secretariat."""

    french_name = forms.CharField(
        label=_("Name in French"),
        required=False,
        max_length=120,
        help_text=_("Only if French readers know the city by another name (Genève, Lisbonne)."),
    )

    # The status is not here: it changes only through StatusChangeForm and its service.
    class Meta(CityProfileForm.Meta):
        fields = [
            "name",
            "slug",
            "country",
            "national_network",
            "has_demo_figures",
            *CityProfileForm.Meta.fields,
        ]

    field_order = ["name", "french_name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["french_name"].initial = (self.instance.names or {}).get("fr", "")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # The service stores names per language: turn the one French field into that shape.
        french = data.pop("french_name", "").strip()
        names = {code: name for code, name in (self.instance.names or {}).items() if code != "fr"}
        if french and french != data.get("name"):
            names["fr"] = french
        data["names"] = names
        return data


class NationalNetworkForm(forms.ModelForm):
    """A national network's record."""

    class Meta:
        model = NationalNetwork
        fields = ["name", "slug", "country", "founded_year", "website"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class StatusChangeForm(forms.Form):
    """Change a city's membership status, with the reason and the date of the decision."""

    to = forms.ChoiceField(label=_("New status"))
    changed_on = forms.DateField(label=_("Date of the decision"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args: Any, city: City, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to"]).choices = [
            (status, City.Status(status).label) for status in STATUS_TRANSITIONS[city.status]
        ]


class JoinStepForm(forms.Form):
    """Record where one join step stands."""

    state = forms.ChoiceField(label=_("State"), choices=JoinStep.State.choices)
    state_on = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    document = CheckedFileField(label=_("Document"), required=False, types=DOCUMENTS)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    index_round_id = forms.TypedChoiceField(
        label=_("Index round"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("The Index round the questionnaire was answered in."),
    )

    def __init__(self, *args: Any, completion: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if completion != JoinStepDefinition.Completion.INDEX_ROUND:
            del self.fields["index_round_id"]
        else:
            cast(forms.ChoiceField, self.fields["index_round_id"]).choices = [
                ("", "—"),
                *index_round_choices(),
            ]


def index_round_choices() -> list[tuple[int, str]]:
    """Return the Index rounds by label, the latest first (none without the Index app).

    Read by the model's name: the network may not import the Index app.
    """
    if not apps.is_installed("icc.index"):
        return []
    rounds = apps.get_model("index", "Round").objects.order_by("-opens_on", "-pk")
    return list(rounds.values_list("pk", "label"))


class FinancialAgreementForm(forms.ModelForm):
    """The fee a city agreed to and its period."""

    class Meta:
        model = FinancialAgreement
        fields = ["amount", "currency", "starts_on", "ends_on", "signed_on"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "signed_on": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        return data


class InvoiceForm(forms.ModelForm):
    """An invoice sent under a financial agreement."""

    class Meta:
        model = Invoice
        fields = ["number", "amount", "issued_on", "due_on"]
        widgets = {"issued_on": DateInput(), "due_on": DateInput()}


class PaymentForm(forms.ModelForm):
    """Money received against an invoice."""

    class Meta:
        model = Payment
        fields = ["amount", "paid_on"]
        widgets = {"paid_on": DateInput()}


class ExpertVisitForm(forms.Form):
    """The expert visit: who, when, and the Intercultural Profile it produced."""

    experts = forms.ModelMultipleChoiceField(
        label=_("Experts"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput())
    profile_report = CheckedFileField(
        label=_("Intercultural Profile report"), required=False, types=DOCUMENTS
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["experts"]).queryset = (
            User.objects.filter(grants__role=Role.EXPERT, grants__revoked_at__isnull=True)
            .distinct()
            .order_by("full_name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The visit cannot end before it starts."))
        return data


class JoinStepDefinitionForm(forms.Form):
    """Name a join step in each language, place it in the order, say what completes it."""

    position = forms.IntegerField(
        label=_("Place in the order"),
        min_value=0,
        max_value=999,
        help_text=_("Steps are taken from the lowest position to the highest."),
    )
    completion = forms.ChoiceField(
        label=_("What completes it"), choices=JoinStepDefinition.Completion.choices
    )
    is_in_use = forms.BooleanField(
        label=_("In the current order"),
        required=False,
        help_text=_(
            "Cities that start now go through it. Cities already on their way keep theirs."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One name per language of the platform; a language added in settings gets a field.
        names = {
            f"name_{code}": forms.CharField(
                label=_("Name in %(language)s")
                % {"language": get_language_info(code)["name_translated"]},
                max_length=120,
                required=code == "en",
            )
            for code, _label in settings.LANGUAGES
        }
        self.fields = names | dict(self.fields)

    def service_data(self) -> dict[str, Any]:
        """Return the cleaned data as ``save_join_step_definition`` takes it."""
        data = self.cleaned_data
        return {
            "names": {code: data[f"name_{code}"] for code, _label in settings.LANGUAGES},
            "position": data["position"],
            "completion": data["completion"],
            "is_in_use": data["is_in_use"],
        }
