"""The no-inference rule (decision 0052): which group figures may be released, and reading them.

Every page, API endpoint and export reads group figures through ``visible_figures`` (or
``figure_history``) below, and only ``publish_figures`` writes them; nothing else in the
app computes a figure about more than one company. The rule, in full:

1. **Predefined groups only.** Per round: the whole network, each city, each NACE section,
   each headcount band. No other group and no combination of filters is ever computed.
2. **Threshold.** A group is released only when it holds at least k responses (k is the
   round's ``min_group_size``, set by the secretariat, 5 by default).
3. **Differences with the past.** A new figure is released only if, against every figure
   released before (earlier publications of the round and of earlier rounds, compared by
   company), the companies in one and not the other number 0 or at least k, both ways.
   "A company added between two publications (or two rounds)" is thus never shown.
4. **Differences between groups.** The same between every two figures released together
   (a group and a group inside it, such as a city and a sector found only there); of two
   figures too close, the smaller is withheld.
5. **Remainders.** In each family of groups (cities, sectors, headcounts), the responses of
   the groups withheld number 0 or at least k; otherwise the smallest released group of
   the family is withheld too, until they do.

A withheld figure stores no score, only its reason. A figure once released stays
readable (it tells nothing new); pages show each group's latest released figure.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import transaction
from scipy import sparse

from icc.barometer.models import GroupFigure, Publication, Round

Kind = GroupFigure.Kind
Reason = GroupFigure.Reason
FAMILIES = (Kind.CITY, Kind.SECTOR, Kind.SIZE)
NETWORK_KEY = "all"
PLACES = 1


@dataclass(frozen=True)
class Row:
    """One submitted response as the rule sees it: the company, its groups, its scores."""

    company_id: int
    city_id: int
    sector: str
    size: str
    scores: Mapping[str, float]

    def groups(self) -> list[tuple[str, str]]:
        return [
            (Kind.NETWORK, NETWORK_KEY),
            (Kind.CITY, str(self.city_id)),
            (Kind.SECTOR, self.sector),
            (Kind.SIZE, self.size),
        ]


@dataclass
class Figure:
    """A group's figure in a publication being computed."""

    kind: str
    key: str
    members: np.ndarray
    reason: str = Reason.RELEASED
    means: dict[str, float] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class Earlier:
    """A figure released before, as the rule compares new figures with it."""

    kind: str
    key: str
    members: np.ndarray


def decide(
    rows: Sequence[Row], k: int, earlier: Sequence[Earlier] = (), score_keys: Iterable[str] = ()
) -> list[Figure]:
    """Apply the rule to the responses ``rows``: return every group, released or withheld."""
    groups: dict[tuple[str, str], list[int]] = {}
    for index, row in enumerate(rows):
        for group in row.groups():
            groups.setdefault(group, []).append(index)
    company = np.array([row.company_id for row in rows], dtype=np.int64)
    figures = [
        Figure(kind, key, np.sort(company[np.array(indexes, dtype=np.int64)]))
        for (kind, key), indexes in sorted(groups.items())
    ]
    if not figures:
        return []
    for figure in figures:
        if figure.count < k:
            figure.reason = Reason.TOO_FEW
    universe = np.unique(
        np.concatenate([company, *[each.members for each in earlier]]).astype(np.int64)
    )
    matrix = _incidence([figure.members for figure in figures], universe)
    counts = np.array([figure.count for figure in figures])
    _against_earlier(figures, matrix, counts, earlier, universe, k)
    _between_groups(figures, matrix, counts, k)
    _remainders(figures, len(rows), k)
    _means(figures, rows, groups, list(score_keys))
    return figures


def _incidence(member_sets: Sequence[np.ndarray], universe: np.ndarray) -> sparse.csr_matrix:
    """Return the groups × companies matrix: 1 where the company is in the group."""
    rows = np.concatenate(
        [np.full(len(members), index) for index, members in enumerate(member_sets)]
    ).astype(np.int64)
    columns = np.searchsorted(universe, np.concatenate(member_sets).astype(np.int64))
    data = np.ones(len(columns), dtype=np.int64)
    return sparse.csr_matrix((data, (rows, columns)), shape=(len(member_sets), len(universe)))


def _too_close(left: np.ndarray, right: np.ndarray, both: np.ndarray, k: int) -> np.ndarray:
    """Tell where two groups differ by 1 to k − 1 companies, either way."""
    only_left = left - both
    only_right = right - both
    return ((only_left > 0) & (only_left < k)) | ((only_right > 0) & (only_right < k))


def _against_earlier(
    figures: list[Figure],
    matrix: sparse.csr_matrix,
    counts: np.ndarray,
    earlier: Sequence[Earlier],
    universe: np.ndarray,
    k: int,
) -> None:
    if not earlier:
        return
    past = _incidence([each.members for each in earlier], universe)
    shared = (matrix @ past.T).toarray()
    past_counts = np.array([len(each.members) for each in earlier])
    close = _too_close(counts[:, None], past_counts[None, :], shared, k)
    for index in np.flatnonzero(close.any(axis=1)):
        if figures[index].reason == Reason.RELEASED:
            figures[index].reason = Reason.DIFFERENCE


