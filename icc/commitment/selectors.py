"""Reads that shape the commitment pages, the briefing pack and the daily figures."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Min, QuerySet
from django.utils.translation import get_language, gettext

from icc.accounts.models import Role, RoleGrant
from icc.commitment.health import CityFacts, Concern, SignatoryFact, concerns_for
from icc.commitment.models import CommitmentInstrument, Election, Office, OfficeTerm
from icc.core.dates import format_date
from icc.core.models import Activity
from icc.events.selectors import upcoming_events
from icc.network.figures_cache import secretariat_figures_generation
from icc.network.models import City, JoinStep
from icc.practices.selectors import published_practices_of_city

# The health of the network changes with the records (see network_health) and the day.
HEALTH_CACHE_SECONDS = 3600
# How many practices and next events the briefing pack lists.
BRIEFING_PRACTICES = 10
BRIEFING_EVENTS = 5


def _index_dates(city_ids: list[int] | None) -> dict[int, date]:
    """Return the date of each city's latest Index answer: published result or join step."""
    from icc.index.results.selectors import latest_published_results

    dates: dict[int, date] = {}
    steps = JoinStep.objects.filter(
        kind=JoinStep.Kind.INDEX_QUESTIONNAIRE, state=JoinStep.State.DONE, state_on__isnull=False
    )
    if city_ids is not None:
        steps = steps.filter(city_id__in=city_ids)
    for city_id, done_on in steps.values_list("city_id", "state_on"):
        if done_on is not None:
            dates[city_id] = done_on
    for city_id, result in latest_published_results(city_ids).items():
        if result.published_on and (city_id not in dates or result.published_on > dates[city_id]):
            dates[city_id] = result.published_on
    return dates


def city_facts(city_ids: list[int] | None, *, today: date) -> dict[int, CityFacts]:
    """Return what the health rules read, for the given cities (None: every city).

    A fixed number of queries, whatever the number of cities.
    """

    def scoped(queryset: QuerySet[Any], field: str = "city_id") -> QuerySet[Any]:
        return queryset if city_ids is None else queryset.filter(**{f"{field}__in": city_ids})

    ids = city_ids if city_ids is not None else list(City.objects.values_list("pk", flat=True))
    next_elections = dict(
        scoped(Election.objects.filter(held_on__gte=today))
        .values("city_id")
        .annotate(first=Min("held_on"))
        .values_list("city_id", "first")
    )
    signatories: dict[int, list[SignatoryFact]] = {}
    instruments = scoped(CommitmentInstrument.objects.filter(signatory_term__isnull=False))
    for instrument in instruments.select_related("signatory_term"):
        term = instrument.signatory_term
        signatories.setdefault(instrument.city_id, []).append(
            SignatoryFact(
                instrument_label=str(instrument.get_kind_display()).lower(),
                signatory_name=instrument.signatory_name,
                term_ended_on=term.ends_on if term else None,
            )
        )
    mayors = set(
        scoped(
            OfficeTerm.objects.current(today).filter(office__kind=Office.Kind.MAYOR),
            "office__city_id",
        ).values_list("office__city_id", flat=True)
    )
    coordinators: dict[int, tuple[int, str, date | None]] = {}
    grants = scoped(RoleGrant.objects.active().filter(role=Role.CITY_COORDINATOR))
    for city_id, user_id, name, email, last_login in grants.order_by("city_id", "pk").values_list(
        "city_id", "user_id", "user__full_name", "user__email", "user__last_login"
    ):
        if city_id not in coordinators:
            login_on = last_login.date() if last_login else None
            coordinators[city_id] = (user_id, name or email, login_on)
    acted = dict(
        Activity.objects.filter(actor_id__in=[user_id for user_id, _n, _d in coordinators.values()])
        .values("actor_id")
        .annotate(last=Max("created_at"))
        .values_list("actor_id", "last")
    )
    index_dates = _index_dates(city_ids)
    facts = {}
    for city_id in ids:
        coordinator = coordinators.get(city_id)
        active_on = None
        if coordinator:
            user_id, _name, login_on = coordinator
            days = [d for d in (login_on, acted[user_id].date() if user_id in acted else None) if d]
            active_on = max(days) if days else None
        facts[city_id] = CityFacts(
            city_id=city_id,
            next_election_on=next_elections.get(city_id),
            signatories=signatories.get(city_id, []),
            last_index_on=index_dates.get(city_id),
            coordinator_name=coordinator[1] if coordinator else None,
            coordinator_active_on=active_on,
            has_current_mayor=city_id in mayors,
        )
    return facts


def city_health(city: City, *, today: date) -> list[Concern]:
    """Return the concerns about one city's commitment, most urgent first."""
    return concerns_for(city_facts([city.pk], today=today)[city.pk], today=today)


