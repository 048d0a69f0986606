"""Reads that shape the learning pages: a learner's outline, a city's and the cohort's progress."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from icc.core.downloads import download_url
from icc.core.markup import InlineImage, image_references, render_markdown
from icc.learning.models import Course, Enrolment, LessonFile, pick
from icc.learning.services.progress import done_keys, may_open
from icc.learning.snapshots import ordered_lessons
from icc.network.models import City


@dataclass
class LessonRow:
    key: str
    number: int
    title: str
    kind: str
    is_done: bool
    is_open: bool
    is_next: bool


@dataclass
class ModuleRow:
    title: str
    lessons: list[LessonRow] = field(default_factory=list)


def outline(course: Course, enrolment: Enrolment | None) -> list[ModuleRow]:
    """Return the published course's modules and lessons, marked for the person's progress."""
    version = course.published_version
    if version is None:
        return []
    lessons = ordered_lessons(version.content)
    done = done_keys(enrolment, version) if enrolment else set()
    next_key = next((lesson["key"] for lesson in lessons if lesson["key"] not in done), "")
    rows: dict[str, ModuleRow] = {}
    for module in version.content["modules"]:
        rows[module["key"]] = ModuleRow(str(pick(module["texts"])[0].get("title", "")))
    for index, lesson in enumerate(lessons):
        rows[lesson["module"]].lessons.append(
            LessonRow(
                key=lesson["key"],
                number=index + 1,
                title=str(pick(lesson["texts"])[0].get("title", "")),
                kind=lesson["kind"],
                is_done=lesson["key"] in done,
                # Visitors read every lesson of a public course; progress gates learners only.
                is_open=enrolment is None or may_open(lessons, index, done),
                is_next=enrolment is not None and lesson["key"] == next_key,
            )
        )
    return list(rows.values())


def lesson_files(
    lesson: dict[str, Any],
) -> tuple[list[tuple[LessonFile, dict]], list[tuple[LessonFile, dict]]]:
    """Return the lesson's images and its files to download, each with its text to show."""
    ids = [item["id"] for item in lesson.get("files", [])]
    rows = {row.pk: row for row in LessonFile.objects.filter(pk__in=ids)}
    images: list[tuple[LessonFile, dict]] = []
    files: list[tuple[LessonFile, dict]] = []
    for item in lesson.get("files", []):
        row = rows.get(item["id"])
        if row is None:
            continue
        text = pick(item["texts"], get_language())[0]
        (images if item["kind"] == LessonFile.Kind.IMAGE else files).append((row, text))
    return images, files


def inline_images(images: list[tuple[LessonFile, dict]]) -> dict[str, InlineImage]:
    """Return the images a lesson's Markdown may place (``![alt](image:ID)``), by id."""
    return {
        str(row.pk): InlineImage(download_url(row.file), text.get("alt", ""), text.get("title", ""))
        for row, text in images
    }


def lesson_body(
    body: str, images: list[tuple[LessonFile, dict]]
) -> tuple[SafeString, list[tuple[LessonFile, dict]]]:
    """Render a lesson's Markdown with its images where the author placed them.

    Returns the HTML and the images the text does not place, shown after it.
    """
    placed = set(image_references(body))
    rendered = render_markdown(body, images=inline_images(images))
    return rendered, [(row, text) for row, text in images if str(row.pk) not in placed]


@dataclass
class CohortRow:
    """The counts of one city (or of everyone) in one course."""

    city: City | None
    enrolled: int = 0
    in_progress: int = 0
    completed: int = 0
    overdue: int = 0
    not_started: int = 0
    median_days: float | None = None


