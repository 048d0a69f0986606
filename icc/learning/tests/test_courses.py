"""Authoring, publishing, versions, sequencing, checks and certificates of a course."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from icc.learning import services
from icc.learning.models import Certificate, CheckAttempt, Course, Enrolment, Lesson, Module
from icc.learning.tests.conftest import both, build_course, lesson_keys, right_answers


def test_publishing_needs_both_languages(secretariat):
    course = build_course(by=secretariat.user, publish=False)
    lesson = Lesson.objects.filter(module__course=course).first()
    services.save_lesson(
        lesson.module,
        lesson=lesson,
        changed_by=secretariat.user,
        kind="text",
        texts={"en": {"title": "Only English", "body": "Text."}},
        expected_version=lesson.version,
    )
    with pytest.raises(ValidationError) as error:
        services.publish_course(course, published_by=secretariat.user)
    assert any("French" in message for message in error.value.messages)
    course.refresh_from_db()
    assert course.published_version is None


def test_a_question_with_no_right_option_is_refused_and_nothing_is_saved(course, secretariat):
    check = Lesson.objects.get(module__course=course, kind="check")
    before = check.questions.count()
    with pytest.raises(ValidationError, match="no right option"):
        services.save_question(
            check,
            changed_by=secretariat.user,
            kind="single",
            texts=both(prompt="Which?"),
            options=[
                {"is_correct": False, "texts": both(label="A")},
                {"is_correct": False, "texts": both(label="B")},
            ],
        )
    assert check.questions.count() == before


def test_a_one_answer_question_with_two_right_options_is_refused(course, secretariat):
    check = Lesson.objects.get(module__course=course, kind="check")
    with pytest.raises(ValidationError, match="exactly one right option"):
        services.save_question(
            check,
            changed_by=secretariat.user,
            kind="single",
            texts=both(prompt="Which?"),
            options=[
                {"is_correct": True, "texts": both(label="A")},
                {"is_correct": True, "texts": both(label="B")},
            ],
        )


def test_markdown_with_a_script_is_refused_with_a_clear_message(course, secretariat):
    module = Module.objects.filter(course=course).first()
    count = Lesson.objects.count()
    with pytest.raises(ValidationError, match="scripts, frames"):
        services.save_lesson(
            module,
            changed_by=secretariat.user,
            kind="text",
            texts=both(title="Bad", body="Hello <script>alert(1)</script>"),
        )
    assert Lesson.objects.count() == count


def test_a_stale_copy_is_refused(course, secretariat):
    from icc.core.versions import VersionConflict

    lesson = Lesson.objects.filter(module__course=course).first()
    old = lesson.version
    services.save_lesson(
        lesson.module,
        lesson=lesson,
        changed_by=secretariat.user,
        kind="text",
        texts=both(title="New", body="x"),
        expected_version=old,
    )
    with pytest.raises(VersionConflict):
        services.save_lesson(
            lesson.module,
            lesson=lesson,
            changed_by=secretariat.user,
            kind="text",
            texts=both(title="Other", body="y"),
            expected_version=old,
        )


def test_lessons_follow_in_order_and_completion_issues_a_certificate(course, lyon_coordinator):
    enrolment = Enrolment.objects.get(course=course, user=lyon_coordinator.user)
    first, second, check, last = lesson_keys(course)
    with pytest.raises(PermissionDenied):
        services.complete_lesson(enrolment, lesson_key=second)
    services.complete_lesson(enrolment, lesson_key=first)
    services.complete_lesson(enrolment, lesson_key=second)
    wrong = {q: ["nope"] for q in right_answers(course, check)}
    failed = services.submit_check(enrolment, lesson_key=check, answers=wrong)
    assert not failed.passed and failed.score == 0
    passed = services.submit_check(
        enrolment, lesson_key=check, answers=right_answers(course, check)
    )
    assert passed.passed and passed.score == 100
    assert CheckAttempt.objects.filter(enrolment=enrolment).count() == 2
    enrolment = services.complete_lesson(enrolment, lesson_key=last)
    assert enrolment.completed_at is not None and enrolment.lessons_done == 4
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.holder_name == "Camille Martin" and len(certificate.code) == 12
    assert certificate.course_title("fr") == "Welcome (fr)"


def test_a_new_version_keeps_progress_on_unchanged_lessons(course, secretariat, lyon_coordinator):
    enrolment = Enrolment.objects.get(course=course, user=lyon_coordinator.user)
    first, second, _check, _last = lesson_keys(course)
    services.complete_lesson(enrolment, lesson_key=first)
    services.complete_lesson(enrolment, lesson_key=second)
    lesson = Lesson.objects.get(key=second)
    services.save_lesson(
        lesson.module,
        lesson=lesson,
        changed_by=secretariat.user,
        kind="text",
        texts=both(title="Equality", body="Equal rights, and equal chances."),
        expected_version=lesson.version,
    )
    version = services.publish_course(course, published_by=secretariat.user)
    assert [(c["change"], c["key"]) for c in version.changes] == [("changed", second)]
    enrolment.refresh_from_db()
    assert enrolment.lessons_done == 1 and enrolment.next_lesson_key == second


def test_publishing_twice_without_change_is_refused(course, secretariat):
    with pytest.raises(ValidationError, match="Nothing changed"):
        services.publish_course(course, published_by=secretariat.user)


def test_only_one_induction_course(course, secretariat):
    with pytest.raises(ValidationError):
        build_course(by=secretariat.user, slug="second", is_induction=True)
    assert Course.objects.count() == 1


def test_lessons_move_up_and_down_with_a_version_check_and_keep_progress(
    course, secretariat, lyon_coordinator
):
    enrolment = Enrolment.objects.get(course=course, user=lyon_coordinator.user)
    first, second, check, _last = lesson_keys(course)
    services.complete_lesson(enrolment, lesson_key=first)
    lesson = Lesson.objects.get(key=second)
    url = f"/en/learning/{course.slug}/parts/lesson/{lesson.pk}/move/"
    office = secretariat.client()
    page = office.get(f"/en/learning/{course.slug}/edit/").content.decode()
    assert f'action="{url}"' in page and 'value="up"' in page
    course.refresh_from_db()
    seen = course.version
    response = office.post(url, {"direction": "up", "version": seen})
    assert response.status_code == 302 and response["Location"].endswith(f"#lesson-{lesson.pk}")
    order = list(Lesson.objects.filter(module=lesson.module).values_list("key", flat=True))
    assert order == [second, first, check]
    # A second move from the same page is refused: the course changed since it was read.
    response = office.post(url, {"direction": "down", "version": seen}, follow=True)
    assert "nothing moved" in response.content.decode()
    assert list(Lesson.objects.filter(module=lesson.module).values_list("key", flat=True)) == order
    # Already first: nothing moves, the version stays.
    course.refresh_from_db()
    assert not services.move_part(
        lesson, direction="up", moved_by=None, expected_version=course.version
    )
    assert Course.objects.get(pk=course.pk).version == course.version
    assert lyon_coordinator.client().post(url, {"direction": "down"}).status_code == 404
    version = services.publish_course(course, published_by=secretariat.user)
    assert version.changes == []  # the order changed, no lesson did
    enrolment.refresh_from_db()
    assert enrolment.lessons_done == 1
