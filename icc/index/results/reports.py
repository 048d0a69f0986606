"""Build a city's results report for a round: what the results page and its PDF show.

Reads the results stored at publication (``Result``, ``RoundSummary``): the city's
ranks and peer groups, the round's figures per area, and only the few other cities
the report names (the most similar, the picked, the best, those to learn from), so
that a report costs the same in a round of 10 cities or of 10,000. The page, the
PDF and the background task that renders published reports all build it here.
"""

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Sum
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from icc.core.generations import read_generations
from icc.core.page_cache import EVERYTHING as EVERY_PAGE
from icc.core.pdf import html_to_pdf
from icc.core.site import absolute_url
from icc.index.models import Result, Round, RoundSummary, Score
from icc.index.results import charts, comparison, ranking, selectors
from icc.index.results.comparison import Entry, GroupKind, band_bounds
from icc.network.models import City

# Up to this many cities, the report lists the sample and offers every city to compare
# with; beyond, it names the count and finds cities by name.
LIST_LIMIT = 200
# Cities found by name for the reader to pick, at most.
FOUND_LIMIT = 30
# The best cities named per area, at most (ties at the top can be many).
BEST_SHOWN = 10
CHARTS_KEPT_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Sample:
    """The published results of one round, as comparison entries, with the round's areas."""

    round: Round
    entries: tuple[Entry, ...]
    area_codes: tuple[str, ...]
    area_names: dict[str, str]

    def entry(self, city_id: int) -> Entry | None:
        return next((e for e in self.entries if e.city_id == city_id), None)


def _entry(row: Result, city: City, language: str) -> Entry:
    return Entry(
        city_id=city.pk,
        name=city.name_in(language),
        slug=city.slug,
        overall=row.overall,
        areas=row.area_scores(),
        population=city.population,
        foreign_born_share=city.foreign_born_share,
        national_network_id=city.national_network_id,
        national_network_name=(
            city.national_network.name  # type: ignore[union-attr]
            if city.national_network_id
            else ""
        ),
    )


def _entries(index_round: Round, city_ids: Iterable[int], language: str) -> dict[int, Entry]:
    """Return the entries of the given cities' stored results in the round, by city id."""
    rows = Result.objects.filter(round=index_round, city_id__in=list(city_ids)).select_related(
        "city__national_network"
    )
    return {row.city_id: _entry(row, row.city, language) for row in rows}


