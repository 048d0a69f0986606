"""Demo Index data: two published rounds of the two editions and one open round.

Every answer goes through the real services (saved, submitted, reviewed, validated,
scored, published); the rounds are flagged as demo data and the pages say so. The
answers are invented: each city answers around a level of its own, and a few cities
are set near the overall results the network has published, for orientation.
Loading again changes nothing.
"""

import hashlib
from datetime import date
from typing import Any, TextIO

from django.db import transaction

from icc.index.method.synthetic import answers_at_level
from icc.index.models import Answer, Response, Round
from icc.index.services.answers import save_answer, start_response
from icc.index.services.editions import ensure_shipped_editions
from icc.index.services.results import store_round_results
from icc.index.services.review import record_and_publish_answers, submit_response
from icc.index.services.rounds import open_round
from icc.network.models import City

# Published overall results quoted in DOMAIN.md, as levels of the demo answers.
KNOWN_LEVELS = {
    "oslo": 0.85,
    "ballarat": 0.84,
    "barcelona": 0.72,
    "dortmund": 0.71,
    "odessa": 0.70,
    "pavlograd": 0.67,
}
# Labels are years only: a label is shown as written in every language, and the rounds are
# marked as demo data by their flag.
PUBLISHED_ROUNDS = [
    # label, edition, opens, closes, published, progress made since the previous round
    ("2016", "v1", date(2016, 1, 15), date(2016, 6, 30), date(2016, 11, 15), -0.08),
    ("2022", "2019", date(2022, 1, 15), date(2022, 6, 30), date(2022, 11, 15), 0.0),
]
OPEN_ROUND = ("2025", "2019", date(2025, 1, 15), date(2030, 12, 31))
# The labels the demo rounds had before, in English whatever the reader's language.
_OLD_LABEL = "%s (demo)"
# Cities that take part in the open round, and how far they are.
OPEN_ROUND_CITIES = {"lyon": "draft", "oslo": "submitted", "bergen": "draft"}


def level_for(slug: str) -> float:
    """Return the city's demo level (0.3-0.85), fixed by its slug."""
    if slug in KNOWN_LEVELS:
        return KNOWN_LEVELS[slug]
    return 0.3 + hashlib.sha256(slug.encode()).digest()[0] / 255 * 0.55


@transaction.atomic
def load(stdout: TextIO | Any) -> None:
    """Load the demo rounds and results (idempotent)."""
    editions = ensure_shipped_editions()
    for label in [row[0] for row in PUBLISHED_ROUNDS] + [OPEN_ROUND[0]]:
        Round.objects.filter(is_demo=True, label=_OLD_LABEL % label).update(label=label)
    cities = list(City.objects.filter(status=City.Status.MEMBER).order_by("name"))
    published = 0
    for label, code, opens_on, closes_on, published_on, shift in PUBLISHED_ROUNDS:
        if Round.objects.filter(label=label).exists():
            continue
        index_round = open_round(
            editions[code],
            label=label,
            opens_on=opens_on,
            closes_on=closes_on,
            opened_by=None,
            is_demo=True,
        )
        # Not every member answered the earlier round.
        takers = (
            cities
            if code != "v1"
            else [c for c in cities if c.joined_on and c.joined_on.year < 2016]
        )
        for city in takers:
            answers = answers_at_level(
                index_round.edition.method,
                max(0.05, level_for(city.slug) + shift),
                seed=f"{city.slug}:{label}",
                spread=0.35,
            )
            record_and_publish_answers(index_round, city, answers, published_on=published_on)
            published += 1
        # The ranks now, without waiting for a task worker (publishing one city only asks).
        store_round_results(index_round)
    label, code, opens_on, closes_on = OPEN_ROUND
    if not Round.objects.filter(label=label).exists():
        index_round = open_round(
            editions[code],
            label=label,
            opens_on=opens_on,
            closes_on=closes_on,
            opened_by=None,
            is_demo=True,
        )
        _start_open_round(index_round)
    stdout.write(
        f"Index demo ready: {published} published results in {len(PUBLISHED_ROUNDS)} rounds.\n"
    )


def _start_open_round(index_round: Round) -> None:
    """Give a few cities a partly answered draft or a submitted response in the open round."""
    method = index_round.edition.method
    for slug, stage in OPEN_ROUND_CITIES.items():
        city = City.objects.filter(slug=slug, status=City.Status.MEMBER).first()
        if city is None:
            continue
        response = start_response(index_round, city, started_by=None)
        answers = answers_at_level(method, level_for(slug) + 0.05, seed=f"{slug}:open", spread=0.3)
        if stage == "draft":
            # Half the areas answered: the coordinator has work left to do.
            areas = {area.id for area in method.areas[: len(method.areas) // 2]}
            answers = {q: v for q, v in answers.items() if method.area_of(q).id in areas}
        for question_id, value in answers.items():
            current = Answer.objects.filter(response=response, question_id=question_id).first()
            save_answer(
                response,
                question_id,
                saved_by=None,
                value=value,
                expected_version=current.version if current else 0,
                evidence_text="Demo evidence: policy document and programme report.",
            )
        if stage == "submitted" and response.status == Response.Status.DRAFT:
            submit_response(response, submitted_by=None)
