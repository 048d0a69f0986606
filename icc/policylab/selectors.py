"""Reads that shape the lab's pages: journeys, the strategies' feeders and alignment maps.

Published practices are read only through ``icc.practices.selectors`` (decision 0054).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from icc.core.related_links import RelatedLink
from icc.network.models import City
from icc.policylab import framework
from icc.policylab.journey import Journey, Node, Step, draw, outline, outline_rows
from icc.policylab.models import Level, NationalStrategy, Stakeholder, StrategyMapping, Uptake
from icc.practices.selectors import (
    PracticeFacts,
    PracticeLink,
    published_practice_facts,
    published_practice_titles,
)


def practice_by_slug(slug: str) -> PracticeFacts | None:
    """Return the published practice with ``slug``, or None."""
    found = published_practice_facts(slug=slug)
    return found[0] if found else None


def practice_by_id(practice_id: int) -> PracticeFacts | None:
    """Return the published practice with ``practice_id``, or None."""
    found = published_practice_facts(ids=[practice_id])
    return found[0] if found else None


def practices_of_cities(city_ids: Iterable[int]) -> list[PracticeFacts]:
    """Return the published practices of the cities given."""
    return published_practice_facts(city_ids=city_ids)


def practice_title(practice_id: int) -> PracticeLink | None:
    """Return the practice's title and address in the active language."""
    return published_practice_titles([practice_id]).get(practice_id)


@dataclass(frozen=True)
class PracticeRef:
    """A published practice as the lab links it: its title, its page and its journey."""

    id: int
    title: str
    url: str
    journey_url: str


def practice_refs(ids: Iterable[int]) -> dict[int, PracticeRef]:
    """Return ``{id: reference}`` for the published practices given, in the active language."""
    ids = set(ids)
    titles = published_practice_titles(ids)
    slugs = {facts.id: facts.slug for facts in published_practice_facts(ids=ids)}
    return {
        pk: PracticeRef(
            pk, link.title, link.url, reverse("policylab:journey", kwargs={"slug": slugs[pk]})
        )
        for pk, link in titles.items()
        if pk in slugs
    }


def decided_by(uptake: Uptake, origin_city_id: int | None) -> str:
    """Return, in words, which side confirmed or declined the uptake ("" while it waits)."""
    if uptake.confirmed_side == "origin" and origin_city_id is not None:
        city = City.objects.filter(pk=origin_city_id).first()
        return _("the city where the practice began (%(city)s)") % {"city": city}
    if uptake.confirmed_side == "adopter":
        return _("the side that took it up (%(adopter)s)") % {"adopter": uptake.adopter_label}
    if uptake.confirmed_side == "secretariat":
        return _("the Intercultural Cities secretariat")
    return ""


def journey_link(practice_id: int) -> RelatedLink | None:
    """Return the link a practice's page shows to its journey, when it has a confirmed uptake.

    Registered in ``core.related_links`` (decision 0069): practices do not import the lab.
    """
    count = Uptake.objects.confirmed().filter(practice_id=practice_id).count()
    practice = practice_by_id(practice_id) if count else None
    if practice is None:
        return None
    return RelatedLink(
        ngettext(
            "Its journey towards regional and national policy (%(count)s uptake)",
            "Its journey towards regional and national policy (%(count)s uptakes)",
            count,
        )
        % {"count": count},
        reverse("policylab:journey", kwargs={"slug": practice.slug}),
    )


def travelled_practices(limit: int = 50) -> list[PracticeRef]:
    """Return the published practices with a confirmed uptake, the latest confirmed first."""
    ids: list[int] = []
    for practice_id in (
        Uptake.objects.confirmed()
        .order_by("-confirmed_at", "-pk")
        .values_list("practice_id", flat=True)
    ):
        if practice_id not in ids:
            ids.append(practice_id)
        if len(ids) >= limit:
            break
    refs = practice_refs(ids)
    return [refs[pk] for pk in ids if pk in refs]


