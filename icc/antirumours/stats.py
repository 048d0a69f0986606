"""The statistics of perception surveys: weights to the design, and two waves compared.

Pure functions on numbers (no record, no request), so the benchmark and the tests call
them directly (decision 0047). scipy does the tests and the Wilson intervals; what scipy
does not provide is written here and named: post-stratification weights, Kish's effective
sample size, the rank-biserial correlation and its Hanley–McNeil interval.

- Yes/no items: the weighted share of "yes" in each wave, with a Wilson 95 % interval
  (``scipy.stats.binomtest(...).proportion_ci(method="wilson")``) on Kish's effective
  sample size, and a pooled two-proportion z test (``scipy.stats.norm``).
- Likert items (1–5): the weighted mean in each wave, and the Mann–Whitney U test
  (``scipy.stats.mannwhitneyu``, two-sided, asymptotic with ties corrected) on the answers,
  with the rank-biserial correlation r = 2U/(n₁n₂) − 1 (positive: higher in the second
  wave) and its 95 % interval from the Hanley–McNeil standard error of U/(n₁n₂).
- Many items are tested at once: the p-values of a comparison are adjusted with the
  Benjamini–Hochberg procedure (``scipy.stats.false_discovery_control``), which keeps the
  expected share of false discoveries among the changes claimed under ``ALPHA``.
- A change is claimed only when both waves have at least ``MIN_ANSWERS`` answers and
  the adjusted p < ``ALPHA``.
- Answers take few values, so a wave may be given as counts (level × cell): the functions
  take the answers expanded from the counts (``expand``), and scipy ranks them with the
  tie correction as it does for answers read one by one (decision 0066).
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from math import sqrt
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

MIN_ANSWERS = 30
ALPHA = 0.05
Z95 = float(stats.norm.ppf(0.975))


def post_stratification_weights(
    cells: Sequence[Hashable], targets: Mapping[Any, float]
) -> NDArray[np.float64]:
    """Return one weight per answer so that each cell weighs as the design's quota says.

    ``cells[i]`` is answer i's cell (stratum, age group, gender); ``targets`` the quota of
    each cell. The weight of an answer in cell c is (target_c / Σ targets) / (n_c / n),
    over the cells that have both a quota and answers; answers in a cell without a quota
    keep weight 1 before the weights are scaled to average 1. Without quotas every weight
    is 1.
    """
    n = len(cells)
    weights = np.ones(n, dtype=np.float64)
    if not n or not targets:
        return weights
    # Number the cells once (a dict lookup per answer), then count with numpy.
    numbers: dict[Hashable, int] = {}
    inverse = np.fromiter(
        (numbers.setdefault(cell, len(numbers)) for cell in cells), dtype=np.int64, count=n
    )
    counts = np.bincount(inverse, minlength=len(numbers))
    by_cell = cell_weights(dict(zip(numbers, counts.tolist(), strict=True)), targets)
    return np.array([by_cell[cell] for cell in numbers])[inverse]


def cell_weights(counts: Mapping[Any, int], targets: Mapping[Any, float]) -> dict[Any, float]:
    """Return the post-stratification weight of one answer in each cell, from cell counts.

    Same rule as ``post_stratification_weights``: (target_c / Σ targets) / (n_c / n) for
    the cells with a quota and answers, 1 for a cell without a quota, then scaled so that
    the weights of all answers average 1.
    """
    n = sum(counts.values())
    ones = {cell: 1.0 for cell in counts}
    if not n or not targets:
        return ones
    total_target = sum(float(targets.get(cell, 0)) for cell, count in counts.items() if count > 0)
    if total_target <= 0:
        return ones
    factor = {
        cell: (float(targets[cell]) / total_target) / (count / n)
        if count > 0 and float(targets.get(cell, 0)) > 0
        else 1.0
        for cell, count in counts.items()
    }
    scale = n / sum(factor[cell] * count for cell, count in counts.items())
    return {cell: value * scale for cell, value in factor.items()}


def expand(
    levels: Sequence[float], weights: Sequence[float], counts: Sequence[int]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return the answers and their weights that counts stand for: ``counts[i]`` answers
    of value ``levels[i]``, each weighing ``weights[i]``."""
    repeats = np.asarray(counts, dtype=np.int64)
    return (
        np.repeat(np.asarray(levels, dtype=np.float64), repeats),
        np.repeat(np.asarray(weights, dtype=np.float64), repeats),
    )


def effective_size(weights: NDArray[np.float64]) -> float:
    """Return Kish's effective sample size (Σw)² / Σw²: n when every weight is equal."""
    if not len(weights):
        return 0.0
    return float(weights.sum() ** 2 / (weights**2).sum())


@dataclass(frozen=True)
class Proportion:
    n: int
    effective_n: float
    share: float
    low: float
    high: float


def proportion(yes: NDArray[np.bool_], weights: NDArray[np.float64] | None = None) -> Proportion:
    """Return the (weighted) share of yes with its Wilson 95 % interval."""
    n = len(yes)
    if weights is None:
        weights = np.ones(n)
    if not n:
        return Proportion(0, 0.0, 0.0, 0.0, 0.0)
    share = float((weights * yes).sum() / weights.sum())
    effective = effective_size(weights)
    trials = max(1, round(effective))
    successes = min(trials, max(0, round(share * trials)))
    interval = stats.binomtest(successes, trials).proportion_ci(method="wilson")
    return Proportion(n, effective, share, float(interval.low), float(interval.high))


