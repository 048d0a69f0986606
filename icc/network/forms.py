"""Forms for the directory filters and for editing cities and national networks."""

from typing import Any

from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from icc.network.models import City, NationalNetwork, PopulationBand

# Languages a member city commonly works in; more can be added here as data.
CITY_LANGUAGE_CODES = [
    "ar", "ca", "da", "de", "el", "en", "es", "eu", "fr", "gl", "he", "hr", "hu", "is",
    "it", "ja", "nb", "nl", "pl", "pt", "ro", "ru", "sr", "sv", "tr", "uk",
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

    def __init__(self, *args: Any, country_codes: list[str], networks: list[NationalNetwork],
                 statuses: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        any_choice = [("", _("Any"))]
        names = dict(countries)
        self.fields["country"].choices = any_choice + sorted(
            ((code, names.get(code, code)) for code in country_codes), key=lambda c: c[1]
        )
        self.fields["network"].choices = any_choice + [(n.slug, n.name) for n in networks]
        self.fields["status"].choices = any_choice + statuses
        self.fields["population"].choices = any_choice + list(PopulationBand.choices)


class CityProfileForm(forms.ModelForm):
    """The profile fields a city's own coordinator and editors keep up to date."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Languages the city works in."),
    )

    class Meta:
        model = City
        fields = [
            "region", "population", "population_year", "foreign_born_share",
            "foreign_born_year", "languages", "website", "latitude", "longitude",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = language_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        pairs = [("population", "population_year"), ("foreign_born_share", "foreign_born_year")]
        for figure, year in pairs:
            if data.get(figure) is not None and not data.get(year):
                self.add_error(year, _("Give the year this figure refers to."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        return data


class CityForm(CityProfileForm):
    """Every field of a city, for the secretariat."""

    class Meta(CityProfileForm.Meta):
        fields = [
            "name", "slug", "country", "status", "joined_on", "national_network",
            "has_demo_figures", *CityProfileForm.Meta.fields,
        ]
        widgets = {"joined_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") in (City.Status.MEMBER, City.Status.SUSPENDED) and not data.get(
            "joined_on"
        ):
            self.add_error("joined_on", _("A member city needs the date it joined."))
        return data


class NationalNetworkForm(forms.ModelForm):
    """A national network's record."""

    class Meta:
        model = NationalNetwork
        fields = ["name", "slug", "country", "founded_year", "website"]
