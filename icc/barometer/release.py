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
6. **No combination singles out a company.** Each released figure is a sum (mean × count)
   over known companies; a company's own value follows from any number of figures (three
   or more, from any publications and rounds) exactly when its unit vector lies in the
   row space of the figures × companies matrix. ``isolated`` checks this for every
   company (leverage 1); while one is exposed, the smallest released figure counting it
   is withheld, and the remainders are checked again.

The same rule, with the same k, decides each performance figure (``decide_performance``):
its members are the group's companies that answered that question.

A withheld figure stores no score, only its reason. A figure once released stays
readable (it tells nothing new); pages show each group's latest released figure.
"""

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast
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
    performance: Mapping[str, float] = field(default_factory=dict)

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
    groups = _groups(rows)
    company = np.array([row.company_id for row in rows], dtype=np.int64)
    figures = _apply_rule(groups, company, len(rows), k, earlier)
    _means(figures, rows, groups, list(score_keys))
    return figures


def decide_performance(
    rows: Sequence[Row],
    k: int,
    earlier: Mapping[str, Sequence[Earlier]],
    measures: Iterable[str],
) -> dict[str, list[Figure]]:
    """Apply the same rule to each performance figure: ``{question id: figures}``.

    A performance figure of a group counts only its companies that answered the
    question: those are its members, checked as any group's (threshold, differences
    with the figures of that question released before and now, remainders, isolation).
    Its ``means`` is ``{"mean": …}``.
    """
    decided = {}
    for measure in measures:
        answered = [row for row in rows if measure in row.performance]
        groups = _groups(answered)
        company = np.array([row.company_id for row in answered], dtype=np.int64)
        figures = _apply_rule(groups, company, len(answered), k, earlier.get(measure, ()))
        values = np.array([row.performance[measure] for row in answered], dtype=float)
        for figure in figures:
            if figure.reason == Reason.RELEASED:
                chosen = values[groups[(figure.kind, figure.key)]]
                figure.means = {"mean": round(float(chosen.mean()), PLACES)}
        decided[measure] = figures
    return decided


def _groups(rows: Sequence[Row]) -> dict[tuple[str, str], np.ndarray]:
    """Return ``{(kind, key): indexes of the rows in the group}`` for every group present."""
    groups: dict[tuple[str, str], np.ndarray] = {}
    if not rows:
        return groups
    groups[(Kind.NETWORK, NETWORK_KEY)] = np.arange(len(rows), dtype=np.int64)
    for kind, values in (
        (Kind.CITY, [row.city_id for row in rows]),
        (Kind.SECTOR, [row.sector for row in rows]),
        (Kind.SIZE, [row.size for row in rows]),
    ):
        codes: dict[Any, int] = {}
        coded = np.array([codes.setdefault(value, len(codes)) for value in values], np.int64)
        order = np.argsort(coded, kind="stable")
        bounds = np.searchsorted(coded[order], np.arange(len(codes) + 1))
        for value, code in codes.items():
            groups[(kind, str(value))] = order[bounds[code] : bounds[code + 1]]
    return groups


def _apply_rule(
    groups: Mapping[tuple[str, str], np.ndarray],
    company: np.ndarray,
    total: int,
    k: int,
    earlier: Sequence[Earlier],
) -> list[Figure]:
    figures = [
        Figure(kind, key, np.sort(company[indexes]))
        for (kind, key), indexes in sorted(groups.items())
    ]
    if not figures:
        return []
    for figure in figures:
        if figure.count < k:
            figure.reason = Reason.TOO_FEW
    universe = _distinct(np.concatenate([company, *[each.members for each in earlier]]))
    matrix = _incidence([figure.members for figure in figures], universe)
    counts = np.array([figure.count for figure in figures])
    _against_earlier(figures, matrix, counts, earlier, universe, k)
    _between_groups(figures, matrix, counts, k)
    # Companies nothing withheld now would protect: those the earlier figures alone single
    # out (none, when every earlier publication went through this rule).
    ignored: set[int] = set()
    while True:
        _remainders(figures, total, k)
        if not _isolation(figures, earlier, company, ignored):
            break
    return figures


def _distinct(values: np.ndarray) -> np.ndarray:
    """Return the distinct company ids, sorted (a sort, quicker here than ``np.unique``)."""
    ordered = np.sort(values.astype(np.int64))
    if not len(ordered):
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


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


def isolated(member_sets: Sequence[np.ndarray], among: np.ndarray | None = None) -> np.ndarray:
    """Return the companies whose own value some combination of these released sums gives.

    Each released figure is the sum of its members' values (mean × count, counts being
    shown). One company's value follows from a set of sums exactly when its unit vector
    lies in the row space of the figures × companies matrix, whatever the number of
    figures combined (two, three or more, of any publications). Companies counted by
    exactly the same figures can never be told apart, so each such class is one column;
    a company alone in its class is exposed when the column's leverage (the diagonal of
    the projection on the row space) is 1. ``among`` limits the answer to those companies.
    """
    # The same set released twice (a group unchanged between publications) adds nothing.
    sets = list({members.tobytes(): members for members in member_sets if len(members)}.values())
    if not sets:
        return np.array([], dtype=np.int64)
    universe = _distinct(np.concatenate(sets))
    matrix = _incidence(sets, universe).astype(float).tocsc()
    # Columns with the same figures share a random signature; a second one confirms it.
    weights = np.random.default_rng(52).random((matrix.shape[0], 2))
    signature = np.asarray(matrix.T @ weights)
    _unique, first, inverse, sizes = np.unique(
        signature[:, 0], return_index=True, return_inverse=True, return_counts=True
    )
    if not np.array_equal(signature[first[inverse], 1], signature[:, 1]):
        _unique, first, sizes = np.unique(signature, axis=0, return_index=True, return_counts=True)
    alone = first[sizes == 1]
    if among is not None:
        alone = alone[np.isin(universe[alone], among)]
    if not len(alone):
        return np.array([], dtype=np.int64)
    classes = matrix[:, first]
    gram = (classes @ classes.T).toarray()
    values, vectors = np.linalg.eigh(gram)
    keep = values > values.max() * 1e-10
    pseudo_inverse = (vectors[:, keep] / values[keep]) @ vectors[:, keep].T
    columns = matrix[:, alone].toarray()
    leverage = np.einsum("ij,ij->j", columns, pseudo_inverse @ columns)
    return np.asarray(universe[alone[leverage > 1 - 1e-6]], dtype=np.int64)


def _isolation(
    figures: list[Figure], earlier: Sequence[Earlier], company: np.ndarray, ignored: set[int]
) -> bool:
    """Withhold the smallest released figure that lets a combination single out a company.

    Return whether one was withheld (the remainders are then checked again). A company
    the earlier figures alone already single out goes to ``ignored``: nothing withheld
    now would protect it (it never happens when every publication went through this rule).
    """
    released = [figure for figure in figures if figure.reason == Reason.RELEASED]
    if not released:
        return False
    exposed = isolated(
        [figure.members for figure in released] + [each.members for each in earlier], company
    )
    for target in (int(each) for each in exposed):
        if target in ignored:
            continue
        holding = [figure for figure in released if _holds(figure.members, target)]
        if not holding or (
            earlier and len(isolated([each.members for each in earlier], np.array([target])))
        ):
            ignored.add(target)
            continue
        smallest = min(holding, key=lambda figure: (figure.count, figure.kind, figure.key))
        smallest.reason = Reason.DIFFERENCE
        return True
    return False


def _holds(members: np.ndarray, company: int) -> bool:
    """Tell whether the sorted ``members`` count ``company``."""
    at = int(np.searchsorted(members, company))
    return at < len(members) and int(members[at]) == company


def _score_matrix(rows: Sequence[Row], keys: list[str]) -> np.ndarray:
    """Return the rows' scores as a matrix, one column per key; a missing score is NaN."""
    getter = itemgetter(*keys)
    try:
        values = np.array([getter(row.scores) for row in rows], dtype=float)
    except (KeyError, TypeError, ValueError):
        values = np.array([[row.scores.get(key) for key in keys] for row in rows], dtype=float)
    return values.reshape(len(rows), len(keys))