def cohort(course: Course, *, today: date | None = None) -> tuple[CohortRow, list[CohortRow]]:
    """Return the course's totals and one row per city: enrolled, in progress, completed, overdue.

    Counted by the database in one grouped query; the median time to completion by two
    more (``_median_days``), so no enrolment is read one by one.
    """
    today = today or timezone.localdate()
    counts = (
        Enrolment.objects.filter(course=course)
        .values("city_id")
        .annotate(
            enrolled=Count("id"),
            completed=Count("id", filter=Q(completed_at__isnull=False)),
            in_progress=Count("id", filter=Q(completed_at__isnull=True, started_at__isnull=False)),
            overdue=Count("id", filter=Q(completed_at__isnull=True, due_on__lt=today)),
        )
        .order_by()
    )
    medians, overall = _median_days(course)
    cities = {
        city.pk: city
        for city in City.objects.filter(pk__in=[c["city_id"] for c in counts if c["city_id"]]).only(
            "id", "slug", "name", "names"
        )
    }
    total = CohortRow(None)
    rows = []
    for c in counts:
        row = CohortRow(
            cities.get(c["city_id"]),
            enrolled=c["enrolled"],
            in_progress=c["in_progress"],
            completed=c["completed"],
            overdue=c["overdue"],
            not_started=c["enrolled"] - c["in_progress"] - c["completed"],
            median_days=medians.get(c["city_id"]),
        )
        rows.append(row)
        for name in ("enrolled", "in_progress", "completed", "overdue", "not_started"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    total.median_days = overall
    rows.sort(key=lambda row: (row.city is None, str(row.city or "")))
    return total, rows


# The middle value(s) of the completed enrolments' days, per city and for everyone, found by
# the database (window functions, on SQLite and PostgreSQL alike): a few hundred rows come
# back instead of every completed enrolment.
_MEDIAN_SQL = """
SELECT {key}, AVG(days) FROM (
    SELECT {key}, days_to_complete AS days,
        ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY days_to_complete) AS rn,
        COUNT(*) OVER (PARTITION BY {key}) AS n
    FROM learning_enrolment WHERE course_id = %s AND days_to_complete IS NOT NULL
) ranked WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY {key}
"""


def _median_days(course: Course) -> tuple[dict[int | None, float], float | None]:
    """Return the median days to completion per city id (None: no city) and for everyone."""
    with connection.cursor() as cursor:
        cursor.execute(_MEDIAN_SQL.format(key="city_id"), [course.pk])
        medians = {city_id: round(float(days), 1) for city_id, days in cursor.fetchall()}
        cursor.execute(_MEDIAN_SQL.format(key="course_id"), [course.pk])
        row = cursor.fetchone()
    return medians, round(float(row[1]), 1) if row else None


@dataclass
class StopRow:
    number: int
    title: str
    people: int


def where_people_stop(course: Course, *, city: City | None = None) -> list[StopRow]:
    """Return, for each lesson of the published version, how many started people stand before it.

    A person who started and has not completed "stops" at the first lesson they have not
    done (``Enrolment.next_lesson_key``, kept by every step and every publication).
    """
    version = course.published_version
    if version is None:
        return []
    rows = Enrolment.objects.filter(
        course=course, completed_at__isnull=True, started_at__isnull=False
    )
    if city is not None:
        rows = rows.filter(city=city)
    stops = Counter(
        dict(
            rows.values("next_lesson_key")
            .annotate(n=Count("id"))
            .values_list("next_lesson_key", "n")
            .order_by()
        )
    )
    return [
        StopRow(
            index + 1, str(pick(lesson["texts"])[0].get("title", "")), stops.get(lesson["key"], 0)
        )
        for index, lesson in enumerate(ordered_lessons(version.content))
    ]


def city_people(course: Course, city: City) -> list[Enrolment]:
    """Return the enrolments of the city's people in the course, with their names."""
    return list(
        Enrolment.objects.filter(course=course, city=city)
        .select_related("user", "certificate")
        .order_by("user__full_name", "user__email")
    )


def my_enrolments(user: Any) -> dict[int, Enrolment]:
    """Return the person's enrolments by course id."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return {e.course_id: e for e in Enrolment.objects.filter(user=user)}
