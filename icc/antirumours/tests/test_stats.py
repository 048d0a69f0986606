"""The survey statistics against values computed independently.

The expected numbers were computed by hand with the textbook formulas and checked with
Python's ``math`` module only (``math.erfc`` for the normal tail), not with scipy:

- two proportions, 40/100 then 60/100: pooled p = 0.5, SE = √(0.25 × 2/100) = 0.070711,
  z = 0.2 / 0.070711 = 2.828427, p = erfc(z/√2) = 0.0046777;
- Wilson 95 % for 40/100: centre (0.4 + z²/200)/(1 + z²/100), half-width
  z/(1 + z²/100) × √(0.4 × 0.6/100 + z²/40000), z = 1.959964: (0.309401, 0.497997);
- no change, 50/100 then 52/100: z = 0.02/√(0.51 × 0.49 × 0.02) = 0.282899, p = 0.777254;
- Mann–Whitney, before [1, 2, 2, 3], after [3, 4, 4, 5]: U(after) = 15.5 (pairs counted,
  ties as half), ties 3 pairs so σ² = 16/12 × (9 − 18/56) = 11.571429, z with continuity
  (15.5 − 8 − 0.5)/σ = 2.057807, p = 0.039609; r = 2 × 15.5/16 − 1 = 0.9375; Hanley–McNeil
  for AUC 0.96875, n = 4 and 4: SE = 0.069692, so r from 0.664307 to 1.
"""

from dataclasses import replace

import numpy as np
import pytest

from icc.antirumours import stats


def yes(k: int, n: int) -> np.ndarray:
    return np.array([True] * k + [False] * (n - k))


def test_two_proportions_with_wilson_intervals() -> None:
    result = stats.compare_proportions(yes(40, 100), yes(60, 100))
    assert result.statistic == pytest.approx(2.828427, abs=1e-6)
    assert result.p_value == pytest.approx(0.0046777, abs=1e-6)
    assert result.before_interval == pytest.approx((0.309401, 0.497997), abs=1e-6)
    assert result.after_interval == pytest.approx((0.502003, 0.690599), abs=1e-6)
    assert (result.n_before, result.n_after) == (100, 100)
    assert result.change_claimed and result.direction == 1


def test_no_change_when_the_test_does_not_support_it() -> None:
    result = stats.compare_proportions(yes(50, 100), yes(52, 100))
    assert result.statistic == pytest.approx(0.282899, abs=1e-6)
    assert result.p_value == pytest.approx(0.777254, abs=1e-6)
    assert not result.change_claimed and result.direction == 0


def test_no_change_claimed_under_thirty_answers() -> None:
    result = stats.compare_proportions(yes(2, 20), yes(19, 20))
    assert result.p_value < 0.001
    assert not result.enough_answers and not result.change_claimed


def test_mann_whitney_with_rank_biserial_and_its_interval() -> None:
    result = stats.compare_likert(np.array([1, 2, 2, 3.0]), np.array([3, 4, 4, 5.0]))
    assert result.statistic == 15.5
    assert result.p_value == pytest.approx(0.039609, abs=1e-6)
    assert result.effect == pytest.approx(0.9375)
    assert result.effect_interval == pytest.approx((0.664307, 1.0), abs=1e-6)
    assert (result.before, result.after) == (2.0, 4.0)
    assert not result.change_claimed  # four answers a wave: too few to claim anything


def test_post_stratification_weights_meet_the_quotas() -> None:
    # Quotas half and half; three answers in A and one in B: A weighs 0.5/0.75, B 0.5/0.25.
    weights = stats.post_stratification_weights(["A", "A", "A", "B"], {"A": 50, "B": 50})
    assert weights == pytest.approx([2 / 3, 2 / 3, 2 / 3, 2])
    # Kish: (Σw)²/Σw² = 16 / (3 × 4/9 + 4) = 3.
    assert stats.effective_size(weights) == pytest.approx(3.0)
    share = stats.proportion(np.array([True, False, False, True]), weights)
    assert share.share == pytest.approx((2 / 3 + 2) / 4)


def test_many_items_adjusted_by_benjamini_hochberg() -> None:
    # By hand: p sorted 0.01, 0.03, 0.04 (m = 3) → 0.01 × 3/1 = 0.03, 0.03 × 3/2 = 0.045,
    # 0.04 × 3/3 = 0.04, then each at most the next one up: 0.03, 0.04, 0.04.
    base = stats.compare_proportions(yes(40, 100), yes(60, 100))
    items = [replace(base, p_value=p) for p in (0.01, 0.04, 0.03)]
    few = replace(base, p_value=0.001, enough_answers=False)
    adjusted = stats.adjust_for_many([*items, few])
    assert [c.p_adjusted for c in adjusted[:3]] == pytest.approx([0.03, 0.04, 0.04])
    assert adjusted[3].p_adjusted is None and not adjusted[3].change_claimed
    assert all(c.change_claimed for c in adjusted[:3])
    alone = stats.adjust_for_many([replace(base, p_value=0.06)])
    assert alone[0].p_adjusted == pytest.approx(0.06) and not alone[0].change_claimed


def test_counts_give_the_weights_and_tests_of_the_answers_they_stand_for() -> None:
    rng = np.random.default_rng(7)
    cells = [("A", "16-29"), ("A", "65+"), ("B", "16-29")]
    targets = {("A", "16-29"): 10, ("A", "65+"): 30, ("B", "16-29"): 10}
    chosen = rng.integers(0, 3, 300)
    answer_cells = [cells[k] for k in chosen]
    levels = rng.integers(1, 6, 300).astype(float)
    weights = stats.post_stratification_weights(answer_cells, targets)
    counted = stats.cell_weights(
        {c: int((chosen == k).sum()) for k, c in enumerate(cells)}, targets
    )
    assert weights == pytest.approx([counted[c] for c in answer_cells])
    counts = [
        (lv, counted[c], int(((chosen == k) & (levels == lv)).sum()))
        for k, c in enumerate(cells)
        for lv in range(1, 6)
    ]
    x, w = stats.expand(*zip(*counts, strict=True))
    later = np.clip(levels + rng.integers(0, 2, 300), 1, 5).astype(float)
    direct = stats.compare_likert(levels, later, weights)
    from_counts = stats.compare_likert(x, later, w)
    assert from_counts.p_value == pytest.approx(direct.p_value)
    assert from_counts.statistic == pytest.approx(direct.statistic)
    assert from_counts.before == pytest.approx(direct.before)
