"""Reads that shape the barometer's pages: a company's report, a city's page, the network's.

Figures about groups come only from ``icc.barometer.release`` (decision 0052); a
company's own scores only from its response, shown only through its private link.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from icc.barometer import instrument, release
from icc.barometer.models import (
    GroupFigure,
    Invitation,
    ReportShare,
    Round,
    SizeBand,
    sector_name,
)
from icc.network.models import City
from icc.practices.selectors import PracticeLink, published_practices_for_target_group

WEAK_SCORE = 50.0
SUGGESTIONS_PER_DIMENSION = 3
# The Index areas whose practices for businesses speak to each dimension of the instrument.
DIMENSION_AREAS = {
    "staff": ("business", "governance"),
    "careers": ("business",),
    "suppliers": ("business",),
    "customers": ("business", "public_services"),
    "training": ("business", "education", "language"),
    "workplace": ("business", "mediation"),
}
BUSINESS_TARGET_GROUP = "businesses"


def reason_text(reason: str, k: int) -> str:
    """Say why a group's figures are not shown, in the reader's language."""
    texts: dict[str, str] = {
        GroupFigure.Reason.TOO_FEW: _(
            "Not shown: this group holds fewer than %(k)s responses, so its figures could "
            "reveal a single company's answers."
        ),
        GroupFigure.Reason.DIFFERENCE: _(
            "Not shown: this group differs by fewer than %(k)s companies from another group "
            "shown now or before, so comparing the two could reveal a company's answers."
        ),
        GroupFigure.Reason.REMAINDER: _(
            "Not shown: with it, the groups of its kind that are not shown would hold fewer "
            "than %(k)s responses between them."
        ),
    }
    text = texts.get(reason) or _("Not shown: no figures are published for this round yet.")
    return text % {"k": k}


def group_label(kind: str, key: str, cities: dict[int, City] | None = None) -> str:
    """Name a predefined group in the reader's language."""
    if kind == GroupFigure.Kind.NETWORK:
        return _("All companies of the network")
    if kind == GroupFigure.Kind.CITY:
        city = (cities or {}).get(int(key)) if key.isdigit() else None
        if city is None:
            city = City.objects.filter(pk=int(key)).first() if key.isdigit() else None
        return _("Companies of %(city)s") % {"city": city.name_in(get_language()) if city else key}
    if kind == GroupFigure.Kind.SECTOR:
        return _("Sector %(sector)s") % {"sector": sector_name(key)}
    return _("Headcount: %(band)s") % {
        "band": SizeBand(key).label if key in SizeBand.values else key
    }


@dataclass
class Comparison:
    """One peer group on a company's report: its mean per dimension, or why it is withheld."""

    label: str
    released: bool
    explanation: str
    count: int | None
    means: dict[str, float] = field(default_factory=dict)


@dataclass
class DimensionLine:
    id: str
    title: str
    score: float | None
    peers: list[float | None]
    suggestions: list[PracticeLink]


@dataclass
class CompanyReport:
    invitation: Invitation
    edition_id: str
    submitted: bool
    overall: float | None
    comparisons: list[Comparison]
    lines: list[DimensionLine]
    published_at: Any
    performance: list[tuple[str, str]]

    @property
    def withheld(self) -> list[Comparison]:
        return [comparison for comparison in self.comparisons if not comparison.released]