def practices_of_cities_refs(city_ids: Iterable[int], limit: int = 50) -> list[PracticeRef]:
    """Return the published practices of the cities given, titled, for their journeys."""
    ids = [facts.id for facts in published_practice_facts(city_ids=city_ids)][:limit]
    refs = practice_refs(ids)
    return sorted(refs.values(), key=lambda ref: ref.title)


def uptakes_of(practice_id: int, *, confirmed_only: bool) -> QuerySet[Uptake]:
    """Return the practice's uptakes (confirmed ones only for the public), oldest first."""
    rows = Uptake.objects.filter(practice_id=practice_id).select_related(
        "adopter_city", "adopter_stakeholder", "strategy", "source"
    )
    if confirmed_only:
        return rows.confirmed()
    return rows.live()


def build_journey(practice: PracticeFacts, uptakes: Iterable[Uptake]) -> Journey:
    """Return the journey of ``practice`` made of ``uptakes`` (each source among them)."""
    if practice.city_id is not None:
        city = City.objects.get(pk=practice.city_id)
        origin = Node(f"city:{city.pk}", str(city), Level.LOCAL, str(Level.LOCAL.label))
    else:
        origin = Node(
            f"practice:{practice.id}",
            _("Where the practice began"),
            Level.LOCAL,
            str(Level.LOCAL.label),
        )
    journey = Journey(origin)
    rows = list(uptakes)
    kept = {row.pk for row in rows}
    for row in rows:
        source = row.source.adopter_key if row.source_id in kept else origin.key  # type: ignore[union-attr]
        journey.add(
            Step(
                source,
                row.adopter_key,
                row.adopted_on,
                str(Uptake.Kind(row.kind).label),
                row.pk,
                row.status == Uptake.Status.PROPOSED,
            ),
            Node(row.adopter_key, row.adopter_label, row.level, row.level_label),
        )
    return journey


def level_names() -> list[str]:
    return [str(label) for label in Level.labels]


def journey_picture(journey: Journey, *, title: str) -> str:
    """Return the journey's SVG for the page (inline: no XML declaration, scales to width)."""
    svg = draw(journey, title=title, level_names=level_names())
    svg = svg.split("?>", 1)[-1].lstrip()
    # Without width and height, the inline picture takes the column's width (viewBox kept).
    head, rest = svg.split(">", 1)
    head = " ".join(part for part in head.split() if not part.startswith(("width=", "height=")))
    return head + ">" + rest


def journey_page(practice: PracticeFacts, *, confirmed_only: bool) -> dict:
    """Return what a journey page shows: the picture, the list, the uptakes in a table."""
    rows = list(uptakes_of(practice.id, confirmed_only=confirmed_only))
    journey = build_journey(practice, rows)
    link = practice_title(practice.id)
    title = _("Journey of the practice “%(title)s”") % {
        "title": link.title if link else practice.slug
    }
    return {
        "practice": practice,
        "practice_link": link,
        "title": title,
        "svg": journey_picture(journey, title=title),
        "outline": outline_rows(outline(journey)),
        "uptakes": rows,
    }


# Strategies -----------------------------------------------------------------------------


@dataclass
class Feeder:
    """A local practice that fed the strategy, and the path it took to get there."""

    practice: PracticeLink
    origin: str
    path: list[Uptake]


def strategy_feeders(strategy: NationalStrategy) -> list[Feeder]:
    """Return the local practices whose confirmed journey reached the strategy, with their path."""
    arrivals = list(strategy.uptakes.confirmed().select_related("source"))
    if not arrivals:
        return []
    practice_ids = {row.practice_id for row in arrivals}
    rows = {
        row.pk: row
        for row in Uptake.objects.confirmed()
        .filter(practice_id__in=practice_ids)
        .select_related("adopter_city", "adopter_stakeholder", "strategy")
    }
    titles = published_practice_titles(practice_ids)
    facts = {p.id: p for p in published_practice_facts(ids=practice_ids)}
    cities = {
        c.pk: c
        for c in City.objects.filter(pk__in=[f.city_id for f in facts.values() if f.city_id])
    }
    found = []
    for arrival in arrivals:
        if arrival.practice_id not in titles:
            continue
        path = [rows.get(arrival.pk, arrival)]
        while path[0].source_id and path[0].source_id in rows:
            path.insert(0, rows[path[0].source_id])
        city_id = facts[arrival.practice_id].city_id
        origin = str(cities[city_id]) if city_id in cities else ""
        found.append(Feeder(titles[arrival.practice_id], origin, path))
    return found


