# ruff: noqa: S311
"""Time the barometer with 100,000 responses: scoring a round, publishing it under the
no-inference rule, a company's report and the network's figures page.

Builds a database of its own in var/bench/barometer/ (SQLite, or PostgreSQL with
--database-url, which it empties): --cities cities (default 150) and --responses
submitted responses (default 100,000) in one round, spread unevenly over the cities,
NACE sections and headcount bands, with answers drawn around each company's maturity.
Then it prints:

- scoring the round: every response scored again by the Index engine
  (``services.score_round``: ``instrument.score_many``, which runs the engine once per
  distinct set of a dimension's answers and once per distinct set of dimension scores,
  then writes the scores that changed), target < 3 s; the first scoring, which writes
  every row, is printed apart;
- publishing from the stored scores: the rule over every group and the stored figures
  (``services.publish_round``), then a second publication checked against the first;
  then the path the secretariat takes, its "Score and publish" button (a POST to
  ``barometer:round-publish``: the companies' answers were scored as each saved them),
  and a publication that scores every response again first (``rescore=True``);
- the responses carry optional performance answers (50 %, 40 %, 70 % of companies), so
  each publication also decides the performance figures of every group;
- a company's report (``barometer:report`` through its private link) and the network's
  figures page (``barometer:round``) and API, --runs requests each: p50/p95/max in ms,
  target p95 < 150 ms.

    .venv/bin/python benchmarks/barometer_figures.py
    .venv/bin/python benchmarks/barometer_figures.py --responses 10000 --runs 30
    .venv/bin/python benchmarks/barometer_figures.py \\
        --database-url postgres://icc:icc@127.0.0.1:5432/icc_bench_barometer
"""

import argparse
import random
import statistics
import time
from datetime import timedelta

from bench_setup import ROOT, start_on_empty_database

VAR_DIR = ROOT / "var" / "bench" / "barometer"
BATCH = 2000


def build(cities: int, responses: int) -> object:
    from django.utils import timezone

    from icc.barometer import instrument, links, services
    from icc.barometer.models import Company, Invitation, Response, SizeBand
    from icc.network import services as network_services
    from icc.network.models import City

    random.seed(21)
    places = [
        network_services.create_city(
            created_by=None,
            name=f"City {n}",
            slug=f"city-{n}",
            country="FR",
            population=100_000,
            population_year=2022,
            status=City.Status.MEMBER,
            joined_on="2010-01-01",
        )
        for n in range(cities)
    ]
    today = timezone.localdate()
    round = services.create_round(
        by=None,
        name="Bench",
        opens_on=today - timedelta(days=10),
        closes_on=today + timedelta(days=30),
    )
    method = instrument.edition(round.edition_id)
    scored = [q for q in method.questions if q.is_scored]
    performance = instrument.performance_questions(method)
    weights = [1 / (n + 1) for n in range(cities)]
    sectors = list("ABCDEFGHIJKLMNOPQRSTU")
    sector_weights = [1 / (n + 1) ** 1.2 for n in range(len(sectors))]
    sizes = list(SizeBand.values)
    now = timezone.now()
    made = 0
    while made < responses:
        count = min(BATCH, responses - made)
        city_of = random.choices(places, weights, k=count)
        companies = Company.objects.bulk_create(
            [Company(city=city, key=f"bench-{made + n}") for n, city in enumerate(city_of)]
        )
        invitations = Invitation.objects.bulk_create(
            [
                Invitation(
                    round=round,
                    city=city,
                    company=company,
                    company_name=f"Company {made + n}",
                    nace_section=random.choices(sectors, sector_weights)[0],
                    size_band=random.choice(sizes),
                    contact_email=f"c{made + n}@company.example",
                    language="en",
                    link_nonce=links.new_nonce(),
                    status=Invitation.Status.SUBMITTED,
                    consented_at=now,
                )
                for n, (city, company) in enumerate(zip(city_of, companies, strict=True))
            ]
        )
        rows = []
        for invitation in invitations:
            maturity = random.betavariate(2, 2)
            answers = {}
            for question in scored:
                if question.options:
                    ordered = sorted(question.options, key=lambda option: option.points or 0)
                    index = int(maturity * len(ordered) + random.random() - 0.3)
                    answers[question.id] = ordered[max(0, min(len(ordered) - 1, index))].id
                else:
                    answers[question.id] = str(
                        max(0, min(100, int(random.gauss(maturity * 45, 8))))
                    )
            # The optional performance figures: some companies give each, some none.
            for question, share in zip(performance, (0.5, 0.4, 0.7), strict=False):
                if random.random() < share:
                    answers[question.id] = f"{random.uniform(0, 60):.1f}"
            rows.append(
                Response(
                    invitation=invitation,
                    edition_id=round.edition_id,
                    answers=answers,
                    scores={},
                    submitted_at=now,
                )
            )
        Response.objects.bulk_create(rows)
        made += count
    return round


