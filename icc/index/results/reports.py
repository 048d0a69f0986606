"""Build a city's results report for a round: what the results page and its PDF show.

Reads the published results (selectors), puts them in the shape the pure
comparison module works on, and draws the charts. The page, the PDF and the
network table all read their figures from here.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from icc.core.pdf import html_to_pdf
from icc.core.site import absolute_url
from icc.index.models import Response, Round
from icc.index.results import charts, comparison, selectors
from icc.index.results.comparison import Entry, GroupKind
from icc.network.models import City


@dataclass(frozen=True)
class Sample:
    """The published results of one round, as comparison entries, with the round's areas."""

    round: Round
    entries: tuple[Entry, ...]
    area_codes: tuple[str, ...]
    area_names: dict[str, str]

    def entry(self, city_id: int) -> Entry | None:
        return next((e for e in self.entries if e.city_id == city_id), None)


def sample_for(index_round: Round, language: str | None = None) -> Sample:
    """Return the round's sample: every published result with the city facts peers need."""
    language = language or get_language() or "en"
    results = selectors.round_results(index_round)
    cities = City.objects.select_related("national_network").in_bulk(
        [result.city_id for result in results]
    )
    entries = tuple(
        Entry(
            city_id=result.city_id,
            name=cities[result.city_id].name_in(language),
            slug=cities[result.city_id].slug,
            overall=result.overall,
            areas=result.areas,
            population=cities[result.city_id].population,
            foreign_born_share=cities[result.city_id].foreign_born_share,
            national_network_id=cities[result.city_id].national_network_id,
            national_network_name=(
                cities[result.city_id].national_network.name  # type: ignore[union-attr]
                if cities[result.city_id].national_network_id
                else ""
            ),
        )
        for result in results
    )
    method = index_round.edition.method
    codes = tuple(area.id for area in method.areas)
    names = {area.id: area.title.in_language(language) for area in method.areas}
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
    sample: Sample
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

    @property
    def sample_size(self) -> int:
        return len(self.sample.entries)

    @property
    def rank(self) -> int:
        return self.groups[0][0].rank


def progress_rows(city: City, sample: Sample) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """Return the city's results across rounds, areas named by the current round's edition.

    An earlier edition's area scores are carried to the current edition's areas through
    the edition's mapping (``earlier``): the average of the earlier areas it continues.
    """
    method = sample.round.edition.method
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
    codes = [(code, sample.area_names[code]) for code in sample.area_codes]
    return rows, codes


def build_city_report(
    city: City, index_round: Round, *, custom_ids: Iterable[int] = ()
) -> CityReport | None:
    """Return the city's report for the round, or None when it has no published result there."""
    sample = sample_for(index_round)
    entry = sample.entry(city.pk)
    if entry is None:
        return None
    custom_ids = [i for i in custom_ids if i != city.pk]
    groups = comparison.peer_groups(
        entry,
        sample.entries,
        bands=index_round.bands,
        area_codes=sample.area_codes,
        custom_ids=custom_ids,
    )
    similar = next((g for g in groups if g.kind == GroupKind.SIMILAR), groups[0])
    peers = next((g for g in groups if g.kind == GroupKind.CUSTOM), similar)
    area_rows = comparison.compare_areas(entry, sample.entries, peers.members, sample.area_codes)
    strengths, weaknesses = comparison.strengths_and_weaknesses(area_rows)
    learn = comparison.learn_from(entry, sample.entries, sample.area_codes)
    rows, codes = progress_rows(city, sample)
    name = sample.area_names
    report = CityReport(
        city=city,
        round=index_round,
        sample=sample,
        entry=entry,
        groups=[(group, describe_group(group)) for group in groups],
        areas=[(row, name[row.code]) for row in area_rows],
        strengths=[(row, name[row.code]) for row in strengths],
        weaknesses=[(row, name[row.code]) for row in weaknesses],
        learn_from=[(item, name[item.code]) for item in learn],
        progress_rows=rows,
        progress_codes=codes,
        charts={},
        published_on=Response.objects.filter(round=index_round, city=city)
        .values_list("published_on", flat=True)
        .first(),
        custom_ids=custom_ids,
    )
    report.charts = draw_charts(report, peers_label=describe_group(peers))
    return report


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
    members = list(group.members)
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
        "others": [e for e in report.sample.entries if e.city_id != report.city.pk],
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