def _means(
    figures: list[Figure],
    rows: Sequence[Row],
    groups: Mapping[tuple[str, str], np.ndarray],
    keys: list[str],
) -> None:
    if not keys:
        keys = sorted({key for row in rows for key in row.scores})
    values = _score_matrix(rows, keys)
    released = [figure for figure in figures if figure.reason == Reason.RELEASED]
    if not released or not keys:
        return
    # One pass: the sums and the missing scores of every released group at once.
    indexes = [groups[(figure.kind, figure.key)] for figure in released]
    sizes = [len(each) for each in indexes]
    which = np.repeat(np.arange(len(indexes)), sizes)
    incidence = sparse.csr_matrix(
        (np.ones(sum(sizes)), (which, np.concatenate(indexes))), shape=(len(indexes), len(rows))
    )
    missing = np.isnan(values)
    sums = np.asarray(incidence @ np.where(missing, 0.0, values))
    gaps = np.asarray(incidence @ missing.astype(float))
    for row, figure in enumerate(released):
        for column, key in enumerate(keys):
            # A mean over part of the group (a score some could not get) is never shown.
            if gaps[row, column] == 0:
                figure.means[key] = round(float(sums[row, column] / figure.count), PLACES)


# Writing and reading ------------------------------------------------------------------------


def earlier_figures(round: Round) -> dict[str, list[Earlier]]:
    """Return every figure released before, of any round, by measure ("" for the scores).

    A new figure is checked against every earlier one of the same measure.
    """
    rows = GroupFigure.objects.filter(reason=Reason.RELEASED)
    earlier: dict[str, list[Earlier]] = {}
    for measure, kind, key, members in rows.values_list("measure", "kind", "key", "members"):
        earlier.setdefault(measure, []).append(
            Earlier(kind, key, np.frombuffer(bytes(members), dtype="<i8"))
        )
    return earlier


