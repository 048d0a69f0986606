# ruff: noqa: S311
"""Time the certification: scoring applications with the Index engine, the public register
with thousands of organisations, and one certificate PDF.

Builds a database of its own in var/bench/certification/ (SQLite, or PostgreSQL with
--database-url, which it empties), then:

- scores --applications generated self-assessments (default 10,000) through the Index
  engine (``icc.certification.standard.score``, which calls
  ``icc.index.method.scoring.score_member``), once, and prints the total (target < 2 s);
- generates --organisations certified organisations (default 10,000) in 200 cities and
  requests, as a visitor with the public page cache off, the register's first page, a
  later page, a search, a city and level filter, the CSV and the API list; prints
  p50/p95/max in milliseconds;
- downloads one certificate PDF the way people do (target < 1 s): in a process forked
  from one that imported WeasyPrint first, as gunicorn's workers fork from the master
  that imports it (config/gunicorn.py, ``on_starting``), the first download of that
  process, through the page; then renders it a few times more, and prints each.

    .venv/bin/python benchmarks/certification_register.py
    .venv/bin/python benchmarks/certification_register.py --organisations 1000 --runs 10
    .venv/bin/python benchmarks/certification_register.py \\
        --database-url postgres://icc:icc@127.0.0.1:5432/icc_bench_certification
"""

import argparse
import os
import random
import statistics
import time
from datetime import timedelta
from pathlib import Path

from bench_setup import ROOT, start_on_empty_database

VAR_DIR = ROOT / "var" / "bench" / "certification"


def score_applications(count: int) -> float:
    from icc.certification import standard

    method = standard.load_standard()
    criteria = standard.criteria(method)
    random.seed(20)
    answer_sets = [
        {q.id: random.choice(["not_met", "partly", "met"]) for q in criteria} for _ in range(count)
    ]
    runs = []
    for _run in range(3):
        start = time.perf_counter()
        cpu = time.process_time()
        levels: dict[str, int] = {}
        for n, answers in enumerate(answer_sets):
            scored = standard.score(method, str(n), answers)
            levels[scored.level] = levels.get(scored.level, 0) + 1
        runs.append((time.perf_counter() - start, time.process_time() - cpu))
    elapsed, cpu = min(runs)
    print(
        f"scored {count} applications: best of 3 runs {elapsed:.2f} s wall, {cpu:.2f} s CPU; "
        f"every run (wall/CPU s): {' '.join(f'{w:.2f}/{c:.2f}' for w, c in runs)} "
        f"(the machine's other work counts in the wall time); levels reached: {levels}"
    )
    return elapsed


