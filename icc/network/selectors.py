"""Reads that shape the network's public pages."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django_countries import countries as country_names

from icc.network import map as member_map
from icc.network.forms import DirectoryFilterForm
from icc.network.models import (
    City,
    CityQuerySet,
    Invoice,
    JoinStep,
    JoinStepDefinition,
    NationalNetwork,
    PopulationBand,
    fold,
)


def filter_directory(cities: CityQuerySet, form: DirectoryFilterForm) -> CityQuerySet:
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


def join_steps_of(city: City) -> list[dict[str, Any]]:
    """Return every join step of the city in its own order, recorded or not, with its state."""
    recorded = {step.kind: step for step in city.join_steps.all()}
    rows = []
    for definition in city.join_definitions():
        step = recorded.get(definition.key)
        rows.append(
            {
                "kind": definition.key,
                "label": definition.name(),
                "definition": definition,
                "is_decision": definition.completion
                == JoinStepDefinition.Completion.MEMBERSHIP_DECISION,
                "state": step.state if step else JoinStep.State.NOT_STARTED,
                "state_label": step.get_state_display()
                if step
                else JoinStep.State.NOT_STARTED.label,
                "state_on": step.state_on if step else None,
                "step": step,
            }
        )
    return rows


def public_join_steps(city: City) -> list[dict[str, Any]]:
    """Return the join steps a city's profile shows: all for an applicant, else those recorded.

    A member that joined before the platform kept its steps has none recorded; calling
    them "not started" would be false.
    """
    rows = join_steps_of(city)
    if city.status == City.Status.APPLICANT:
        return rows
    return [
        row
        for row in rows
        if row["step"] is not None and row["state"] != JoinStep.State.NOT_STARTED
    ]


@dataclass(frozen=True)
class RoundLink:
    """The Index round a questionnaire was answered in, by its label, with a page to open."""

    label: str
    url: str


def index_round_link(round_id: int | None, *, for_secretariat: bool) -> RoundLink | None:
    """Return the label of the Index round with this id and the page to open, or None.

    The secretariat opens the round itself; others its published results. The network
    may not import the Index app: the join step keeps the round's id and the round is read
    by the model's name, as a foreign key would, when the app is installed.
    """
    if round_id is None or not apps.is_installed("icc.index"):
        return None
    label = (
        apps.get_model("index", "Round")
        .objects.filter(pk=round_id)
        .values_list("label", flat=True)
        .first()
    )
    if label is None:
        return None
    if for_secretariat:
        return RoundLink(label, reverse("index:round-detail", kwargs={"pk": round_id}))
    return RoundLink(label, f"{reverse('index:results')}?{urlencode({'round': round_id})}")


def membership_overview(city: City, *, for_secretariat: bool = False) -> dict[str, Any]:
    """Return what the membership page shows: steps, status history, fees, expert visits."""
    agreements = list(
        city.financial_agreements.prefetch_related(
            Prefetch("invoices", queryset=Invoice.objects.annotate(paid=Sum("payments__amount")))
        )
    )
    join_steps = join_steps_of(city)
    for row in join_steps:
        round_id = row["step"].index_round_id if row["step"] else None
        row["index_round"] = index_round_link(round_id, for_secretariat=for_secretariat)
    return {
        "join_steps": join_steps,
        "status_changes": city.status_changes.select_related("changed_by"),
        "agreements": agreements,
        "expert_visits": city.expert_visits.prefetch_related("experts"),
    }


@dataclass(frozen=True)
class MapDot:
    """A member city on a map, where it is drawn."""

    x: float
    y: float
    name: str


@dataclass(frozen=True)
class MemberMap:
    """One map of member cities: its area, its country outlines and its dots."""

    view_box: str
    dot_radius: float
    outline_width: float
    countries: list[tuple[str, str, bool]]  # code, path, has member cities
    dots: list[MapDot]


def member_city_map() -> dict[str, Any]:
    """Return the maps of member cities (Europe, the world) and the list that goes with them.

    The list names every member city by country, in the reader's language, with or without
    coordinates: it is what the maps say, for whoever cannot see them.
    """
    members = sorted(
        City.objects.filter(status=City.Status.MEMBER).only(
            "name", "names", "slug", "country", "latitude", "longitude"
        ),
        key=lambda city: fold(str(city)),
    )
    by_country: dict[str, list[City]] = {}
    for city in members:
        by_country.setdefault(str(country_names.name(city.country)), []).append(city)
    countries = sorted(by_country.items(), key=lambda item: fold(item[0]))
    placed = [
        (city, member_map.project(float(city.latitude), float(city.longitude)))
        for city in members
        if city.latitude is not None and city.longitude is not None
    ]
    codes = {str(city.country).lower() for city in members}
    maps = {}
    for name, view in (("europe", member_map.EUROPE), ("world", member_map.WORLD)):
        maps[name] = MemberMap(
            view_box=view.view_box,
            dot_radius=round(view.width / 160, 1),
            outline_width=round(view.width / 900, 2),
            countries=[(code, path, code in codes) for code, path in member_map.outlines(view)],
            dots=[
                MapDot(round(x, 1), round(y, 1), str(city))
                for city, (x, y) in placed
                if view.contains((x, y))
            ],
        )
    return {"maps": maps, "countries": countries, "count": len(members)}
