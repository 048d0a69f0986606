# ruff: noqa: S311
"""Time the Index results as people use them: publication, the results pages, the round page.

For each size (150, 1,500 and 10,000 published cities by default) it builds a database
of its own in var/bench/results/ (migrate, then rows written in bulk: member cities
with a population, a foreign-born share and a national network; one round of an
edition of 100 questions in 10 areas; every city's response validated with its
question, area, composite and overall scores stored, as validation stores them).
Then it times:

1. publishing the whole round as a secretariat person, through the round page
   (a POST to ``index:round-publish``: ``services.results.publish_round`` publishes
   every response, then computes and stores every city's ranks in the round, in each
   area and peer group, and its 5 most similar cities in one pass, and queues the
   task that tells each city's coordinator); then, apart, that task as the worker
   runs it (10,000 notifications at 10,000 cities); and computing the stored results
   again (``store_round_results``, best of 3);
2. through Django's test client, signed in as a city's coordinator, with the public
   page cache off (``ICC_PUBLIC_PAGE_CACHE_SECONDS=0``): a city's results page, the
   network's results table (first page, by an area, by name), the results page with
   5 cities picked to compare with (the peers page), and a published report's PDF
   served from its file (rendered before the clock starts);
3. the round page of the secretariat with 150 cities answering (at the smallest size).

Prints p50 and p95 in milliseconds per page and size, the load average, and exits 1
when a goal is missed: pages p95 < 150 ms, PDF served < 100 ms, publication < 3 s.

    .venv/bin/python benchmarks/index_results.py
    .venv/bin/python benchmarks/index_results.py --sizes 150 --requests 20
    .venv/bin/python benchmarks/index_results.py --reuse-db
    REPUBLISH=1 .venv/bin/python benchmarks/index_results.py --reuse-db   # publication again
    BENCH_DATABASE_URL=postgres://icc:icc@127.0.0.1:5432/icc_index_bench \
        .venv/bin/python benchmarks/index_results.py --sizes 10000   # on PostgreSQL
"""

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
VAR_DIR = ROOT / "var" / "bench" / "results"
PAGE_GOAL_MS = 150
PDF_GOAL_MS = 100
PUBLISH_GOAL_S = 3.0
AREAS = 10
QUESTIONS_PER_AREA = 10
NETWORKS = ["reci", "rpci", "citta", "icc-ua", "norway", "intercultural-de"]


def text(words: str) -> dict[str, str]:
    return {"en": words, "fr": words}


def edition_document() -> dict[str, Any]:
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
    return {
        "format": "icc-index-edition/1",
        "id": "bench",
        "title": text("Benchmark edition"),
        "areas": areas,
        "composites": [
            {"id": "lens", "title": text("Lens"), "parts": [{"part": f"a{a}"} for a in range(1, 5)]}
        ],
        "overall": {
            "parts": [{"part": "a0", "weight": 2}, {"part": "lens", "weight": 3}]
            + [{"part": f"a{a}"} for a in range(5, AREAS)]
        },
    }