def _between_groups(
    figures: list[Figure], matrix: sparse.csr_matrix, counts: np.ndarray, k: int
) -> None:
    shared = (matrix @ matrix.T).toarray()
    close = _too_close(counts[:, None], counts[None, :], shared, k)
    for left, right in zip(*np.nonzero(np.triu(close, 1)), strict=True):
        one, other = figures[left], figures[right]
        if one.reason == Reason.RELEASED and other.reason == Reason.RELEASED:
            smaller = (
                one
                if (one.count, one.kind, one.key) < (other.count, other.kind, other.key)
                else other
            )
            smaller.reason = Reason.DIFFERENCE


def _remainders(figures: list[Figure], total: int, k: int) -> None:
    for family in FAMILIES:
        members = [figure for figure in figures if figure.kind == family]
        while True:
            released = sorted(
                (figure for figure in members if figure.reason == Reason.RELEASED),
                key=lambda figure: (figure.count, figure.key),
            )
            remainder = total - sum(figure.count for figure in released)
            if not released or not 0 < remainder < k:
                break
            released[0].reason = Reason.REMAINDER


def _means(
    figures: list[Figure],
    rows: Sequence[Row],
    groups: Mapping[tuple[str, str], list[int]],
    keys: list[str],
) -> None:
    if not keys:
        keys = sorted({key for row in rows for key in row.scores})
    values = np.array([[row.scores.get(key, np.nan) for key in keys] for row in rows], dtype=float)
    for figure in figures:
        if figure.reason != Reason.RELEASED:
            continue
        chosen = values[np.array(groups[(figure.kind, figure.key)], dtype=np.int64)]
        for column, key in enumerate(keys):
            present = chosen[:, column][~np.isnan(chosen[:, column])]
            # A mean over part of the group (a score some could not get) is never shown.
            if len(present) == len(chosen):
                figure.means[key] = round(float(present.mean()), PLACES)


# Writing and reading ------------------------------------------------------------------------


def earlier_figures(round: Round) -> list[Earlier]:
    """Return every figure released before, of any round: a new one is checked against all."""
    rows = GroupFigure.objects.filter(reason=Reason.RELEASED)
    return [
        Earlier(kind, key, np.frombuffer(bytes(members), dtype="<i8"))
        for kind, key, members in rows.values_list("kind", "key", "members")
    ]


@transaction.atomic
def publish_figures(
    round: Round, rows: Sequence[Row], *, score_keys: Iterable[str], published_by: Any
) -> Publication:
    """Decide and store a publication of ``round`` from ``rows`` (the services call this)."""
    earlier = earlier_figures(round)
    figures = decide(rows, round.min_group_size, earlier, score_keys)
    publication = Publication.objects.create(
        round=round, responses=len(rows), published_by=published_by
    )
    GroupFigure.objects.bulk_create(
        [
            GroupFigure(
                publication=publication,
                kind=figure.kind,
                key=figure.key,
                reason=figure.reason,
                count=figure.count if figure.reason == Reason.RELEASED else None,
                means=figure.means,
                members=(
                    figure.members.astype("<i8").tobytes()
                    if figure.reason == Reason.RELEASED
                    else b""
                ),
            )
            for figure in figures
        ]
    )
    return publication


@dataclass(frozen=True)
class Shown:
    """A group as pages show it: released with its count and means, or withheld with why."""

    kind: str
    key: str
    released: bool
    reason: str
    count: int | None
    means: Mapping[str, float]
    published_at: object


def visible_figures(round: Round, groups: Iterable[tuple[str, str]] | None = None) -> dict:
    """Return ``{(kind, key): Shown}``: each group's latest released figure of ``round``.

    A group never released shows the reason of its latest publication. ``groups`` limits
    the answer to those groups; the members are never read here.
    """
    query = GroupFigure.objects.filter(publication__round=round).defer("members")
    if groups is not None:
        wanted = list(groups)
        if not wanted:
            return {}
        from django.db.models import Q

        condition = Q()
        for kind, key in wanted:
            condition |= Q(kind=kind, key=key)
        query = query.filter(condition)
    shown: dict[tuple[str, str], Shown] = {}
    rows = query.select_related("publication").order_by(
        "-publication__published_at", "-publication_id"
    )
    for figure in rows.only("kind", "key", "reason", "count", "means", "publication__published_at"):
        group = (figure.kind, figure.key)
        current = shown.get(group)
        if current is not None and (current.released or not figure.is_released):
            continue
        shown[group] = Shown(
            figure.kind,
            figure.key,
            figure.is_released,
            figure.reason,
            figure.count if figure.is_released else None,
            figure.means if figure.is_released else {},
            figure.publication.published_at,
        )
    return shown


def figure_history(kind: str, key: str) -> list[tuple[Round, Shown]]:
    """Return one group's visible figure in every round that has a publication, oldest first."""
    rounds = Round.objects.filter(publications__isnull=False).distinct().order_by("opens_on")
    history = []
    for round in rounds:
        shown = visible_figures(round, [(kind, key)]).get((kind, key))
        if shown is not None:
            history.append((round, shown))
    return history
