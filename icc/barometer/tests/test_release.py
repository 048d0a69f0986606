"""The no-inference rule (decision 0052), played by an attacker on the rule itself.

Each test builds responses whose groups invite a known attack, applies the rule, and
checks that no combination of the released figures gives away one company's scores.
"""

import itertools

import numpy as np

from icc.barometer.release import Earlier, Row, decide

K = 5


def rows_of(spec: list[tuple[int, int, str, str, float]]) -> list[Row]:
    return [
        Row(company, city, sector, size, {"overall": score})
        for company, city, sector, size, score in spec
    ]


def released(figures):
    return {(f.kind, f.key): f for f in figures if f.reason == ""}


def recoverable(figures_sets, target_scores: set[float]) -> list[float]:
    """Try every difference of two released figures (sum minus sum over the count's gap).

    ``figures_sets`` is a list of lists of released figures (several publications).
    Returns the single values recovered when a gap is one company.
    """
    found = []
    everything = [f for figures in figures_sets for f in figures]
    for one, other in itertools.permutations(everything, 2):
        gap = one.count - other.count
        if gap == 1 and set(other.members) <= set(one.members):
            found.append(
                round(one.count * one.means["overall"] - other.count * other.means["overall"], 1)
            )
    return [value for value in found if value in target_scores]


def test_a_group_under_k_is_withheld_and_keeps_no_score() -> None:
    rows = rows_of([(i, 1, "C", "10-49", 50.0) for i in range(4)])
    figures = decide(rows, K, score_keys=["overall"])
    assert all(f.reason == "too_few" and not f.means for f in figures)


def test_a_group_and_the_same_group_minus_one_sector() -> None:
    # City 1: 6 companies, 5 in sector C and one in sector D (the target, 91.0); every
    # company of sector C is in city 1: city minus sector C would give the D company.
    spec = [(i, 1, "C", "10-49", 40.0 + i) for i in range(5)] + [(99, 1, "D", "10-49", 91.0)]
    spec += [(100 + i, 2, "F", "50-249", 30.0) for i in range(10)]
    figures = decide(rows_of(spec), K, score_keys=["overall"])
    shown = released(figures)
    assert not (("city", "1") in shown and ("sector", "C") in shown)
    assert recoverable([list(shown.values())], {91.0}) == []


def test_the_remainder_of_a_family_is_never_one_company() -> None:
    # Sectors C (5), F (5) and one company in G: the network minus C and F gives G.
    spec = [(i, 1, "C", "lt10", 10.0 * i) for i in range(5)]
    spec += [(10 + i, 2, "F", "lt10", 20.0) for i in range(5)] + [(77, 2, "G", "lt10", 88.0)]
    figures = decide(rows_of(spec), K, score_keys=["overall"])
    shown = released(figures)
    sectors = [f for (kind, _), f in shown.items() if kind == "sector"]
    network = shown.get(("network", "all"))
    if network is not None and sectors:
        remainder = network.count - sum(f.count for f in sectors)
        assert remainder == 0 or remainder >= K


def test_two_publications_with_one_company_added() -> None:
    first = rows_of([(i, 1, "C", "10-49", 50.0 + i) for i in range(12)])
    before = decide(first, K, score_keys=["overall"])
    earlier = [Earlier(f.kind, f.key, f.members) for f in before if f.reason == ""]
    second = first + rows_of([(500, 1, "C", "10-49", 97.0)])
    after = decide(second, K, earlier, score_keys=["overall"])
    assert all(f.reason != "" for f in after), "every group moved by one company: all withheld"
    assert (
        recoverable([list(released(before).values()), list(released(after).values())], {97.0}) == []
    )
    # Once k more companies have answered, the groups are released again.
    third = second + rows_of([(600 + i, 1, "C", "10-49", 60.0) for i in range(K)])
    later = decide(third, K, earlier, score_keys=["overall"])
    assert released(later)


def test_two_rounds_with_one_company_added_are_compared_by_company() -> None:
    round_one = rows_of([(i, 1, "C", "10-49", 50.0) for i in range(8)])
    one = decide(round_one, K, score_keys=["overall"])
    earlier = [Earlier(f.kind, f.key, f.members) for f in one if f.reason == ""]
    # Round two: the same companies (same ids) and one more, scoring 12.0.
    round_two = round_one + rows_of([(8, 1, "C", "10-49", 12.0)])
    two = decide(round_two, K, earlier, score_keys=["overall"])
    assert not released(two)