def company_report(invitation: Invitation, *, shared: bool = False) -> CompanyReport:
    """Return the company's confidential report: its scores against its four peer groups.

    ``shared``: the report as the secretariat reads it when the company shares it,
    without the performance figures (those are the company's alone).
    """
    response = getattr(invitation, "response", None)
    round = invitation.round
    method = instrument.edition(response.edition_id if response else round.edition_id)
    scores = response.scores if response else {}
    wanted = [
        (GroupFigure.Kind.SECTOR, invitation.nace_section),
        (GroupFigure.Kind.SIZE, invitation.size_band),
        (GroupFigure.Kind.CITY, str(invitation.city_id)),
        (GroupFigure.Kind.NETWORK, release.NETWORK_KEY),
    ]
    shown = release.visible_figures(round, wanted)
    cities = {invitation.city_id: invitation.city}
    comparisons = []
    published_at = None
    for kind, key in wanted:
        figure = shown.get((kind, key))
        label = group_label(kind, key, cities)
        if figure is not None and figure.released:
            published_at = max(filter(None, [published_at, figure.published_at]), default=None)
            comparisons.append(Comparison(label, True, "", figure.count, dict(figure.means)))
        else:
            reason = figure.reason if figure is not None else "unpublished"
            comparisons.append(
                Comparison(label, False, reason_text(reason, round.min_group_size), None)
            )
    lines = []
    weak = []
    for dimension_id, title in instrument.dimensions(method):
        score = scores.get(dimension_id)
        lines.append(
            DimensionLine(
                dimension_id,
                title,
                score,
                [c.means.get(dimension_id) if c.released else None for c in comparisons],
                [],
            )
        )
        if score is not None and score < WEAK_SCORE:
            weak.append(lines[-1])
    if weak:
        practices = published_practices_for_target_group(
            BUSINESS_TARGET_GROUP, language=get_language()
        )
        for line in weak:
            areas = set(DIMENSION_AREAS.get(line.id, ("business",)))
            line.suggestions = [link for link, codes in practices if areas.intersection(codes)][
                :SUGGESTIONS_PER_DIMENSION
            ]
    performance = []
    language = get_language() or "en"
    for question in [] if shared else method.questions:
        if not question.is_scored and response and question.id in response.answers:
            performance.append(
                (question.text.in_language(language), str(response.answers[question.id]))
            )
    return CompanyReport(
        invitation,
        method.id,
        bool(response and response.submitted_at),
        scores.get(instrument.OVERALL),
        comparisons,
        lines,
        published_at,
        performance,
    )


@dataclass
class ResponseRate:
    invited: int
    started: int
    submitted: int
    erased: int

    @property
    def percent(self) -> int:
        active = self.invited + self.started + self.submitted
        return round(100 * self.submitted / active) if active else 0


def response_rate(round: Round, city: City | None = None) -> ResponseRate:
    """Count the round's invitations by status (for one city, or all)."""
    rows = Invitation.objects.filter(round=round)
    if city is not None:
        rows = rows.filter(city=city)
    statuses = Invitation.Status
    counts = rows.aggregate(
        invited=Count("pk", filter=Q(status=statuses.INVITED)),
        started=Count("pk", filter=Q(status=statuses.STARTED)),
        submitted=Count("pk", filter=Q(status=statuses.SUBMITTED)),
        erased=Count("pk", filter=Q(status=statuses.ERASED)),
    )
    return ResponseRate(**counts)


def rates_by_city(round: Round) -> list[tuple[City, ResponseRate]]:
    """Return each city's response counts in the round (the secretariat's table)."""
    statuses = Invitation.Status
    rows = (
        Invitation.objects.filter(round=round)
        .values("city_id")
        .annotate(
            invited=Count("pk", filter=Q(status=statuses.INVITED)),
            started=Count("pk", filter=Q(status=statuses.STARTED)),
            submitted=Count("pk", filter=Q(status=statuses.SUBMITTED)),
            erased=Count("pk", filter=Q(status=statuses.ERASED)),
        )
    )
    cities = City.objects.in_bulk([row["city_id"] for row in rows])
    result = [
        (
            cities[row["city_id"]],
            ResponseRate(row["invited"], row["started"], row["submitted"], row["erased"]),
        )
        for row in rows
    ]
    return sorted(result, key=lambda pair: pair[0].name)


@dataclass
class FigureRow:
    label: str
    kind: str
    key: str
    released: bool
    count: int | None
    means: list[float | None]
    explanation: str


