# ruff: noqa: S311
"""Score a network of 10,000 cities × 100 questions × 3 rounds, with every peer-group rank.

Generates an edition of 100 scored questions in 10 areas (single choice, yes/no,
multiple choice with a cap, percentages in bands; a composite of four areas;
weighted parts), 10,000 cities with a population, a foreign-born share and a
national network, and three rounds of random answers (a fixed seed). Then times,
for each round: every city's exact area and overall scores, rounded as published
(``icc.index.results.bulk``), its rank in the round, in its population band (200,000), its
foreign-born band (15%), in its national network, and among the most similar
cities (``icc.index.results.similar``: its 5 nearest by size, diversity and profile).
Answers are generated before the clock starts.

Prints the time (best of --repeat) and its CPU time, the load average, the peak
memory of the timed work (tracemalloc, in a separate run, since tracing slows
Python down) and of the whole process, and, for comparison, the time of the
member-by-member engine and of the pages' ``comparison.most_similar`` on a sample,
extrapolated. Those cities are also checked against the engine and the pages'
functions. Exits 1 above the goal.

    .venv/bin/python benchmarks/index_scoring.py
    .venv/bin/python benchmarks/index_scoring.py --cities 1000 --repeat 1
"""

import argparse
import math
import os
import random
import resource
import sys
import time
import tracemalloc
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import django.conf
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# The edition's labels are marked for translation, which reads Django's settings.
if not django.conf.settings.configured:
    django.conf.settings.configure()

from icc.index.method.loader import edition_from_data
from icc.index.method.parts import Answer, Method
from icc.index.method.scoring import Member, score_member
from icc.index.results import bulk, similar
from icc.index.results.comparison import Entry, GroupKind, most_similar, peer_groups

GOAL_SECONDS = 2.0
AREAS = 10
QUESTIONS_PER_AREA = 10
POPULATION_THRESHOLD = 200_000
FOREIGN_BORN_THRESHOLD = 15


def text(words: str) -> dict[str, str]:
    return {"en": words, "fr": words}


def generated_edition() -> Method:
    """Return an edition of AREAS × QUESTIONS_PER_AREA scored questions of every kind."""
    rng = random.Random(7)
    areas = []
    for a in range(AREAS):
        questions: list[dict[str, Any]] = []
        for n in range(QUESTIONS_PER_AREA):
            qid = f"a{a}.q{n}"
            kind = ("single_choice", "yes_no", "multiple_choice", "percentage")[n % 4]
            question: dict[str, Any] = {
                "id": qid,
                "text": text(qid),
                "kind": kind,
                "data": "input",
                "weight": rng.choice([1, 2, 3]),
            }
            if kind == "single_choice":
                question["options"] = [
                    {"id": f"o{i}", "label": text(f"o{i}"), "points": p}
                    for i, p in enumerate((0, 50, 100))
                ]
            elif kind == "yes_no":
                question["points"] = {"yes": 1, "no": 0}
            elif kind == "multiple_choice":
                question["options"] = [
                    {"id": f"o{i}", "label": text(f"o{i}"), "points": 1} for i in range(4)
                ]
                question["max_points"] = 3
            else:
                question["bands"] = [
                    {"from": 0, "to": 10, "points": 0},
                    {"from": 10, "to": 40, "points": 1},
                    {"from": 40, "points": 2},
                ]
            questions.append(question)
        areas.append({"id": f"a{a}", "title": text(f"Area {a}"), "questions": questions})
    document = {
        "format": "icc-index-edition/1",
        "id": "bench",
        "title": text("Benchmark edition"),
        "areas": areas,
        "composites": [
            {
                "id": "lens",
                "title": text("Lens"),
                "parts": [{"part": f"a{a}"} for a in range(1, 5)],
            },
        ],
        "overall": {
            "parts": [{"part": "a0", "weight": 2}, {"part": "lens", "weight": 3}]
            + [{"part": f"a{a}"} for a in range(5, AREAS)]
        },
    }
    return edition_from_data(document)


