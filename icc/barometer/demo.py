"""Demo barometer: one round in five cities with 300 companies, published under the rule.

The cities hold very different numbers of companies, so some sectors and a small city
fall under the threshold and are withheld. Company names are invented; loading twice
adds nothing (the round is looked up by its name). No mail is sent: the invitations are
written directly, as if sent long ago, and the answers scored by the Index engine.
"""

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from icc.barometer import instrument, links, services
from icc.barometer.models import NACE_SECTIONS, Company, Invitation, Response, Round, SizeBand
from icc.network.models import City

ROUND_NAME = "Barometer 2026 (demo)"
PREFERRED = ("lyon", "oslo", "barcelona", "lisbon", "aarhus")
# Companies per city: the last city stays small, so its figures are withheld.
SHARES = (110, 80, 60, 46, 4)
# Most companies in a few sectors; the rare ones stay under the threshold.
SECTOR_WEIGHTS = {
    "C": 20,
    "G": 18,
    "I": 12,
    "J": 12,
    "M": 10,
    "F": 9,
    "Q": 8,
    "H": 6,
    "K": 3,
    "R": 1,
    "A": 1,
}
SIZE_WEIGHTS = {SizeBand.MICRO: 30, SizeBand.SMALL: 40, SizeBand.MEDIUM: 22, SizeBand.LARGE: 8}
FIRST = (
    "North",
    "River",
    "Bridge",
    "Harbour",
    "Market",
    "Hill",
    "Garden",
    "Station",
    "Union",
    "Lantern",
)
SECOND = (
    "Works",
    "Studio",
    "Foods",
    "Logistics",
    "Care",
    "Digital",
    "Crafts",
    "Partners",
    "Builders",
    "Textiles",
)


def _cities() -> list[City]:
    found = {city.slug: city for city in City.objects.filter(slug__in=PREFERRED)}
    cities = [found[slug] for slug in PREFERRED if slug in found]
    if len(cities) < len(SHARES):
        more = City.objects.exclude(pk__in=[c.pk for c in cities]).order_by("slug")
        cities += list(more[: len(SHARES) - len(cities)])
    return cities


def _answers(method: Any, maturity: float, chance: random.Random) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for question in method.questions:
        if not question.is_scored:
            if chance.random() < 0.4:
                low = 0 if question.kind == "percentage" else -5
                answers[question.id] = str(chance.randint(low, 25))
            continue
        if question.options:
            ordered = sorted(question.options, key=lambda option: option.points or 0)
            index = min(len(ordered) - 1, int(maturity * len(ordered) + chance.random() - 0.3))
            answers[question.id] = ordered[max(0, index)].id
        else:
            answers[question.id] = str(max(0, min(100, int(maturity * 45 + chance.gauss(0, 8)))))
    return answers


def load(stdout: Any) -> None:
    if Round.objects.filter(name=ROUND_NAME).exists():
        return
    cities = _cities()
    if len(cities) < len(SHARES):
        stdout.write("Barometer demo skipped: it needs five cities.")
        return
    chance = random.Random(2026)  # noqa: S311 (demo data, not secrets)
    today = timezone.localdate()
    round = services.create_round(
        by=None,
        name=ROUND_NAME,
        opens_on=today - timedelta(days=40),
        closes_on=today + timedelta(days=50),
        min_group_size=5,
        is_demo=True,
    )
    method = instrument.edition(round.edition_id)
    sectors = list(SECTOR_WEIGHTS)
    sizes = list(SIZE_WEIGHTS)
    count = 0
    with transaction.atomic():
        for city, share in zip(cities, SHARES, strict=True):
            for number in range(share):
                name = f"{chance.choice(FIRST)} {chance.choice(SECOND)} {city.name} {number + 1}"
                company, _created = Company.objects.get_or_create(
                    city=city, key=Company.key_for(name)
                )
                answered = chance.random() < 0.85
                invitation = Invitation.objects.create(
                    round=round,
                    city=city,
                    company=company,
                    company_name=name,
                    nace_section=chance.choices(sectors, [SECTOR_WEIGHTS[s] for s in sectors])[0],
                    size_band=chance.choices(sizes, [SIZE_WEIGHTS[s] for s in sizes])[0],
                    contact_email=f"contact{count}@company.example",
                    language=chance.choice(["en", "fr"]),
                    link_nonce=links.new_nonce(),
                    invited_at=timezone.now() - timedelta(days=30),
                    status=Invitation.Status.SUBMITTED if answered else Invitation.Status.INVITED,
                    consented_at=timezone.now() if answered else None,
                )
                if answered:
                    answers = _answers(method, chance.betavariate(2, 2), chance)
                    Response.objects.create(
                        invitation=invitation,
                        edition_id=round.edition_id,
                        answers=answers,
                        scores=instrument.score(method, answers),
                        submitted_at=timezone.now() - timedelta(days=chance.randint(1, 25)),
                    )
                count += 1
    publication = services.publish_round(round, by=None)
    withheld = publication.figures.exclude(reason="").count()
    stdout.write(
        f"Demo barometer ready: {count} companies in {len(cities)} cities, "
        f"{publication.responses} responses, {withheld} groups withheld."
    )
    # Sector letters used, for the reader of the code: every one is a NACE section.
    assert set(sectors) <= set(NACE_SECTIONS)
