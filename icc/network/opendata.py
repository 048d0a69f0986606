"""The network's public datasets: member cities and national networks."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from icc.core.opendata import Dataset, Field
from icc.network.models import City, NationalNetwork
from icc.network.permissions import get_cities_for_directory

CITY_FIELDS = (
    Field("slug", "string", _("Identifier"), _("The city's short name in addresses")),
    Field("name_en", "string", _("Name in English")),
    Field("name_fr", "string", _("Name in French")),
    Field("country", "string", _("Country"), _("ISO 3166-1 alpha-2 code")),
    Field("region", "string", _("Region")),
    Field("population", "integer", _("Population")),
    Field("population_year", "year", _("Year of the population figure")),
    Field("foreign_born_share", "number", _("Foreign-born share"), _("Percentage, 0 to 100")),
    Field("foreign_born_year", "year", _("Year of the foreign-born share")),
    Field("languages", "array", _("Languages"), _("ISO 639-1 codes, separated by ;")),
    Field("latitude", "number", _("Latitude")),
    Field("longitude", "number", _("Longitude")),
    Field("status", "string", _("Membership status")),
    Field("member_since", "date", _("Member since")),
    Field("national_network", "string", _("National network"), _("Its identifier")),
    Field("website", "string", _("Website")),
    Field("has_demo_figures", "boolean", _("Demo figures"), _("True when figures are invented")),
)
NETWORK_FIELDS = (
    Field("slug", "string", _("Identifier")),
    Field("name", "string", _("Name")),
    Field("country", "string", _("Country"), _("ISO 3166-1 alpha-2 code")),
    Field("founded_year", "year", _("Year founded")),
    Field("member_cities", "integer", _("Member cities")),
    Field("website", "string", _("Website")),
)


def _city_rows() -> list[dict[str, Any]]:
    cities = get_cities_for_directory(AnonymousUser()).select_related("national_network")
    return [
        {
            "slug": city.slug,
            "name_en": city.name_in("en"),
            "name_fr": city.name_in("fr"),
            "country": str(city.country),
            "region": city.region,
            "population": city.population,
            "population_year": city.population_year,
            "foreign_born_share": city.foreign_born_share,
            "foreign_born_year": city.foreign_born_year,
            "languages": list(city.languages or []),
            "latitude": city.latitude,
            "longitude": city.longitude,
            "status": city.status,
            "member_since": city.joined_on,
            "national_network": city.national_network.slug if city.national_network else None,
            "website": city.website,
            "has_demo_figures": city.has_demo_figures,
        }
        for city in cities.order_by("slug")
    ]


def _network_rows() -> list[dict[str, Any]]:
    networks = NationalNetwork.objects.annotate(
        members=Count("cities", filter=Q(cities__status=City.Status.MEMBER))
    ).order_by("slug")
    return [
        {
            "slug": network.slug,
            "name": network.name,
            "country": str(network.country),
            "founded_year": network.founded_year,
            "member_cities": network.members,
            "website": network.website,
        }
        for network in networks
    ]


def datasets() -> list[Dataset]:
    """Return the network's public datasets."""
    return [
        Dataset(
            name="cities",
            title=_("Cities"),
            description=_("The cities of the network that visitors can see, with their facts."),
            fields=CITY_FIELDS,
            rows=_city_rows,
        ),
        Dataset(
            name="national-networks",
            title=_("National networks"),
            description=_("The national networks of intercultural cities."),
            fields=NETWORK_FIELDS,
            rows=_network_rows,
        ),
    ]