def setup(database: Path, reuse: bool) -> bool:
    """Point Django at the size's own database; return whether it is already built."""
    for name in ("CACHE_DIR", "TASKS_BACKEND", "DEBUG"):
        os.environ.pop(name, None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["ICC_HTTPS"] = "0"
    os.environ["ICC_VAR_DIR"] = str(VAR_DIR)
    os.environ["MAIL_BACKEND"] = "console"
    server = os.environ.get("BENCH_DATABASE_URL")
    if server:
        # PostgreSQL: one database per size, named after the SQLite file's size.
        name = f"{server.rsplit('/', 1)[1]}_{database.stem.rsplit('-', 1)[1]}"
        os.environ["DATABASE_URL"] = f"{server.rsplit('/', 1)[0]}/{name}"
        import psycopg

        with psycopg.connect(f"{server.rsplit('/', 1)[0]}/postgres", autocommit=True) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if exists and not reuse:
                admin.execute(f'DROP DATABASE "{name}"')
            if not exists or not reuse:
                admin.execute(f'CREATE DATABASE "{name}"')
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["ICC_PUBLIC_PAGE_CACHE_SECONDS"] = "0"
    os.environ["ICC_INDEX_REPORTS_AT_PUBLICATION"] = "0"
    os.environ["ICC_PDF_RENDERS_PER_MINUTE"] = "100000"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from icc.index.models import Round

    built = reuse and Round.objects.filter(label="Bench").exists()
    call_command("collectstatic", "--noinput", verbosity=0)
    return built


def build(size: int, rng: random.Random) -> None:
    """Write the cities, the round and every validated response with its scores, in bulk."""
    from django.utils import timezone

    from icc.index.models import Response, Score
    from icc.index.services.editions import load_edition_text
    from icc.index.services.rounds import open_round
    from icc.network import services as network_services
    from icc.network.models import City

    networks = [
        network_services.create_national_network(
            created_by=None, name=slug.upper(), slug=slug, country="FR", founded_year=2010
        )
        for slug in NETWORKS
    ]
    City.objects.bulk_create(
        [
            City(
                name=f"City {n:05d}",
                slug=f"city-{n:05d}",
                country="FR",
                population=int(30_000 * 10 ** rng.uniform(0, 2.5)),
                foreign_born_share=Decimal(f"{rng.uniform(1, 45):.1f}"),
                national_network=rng.choice([None, None, *networks]),
                status=City.Status.MEMBER,
                joined_on="2012-01-15",
            )
            for n in range(size)
        ],
        batch_size=2000,
    )
    edition = load_edition_text(json.dumps(edition_document()), name="bench.json")
    index_round = open_round(
        edition,
        label="Bench",
        opens_on="2024-01-01",
        closes_on="2024-06-30",
        opened_by=None,
    )
    cities = list(City.objects.order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    Response.objects.bulk_create(
        [
            Response(
                round=index_round,
                city_id=pk,
                status=Response.Status.VALIDATED,
                has_public_consent=True,
                submitted_at=now,
                validated_at=now,
                scores_computed_at=now,
            )
            for pk in cities
        ],
        batch_size=2000,
    )
    method = edition.method
    rows: list[Score] = []
    for response_id in Response.objects.filter(round=index_round).values_list("pk", flat=True):
        level = rng.uniform(0.2, 0.95)
        areas = []
        for area in method.areas:
            score = Decimal(f"{min(100.0, max(0.0, rng.gauss(level, 0.15) * 100)):.2f}")
            areas.append(score)
            rows.append(
                Score(
                    response_id=response_id,
                    level="area",
                    code=area.id,
                    status="scored",
                    score=score,
                )
            )
            for question in area.questions:
                rows.append(
                    Score(
                        response_id=response_id,
                        level="question",
                        code=question.id,
                        status="scored",
                        score=Decimal(rng.choice((0, 50, 100))),
                    )
                )
        rows.append(
            Score(
                response_id=response_id,
                level="composite",
                code="lens",
                status="scored",
                score=areas[1],
            )
        )
        overall = (sum(areas, Decimal(0)) / len(areas)).quantize(Decimal("0.01"))
        rows.append(
            Score(
                response_id=response_id,
                level="overall",
                code="overall",
                status="scored",
                score=overall,
            )
        )
        if len(rows) > 20_000:
            Score.objects.bulk_create(rows, batch_size=5000)
            rows = []
    Score.objects.bulk_create(rows, batch_size=5000)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def timed_requests(client: Any, paths: list[str], requests: int) -> tuple[float, ...]:
    """Return p50 and p95 in ms of wall time, then of CPU time, of ``requests`` GETs.

    The GETs cycle through ``paths`` after a warm-up. On a shared machine the wall time
    grows with the load average; the CPU time is what the request itself costs. Then
    where the wall time goes, as medians: in the database's calls (ms, wall), in the
    garbage collector's pauses (ms), the number of queries, and waiting for a core
    (the kernel's run-queue wait, ``/proc/thread-self/schedstat``); last, p50 and p95
    of the wall time less that wait: what the request takes with a core of its own.
    """
    import gc

    from django.db import connection

    spent = {"db": 0.0, "gc": 0.0, "queries": 0.0}
    schedstat = Path("/proc/thread-self/schedstat")

    def waited_ms() -> float:
        """Time this thread has waited for a free core, in ms (Linux), else 0."""
        try:
            return int(schedstat.read_text().split()[1]) / 1e6
        except (OSError, IndexError, ValueError):
            return 0.0

    gc_started = [0.0]

    def in_database(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent["db"] += (time.perf_counter() - started) * 1000
            spent["queries"] += 1

    def collecting(phase: str, info: Any) -> None:
        if phase == "start":
            gc_started[0] = time.perf_counter()
        else:
            spent["gc"] += (time.perf_counter() - gc_started[0]) * 1000

    for path in paths[:3]:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    samples, cpu_samples, db, collector, queries, waits, quiet = [], [], [], [], [], [], []
    gc.callbacks.append(collecting)
    try:
        with connection.execute_wrapper(in_database):
            for number in range(requests):
                path = paths[number % len(paths)]
                spent.update(db=0.0, gc=0.0, queries=0.0)
                started, cpu, wait = time.perf_counter(), time.process_time(), waited_ms()
                response = client.get(path)
                if hasattr(response, "streaming_content"):
                    b"".join(response.streaming_content)
                samples.append((time.perf_counter() - started) * 1000)
                waits.append(waited_ms() - wait)
                quiet.append(samples[-1] - waits[-1])
                cpu_samples.append((time.process_time() - cpu) * 1000)
                db.append(spent["db"])
                collector.append(spent["gc"])
                queries.append(spent["queries"])
                assert response.status_code == 200, (path, response.status_code)
    finally:
        gc.callbacks.remove(collecting)
    return (
        *percentiles(samples),
        *percentiles(cpu_samples),
        statistics.median(db),
        statistics.median(collector),
        statistics.median(queries),
        statistics.median(waits),
        *percentiles(quiet),
    )


def core_wait_s() -> float:
    """Return how long this thread has waited for a free core, in s (Linux), else 0."""
    try:
        return int(Path("/proc/thread-self/schedstat").read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def server_cpu_s() -> float | None:
    """Return the CPU time of this connection's PostgreSQL server process, in s, if local."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, IndexError, ValueError):
        return None


def ensure_people() -> int:
    """Give each city a coordinator (written in bulk), as cities have; return how many."""
    from django.contrib.auth.hashers import make_password

    from icc.accounts.models import Role, RoleGrant, User
    from icc.network.models import City

    grants = RoleGrant.objects.filter(
        role=Role.CITY_COORDINATOR, user__email__endswith="@city.bench"
    )
    if not grants.exists():
        cities = list(City.objects.order_by("pk").values_list("pk", "slug"))
        unusable = make_password(None)
        User.objects.bulk_create(
            [
                User(email=f"{slug}@city.bench", full_name=f"Coordinator {slug}", password=unusable)
                for _pk, slug in cities
            ],
            batch_size=2000,
        )
        people = dict(User.objects.filter(email__endswith="@city.bench").values_list("email", "pk"))
        RoleGrant.objects.bulk_create(
            [
                RoleGrant(
                    user_id=people[f"{slug}@city.bench"], role=Role.CITY_COORDINATOR, city_id=pk
                )
                for pk, slug in cities
            ],
            batch_size=2000,
        )
    return grants.count()


def publish(size: int) -> dict[str, float]:
    """Publish the round as a secretariat person through its page, then tell the cities.

    The request (``index:round-publish``: ``services.results.publish_round`` as a person)
    publishes every response, computes and stores the round's results and queues the
    task that tells each city's people; the task (``tell_of_publication``) is then run
    here as the worker runs it, and timed apart.
    """
    from django_tasks_db.models import DBTaskResult

    from icc.accounts.models import Notification, Role
    from icc.index.models import Response, Result, Round
    from icc.index.services.results import store_round_results, tell_of_publication

    index_round = Round.objects.get(label="Bench")
    figures: dict[str, float] = {}
    figures["city people to tell"] = ensure_people()
    client = signed_in_client(Role.SECRETARIAT)
    # What a web worker has loaded before it publishes: the edition, the URL resolver.
    index_round.edition.method  # noqa: B018
    client.get("/en/index/")
    kind = "index.response.published"
    if os.environ.get("REPUBLISH") and index_round.published_results.exists():
        # Time the publication again on a database already built: back to validated.
        Result.objects.filter(round=index_round).delete()
        Response.objects.filter(round=index_round).update(
            status=Response.Status.VALIDATED, untold_publication_by=None
        )
        Notification.objects.filter(kind=kind).delete()
    if not index_round.published_results.exists():
        started, cpu = time.perf_counter(), time.process_time()
        waited, server = core_wait_s(), server_cpu_s()
        answer = client.post(f"/en/index/rounds/{index_round.pk}/publish/")
        figures["publish s"] = time.perf_counter() - started
        figures["publish cpu s"] = time.process_time() - cpu
        figures["publish waiting for a core s"] = core_wait_s() - waited
        if server is not None:
            figures["publish database server cpu s"] = (server_cpu_s() or 0.0) - server
        assert answer.status_code == 302, answer.status_code
        published = Response.objects.filter(round=index_round, status="published").count()
        assert published == size, published
        assert not Notification.objects.filter(kind=kind).exists()  # none in the request
        queued = DBTaskResult.objects.ready().filter(task_path=tell_of_publication.module_path)
        assert queued.count() == 1, queued.count()
        # The worker's part, apart from the request: every city's people told.
        started, cpu = time.perf_counter(), time.process_time()
        told = tell_of_publication.call(round_id=index_round.pk)
        figures["worker: telling the cities s"] = time.perf_counter() - started
        figures["worker: telling the cities cpu s"] = time.process_time() - cpu
        queued.delete()
        assert told == size, told
        figures["notifications written"] = Notification.objects.filter(kind=kind).count()
    walls, cpus = [], []
    for _run in range(3):
        started, cpu = time.perf_counter(), time.process_time()
        store_round_results(index_round)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    figures["recompute s (best of 3)"] = min(walls)
    figures["recompute cpu s (best of 3)"] = min(cpus)
    return figures


def signed_in_client(role: str, **scope: Any) -> Any:
    from django.test import Client

    from icc.accounts.models import User
    from icc.accounts.services import grant_role

    email = f"{role}@bench.example"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, "a-long-bench-password", full_name=role)
        grant_role(user, role, granted_by=None, **scope)
        if role == "secretariat":
            from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

            TOTP.activate(user, generate_totp_secret())
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def pages(size: int, requests: int, rng: random.Random) -> dict[str, tuple[float, ...]]:
    from django.utils import translation

    from icc.accounts.models import Role
    from icc.index.models import ReportFile, Round
    from icc.index.tasks import render_report_file
    from icc.network.models import City

    index_round = Round.objects.get(label="Bench")
    first = City.objects.order_by("pk").first()
    client = signed_in_client(Role.CITY_COORDINATOR, city=first)
    slugs = list(City.objects.values_list("slug", flat=True))
    ids = list(City.objects.values_list("pk", flat=True))
    picked = rng.sample(slugs, 30)
    report = [f"/en/index/results/{slug}/?round={index_round.pk}" for slug in picked]
    peers = [f"{path}&" + "&".join(f"peers={pk}" for pk in rng.sample(ids, 5)) for path in report]
    table = f"/en/index/results/?round={index_round.pk}"
    tables = [table, f"{table}&sort=a3", f"{table}&sort=name", f"{table}&page=2&sort=a7"]
    figures = {
        "results page": timed_requests(client, report, requests),
        "results table": timed_requests(client, tables, requests),
        "peers page": timed_requests(client, peers, requests),
    }
    version = index_round.summary.version
    files = []
    with translation.override("en"):
        for slug in picked[:3]:
            city = City.objects.get(slug=slug)
            if not ReportFile.objects.filter(
                round=index_round, city=city, version=version
            ).exists():
                render_report_file(index_round, city, "en", version)
            files.append(f"/en/index/results/{slug}/?round={index_round.pk}&format=pdf")
    figures["report PDF served"] = timed_requests(client, files, requests)
    return figures


def round_page(requests: int, rng: random.Random) -> tuple[float, ...]:
    """Open a second round with 150 cities answering half the questions; time its page."""
    from icc.accounts.models import Role
    from icc.index.models import Answer, Response, Round
    from icc.index.services.rounds import open_round
    from icc.network.models import City

    index_round = Round.objects.filter(label="Answering").first()
    if index_round is None:
        bench = Round.objects.get(label="Bench")
        index_round = open_round(
            bench.edition,
            label="Answering",
            opens_on="2025-01-01",
            closes_on="2030-12-31",
            opened_by=None,
        )
        cities = list(City.objects.order_by("pk").values_list("pk", flat=True)[:150])
        Response.objects.bulk_create([Response(round=index_round, city_id=pk) for pk in cities])
        method = bench.edition.method
        answers = []
        for response in Response.objects.filter(round=index_round):
            for question in method.questions[: rng.randint(10, 90)]:
                value: Any = {
                    "yes_no": "yes",
                    "single_choice": "o1",
                    "multiple_choice": ["o0"],
                    "percentage": "25",
                }[question.kind.value]
                answers.append(
                    Answer(response=response, question_id=question.id, value=value, version=1)
                )
        Answer.objects.bulk_create(answers, batch_size=5000)
    client = signed_in_client(Role.SECRETARIAT)
    return timed_requests(client, [f"/en/index/rounds/{index_round.pk}/"], requests)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="150,1500,10000")
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--reuse-db", action="store_true")
    parser.add_argument(
        "--pages-only", action="store_true", help="time the pages alone (a database built)"
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if len(sizes) != 1:
        # Django is set up once per process: one process per size.
        failed = 0
        for size in sizes:
            command = [
                sys.executable,
                __file__,
                "--sizes",
                str(size),
                "--requests",
                str(args.requests),
            ]
            command += ["--reuse-db"] if args.reuse_db else []
            command += ["--pages-only"] if args.pages_only else []
            failed |= os.spawnv(os.P_WAIT, sys.executable, command)  # noqa: S606
        return 1 if failed else 0
    size = sizes[0]
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    database = VAR_DIR / f"results-{size}.sqlite3"
    if not args.reuse_db and database.exists():
        database.unlink()
        shutil.rmtree(VAR_DIR / "media", ignore_errors=True)
    rng = random.Random(size)
    started = time.perf_counter()
    if not setup(database, args.reuse_db):
        build(size, rng)
    print(f"\n== {size:,} published cities (built in {time.perf_counter() - started:.0f} s)")
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs (shared)")
    missed = []
    for name, value in ({} if args.pages_only else publish(size)).items():
        print(f"  {name:34} {value:8.3f}")
        if name == "publish s" and value >= PUBLISH_GOAL_S:
            missed.append(name)
    found = pages(size, args.requests, rng)
    if size == min(150, size):
        found["round page, 150 cities answering"] = round_page(args.requests, rng)
    for name, figures in found.items():
        p50, p95, cpu50, cpu95, db, collector, queries, wait, own50, own95 = figures
        goal = PDF_GOAL_MS if "PDF" in name else PAGE_GOAL_MS
        print(
            f"  {name:34} wall p50 {p50:6.1f} p95 {p95:6.1f} ms · "
            f"CPU p50 {cpu50:6.1f} p95 {cpu95:6.1f} ms (goal p95 < {goal} ms)\n"
            f"  {'':34} waiting for a core {wait:6.1f} ms · wall less that wait p50 "
            f"{own50:6.1f} p95 {own95:6.1f} ms · database {db:5.1f} ms "
            f"({queries:.0f} queries) · gc {collector:4.1f} ms"
        )
        if p95 >= goal:
            missed.append(name)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    if missed:
        print("missed:", ", ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
