# ruff: noqa: S311
"""Score a network of 10,000 cities × 100 questions × 3 rounds, with every peer-group rank.

Generates an edition of 100 scored questions in 10 areas (single choice, yes/no,
multiple choice with a cap, percentages in bands; a composite of four areas;
weighted parts), 10,000 cities with a population, a foreign-born share and a
national network, and three rounds of random answers (a fixed seed). Then times,
for each round: every city's exact overall score (``icc.index.bulk``), its rank in
the round, in its population band (200,000), its foreign-born band (15%) and in
its national network. Answers are generated before the clock starts.

Prints the time (best of --repeat), the peak memory of the timed work (tracemalloc,
in a separate run, since tracing slows Python down) and, for comparison, the time
of the member-by-member engine on a sample, extrapolated. Exits 1 above the goal.

    .venv/bin/python benchmarks/index_scoring.py
    .venv/bin/python benchmarks/index_scoring.py --cities 1000 --repeat 1
"""

import argparse
import random
import resource
import sys
import time
import tracemalloc
from fractions import Fraction
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from icc.index import bulk
from icc.index.methodology import Answer, Edition, edition_from_data
from icc.index.scoring import Member, score_member

GOAL_SECONDS = 2.0
AREAS = 10
QUESTIONS_PER_AREA = 10
POPULATION_THRESHOLD = 200_000
FOREIGN_BORN_THRESHOLD = 15


def text(words: str) -> dict[str, str]:
    return {"en": words, "fr": words}


def generated_edition() -> Edition:
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
    edition: Edition, members: list[Member], rng: random.Random
) -> dict[str, dict[str, Answer]]:
    questions = edition.questions
    return {
        member.id: {q.id: random_answer(q, rng) for q in questions if rng.random() < 0.95}
        for member in members
    }


def score_and_rank(
    edition: Edition,
    members: list[Member],
    facts: dict[str, dict],
    rounds: list[dict[str, dict[str, Answer]]],
) -> int:
    """Score every round and rank every city in each peer group; return the ranks made."""
    population = {m: f["population"] >= POPULATION_THRESHOLD for m, f in facts.items()}
    foreign_born = {m: f["foreign_born"] >= FOREIGN_BORN_THRESHOLD for m, f in facts.items()}
    network = {m: f["network"] for m, f in facts.items() if f["network"]}
    made = 0
    for answers in rounds:
        found = bulk.overall_numerators(edition, members, answers)
        assert found is not None
        scores = found[0]
        made += len(bulk.ranks(scores))
        made += len(bulk.ranks(scores, population))
        made += len(bulk.ranks(scores, foreign_born))
        in_network = {m: s for m, s in scores.items() if m in network}
        made += len(bulk.ranks(in_network, network))
    return made


def time_most_similar(
    members: list[Member], facts: dict[str, dict], rng: random.Random, sample: int
) -> float:
    """Return the time of the pages' nearest-profile search for one city of the network.

    The search compares a city with every other by size, diversity and the ten area
    scores; area scores are drawn at random here (the search's work does not depend on
    them), since the bulk path computes only the overall score.
    """
    from decimal import Decimal

    from icc.index.comparison import Entry, most_similar

    codes = [f"a{a}" for a in range(AREAS)]
    entries = [
        Entry(
            city_id=index,
            name=member.id,
            slug=member.id,
            overall=Decimal(rng.randint(0, 10_000)) / 100,
            areas={code: Decimal(rng.randint(0, 10_000)) / 100 for code in codes},
            population=facts[member.id]["population"],
            foreign_born_share=Decimal(str(round(facts[member.id]["foreign_born"], 1))),
        )
        for index, member in enumerate(members)
    ]
    started = time.perf_counter()
    for entry in entries[:sample]:
        most_similar(entry, entries, codes)
    return (time.perf_counter() - started) / sample


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cities", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engine-sample", type=int, default=300)
    parser.add_argument("--similar-sample", type=int, default=5)
    args = parser.parse_args()

    rng = random.Random(2026)
    edition = generated_edition()
    members, facts = generated_network(args.cities, rng)
    rounds = [generated_answers(edition, members, rng) for _ in range(args.rounds)]
    assert bulk.linear_form(edition) is not None

    timings, cpu = [], []
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        made = score_and_rank(edition, members, facts, rounds)
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    tracemalloc.start()
    score_and_rank(edition, members, facts, rounds)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    sample = members[: args.engine_sample]
    started = time.perf_counter()
    for member in sample:
        engine = score_member(edition, member, rounds[0][member.id], with_questions=False)
    per_member = (time.perf_counter() - started) / len(sample)
    check = bulk.overall_scores(edition, sample, rounds[0])
    assert check[sample[-1].id] == engine.overall.score

    similar_per_city = time_most_similar(members, facts, rng, args.similar_sample)

    best = min(timings)
    print(f"cities × questions × rounds: {args.cities} × {len(edition.questions)} × {args.rounds}")
    print(f"ranks made (round, population, foreign-born, national network): {made}")
    print(
        f"bulk scoring and ranking: best {best:.3f} s, all {', '.join(f'{t:.3f}' for t in timings)}"
    )
    # On a shared machine the wall time includes waiting for a core; CPU time does not.
    print(f"CPU time of the best run: {cpu[timings.index(best)]:.3f} s")
    print(f"peak memory of the timed work (tracemalloc): {peak / 1_000_000:.1f} MB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
    print(f"peak resident memory of the whole run, with the generated answers: {rss:.0f} MB")
    print(
        f"member-by-member engine: {per_member * 1000:.2f} ms per city, "
        f"about {per_member * args.cities * args.rounds:.1f} s for the whole network"
    )
    print(
        f"most similar cities (comparison.most_similar, not in the timed work): "
        f"{similar_per_city * 1000:.0f} ms per city over {args.cities} cities, about "
        f"{similar_per_city * args.cities * args.rounds:.0f} s for every city of every round"
    )
    print(f"goal: under {GOAL_SECONDS} s — {'met' if best < GOAL_SECONDS else 'MISSED'}")
    return 0 if best < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
