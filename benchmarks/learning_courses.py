# ruff: noqa: S311
"""Time the learning pages: a lesson for a signed-in learner, the cohort view, a certificate.

Builds a database of its own in var/bench/learning/ (SQLite, or PostgreSQL with
--database-url, which it empties): 200 member cities, the demo induction course
(5 modules, 17 lessons and checks), and --people learners (default 10,000) enrolled in
it, spread over the cities, each somewhere in the course (not started, in progress,
completed, some overdue) with their lessons done. Then, in-process with the public page
cache off:

- a lesson page and a knowledge check page, signed in as a learner half-way through;
- the cohort view of the course (per city, where people stop) and its CSV, as the
  secretariat;
- one certificate PDF (WeasyPrint), and publishing a new version (every enrolment's
  position recomputed).

Prints p50/p95/max wall-clock milliseconds, and the p50/p95 CPU milliseconds of the
process (SQLite runs in it), which a shared machine's load hardly moves, with the load
average.

    .venv/bin/python benchmarks/learning_courses.py
    .venv/bin/python benchmarks/learning_courses.py --people 2000 --runs 20
"""

import argparse
import io
import random
import statistics
import time
from datetime import timedelta
from pathlib import Path

from bench_setup import ROOT, start_on_empty_database

VAR_DIR = ROOT / "var" / "bench" / "learning"


def setup(database_url: str | None) -> None:
    start_on_empty_database(VAR_DIR, database_url, {"ICC_PUBLIC_PAGE_CACHE_SECONDS": "0"})
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def generate(people: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from icc.accounts.models import Role, RoleGrant, User
    from icc.learning import demo
    from icc.learning.models import Course, Enrolment, LessonProgress
    from icc.learning.snapshots import ordered_lessons
    from icc.network.models import City

    random.seed(15)
    demo.load(io.StringIO())
    course = Course.objects.get(slug="welcome-to-the-network")
    lessons = ordered_lessons(course.published_version.content)
    now = timezone.now()
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
        User.objects.bulk_create(
            (
                User(email=f"learner{n}@bench.test", full_name=f"Learner {n}", password="!")  # noqa: S106
                for n in range(people)
            ),
            batch_size=2000,
        )
        users = list(User.objects.filter(email__endswith="@bench.test"))
        RoleGrant.objects.bulk_create(
            (
                RoleGrant(user=user, role=Role.CITY_EDITOR, city=cities[n % 200])
                for n, user in enumerate(users)
            ),
            batch_size=2000,
        )
        enrolments = []
        for n, user in enumerate(users):
            done = random.choice([0, 0, 2, 4, 7, 9, 12, len(lessons), len(lessons)])
            enrolled_at = now - timedelta(days=random.randint(1, 200))
            days = random.randint(1, 90)
            enrolments.append(
                Enrolment(
                    course=course,
                    user=user,
                    city=cities[n % 200],
                    source="automatic",
                    due_on=today + timedelta(days=random.randint(-60, 90)),
                    started_at=enrolled_at if done else None,
                    completed_at=enrolled_at + timedelta(days=days)
                    if done == len(lessons)
                    else None,
                    days_to_complete=days if done == len(lessons) else None,
                    lessons_done=done,
                    next_lesson_key=lessons[done]["key"] if done < len(lessons) else "",
                )
            )
        Enrolment.objects.bulk_create(enrolments, batch_size=2000)
        rows = []
        for enrolment in Enrolment.objects.filter(user__email__endswith="@bench.test"):
            for lesson in lessons[: enrolment.lessons_done]:
                rows.append(
                    LessonProgress(
                        enrolment=enrolment, lesson_key=lesson["key"], content_hash=lesson["hash"]
                    )
                )
        LessonProgress.objects.bulk_create(rows, batch_size=5000)
    print(f"{people} enrolled, {len(rows)} lessons done, {len(lessons)} lessons in the course")


def timed(runs: int, call: object) -> tuple[list[float], list[float]]:
    """Return the wall-clock and the CPU milliseconds of each run.

    The CPU time of this process (the database is SQLite, in the process) hardly moves
    with the machine's load; the wall time does, on a 2-core machine shared by others.
    """
    durations, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()  # type: ignore[operator]
        durations.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return durations, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    setup(args.database_url)
    start = time.perf_counter()
    generate(args.people)
    print(f"generated in {time.perf_counter() - start:.1f} s")

    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.test import Client

    from icc.accounts.models import Role, User
    from icc.accounts.services import grant_role
    from icc.learning.models import Course, Enrolment, Lesson
    from icc.learning.services import publish_course, save_lesson
    from icc.learning.services.progress import issue_certificate
    from icc.learning.views import render_certificate_pdf

    course = Course.objects.get(slug="welcome-to-the-network")
    learner = Enrolment.objects.filter(lessons_done=7).select_related("user").first()
    assert learner is not None
    lessons = course.published_version.lessons()
    text_lesson = lessons[5]["key"]
    check_lesson = next(lesson["key"] for lesson in lessons[:8] if lesson["kind"] == "check")
    reader = Client(HTTP_HOST="127.0.0.1")
    reader.force_login(learner.user)
    secretary = User.objects.create_user("sec@bench.test", "x", full_name="Secretariat")
    grant_role(secretary, Role.SECRETARIAT, granted_by=None)
    TOTP.activate(secretary, generate_totp_secret())
    office = Client(HTTP_HOST="127.0.0.1")
    office.force_login(secretary)
    done = Enrolment.objects.filter(completed_at__isnull=False).first()
    certificate = issue_certificate(done, course.published_version)

    def get(client: Client, path: str) -> object:
        def call() -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return call

    requests = [
        ("baseline: the health view", get(reader, "/healthz")),
        (
            "lesson page, signed in",
            get(reader, f"/en/learning/{course.slug}/lessons/{text_lesson}/"),
        ),
        (
            "check page, signed in",
            get(reader, f"/en/learning/{course.slug}/lessons/{check_lesson}/"),
        ),
        ("course page, signed in", get(reader, f"/en/learning/{course.slug}/")),
        (
            f"cohort view, {args.people} enrolled",
            get(office, f"/en/learning/{course.slug}/cohort/"),
        ),
        ("cohort view, one city", get(office, f"/en/learning/{course.slug}/cohort/?city=city-7")),
        ("cohort CSV", get(office, f"/en/learning/{course.slug}/cohort.csv")),
        ("certificate PDF (render)", lambda: render_certificate_pdf(certificate, language="fr")),
    ]
    print(f"load average: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    print(f"{'request':36} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'CPU p50':>8} {'CPU p95':>8}")
    for label, call in requests:
        call()  # type: ignore[operator]
        runs = max(5, args.runs // 3) if "PDF" in label else args.runs
        durations, cpu = (sorted(values) for values in timed(runs, call))
        at95 = max(0, round(len(durations) * 0.95) - 1)
        print(
            f"{label:36} {statistics.median(durations):8.1f} {durations[at95]:8.1f} "
            f"{durations[-1]:8.1f} {statistics.median(cpu):8.1f} {cpu[at95]:8.1f}"
        )

    lesson = Lesson.objects.filter(module__course=course, kind="text").first()
    texts = dict(lesson.texts)
    texts["en"] = dict(texts["en"], body=texts["en"]["body"] + "\n\nOne more sentence.")
    save_lesson(
        lesson.module,
        lesson=lesson,
        changed_by=None,
        kind="text",
        texts=texts,
        expected_version=lesson.version,
    )
    start = time.perf_counter()
    publish_course(course, published_by=None)
    print(
        f"publish a new version ({args.people} positions recomputed): "
        f"{(time.perf_counter() - start) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