@dataclass(frozen=True)
class Comparison:
    """Two waves compared on one item, with what may be said of the change."""

    kind: str
    n_before: int
    n_after: int
    before: float
    after: float
    before_interval: tuple[float, float] | None
    after_interval: tuple[float, float] | None
    statistic: float
    p_value: float
    effect: float | None
    effect_interval: tuple[float, float] | None
    enough_answers: bool
    # The p-value adjusted for the other items tested with it (Benjamini–Hochberg).
    p_adjusted: float | None = None

    @property
    def change_claimed(self) -> bool:
        p_value = self.p_value if self.p_adjusted is None else self.p_adjusted
        return self.enough_answers and p_value < ALPHA

    @property
    def direction(self) -> int:
        """1 when the second wave is higher, -1 when lower, 0 when no change is claimed."""
        if not self.change_claimed:
            return 0
        return 1 if self.after > self.before else -1


def compare_proportions(
    yes_before: NDArray[np.bool_],
    yes_after: NDArray[np.bool_],
    weights_before: NDArray[np.float64] | None = None,
    weights_after: NDArray[np.float64] | None = None,
) -> Comparison:
    """Compare the share of yes in two waves: pooled two-proportion z test, Wilson intervals.

    With weights, the shares are weighted and the test uses Kish's effective sizes.
    """
    first = proportion(yes_before, weights_before)
    second = proportion(yes_after, weights_after)
    n1, n2 = first.effective_n, second.effective_n
    statistic, p_value = 0.0, 1.0
    if n1 > 0 and n2 > 0:
        pooled = (first.share * n1 + second.share * n2) / (n1 + n2)
        spread = sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        if spread > 0:
            statistic = (second.share - first.share) / spread
            p_value = float(2 * stats.norm.sf(abs(statistic)))
    return Comparison(
        kind="yes_no",
        n_before=first.n,
        n_after=second.n,
        before=first.share,
        after=second.share,
        before_interval=(first.low, first.high),
        after_interval=(second.low, second.high),
        statistic=float(statistic),
        p_value=p_value,
        effect=second.share - first.share,
        effect_interval=None,
        enough_answers=min(first.n, second.n) >= MIN_ANSWERS,
    )


def rank_biserial_interval(auc: float, n1: int, n2: int) -> tuple[float, float]:
    """Return the 95 % interval of r = 2·AUC − 1 from Hanley and McNeil's (1982) error of AUC."""
    q1 = auc / (2 - auc)
    q2 = 2 * auc * auc / (1 + auc)
    variance = (auc * (1 - auc) + (n1 - 1) * (q1 - auc * auc) + (n2 - 1) * (q2 - auc * auc)) / (
        n1 * n2
    )
    error = sqrt(max(variance, 0.0))
    low, high = max(0.0, auc - Z95 * error), min(1.0, auc + Z95 * error)
    return 2 * low - 1, 2 * high - 1


def compare_likert(
    before: NDArray[np.float64],
    after: NDArray[np.float64],
    weights_before: NDArray[np.float64] | None = None,
    weights_after: NDArray[np.float64] | None = None,
) -> Comparison:
    """Compare Likert answers in two waves: Mann–Whitney U, rank-biserial r with its interval.

    The means shown are weighted to the design; the test ranks the answers as given.
    """
    n1, n2 = len(before), len(after)
    mean1 = float(np.average(before, weights=weights_before)) if n1 else 0.0
    mean2 = float(np.average(after, weights=weights_after)) if n2 else 0.0
    if not n1 or not n2:
        return Comparison("likert", n1, n2, mean1, mean2, None, None, 0.0, 1.0, None, None, False)
    # U of the second wave: how often an answer after exceeds one before (ties count half).
    result = stats.mannwhitneyu(after, before, alternative="two-sided", method="asymptotic")
    auc = float(result.statistic) / (n1 * n2)
    p_value = float(result.pvalue) if np.isfinite(result.pvalue) else 1.0
    return Comparison(
        kind="likert",
        n_before=n1,
        n_after=n2,
        before=mean1,
        after=mean2,
        before_interval=None,
        after_interval=None,
        statistic=float(result.statistic),
        p_value=p_value,
        effect=2 * auc - 1,
        effect_interval=rank_biserial_interval(auc, n1, n2),
        enough_answers=min(n1, n2) >= MIN_ANSWERS,
    )


def adjust_for_many(comparisons: Sequence[Comparison]) -> list[Comparison]:
    """Return the comparisons with their Benjamini–Hochberg adjusted p-values.

    Only the items with enough answers in both waves are counted among the tests (no
    change is claimed on the others whatever their p); a single test stays as it is.
    """
    tested = [n for n, c in enumerate(comparisons) if c.enough_answers]
    adjusted = list(comparisons)
    if not tested:
        return adjusted
    values = stats.false_discovery_control([comparisons[n].p_value for n in tested], method="bh")
    for n, value in zip(tested, np.atleast_1d(values).tolist(), strict=True):
        adjusted[n] = replace(comparisons[n], p_adjusted=float(value))
    return adjusted