def generated_network(count: int, rng: random.Random) -> tuple[list[Member], dict[str, dict]]:
    members, facts = [], {}
    for index in range(count):
        member_id = f"city-{index}"
        members.append(Member(member_id))
        facts[member_id] = {
            "population": int(30_000 * 10 ** rng.uniform(0, 2.5)),
            "foreign_born": rng.uniform(1, 45),
            "network": rng.choice([None, None, "reci", "rpci", "citta", "icc-ua", "norway"]),
        }
    return members, facts


def random_answer(question: Any, rng: random.Random) -> Answer:
    if question.kind == "multiple_choice":
        return frozenset(o.id for o in question.options if rng.random() < 0.5)
    if question.kind == "percentage":
        return Fraction(rng.randint(0, 100))
    return rng.choice(question.options).id


def generated_answers(
    edition: Method, members: list[Member], rng: random.Random
) -> dict[str, dict[str, Answer]]:
    questions = edition.questions
    return {
        member.id: {q.id: random_answer(q, rng) for q in questions if rng.random() < 0.95}
        for member in members
    }


@dataclass(frozen=True)
class Network:
    """The cities' facts in the order of ``members``, as the pages and the ranks read them."""

    names: list[str]
    population: list[int | None]
    share: list[Decimal | None]
    network: list[str | None]


def network_facts(members: list[Member], facts: dict[str, dict]) -> Network:
    return Network(
        names=[member.id for member in members],
        population=[facts[m.id]["population"] for m in members],
        share=[Decimal(str(round(facts[m.id]["foreign_born"], 1))) for m in members],
        network=[facts[m.id]["network"] for m in members],
    )


def score_and_rank(
    edition: Method,
    members: list[Member],
    network: Network,
    rounds: list[dict[str, dict[str, Answer]]],
) -> list[dict[str, Any]]:
    """Score every round and rank every city in each peer group; return what was found.

    Ranks are by the published overall score (2 decimals), as the pages rank.
    """
    found = []
    for answers in rounds:
        scores = bulk.network_scores(edition, members, answers)
        areas, overall = scores.area_hundredths(), scores.overall_hundredths()
        has_population = np.array([bool(p) for p in network.population])
        population = np.array([p or 0 for p in network.population])
        has_share = np.array([s is not None for s in network.share])
        share = np.array([0.0 if s is None else float(s) for s in network.share])
        ranks = {"round": bulk.group_ranks(overall)}
        ranks["population"] = bulk.group_ranks(overall, population >= POPULATION_THRESHOLD)
        ranks["foreign_born"] = bulk.group_ranks(overall, share >= FOREIGN_BORN_THRESHOLD)
        labels = {
            name: index for index, name in enumerate(sorted({n for n in network.network if n}))
        }
        in_network = np.array([n is not None for n in network.network])
        groups = np.array([labels.get(n, -1) for n in network.network])  # type: ignore[arg-type]
        ranks["national_network"] = bulk.group_ranks(overall[in_network], groups[in_network])
        profiles = similar.Profiles(
            names=network.names,
            log2_population=np.array(
                [math.log2(p) if p else 0.0 for p in network.population], dtype=float
            ),
            has_population=has_population,
            share=share,
            has_share=has_share,
            areas=areas,
            has_area=scores.has_area,
        )
        neighbours = similar.nearest(profiles)
        ranks["similar"] = similar.similar_ranks(neighbours, overall)
        found.append(
            {"scores": scores, "ranks": ranks, "neighbours": neighbours, "overall": overall}
        )
    return found


def entries_of(found: dict[str, Any], network: Network, codes: list[str]) -> list[Entry]:
    """Return the round's results as the pages' comparison entries, from the bulk results."""
    scores = found["scores"]
    areas = scores.area_hundredths()
    return [
        Entry(
            city_id=index,
            name=name,
            slug=name,
            overall=Decimal(int(found["overall"][index])) / 100,
            areas={
                code: Decimal(int(areas[index, a])) / 100
                for a, code in enumerate(codes)
                if scores.has_area[index, a]
            },
            population=network.population[index],
            foreign_born_share=network.share[index],
        )
        for index, name in enumerate(network.names)
    ]


