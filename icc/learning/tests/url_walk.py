"""What each persona may open among the learning pages.

``induction`` is a published members-only course that Lyon's coordinator completed
(so they hold its certificate); ``open`` is a published public course. Authoring and
the cohort view are the secretariat's; a city's progress is its people's.
"""

from pathlib import PurePath
from typing import Any

from tests.url_walk import CITY_EDITORS, LOGIN, SIGNED_IN, everyone, only

SECRETARIAT_ONLY = only(["secretariat"], refused=404, visitor=404)
LYON_PEOPLE = {name: 200 if name in CITY_EDITORS else 404 for name in SIGNED_IN} | {"visitor": 404}

EXPECTED = {
    "learning:course-list": ("get", "", everyone(200)),
    "learning:course-create": ("get", "", SECRETARIAT_ONLY),
    "learning:city-progress": (
        "get",
        "learning-lyon",
        {name: 200 if name in CITY_EDITORS else 404 for name in SIGNED_IN} | {"visitor": 404},
    ),
    "learning:course-detail": (
        "get",
        "learning-course",
        dict.fromkeys(SIGNED_IN, 200) | {"visitor": 404},
    ),
    "learning:course-start": (
        "post",
        "learning-course",
        dict.fromkeys(SIGNED_IN, 302) | {"visitor": LOGIN},
    ),
    "learning:lesson-detail": (
        "get",
        "learning-lesson",
        dict.fromkeys(SIGNED_IN, 200) | {"visitor": 404},
    ),
    "learning:lesson-done": (
        "post",
        "learning-lesson",
        dict.fromkeys(SIGNED_IN, 302) | {"visitor": LOGIN},
    ),
    "learning:certificate-download": (
        "get",
        "learning-course",
        {name: 200 if name == "lyon_coordinator" else 404 for name in SIGNED_IN}
        | {"visitor": LOGIN},
    ),
    "learning:course-edit": ("get", "learning-course", SECRETARIAT_ONLY),
    "learning:course-publish": (
        "post",
        "learning-course",
        only(["secretariat"], status=302, refused=404, visitor=404),
    ),
    "learning:course-versions": ("get", "learning-course", SECRETARIAT_ONLY),
    "learning:module-create": ("get", "learning-course", SECRETARIAT_ONLY),
    "learning:module-edit": ("get", "learning-module", SECRETARIAT_ONLY),
    "learning:lesson-create": ("get", "learning-module", SECRETARIAT_ONLY),
    "learning:lesson-edit": ("get", "learning-draft", SECRETARIAT_ONLY),
    "learning:question-create": ("get", "learning-check", SECRETARIAT_ONLY),
    "learning:question-edit": ("get", "learning-question", SECRETARIAT_ONLY),
    "learning:file-create": ("get", "learning-draft", SECRETARIAT_ONLY),
    "learning:enrolment-create": ("get", "learning-course", SECRETARIAT_ONLY),
    "learning:reminders-send": (
        "post",
        "learning-course",
        only(["secretariat"], status=302, refused=404, visitor=404),
    ),
    "learning:cohort": ("get", "learning-course", SECRETARIAT_ONLY),
    "learning:certificate-revoke": ("get", "learning-revoke", SECRETARIAT_ONLY),
    # A spare question of the public course, made again whenever a walk removed it.
    "learning:part-delete": (
        "post",
        "learning-removable",
        only(["secretariat"], status=302, refused=404, visitor=404),
    ),
    # A spare file of the public course's first lesson, attached again whenever a walk took it.
    "learning:file-remove": (
        "post",
        "learning-spare-file",
        only(["secretariat"], status=302, refused=404, visitor=404),
    ),
    # Sent without a direction, nothing moves: the secretariat is sent back with a message.
    "learning:part-move": (
        "post",
        "learning-removable",
        only(["secretariat"], status=302, refused=404, visitor=404),
    ),
    "learning:cohort-csv": ("get", "learning-course", SECRETARIAT_ONLY),
    "learning:certificate-verify": ("get", "learning-certificate", everyone(200)),
    "learning:resource-list": ("get", "", everyone(200)),
    "learning:city-kit": ("get", "learning-lyon", LYON_PEOPLE),
    "learning:city-factsheet": ("get", "learning-lyon", LYON_PEOPLE),
    "learning:city-card": ("get", "learning-lyon", LYON_PEOPLE),
    "learning:resource-create": ("get", "", SECRETARIAT_ONLY),
    "learning:resource-detail": (
        "get",
        "learning-resource",
        dict.fromkeys(SIGNED_IN, 200) | {"visitor": 404},
    ),
    "learning:resource-version": ("get", "learning-resource", SECRETARIAT_ONLY),
}

CASES = {
    # A members-only library file, through the one file view of core.downloads.
    "a library file": (
        "file-download",
        "get",
        "learning-resource-file",
        dict.fromkeys(SIGNED_IN, 200) | {"visitor": LOGIN},
    ),
    "a public course": ("learning:course-detail", "get", "learning-open-course", everyone(200)),
    "a public course's lesson": (
        "learning:lesson-detail",
        "get",
        "learning-open-lesson",
        everyone(200),
    ),
    "an unknown certificate code": (
        "learning:certificate-verify",
        "get",
        "learning-no-certificate",
        everyone(404),
    ),
}


