"""Reads that shape the network's public pages."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from icc.network.forms import DirectoryFilterForm
from icc.network.models import City, NationalNetwork, PopulationBand, fold


def filter_directory(cities: QuerySet[City], form: DirectoryFilterForm) -> QuerySet[City]:
    """Apply the directory's valid filters to ``cities``."""
    if not form.is_valid():
        return cities.none()
    data = form.cleaned_data
    if data["q"]:
        cities = cities.filter(search_name__contains=fold(data["q"].strip()))
    if data["country"]:
        cities = cities.filter(country=data["country"])
    if data["network"]:
        cities = cities.filter(national_network__slug=data["network"])
    if data["status"]:
        cities = cities.filter(status=data["status"])
    if data["population"]:
        cities = cities.in_population_band(PopulationBand(data["population"]))
    return cities


def network_figures() -> dict[str, Any]:
    """Return the headline figures of the network for the home page."""
    return City.objects.aggregate(
        members=Count("pk", filter=Q(status=City.Status.MEMBER)),
        applicants=Count("pk", filter=Q(status=City.Status.APPLICANT)),
        countries=Count("country", distinct=True, filter=~Q(status=City.Status.LEFT)),
    ) | {"national_networks": NationalNetwork.objects.count()}


def national_networks_with_counts() -> QuerySet[NationalNetwork]:
    """Return national networks with the number of their member cities."""
    return NationalNetwork.objects.annotate(
        member_count=Count("cities", filter=Q(cities__status=City.Status.MEMBER))
    )
