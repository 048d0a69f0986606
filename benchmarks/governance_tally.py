# ruff: noqa: S311
"""Tally a vote of 10,000 member cities, and build a consolidated text of 500 amendments.

Creates 10,000 member cities (rows written in bulk), opens a vote (eligibility fixed for
all of them), writes a random ballot for 8,000 of them, then times the close: the count
by option, the quorum, the majority and the published result
(``governance.services.votes.bring_up_to_date``), and the recount. Then a text of 50
sections with 500 accepted amendments is consolidated
(``governance.services.strategy.consolidate``). Exits 1 above 1 s.

    .venv/bin/python benchmarks/governance_tally.py
    .venv/bin/python benchmarks/governance_tally.py --database-url postgres://icc:icc@127.0.0.1:5432/icc_bench_gov
"""

import argparse
import random
import sys
import time
from datetime import timedelta

from bench_setup import ROOT, start_on_empty_database

GOAL_SECONDS = 1.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cities", type=int, default=10_000)
    parser.add_argument("--amendments", type=int, default=500)
    parser.add_argument("--database-url")
    options = parser.parse_args()
    start_on_empty_database(ROOT / "var" / "bench" / "governance", options.database_url)

    from django.utils import timezone

    from icc.governance.models import Amendment, Ballot, Motion, Section
    from icc.governance.services import strategy, votes
    from icc.network.models import City

    random.seed(18)
    City.objects.bulk_create(
        [
            City(name=f"City {n}", slug=f"city-{n}", country="FR", status=City.Status.MEMBER)
            for n in range(options.cities)
        ],
        batch_size=2000,
    )
    now = timezone.now()
    motion = votes.create_motion(
        created_by=None,
        record={
            "title_en": "Approve",
            "title_fr": "Approuver",
            "opens_at": now - timedelta(hours=2),
            "closes_at": now + timedelta(hours=2),
            "quorum_percent": 50,
            "majority": "two_thirds",
        },
        options=[
            {"label_en": "Yes", "label_fr": "Oui"},
            {"label_en": "No", "label_fr": "Non"},
            {"label_en": "Abstain", "label_fr": "Abstention", "is_abstention": True},
        ],
    )
    started = time.perf_counter()
    motion = votes.bring_up_to_date(motion)
    opening = time.perf_counter() - started
    choices = list(motion.options.values_list("pk", flat=True))
    cities = list(City.objects.values_list("pk", flat=True))
    voters = random.sample(cities, int(len(cities) * 0.8))
    Ballot.objects.bulk_create(
        [
            Ballot(
                motion=motion,
                city_id=city,
                option_id=random.choices(choices, weights=[7, 2, 1])[0],
                receipt=f"{n:04d}-BENC-H{n:06d}"[:14],
                cast_at=now,
            )
            for n, city in enumerate(voters)
        ],
        batch_size=2000,
    )
    Motion.objects.filter(pk=motion.pk).update(closes_at=now - timedelta(seconds=1))
    motion.refresh_from_db()
    started = time.perf_counter()
    motion = votes.bring_up_to_date(motion)
    tally_seconds = time.perf_counter() - started
    started = time.perf_counter()
    _result, matches = votes.recount(motion, by=None)
    recount_seconds = time.perf_counter() - started
    print(f"eligibility fixed for {motion.eligible_count} cities: {opening:.3f} s")
    print(
        f"tally of {len(voters)} ballots over {motion.eligible_count} cities: {tally_seconds:.3f} s"
        f" -> {motion.result['outcome']}"  # type: ignore[index]
    )
    print(f"recount against the ballots: {recount_seconds:.3f} s (matches: {matches})")

    today = timezone.localdate()
    document = strategy.create_document(
        created_by=None,
        record={
            "title_en": "Strategy",
            "title_fr": "Stratégie",
            "consultation_opens_on": today - timedelta(days=5),
            "consultation_closes_on": today + timedelta(days=5),
        },
        sections=[
            {
                "heading_en": f"Part {n}",
                "heading_fr": f"Partie {n}",
                "text_en": "Cities welcome newcomers and " * 20,
                "text_fr": "Les villes accueillent les nouveaux venus et " * 20,
            }
            for n in range(1, 51)
        ],
    )
    sections = list(Section.objects.filter(document=document))
    lyon = City.objects.first()
    Amendment.objects.bulk_create(
        [
            Amendment(
                section=sections[n % len(sections)],
                city=lyon,
                text_en=f"Amended wording {n} " * 30,
                text_fr=f"Rédaction amendée {n} " * 30,
                reason="Benchmark",
                status=Amendment.Status.ACCEPTED,
                decided_at=now + timedelta(seconds=n),
            )
            for n in range(options.amendments)
        ]
    )
    started = time.perf_counter()
    frozen = strategy.consolidate(document, made_by=None)
    consolidate_seconds = time.perf_counter() - started
    print(
        f"consolidated text of {options.amendments} accepted amendments: "
        f"{consolidate_seconds:.3f} s (version {frozen.number})"
    )
    worst = max(tally_seconds, consolidate_seconds)
    return 0 if worst < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