def url_kwargs(key: str, personas: dict[str, Any]) -> dict[str, Any] | None:
    if key == "learning-lyon":
        return {"city": "lyon"}
    if key in ("learning-resource", "learning-resource-file"):
        return _resource(personas, with_file=key.endswith("file"))
    if key == "learning-no-certificate":
        return {"code": "NOSUCHCODE22"}
    known = {
        "learning-course",
        "learning-lesson",
        "learning-module",
        "learning-draft",
        "learning-check",
        "learning-question",
        "learning-certificate",
        "learning-revoke",
        "learning-removable",
        "learning-open-course",
        "learning-open-lesson",
        "learning-spare-file",
    }
    if key not in known:
        return None
    return _objects(personas)[key]


def _resource(personas: dict[str, Any], *, with_file: bool) -> dict[str, Any]:
    """Return a members-only pack of the library (made once per walk)."""
    from icc.learning.models import Resource
    from icc.learning.tests.test_library import make_resource

    resource = Resource.objects.filter(slug="brand-kit").first() or make_resource(
        personas["secretariat"].user
    )
    if not with_file:
        return {"slug": resource.slug}
    assert resource.current is not None
    row = resource.current.files.all()[0]
    return {"kind": "resource-file", "pk": row.pk, "name": PurePath(row.file.name or "").name}


def _spare_question(course: Any) -> int:
    """Return a question the secretariat's walk may remove (a new one each time it is gone)."""
    from icc.learning import services
    from icc.learning.models import Lesson
    from icc.learning.tests.conftest import both

    check = Lesson.objects.get(module__course=course, kind="check")
    spare = check.questions.filter(texts__en__prompt="Spare?").first()
    if spare is None:
        spare = services.save_question(
            check,
            changed_by=None,
            kind="single",
            texts=both(prompt="Spare?"),
            options=[
                {"is_correct": True, "texts": both(label="Yes")},
                {"is_correct": False, "texts": both(label="No")},
            ],
        )
    return spare.pk


def _spare_file(course: Any) -> dict[str, Any]:
    """Return the kwargs of a file the secretariat's walk may take out of a lesson."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from icc.learning import services
    from icc.learning.models import Lesson, LessonFile

    lesson = Lesson.objects.filter(module__course=course).order_by("module__position", "position")[
        0
    ]
    row = LessonFile.objects.filter(lesson=lesson, kind="file").first()
    if row is None:
        row = services.attach_file(
            lesson,
            uploaded_by=None,
            upload=SimpleUploadedFile(
                "spare.pdf", b"%PDF-1.4 spare", content_type="application/pdf"
            ),
            kind="file",
            texts={"en": {"title": "Spare"}, "fr": {"title": "Spare"}},
        )
    return {"slug": course.slug, "pk": lesson.pk, "file_pk": row.pk}


def _objects(personas: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Build the two courses once per walk; Lyon's coordinator completes the first."""
    from icc.learning import services
    from icc.learning.models import Certificate, Course, Lesson
    from icc.learning.tests.conftest import build_course, lesson_keys, right_answers

    secretariat = personas["secretariat"].user
    course = Course.objects.filter(slug="induction").first() or build_course(by=secretariat)
    public = Course.objects.filter(slug="open").first() or build_course(
        by=secretariat, slug="open", visibility="public", is_induction=False
    )
    coordinator = personas["lyon_coordinator"].user
    certificate = Certificate.objects.filter(
        enrolment__user=coordinator, enrolment__course=course
    ).first()
    if certificate is None:
        enrolment = services.enrol(course, coordinator, source="self")
        for key in lesson_keys(course):
            if Lesson.objects.get(key=key).kind == "check":
                services.submit_check(enrolment, lesson_key=key, answers=right_answers(course, key))
            else:
                services.complete_lesson(enrolment, lesson_key=key)
        certificate = Certificate.objects.get(enrolment=enrolment)
    check = Lesson.objects.get(module__course=course, kind="check")
    first = (
        Lesson.objects.filter(module__course=course)
        .order_by("module__position", "position")
        .first()
    )
    assert first is not None
    question = check.questions.all()[0]
    return {
        "learning-course": {"slug": course.slug},
        "learning-lesson": {"slug": course.slug, "key": lesson_keys(course)[0]},
        "learning-module": {"slug": course.slug, "pk": first.module_id},
        "learning-draft": {"slug": course.slug, "pk": first.pk},
        "learning-check": {"slug": course.slug, "pk": check.pk},
        "learning-question": {
            "slug": course.slug,
            "pk": check.pk,
            "question_pk": question.pk,
        },
        "learning-certificate": {"code": certificate.code},
        "learning-revoke": {"slug": course.slug, "code": certificate.code},
        "learning-removable": {
            "slug": public.slug,
            "kind": "question",
            "pk": _spare_question(public),
        },
        "learning-spare-file": _spare_file(public),
        "learning-open-course": {"slug": public.slug},
        "learning-open-lesson": {"slug": public.slug, "key": lesson_keys(public)[0]},
    }
