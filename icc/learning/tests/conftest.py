"""Fixtures of the learning tests: a small bilingual course built through the services."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from icc.learning import services
from icc.learning.models import Course, Lesson


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def both(**fields: str) -> dict[str, dict[str, str]]:
    """Return the same texts in English and, marked, in French."""
    return {"en": dict(fields), "fr": {name: f"{value} (fr)" for name, value in fields.items()}}


def build_course(
    *,
    by: Any = None,
    slug: str = "induction",
    publish: bool = True,
    visibility: str = "members",
    is_induction: bool = True,
) -> Course:
    """Build a course: module 1 with two lessons and a check, module 2 with one lesson."""
    course = services.create_course(
        created_by=by,
        slug=slug,
        texts=both(title="Welcome", summary="What the network is."),
        visibility=visibility,
        is_induction=is_induction,
    )
    first = services.save_module(course, changed_by=by, texts=both(title="The paradigm"))
    services.save_lesson(
        first,
        changed_by=by,
        kind="text",
        texts=both(title="Diversity", body="**Diversity** helps."),
    )
    services.save_lesson(
        first, changed_by=by, kind="text", texts=both(title="Equality", body="Equal rights.")
    )
    check = services.save_lesson(
        first, changed_by=by, kind="check", texts=both(title="Check 1"), pass_mark=100
    )
    services.save_question(
        check,
        changed_by=by,
        kind="single",
        texts=both(prompt="Which helps?"),
        options=[
            {"is_correct": True, "texts": both(label="Diversity", feedback="Yes.")},
            {"is_correct": False, "texts": both(label="Walls", feedback="No: walls divide.")},
        ],
    )
    second = services.save_module(course, changed_by=by, texts=both(title="The network"))
    services.save_lesson(
        second, changed_by=by, kind="text", texts=both(title="Members", body="Cities.")
    )
    if publish:
        services.publish_course(course, published_by=by)
    course.refresh_from_db()
    return course


def lesson_keys(course: Course) -> list[str]:
    return [
        lesson.key
        for lesson in Lesson.objects.filter(module__course=course).order_by(
            "module__position", "position"
        )
    ]


def right_answers(course: Course, key: str) -> dict[str, list[str]]:
    lesson = Lesson.objects.get(key=key)
    return {q.key: [o.key for o in q.options.all() if o.is_correct] for q in lesson.questions.all()}


@pytest.fixture
def course(secretariat: Any) -> Course:
    return build_course(by=secretariat.user)