def check_against_the_pages(
    edition: Method,
    members: list[Member],
    network: Network,
    rounds: list[dict[str, dict[str, Answer]]],
    found: list[dict[str, Any]],
    sample: int,
) -> float:
    """Check some cities against the engine and the pages' functions; return most_similar's time.

    Returns the time ``comparison.most_similar`` takes for one city of the network.
    """
    codes = list(found[0]["scores"].area_ids)
    entries = entries_of(found[0], network, codes)
    spent = 0.0
    for index in range(0, len(members), max(1, len(members) // sample))[:sample]:
        result = score_member(edition, members[index], rounds[0][members[index].id])
        assert found[0]["scores"].overall_score(index) == result.overall.score
        started = time.perf_counter()
        expected = most_similar(entries[index], entries, codes)
        spent += time.perf_counter() - started
        assert [e.city_id for e in expected] == [i for i in found[0]["neighbours"][index] if i >= 0]
        groups = peer_groups(entries[index], entries, bands={}, area_codes=codes)
        group = next(g for g in groups if g.kind == GroupKind.SIMILAR)
        assert group.rank == found[0]["ranks"]["similar"][index]
    return spent / sample


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cities", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engine-sample", type=int, default=300)
    parser.add_argument("--check-sample", type=int, default=5)
    args = parser.parse_args()

    rng = random.Random(2026)
    edition = generated_edition()
    members, facts = generated_network(args.cities, rng)
    network = network_facts(members, facts)
    rounds = [generated_answers(edition, members, rng) for _ in range(args.rounds)]
    assert bulk.linear_form(edition) is not None

    load_before = Path("/proc/loadavg").read_text().split()[:3]
    timings, cpu = [], []
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        found = score_and_rank(edition, members, network, rounds)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    load_after = Path("/proc/loadavg").read_text().split()[:3]
    tracemalloc.start()
    score_and_rank(edition, members, network, rounds)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000

    sample = members[: args.engine_sample]
    started = time.perf_counter()
    for member in sample:
        score_member(edition, member, rounds[0][member.id], with_questions=False)
    per_member = (time.perf_counter() - started) / len(sample)
    similar_per_city = check_against_the_pages(
        edition, members, network, rounds, found, args.check_sample
    )

    best = min(timings)
    made = sum(len(ranks) for round_found in found for ranks in round_found["ranks"].values())
    print(f"cities × questions × rounds: {args.cities} × {len(edition.questions)} × {args.rounds}")
    print(f"load average before and after the timed runs: {' '.join(load_before)} → "
          f"{' '.join(load_after)} ({os.cpu_count()} CPUs)")  # fmt: skip
    print(f"ranks made (round, population, foreign-born, national network, most similar): {made}")
    print(
        "area and overall scores, every peer-group rank: "
        f"best {best:.3f} s, all {', '.join(f'{t:.3f}' for t in timings)}"
    )
    # On a shared machine the wall time includes waiting for a core; CPU time does not.
    print(f"CPU time: best run {cpu[timings.index(best)]:.3f} s, least {min(cpu):.3f} s")
    print(f"peak memory of the timed work (tracemalloc): {peak / 1_000_000:.1f} MB")
    print(f"peak resident memory of the whole run, with the generated answers: {rss:.0f} MB")
    print(
        f"member-by-member engine: {per_member * 1000:.2f} ms per city, "
        f"about {per_member * args.cities * args.rounds:.1f} s for the whole network"
    )
    print(
        f"checked against the engine and the pages' most_similar and peer_groups: "
        f"{args.check_sample} cities; most_similar alone takes {similar_per_city * 1000:.0f} ms "
        f"per city, about {similar_per_city * args.cities * args.rounds:.0f} s for every city "
        "of every round"
    )
    print(f"goal: under {GOAL_SECONDS} s — {'met' if best < GOAL_SECONDS else 'MISSED'}")
    return 0 if best < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