def figure_rows(round: Round, kinds: tuple[str, ...] | None = None) -> list[FigureRow]:
    """Return every predefined group of the round as shown: released means, or why not."""
    method = instrument.edition(round.edition_id)
    keys = instrument.score_keys(method)
    shown = release.visible_figures(round)
    city_ids = [int(key) for kind, key in shown if kind == GroupFigure.Kind.CITY]
    cities = City.objects.in_bulk(city_ids)
    order = {kind: index for index, kind in enumerate(GroupFigure.Kind.values)}
    rows = []
    for (kind, key), figure in sorted(
        shown.items(), key=lambda item: (order[item[0][0]], item[0][1])
    ):
        if kinds is not None and kind not in kinds:
            continue
        rows.append(
            FigureRow(
                group_label(kind, key, cities),
                kind,
                key,
                figure.released,
                figure.count,
                [figure.means.get(each) for each in keys]
                if figure.released
                else [None] * len(keys),
                "" if figure.released else reason_text(figure.reason, round.min_group_size),
            )
        )
    return rows


@dataclass
class PerformanceCell:
    """One group's figure for one performance question: its mean over those who answered."""

    released: bool
    answered: int | None
    mean: float | None


@dataclass
class PerformanceTable:
    titles: list[str]
    measures: list[str]
    rows: list[tuple[str, str, str, list[PerformanceCell]]]

    @property
    def any_released(self) -> bool:
        return any(cell.released for *_group, cells in self.rows for cell in cells)


def performance_table(
    round: Round, groups: list[tuple[str, str]] | None = None
) -> PerformanceTable:
    """Return the released performance figures of the round's groups (or of ``groups``).

    Each figure counts only the companies of the group that answered that question (the
    questions are optional), under the same rule as the scores (``release``).
    """
    method = instrument.edition(round.edition_id)
    language = get_language() or "en"
    questions = instrument.performance_questions(method)
    shown = {
        question.id: release.visible_figures(round, groups, measure=question.id)
        for question in questions
    }
    order = {kind: index for index, kind in enumerate(GroupFigure.Kind.values)}
    wanted = sorted(
        {group for figures in shown.values() for group in figures} if groups is None else groups,
        key=lambda group: (order[group[0]], group[1]),
    )
    cities = City.objects.in_bulk(
        [int(key) for kind, key in wanted if kind == GroupFigure.Kind.CITY and key.isdigit()]
    )
    rows = []
    for kind, key in wanted:
        cells = []
        for question in questions:
            figure = shown[question.id].get((kind, key))
            if figure is not None and figure.released:
                cells.append(PerformanceCell(True, figure.count, figure.means.get("mean")))
            else:
                cells.append(PerformanceCell(False, None, None))
        rows.append((group_label(kind, key, cities), kind, key, cells))
    return PerformanceTable(
        [question.text.in_language(language) for question in questions],
        [question.id for question in questions],
        rows,
    )


def score_titles(round: Round) -> list[str]:
    """Return the column titles of a round's figures: each dimension, then the overall score."""
    method = instrument.edition(round.edition_id)
    return [title for _id, title in instrument.dimensions(method)] + [_("Overall")]


def city_history(city: City) -> list[tuple[Round, release.Shown]]:
    """Return the city's visible figure in every published round, oldest first."""
    return release.figure_history(GroupFigure.Kind.CITY, str(city.pk))


@dataclass
class HistoryRow:
    round: Round
    released: bool
    count: int | None
    means: list[float | None]


def history_rows(round: Round, kind: str, key: str) -> list[HistoryRow]:
    """Return a group's figures in every published round, by dimension (``round``'s columns).

    A dimension an earlier edition did not have shows as missing.
    """
    keys = instrument.score_keys(instrument.edition(round.edition_id))
    return [
        HistoryRow(
            past,
            shown.released,
            shown.count,
            [shown.means.get(each) for each in keys] if shown.released else [None] * len(keys),
        )
        for past, shown in release.figure_history(kind, key)
    ]


def latest_publication(round: Round) -> Any:
    return round.publications.order_by("-published_at", "-pk").first()


def open_share(invitation: Invitation) -> ReportShare | None:
    """Return the company's consent to share its report, while it is open."""
    return ReportShare.objects.filter(invitation=invitation, withdrawn_at__isnull=True).first()


def shared_reports(round: Round) -> list[ReportShare]:
    """Return the round's reports the companies share with the secretariat now."""
    return list(
        ReportShare.objects.filter(
            invitation__round=round,
            withdrawn_at__isnull=True,
            invitation__response__isnull=False,
        )
        .select_related("invitation", "invitation__city")
        .order_by("invitation__company_name", "pk")
    )