def first_pdf_in_a_worker(code: str) -> None:
    """Download the certificate's PDF first thing in a process forked after importing WeasyPrint.

    As gunicorn serves it: the master imports WeasyPrint once (config/gunicorn.py,
    ``on_starting``), each worker is forked from it and renders a one-line PDF before it
    takes requests (``post_worker_init``); then the first person downloads a certificate.
    """
    from django.db import connections
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    from icc.accounts.models import User
    from icc.certification.models import Certificate
    from icc.certification.services import add_representative

    # The organisation's representative downloads it (the secretariat would need TOTP).
    person = User.objects.filter(email="bench-representative@example.org").first()
    if person is None:
        person = User.objects.create_user("bench-representative@example.org", "x" * 16)
        organisation = Certificate.objects.get(code=code).organisation
        add_representative(organisation, person, by=None)
    start = time.perf_counter()
    import weasyprint  # noqa: F401

    print(f"master: WeasyPrint imported in {time.perf_counter() - start:.2f} s")
    connections.close_all()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker
        os.close(read)
        from icc.core.pdf import warm_up

        started, cpu = time.perf_counter(), time.process_time()
        warm_up()  # config/gunicorn.py's post_worker_init, before the worker takes requests
        lines = [
            f"worker start-up: PDF warm-up {(time.perf_counter() - started) * 1000:.0f} ms wall, "
            f"{(time.process_time() - cpu) * 1000:.0f} ms CPU"
        ]
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(person)
        for language in ("fr", "en", "fr"):
            started, cpu = time.perf_counter(), time.process_time()
            with translation.override(language):
                path = reverse("certification:certificate-pdf", kwargs={"code": code})
            response = client.get(f"{path}?language={language}")
            assert response.status_code == 200, response.status_code
            assert response.content.startswith(b"%PDF")
            lines.append(
                f"worker: certificate PDF download ({language}) "
                f"{(time.perf_counter() - started) * 1000:.0f} ms wall, "
                f"{(time.process_time() - cpu) * 1000:.0f} ms CPU"
            )
        os.write(write, "\n".join(lines).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        print(pipe.read())
    os.waitpid(pid, 0)


def generate(count: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from icc.certification.models import Application, Certificate, Organisation
    from icc.core.codes import new_code
    from icc.network.models import City

    random.seed(21)
    today = timezone.localdate()
    with transaction.atomic():
        City.objects.bulk_create(
            City(
                name=f"City {n}",
                search_name=f"city {n}",
                slug=f"city-{n}",
                country="FR",
                status=City.Status.MEMBER,
            )
            for n in range(200)
        )
        cities = list(City.objects.all())
        Organisation.objects.bulk_create(
            (
                Organisation(
                    name=f"Association {n}",
                    slug=f"association-{n}",
                    city=random.choice(cities),
                    country="FR",
                    registration_number=str(n),
                    status=Organisation.Status.CONFIRMED,
                )
                for n in range(count)
            ),
            batch_size=2000,
        )
        organisations = list(Organisation.objects.only("pk"))
        Application.objects.bulk_create(
            (
                Application(
                    organisation=organisation,
                    standard="ngo-standard-1",
                    status=Application.Status.DECIDED,
                )
                for organisation in organisations
            ),
            batch_size=2000,
        )
        certificates = []
        for application in Application.objects.only("pk", "organisation_id"):
            issued = today - timedelta(days=random.randint(0, 1400))
            certificates.append(
                Certificate(
                    organisation_id=application.organisation_id,
                    application=application,
                    standard="ngo-standard-1",
                    level=random.choice(["certified", "certified", "distinction"]),
                    code=new_code(),
                    issued_on=issued,
                    valid_until=issued + timedelta(days=3 * 365),
                    midterm_due=issued + timedelta(days=548),
                    status="suspended" if random.random() < 0.02 else "valid",
                )
            )
        Certificate.objects.bulk_create(certificates, batch_size=2000)


def timed(runs: int, call: object) -> list[float]:
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    start_on_empty_database(VAR_DIR, args.database_url, {"ICC_PUBLIC_PAGE_CACHE_SECONDS": "0"})
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"load average: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    score_applications(args.applications)
    start = time.perf_counter()
    generate(args.organisations)
    print(
        f"generated {args.organisations} certified organisations "
        f"in {time.perf_counter() - start:.1f} s"
    )

    from django.test import Client

    from icc.certification.models import Certificate
    from icc.certification.views import render_certificate_pdf

    client = Client(HTTP_HOST="127.0.0.1")

    def get(path: str) -> object:
        def call() -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return call

    requests = [
        ("baseline: the health view", get("/healthz")),
        ("register, first page", get("/en/certification/register/")),
        ("register, page 100", get("/en/certification/register/?page=100")),
        ("register, search", get("/en/certification/register/?q=Association+77")),
        (
            "register, city and level",
            get("/en/certification/register/?city=city-7&level=distinction"),
        ),
        ("register CSV, every row", get("/en/certification/register.csv")),
        ("API list, 100 rows", get("/api/v1/certification/register?limit=100")),
        ("verification page", get(f"/en/certification/verify/{Certificate.objects.first().code}/")),
    ]
    print(f"{'request':34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, call in requests:
        call()  # type: ignore[operator]
        runs = max(3, args.runs // 6) if "CSV" in label else args.runs
        durations = sorted(timed(runs, call))
        p95 = durations[max(0, round(len(durations) * 0.95) - 1)]
        print(f"{label:34} {statistics.median(durations):8.1f} {p95:8.1f} {durations[-1]:8.1f}")
    certificate = Certificate.objects.select_related("organisation__city").first()
    first_pdf_in_a_worker(certificate.code)
    for language in ("en", "fr", "en", "fr"):
        start = time.perf_counter()
        pdf = render_certificate_pdf(certificate, language=language)
        print(
            f"certificate PDF ({language}): {(time.perf_counter() - start) * 1000:.0f} ms, "
            f"{len(pdf) // 1024} KiB"
        )


if __name__ == "__main__":
    main()