@transaction.atomic
def publish_figures(
    round: Round,
    rows: Sequence[Row],
    *,
    score_keys: Iterable[str],
    measures: Iterable[str] = (),
    published_by: Any,
) -> Publication:
    """Decide and store a publication of ``round`` from ``rows`` (the services call this)."""
    earlier = earlier_figures(round)
    k = round.min_group_size
    decided = {GroupFigure.SCORES: decide(rows, k, earlier.get(GroupFigure.SCORES, []), score_keys)}
    decided |= decide_performance(rows, k, earlier, measures)
    publication = Publication.objects.create(
        round=round, responses=len(rows), published_by=published_by
    )
    GroupFigure.objects.bulk_create(
        [
            GroupFigure(
                publication=publication,
                measure=measure,
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
            for measure, figures in decided.items()
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


def visible_figures(
    round: Round, groups: Iterable[tuple[str, str]] | None = None, measure: str = ""
) -> dict:
    """Return ``{(kind, key): Shown}``: each group's latest released figure of ``round``.

    A group never released shows the reason of its latest publication. ``groups`` limits
    the answer to those groups; ``measure`` is "" for the scores, or a performance
    question's id; the members are never read here.
    """
    query = GroupFigure.objects.filter(publication__round=round, measure=measure).defer("members")
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
    rows = query.order_by("-publication__published_at", "-publication_id").values_list(
        "kind",
        "key",
        "reason",
        "count",
        # Read as text: only the figures shown are decoded.
        Cast("means", output_field=TextField()),
        "publication__published_at",
    )
    for kind, key, reason, count, means, published_at in rows:
        group = (kind, key)
        current = shown.get(group)
        released = reason == Reason.RELEASED
        if current is not None and (current.released or not released):
            continue
        shown[group] = Shown(
            kind,
            key,
            released,
            reason,
            count if released else None,
            json.loads(means or "{}") if released else {},
            published_at,
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