def timed(runs: int, call: object) -> list[float]:
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def show(name: str, durations: list[float]) -> None:
    ordered = sorted(durations)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(
        f"{name:<34} p50 {statistics.median(ordered):7.1f} ms  p95 {p95:7.1f} ms  "
        f"max {ordered[-1]:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url")
    parser.add_argument("--cities", type=int, default=150)
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    start_on_empty_database(VAR_DIR, args.database_url)
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)

    started = time.perf_counter()
    round = build(args.cities, args.responses)
    print(
        f"Built {args.responses:,} responses in {args.cities} cities "
        f"in {time.perf_counter() - started:.0f} s"
    )

    from icc.accounts.models import Role
    from icc.accounts.services import create_api_token, grant_role
    from icc.barometer import instrument, links, services
    from icc.barometer.models import Invitation, Response

    method = instrument.edition(round.edition_id)
    answer_sets = list(Response.objects.values_list("answers", flat=True))
    distinct = len({tuple(sorted(a.items())) for a in answer_sets})
    start = time.perf_counter()
    count = services.score_round(round)
    print(
        f"First scoring, writing every response's scores: {time.perf_counter() - start:.2f} s; "
        f"{distinct:,} distinct answer sets"
    )
    start = time.perf_counter()
    services.score_round(round)
    scoring = time.perf_counter() - start
    print(f"Scoring the round: {count:,} responses in {scoring:.2f} s (target < 3 s)")
    start = time.perf_counter()
    scores = instrument.score_many(method, answer_sets)
    print(f"  of which the engine (score_many): {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    sample = answer_sets[:2000]
    for answers in sample:
        instrument.score(method, answers)
    per = (time.perf_counter() - start) / len(sample)
    print(
        f"  one response through the engine alone: {per * 1e6:.0f} µs "
        f"(×{count:,} = {per * count:.1f} s without reuse)"
    )
    assert scores[: len(sample)] == [instrument.score(method, a) for a in sample]
    start = time.perf_counter()
    publication = services.publish_round(round, by=None)
    published = time.perf_counter() - start
    released = publication.figures.filter(reason="").count()
    print(
        f"Publishing from the stored scores (rule + storing): {published:.2f} s; "
        f"{publication.figures.count()} groups, {released} released"
    )
    # A second publication checks every group against the first (the rule's history).
    start = time.perf_counter()
    services.publish_round(round, by=None)
    print(f"Publishing again, checked against the first: {time.perf_counter() - start:.2f} s")

    from django.test import Client
    from django.urls import reverse

    from icc.accounts.models import User

    # The path the secretariat takes: the round page's "Score and publish" button (its
    # answers were scored as each company saved them), then the same with every response
    # scored again by the engine first (a round whose scores must be recomputed).
    chief = User.objects.create_user(email="chief@bench.example", password="x")  # noqa: S106
    grant_role(chief, Role.SECRETARIAT, granted_by=None)
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(chief, generate_totp_secret())  # the secretariat signs in with 2FA
    secretariat = Client(HTTP_HOST="127.0.0.1")
    secretariat.force_login(chief)
    start = time.perf_counter()
    answer = secretariat.post(reverse("barometer:round-publish", kwargs={"pk": round.pk}))
    assert answer.status_code == 302, answer.status_code
    assert answer["Location"].endswith(f"/{round.pk}/"), answer["Location"]
    print(f"The secretariat's 'Score and publish' (POST): {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    services.publish_round(round, by=chief, rescore=True)
    print(f"Publishing with every response scored again: {time.perf_counter() - start:.2f} s")

    client = Client(HTTP_HOST="127.0.0.1")
    invitations = list(Invitation.objects.order_by("?")[: args.runs].select_related("round"))
    tokens = [links.token_for(invitation) for invitation in invitations]
    paths = iter(reverse("barometer:report", kwargs={"token": token}) for token in tokens * 2)

    def report() -> None:
        response = client.get(next(paths))
        assert response.status_code == 200, response.status_code

    client.get(reverse("barometer:report", kwargs={"token": tokens[0]}))
    show("company report (private link)", timed(args.runs, report))

    expert = User.objects.create_user(email="expert@bench.example", password="x")  # noqa: S106
    grant_role(expert, Role.EXPERT, granted_by=None)
    signed = Client(HTTP_HOST="127.0.0.1")
    signed.force_login(expert)
    network = reverse("barometer:round", kwargs={"pk": round.pk})

    def network_page() -> None:
        response = signed.get(network)
        assert response.status_code == 200, response.status_code

    network_page()
    show("network figures page", timed(args.runs, network_page))
    _token, key = create_api_token(expert, name="bench")
    api = f"/api/v1/barometer/rounds/{round.pk}/figures"

    def api_figures() -> None:
        response = signed.get(api, headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 200, response.status_code

    show("network figures API", timed(args.runs, api_figures))


if __name__ == "__main__":
    main()