@dataclass
class ElementRow:
    """One element of the framework on a strategy's alignment map."""

    element: framework.Element
    coverage: str
    coverage_label: str
    note: str
    backing: list[PracticeLink] = field(default_factory=list)
    backing_count: int = 0
    uptake_count: int = 0
    candidates: list[str] = field(default_factory=list)
    candidate_count: int = 0

    @property
    def is_gap(self) -> bool:
        return self.backing_count == 0


@dataclass
class PrincipleRows:
    principle: framework.Principle
    rows: list[ElementRow]


CANDIDATES_SHOWN = 8


def strategy_map(strategy: NationalStrategy) -> list[PrincipleRows]:
    """Return, per element, the strategy's coverage, the practices backing it, and candidates.

    A practice backs an element when it comes from a city of the strategy's country, serves
    one of the element's Index areas (or its uptake names the element), and has a
    confirmed uptake beyond its city. Elements without one are gaps; the cities of the
    country with published practices in the element's areas could fill them.
    """
    cities = dict(
        City.objects.filter(country=strategy.country)
        .exclude(status=City.Status.LEFT)
        .values_list("pk", "name")
    )
    practices = published_practice_facts(city_ids=list(cities))
    by_id = {p.id: p for p in practices}
    counted: dict[int, int] = defaultdict(int)
    named: dict[int, set[str]] = defaultdict(set)
    for practice_id, codes in (
        Uptake.objects.confirmed()
        .filter(practice_id__in=list(by_id))
        .values_list("practice_id", "elements")
        .iterator(chunk_size=2000)
    ):
        counted[practice_id] += 1
        named[practice_id].update(codes or ())
    mappings = {m.element: m for m in StrategyMapping.objects.filter(strategy=strategy)}
    area_practices: dict[str, list[PracticeFacts]] = defaultdict(list)
    for practice in practices:
        for area in practice.areas:
            area_practices[area].append(practice)
    wanted: set[int] = set()
    result = []
    element_backing: dict[str, list[int]] = {}
    for principle in framework.principles():
        rows = []
        for element in principle.elements:
            mapping = mappings.get(element.code)
            coverage = mapping.coverage if mapping else ""
            label = StrategyMapping.Coverage(coverage).label if coverage else _("Not mapped yet")
            serving = {
                p.id: p for area in element.index_areas for p in area_practices.get(area, [])
            }
            serving.update(
                {pid: by_id[pid] for pid, codes in named.items() if element.code in codes}
            )
            backing = sorted(pid for pid in serving if counted.get(pid))
            element_backing[element.code] = backing[:CANDIDATES_SHOWN]
            wanted.update(backing[:CANDIDATES_SHOWN])
            row = ElementRow(
                element,
                coverage,
                str(label),
                mapping.note if mapping else "",
                backing_count=len(backing),
                uptake_count=sum(counted[pid] for pid in backing),
            )
            if not backing:
                names = sorted({cities[p.city_id] for p in serving.values() if p.city_id in cities})
                row.candidate_count = len(names)
                row.candidates = names[:CANDIDATES_SHOWN]
            rows.append(row)
        result.append(PrincipleRows(principle, rows))
    titles = published_practice_titles(wanted)
    for group in result:
        for row in group.rows:
            row.backing = [
                titles[pid] for pid in element_backing[row.element.code] if pid in titles
            ]
    return result


def stakeholders_by_level(
    stakeholders: Iterable[Stakeholder],
) -> list[tuple[str, list[Stakeholder]]]:
    """Return the stakeholders grouped by level, local first."""
    groups: dict[str, list[Stakeholder]] = defaultdict(list)
    for stakeholder in stakeholders:
        groups[stakeholder.level].append(stakeholder)
    return [(str(label), groups[value]) for value, label in Level.choices if groups.get(value)]
