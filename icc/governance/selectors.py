"""Reads that shape the governance pages."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q

from icc.governance.models import (
    Amendment,
    Ballot,
    EligibleCity,
    Motion,
    Proxy,
    Section,
    StrategyDocument,
)
from icc.governance.permissions import coordinated_city_ids, is_in_good_standing
from icc.network.models import City


def documents() -> Any:
    """Return the texts, newest consultation first, with their counts of amendments."""
    return StrategyDocument.objects.annotate(
        amendment_count=Count("sections__amendments", distinct=True),
        endorsement_count=Count("endorsements", distinct=True),
    )


def motions() -> Any:
    """Return the votes, latest opening first, with their count of ballots (the turnout)."""
    return Motion.objects.annotate(cast=Count("ballots"))


def document_sections(document: StrategyDocument) -> list[Section]:
    """Return the sections with their amendments, proposing city and support count."""
    amendments = Amendment.objects.select_related("city").annotate(
        support_count=Count("responses", filter=Q(responses__kind="support"))
    )
    return list(document.sections.prefetch_related(Prefetch("amendments", queryset=amendments)))


@dataclass
class CityStanding:
    """What one of the person's cities may do on a motion."""

    city: City
    is_eligible: bool
    ballot: Ballot | None = None
    proxy_given_to: City | None = None
    may_cast: bool = False


@dataclass
class VotePage:
    phase: str
    cast: int
    eligible: int
    standings: list[CityStanding] = field(default_factory=list)
    proxies_held: list[Proxy] = field(default_factory=list)
    proxy_ballots: dict[int, Ballot] = field(default_factory=dict)


def vote_page(motion: Motion, user: Any) -> VotePage:
    """Return what the vote page shows the person: phase, turnout and their cities' part.

    Before the close nothing here counts the ballots by option.
    """
    phase = motion.phase()
    if motion.closed_at is not None:
        phase = "closed"
    cast = Ballot.objects.filter(motion=motion).count()
    eligible = motion.eligible_count
    page = VotePage(phase=phase, cast=cast, eligible=eligible)
    own = sorted(coordinated_city_ids(user))
    if not own:
        return page
    eligible_ids = set(
        EligibleCity.objects.filter(motion=motion, city_id__in=own).values_list("city", flat=True)
    )
    ballots = {
        b.city_id: b
        for b in Ballot.objects.filter(motion=motion)
        .filter(Q(city_id__in=own) | Q(proxy_holder_id__in=own))
        .select_related("option", "city")
    }
    given = {
        p.giver_id: p.holder
        for p in Proxy.objects.filter(motion=motion, giver_id__in=own).select_related("holder")
    }
    for city in City.objects.filter(pk__in=own):
        is_eligible = city.pk in eligible_ids if motion.opened_at else is_in_good_standing(city)
        page.standings.append(
            CityStanding(
                city=city,
                is_eligible=is_eligible,
                ballot=ballots.get(city.pk),
                proxy_given_to=given.get(city.pk),
                may_cast=phase == "open"
                and city.pk in eligible_ids
                and city.pk not in ballots
                and city.pk not in given,
            )
        )
    page.proxies_held = list(
        Proxy.objects.filter(motion=motion, holder_id__in=own).select_related("giver", "holder")
    )
    page.proxy_ballots = {
        p.giver_id: ballots[p.giver_id] for p in page.proxies_held if p.giver_id in ballots
    }
    return page


def proxy_holder_choices(motion: Motion, giver: City) -> Any:
    """Return the member cities in good standing that may still receive a proxy."""
    full = (
        Proxy.objects.filter(motion=motion)
        .values("holder")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
        .values("holder")
    )
    givers = Proxy.objects.filter(motion=motion).values("giver")
    return (
        City.objects.filter(status=City.Status.MEMBER)
        .exclude(pk=giver.pk)
        .exclude(pk__in=full)
        .exclude(pk__in=givers)
        .order_by("name")
    )


def result_rows(motion: Motion) -> list[tuple[Any, int, bool]]:
    """Return (option, ballots, is_winner) of a published result; empty before the close."""
    if motion.closed_at is None or not motion.result:
        return []
    counts = motion.result["counts"]
    return [
        (option, counts.get(str(option.pk), 0), option.pk == motion.result["winner"])
        for option in motion.options.all()
    ]