def area_titles(index_round: Round, language: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """Return the round's area codes, in the edition's order, and their names."""
    method = index_round.edition.method
    codes = tuple(area.id for area in method.areas)
    return codes, {area.id: area.title.in_language(language) for area in method.areas}


def sample_for(index_round: Round, language: str | None = None) -> Sample:
    """Return the round's whole sample, best first: for exports and the batches of reports."""
    language = language or get_language() or "en"
    rows = (
        Result.objects.filter(round=index_round)
        .select_related("city__national_network")
        .order_by("rank", "city_id")
    )
    entries = tuple(_entry(row, row.city, language) for row in rows)
    codes, names = area_titles(index_round, language)
    return Sample(index_round, entries, codes, names)


def _integer(value: float | None) -> str:
    return "" if value is None else number_format(int(value), force_grouping=True)


def describe_group(group: comparison.PeerGroup) -> str:
    """Return the peer group's name in the reader's language."""
    lower, upper = group.bounds
    if group.kind == GroupKind.SAMPLE:
        return _("All cities of the sample")
    if group.kind == GroupKind.POPULATION:
        if upper is None:
            return _("Cities of %(lower)s inhabitants or more") % {"lower": _integer(lower)}
        if lower is None:
            return _("Cities under %(upper)s inhabitants") % {"upper": _integer(upper)}
        return _("Cities of %(lower)s to %(upper)s inhabitants") % {
            "lower": _integer(lower),
            "upper": _integer(upper),
        }
    if group.kind == GroupKind.FOREIGN_BORN:
        if upper is None:
            return _("Cities with %(lower)s%% or more foreign-born residents") % {
                "lower": number_format(lower or 0)
            }
        if lower is None:
            return _("Cities with under %(upper)s%% foreign-born residents") % {
                "upper": number_format(upper or 0)
            }
        return _("Cities with %(lower)s%% to %(upper)s%% foreign-born residents") % {
            "lower": number_format(lower),
            "upper": number_format(upper),
        }
    if group.kind == GroupKind.NATIONAL_NETWORK:
        return _("Cities of the national network %(network)s") % {"network": group.description}
    if group.kind == GroupKind.SIMILAR:
        return _("The most similar cities (size, diversity and profile)")
    return _("The cities you picked")


@dataclass
class CityReport:
    """Everything the city's results page and PDF show for one round."""

    city: City
    round: Round
    sample_size: int
    entry: Entry
    groups: list[tuple[comparison.PeerGroup, str]]
    areas: list[tuple[comparison.AreaComparison, str]]
    strengths: list[tuple[comparison.AreaComparison, str]]
    weaknesses: list[tuple[comparison.AreaComparison, str]]
    learn_from: list[tuple[comparison.LearnFrom, str]]
    progress_rows: list[dict[str, Any]]
    progress_codes: list[tuple[str, str]]
    charts: dict[str, charts.Chart]
    published_on: Any
    custom_ids: list[int]
    # The sample's names, and the other cities to pick from, when the sample is small;
    # else the cities found by name (``find``).
    sample_names: list[str] | None = None
    others: list["Pick"] = field(default_factory=list)
    find: str = ""
    # Each area's dimension scores, by area code, when the edition has dimensions.
    dimensions: dict[str, "DimensionTable"] = field(default_factory=dict)
    # The round's ranks wait for a computation in the background (decision 0057).
    updating: bool = False

    @property
    def rank(self) -> int:
        return self.groups[0][0].rank

    @property
    def lists_the_sample(self) -> bool:
        return self.sample_names is not None


@dataclass(frozen=True)
class DimensionTable:
    """The city's stored scores in the dimensions of one area, as a data table shows them."""

    label_id: str
    rows: list[tuple[str, Decimal | None]]


def dimension_tables(row: Result, index_round: Round, language: str) -> dict[str, DimensionTable]:
    """Return, per area with dimensions, each dimension's title and the city's stored score.

    Reads the ``Score`` rows of level ``dimension`` that validation stored (no query when
    the edition has no dimensions).
    """
    method = index_round.edition.method
    if not method.dimensions:
        return {}
    stored = dict(
        Score.objects.filter(response_id=row.response_id, level=Score.Level.DIMENSION).values_list(
            "code", "score"
        )
    )
    return {
        area.id: DimensionTable(
            f"area-{area.id}-dimensions",
            [(d.title.in_language(language), stored.get(d.id)) for d in area.dimensions],
        )
        for area in method.areas
        if area.dimensions
    }


def progress_rows(
    city: City, index_round: Round, area_codes: Sequence[str], area_names: dict[str, str]
) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """Return the city's results across rounds, areas named by the current round's edition.

    An earlier edition's area scores are carried to the current edition's areas through
    the edition's mapping (``earlier``): the average of the earlier areas it continues.
    """
    method = index_round.edition.method
    history = selectors.city_result_history(city.pk)
    rows = []
    for result in history:
        areas: dict[str, Decimal | None] = {}
        for area in method.areas:
            if result.edition_code == method.id:
                areas[area.id] = result.areas.get(area.id)
            else:
                earlier = [result.areas[c] for c in area.earlier if c in result.areas]
                areas[area.id] = (
                    (sum(earlier, Decimal(0)) / len(earlier)).quantize(Decimal("0.01"))
                    if earlier
                    else None
                )
        rows.append({"result": result, "areas": areas})
    codes = [(code, area_names[code]) for code in area_codes]
    return rows, codes


def _groups(
    row: Result, entry: Entry, similar: list[Entry], custom: list[Entry], bands: dict[str, Any]
) -> list[comparison.PeerGroup]:
    """Return the city's peer groups as stored, with the members the report lists."""
    stored = row.groups

    def counted(kind: GroupKind, **extra: Any) -> comparison.PeerGroup:
        figures = stored[str(kind)]
        return comparison.PeerGroup(kind, "", (), figures["rank"], count=figures["size"], **extra)

    def listed(kind: GroupKind, members: list[Entry], rank: int) -> comparison.PeerGroup:
        members = [entry, *members]
        members.sort(key=lambda member: (-member.overall, member.name))
        return comparison.PeerGroup(kind, "", tuple(members), rank)

    groups = [counted(GroupKind.SAMPLE)]
    for kind, thresholds in (
        (GroupKind.POPULATION, bands.get("population", ())),
        (GroupKind.FOREIGN_BORN, bands.get("foreign_born_share", ())),
    ):
        if str(kind) in stored:
            bounds = band_bounds(stored[str(kind)]["band"], thresholds)
            groups.append(counted(kind, bounds=bounds))
    if str(GroupKind.NATIONAL_NETWORK) in stored:
        figures = stored[str(GroupKind.NATIONAL_NETWORK)]
        groups.append(
            comparison.PeerGroup(
                GroupKind.NATIONAL_NETWORK,
                entry.national_network_name,
                (),
                figures["rank"],
                count=figures["size"],
            )
        )
    if similar:
        groups.append(listed(GroupKind.SIMILAR, similar, stored[str(GroupKind.SIMILAR)]["rank"]))
    if custom:
        rank = comparison.rank_of(entry.city_id, [entry, *custom])
        groups.append(listed(GroupKind.CUSTOM, custom, rank))
    return groups


def _compare_areas(
    entry: Entry,
    row: Result,
    summary: RoundSummary,
    peers: Sequence[Entry],
    area_codes: Sequence[str],
    best: dict[int, Entry],
) -> list[comparison.AreaComparison]:
    """Return, per area, the city against the stored sample figures and its peers."""
    found = []
    for code in area_codes:
        figures = summary.areas.get(code, {})
        found.append(
            comparison.AreaComparison(
                code=code,
                city=entry.areas.get(code),
                sample_average=_decimal(figures.get("average")),
                peer_average=comparison.mean_score(
                    member.areas[code] for member in peers if code in member.areas
                ),
                best=_decimal(figures.get("best")),
                best_cities=tuple(
                    best[i] for i in figures.get("best_cities", [])[:BEST_SHOWN] if i in best
                ),
                rank=row.area_ranks.get(code),
                answered_by=figures.get("answered_by", 0),
            )
        )
    return found


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _learn_from(
    entry: Entry, summary: RoundSummary, area_codes: Sequence[str], language: str
) -> list[comparison.LearnFrom]:
    """Return the cities to learn from in the city's weakest areas, from the round's profiles."""
    profiles_data = RoundSummary.objects.filter(pk=summary.pk).values_list("profiles", flat=True)[0]
    city_ids, profiles = ranking.profiles_from_bytes(bytes(profiles_data))

    def names(ids: list[int]) -> dict[int, str]:
        cities = City.objects.filter(pk__in=ids).only("pk", "name", "names")
        return {city.pk: city.name_in(language) for city in cities}

    found = ranking.learn_from(entry.city_id, entry.areas, area_codes, city_ids, profiles, names)
    entries = _entries(summary.round, {i for item in found for i in item.city_ids}, language)
    return [
        comparison.LearnFrom(
            item.code,
            item.city_score,
            tuple((entries[i], entries[i].areas[item.code]) for i in item.city_ids),
        )
        for item in found
    ]


@dataclass(frozen=True)
class Pick:
    """A city of the sample the reader may pick to compare with."""

    city_id: int
    name: str


def _listed_cities(
    index_round: Round, city: City, summary: RoundSummary, language: str, find: str
) -> tuple[list[str] | None, list[Pick]]:
    """Return the sample's names and the cities to pick from (small samples), else those found."""
    rows = Result.objects.filter(round=index_round)
    if summary.sample_size > LIST_LIMIT:
        if not find:
            return None, []
        rows = rows.filter(city__name__icontains=find).exclude(city=city).order_by("city__name")
        rows = rows[:FOUND_LIMIT]
    else:
        rows = rows.order_by("rank", "city_id")
    picks = [
        Pick(city_id, _name_in(name, names, language))
        for city_id, name, names in rows.values_list("city_id", "city__name", "city__names")
    ]
    others = [pick for pick in picks if pick.city_id != city.pk]
    if summary.sample_size > LIST_LIMIT:
        return None, others
    return sorted(pick.name for pick in picks), others


def _name_in(name: str, names: dict[str, str] | None, language: str) -> str:
    """Return a city's name in ``language`` from its columns, as ``City.name_in`` does."""
    names = names or {}
    return names.get(language) or names.get(language.split("-")[0]) or name


def build_city_report(
    city: City, index_round: Round, *, custom_ids: Iterable[int] = (), find: str = ""
) -> CityReport | None:
    """Return the city's report for the round, or None when it has no published result there.

    Reads the stored results; ``find`` looks for cities to compare with by name, in a
    sample too large to list.
    """
    language = get_language() or "en"
    row = (
        Result.objects.filter(round=index_round, city=city)
        .select_related("city__national_network")
        .first()
    )
    if row is None:
        return None
    summary = RoundSummary.objects.defer("profiles").get(round=index_round)
    summary.round = index_round
    codes, names = area_titles(index_round, language)
    entry = _entry(row, row.city, language)
    custom_ids = [i for i in dict.fromkeys(custom_ids) if i != city.pk]
    best_ids = {i for f in summary.areas.values() for i in f.get("best_cities", [])[:BEST_SHOWN]}
    others = _entries(index_round, {*row.similar, *custom_ids, *best_ids}, language)
    similar = [others[i] for i in row.similar if i in others]
    custom = [others[i] for i in custom_ids if i in others]
    groups = _groups(row, entry, similar, custom, index_round.bands)
    similar_group = next((g for g in groups if g.kind == GroupKind.SIMILAR), None)
    peers_group = next((g for g in groups if g.kind == GroupKind.CUSTOM), similar_group)
    peers = peers_group.members if peers_group else (entry,)
    area_rows = _compare_areas(entry, row, summary, peers, codes, {**others, city.pk: entry})
    strengths, weaknesses = comparison.strengths_and_weaknesses(area_rows)
    learn = _learn_from(entry, summary, codes, language)
    rows, progress_codes = progress_rows(city, index_round, codes, names)
    sample_names, listed = _listed_cities(index_round, city, summary, language, find)
    report = CityReport(
        city=city,
        round=index_round,
        sample_size=summary.sample_size,
        entry=entry,
        groups=[(group, describe_group(group)) for group in groups],
        areas=[(area, names[area.code]) for area in area_rows],
        strengths=[(area, names[area.code]) for area in strengths],
        weaknesses=[(area, names[area.code]) for area in weaknesses],
        learn_from=[(item, names[item.code]) for item in learn],
        progress_rows=rows,
        progress_codes=progress_codes,
        charts={},
        published_on=row.published_on,
        custom_ids=custom_ids,
        sample_names=sample_names,
        others=listed,
        find=find,
        dimensions=dimension_tables(row, index_round, language),
        updating=summary.is_updating,
    )
    label = describe_group(peers_group) if peers_group else describe_group(groups[0])
    report.charts = _kept_charts(report, peers_label=label, language=language)
    return report


def _kept_charts(report: CityReport, *, peers_label: str, language: str) -> dict[str, charts.Chart]:
    """Return the report's charts, drawn once for each state of the published results.

    Drawing costs more than the rest of the report; the charts change only when results
    are stored again (every computation adds one to its round's version) or a city
    changes (every page's generation), so they are kept in the cache under those numbers.
    """
    versions = RoundSummary.objects.aggregate(total=Sum("version"), rounds=Count("pk"))
    state = ":".join(
        str(part)
        for part in (
            versions["total"],
            versions["rounds"],
            read_generations([EVERY_PAGE]).get(EVERY_PAGE, 0),
            report.round.pk,
            report.city.pk,
            language,
            # Only the peers' name in a description depends on the cities picked.
            peers_label,
        )
    )
    key = "index-charts:" + hashlib.sha256(state.encode()).hexdigest()
    drawn = cache.get(key)
    if drawn is None:
        drawn = draw_charts(report, peers_label=peers_label)
        cache.set(key, drawn, CHARTS_KEPT_SECONDS)
    return drawn


def draw_charts(report: CityReport, *, peers_label: str) -> dict[str, charts.Chart]:
    """Draw the area profile, the comparison with peers and the progress chart."""
    city = str(report.city)
    labels = [name for _row, name in report.areas]
    rows = [row for row, _name in report.areas]
    profile = charts.area_profile(
        labels,
        [
            (city, [r.city for r in rows]),
            (_("Sample average"), [r.sample_average for r in rows]),
            (_("Best"), [r.best for r in rows]),
        ],
        title=_("Score per area (0-100)"),
        description=_(
            "Bar chart of %(city)s's score in each area beside the sample average and the best "
            "score; the table below also gives the average of its peers (%(peers)s)."
        )
        % {"city": city, "peers": peers_label},
    )
    group = next(
        (g for g, _label in report.groups if g.kind == GroupKind.SIMILAR), report.groups[0][0]
    )
    members = list(group.members) or [report.entry]
    compare = charts.comparison(
        [m.name for m in members],
        [m.overall for m in members],
        next(i for i, m in enumerate(members) if m.city_id == report.city.pk),
        title=_("Overall index: %(city)s and the most similar cities") % {"city": city},
        others_label=_("The most similar cities"),
        description=_(
            "Bar chart of the overall index of %(city)s and of the most similar cities; "
            "%(city)s ranks %(rank)s of %(size)s in this group. The table below gives every figure."
        )
        % {"city": city, "rank": group.rank, "size": group.size},
    )
    history = report.progress_rows
    progress = charts.progress(
        [row["result"].round_label for row in history],
        [(_("Overall index"), [row["result"].overall for row in history])]
        + [
            (name, [row["areas"].get(code) for row in history])
            for code, name in report.progress_codes
            if code in {r.code for r, _n in report.weaknesses[:2] + report.strengths[:1]}
        ],
        title=_("Progress across rounds (0-100)"),
        description=_(
            "Line chart of the overall index of %(city)s in each round it published, with its "
            "strongest and weakest areas; the table below gives every figure."
        )
        % {"city": city},
    )
    return {"profile": profile, "comparison": compare, "progress": progress}


def report_page_context(report: CityReport) -> dict[str, Any]:
    """Return what ``index/city_report.html`` shows of the report, on the page and on paper."""
    return {
        "report": report,
        "city": report.city,
        "language": get_language(),
        "history_rounds": [row["result"] for row in report.progress_rows],
        "others": report.others,
    }


def render_report_pdf(report: CityReport) -> bytes:
    """Return the report's PDF in the active language, as a visitor's ``?format=pdf`` gets it.

    No request is needed: the PDF frame (``index/city_report_pdf.html``) shows neither the
    navigation nor anything of the reader. The background batches call this; the page's
    ``?format=pdf`` renders the same template through ``core.pdf.offers_pdf``.
    """
    html = render_to_string(
        "index/city_report.html", {**report_page_context(report), "is_pdf": True}
    )
    return html_to_pdf(html, base_url=absolute_url("/"))


def latest_round_for(city: City) -> Round | None:
    """Return the round the city's report shows by default (``default_round_for_city``)."""
    return selectors.default_round_for_city(city.pk)


def published_rounds() -> Sequence[Round]:
    """Return the rounds that have at least one published result, latest first."""
    return [index_round for index_round, _count in selectors.rounds_with_results()]