def test_pairwise_rule_holds_on_random_data() -> None:
    generator = np.random.default_rng(7)
    spec = [
        (
            i,
            int(generator.integers(1, 6)),
            "ABCDEFGHIJKL"[int(generator.integers(0, 12))],
            ["lt10", "10-49", "50-249", "250+"][int(generator.integers(0, 4))],
            float(generator.integers(0, 100)),
        )
        for i in range(80)
    ]
    figures = decide(rows_of(spec), K, score_keys=["overall"])
    shown = list(released(figures).values())
    assert shown and any(f.reason != "" for f in figures)
    for one, other in itertools.combinations(shown, 2):
        a, b = set(one.members), set(other.members)
        for gap in (len(a - b), len(b - a)):
            assert gap == 0 or gap >= K
    for family in ("city", "sector", "size"):
        remainder = len(spec) - sum(f.count for f in shown if f.kind == family)
        assert remainder == 0 or remainder >= K
    assert recoverable([shown], {row[4] for row in spec}) == []


def solve_for_each_company(publications) -> dict[int, float]:
    """The strongest attacker on sums: any linear combination of every released figure.

    Each released figure gives the sum of its members' overall scores (mean × count).
    For each company, look for weights that add up the figures into that company alone
    (least squares on the figures × companies matrix); where they exist, the weighted
    sums give its score. Returns {company: recovered score}.
    """
    shown = [f for figures in publications for f in figures if f.reason == ""]
    if not shown:
        return {}
    companies = sorted({int(c) for f in shown for c in f.members})
    column = {company: index for index, company in enumerate(companies)}
    matrix = np.zeros((len(shown), len(companies)))
    for row, figure in enumerate(shown):
        matrix[row, [column[int(c)] for c in figure.members]] = 1
    sums = np.array([f.count * f.means["overall"] for f in shown])
    found = {}
    for company, index in column.items():
        unit = np.zeros(len(companies))
        unit[index] = 1
        weights, *_ = np.linalg.lstsq(matrix.T, unit, rcond=None)
        if np.abs(matrix.T @ weights - unit).max() < 1e-8:
            found[company] = round(float(weights @ sums), 1)
    return found


# City 2 = {0, 1, 2, 5} and the band 10–49 = {2, 3, 4, 6} together cover the network
# {0…6} and share company 2 only: network − city 2 − band = − company 2. Every pair of these
# figures differs by at least k = 3 companies and every family's remainder is 3: the
# pairwise and remainder checks alone released all three (decision 0052 before rule 6).
THREE_FIGURES = [
    (0, 2, "F", "lt10", 31.0),
    (1, 2, "D", "lt10", 45.0),
    (2, 2, "F", "10-49", 93.0),
    (3, 3, "C", "10-49", 12.0),
    (4, 3, "D", "10-49", 57.0),
    (5, 2, "C", "lt10", 64.0),
    (6, 1, "C", "10-49", 28.0),
]


def test_three_figures_combined_never_single_out_a_company() -> None:
    rows = rows_of(THREE_FIGURES)
    network, city, band = set(range(7)), {0, 1, 2, 5}, {2, 3, 4, 6}
    score = {row[0]: row[4] for row in THREE_FIGURES}
    # The attack, written out: three sums give company 2's score exactly.
    assert (
        sum(score[c] for c in network) - sum(score[c] for c in city) - sum(score[c] for c in band)
        == -score[2]
    )
    figures = decide(rows, 3, score_keys=["overall"])
    shown = released(figures)
    assert not {("network", "all"), ("city", "2"), ("size", "10-49")} <= set(shown)
    assert any(f.reason == "difference" for f in figures)
    assert solve_for_each_company([figures]) == {}


def test_no_combination_of_any_figures_singles_out_a_company_on_random_data() -> None:
    """Random small populations, two publications with companies added between them."""
    generator = np.random.default_rng(2026)
    for _trial in range(40):
        k = int(generator.choice([3, 5]))
        size = int(generator.integers(8, 40))
        spec = [
            (
                i,
                int(generator.integers(1, 4)),
                "CDFG"[int(generator.integers(0, 4))],
                ["lt10", "10-49", "50-249"][int(generator.integers(0, 3))],
                float(generator.integers(0, 100)),
            )
            for i in range(size)
        ]
        first = decide(rows_of(spec[: size * 2 // 3]), k, score_keys=["overall"])
        earlier = [Earlier(f.kind, f.key, f.members) for f in first if f.reason == ""]
        second = decide(rows_of(spec), k, earlier, score_keys=["overall"])
        assert solve_for_each_company([first, second]) == {}, spec