def figures_generation() -> str:
    """Return a name for the state of the records the secretariat's figures are read from.

    Two parts: the generation that membership and commitment writes bump after commit
    (``icc.network.figures_cache``), and the latest activity entry, which every write of
    the other modules records (an Index result published, a coordinator appointed).
    """
    latest = Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return f"{secretariat_figures_generation()}.{latest}"


def network_health(*, today: date) -> list[tuple[City, list[Concern]]]:
    """Return every city still in the network with its concerns, the most urgent city first.

    Kept in the cache until the next write anywhere in the platform (``figures_generation``)
    or the next day.
    """
    key = f"commitment:network-health:{today.isoformat()}:{get_language()}:{figures_generation()}"
    concerns_by_city = cache.get(key)
    if concerns_by_city is None:
        facts = city_facts(None, today=today)
        concerns_by_city = {
            city_id: concerns
            for city_id, city_facts_ in sorted(facts.items())
            if (concerns := concerns_for(city_facts_, today=today))
        }
        cache.set(key, concerns_by_city, HEALTH_CACHE_SECONDS)
    cities = City.objects.exclude(status=City.Status.LEFT).in_bulk(list(concerns_by_city))
    rows = [
        (cities[city_id], concerns)
        for city_id, concerns in concerns_by_city.items()
        if city_id in cities
    ]
    rows.sort(key=lambda row: (row[1][0].act_within_days, -len(row[1]), row[0].name))
    return rows


def city_language(city: City) -> str:
    """Return the platform language the city's people read best.

    The city's first working language the platform speaks; else the preferred language
    of its coordinators, who receive what is written for the city (a Spanish city whose
    coordinator works in French gets French, not the default English); else the default.
    """
    available = [code for code, _name in settings.LANGUAGES]
    for code in city.languages:
        if code in available:
            return str(code)
    coordinator_languages = (
        RoleGrant.objects.active()
        .filter(city=city, role=Role.CITY_COORDINATOR)
        .order_by("created_at", "pk")
        .values_list("user__language", flat=True)
    )
    for code in coordinator_languages:
        if code in available:
            return str(code)
    return settings.LANGUAGE_CODE.split("-")[0]


def commitment_overview(city: City, *, today: date) -> dict[str, Any]:
    """Return what the city's commitment page shows."""
    return {
        "terms": OfficeTerm.objects.filter(office__city=city)
        .select_related("office")
        .order_by("office__kind", "-starts_on"),
        "elections": city.elections.order_by("-held_on"),
        "instruments": city.commitment_instruments.select_related("signatory_term"),
        "concerns": city_health(city, today=today),
        "tasks": city.reengagement_tasks.select_related("assignee").order_by("-created_at"),
    }


def briefing_pack_context(city: City, *, today: date) -> dict[str, Any]:
    """Return what the briefing pack for a new leader says about the city.

    Texts written by people (practices, events) are read in the active language, the
    one the pack is rendered in, or in their original language when not translated.
    """
    from icc.index.results.selectors import city_result_history

    results = city_result_history(city.pk)
    practices = published_practices_of(city)
    return {
        "city": city,
        "today": today,
        "site_url": settings.SITE_URL.rstrip("/"),
        "latest_result": results[-1] if results else None,
        "results": results,
        "practices": practices[:BRIEFING_PRACTICES],
        "more_practices": max(len(practices) - BRIEFING_PRACTICES, 0),
        "join_steps": city.join_steps.order_by("kind"),
        "status_changes": city.status_changes.order_by("changed_on")[:10],
        "national_network": city.national_network,
        "next_events": next_events(city, today=today),
        "current_terms": OfficeTerm.objects.current(today)
        .filter(office__city=city)
        .select_related("office"),
        "instruments": city.commitment_instruments.all(),
    }


@dataclass(frozen=True)
class BriefingLine:
    """A practice or an event as the briefing pack lists it: its title, when, and where."""

    title: str
    url: str
    when: str


def published_practices_of(city: City) -> list[BriefingLine]:
    """Return the city's published practices, the latest published first."""
    return [
        BriefingLine(
            practice.title,
            practice.url,
            gettext("started in %(year)s") % {"year": practice.started_year},
        )
        for practice in published_practices_of_city(city.pk)
    ]


def next_events(city: City, *, today: date) -> list[BriefingLine]:
    """Return the next events that concern the city, soonest first (``upcoming_events``)."""
    lines = []
    for event in upcoming_events(today=today, city=city, limit=BRIEFING_EVENTS):
        text = event.text()
        days = (
            format_date(event.starts_on)
            if event.ends_on == event.starts_on
            else gettext("%(first)s to %(last)s")
            % {
                "first": format_date(event.starts_on),
                "last": format_date(event.ends_on),
            }
        )
        if event.city is not None:
            when = gettext("%(days)s, in %(place)s") % {"days": days, "place": str(event.city)}
        elif event.is_online:
            when = gettext("%(days)s, online") % {"days": days}
        else:
            when = days
        lines.append(
            BriefingLine(text.title if text else str(event), event.get_absolute_url(), when)
        )
    return lines
