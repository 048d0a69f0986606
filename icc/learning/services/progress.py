"""Every write about learners: enrolment, lessons done, answers to checks, certificates."""

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.core.activity import record_activity
from icc.learning import notifications
from icc.learning.models import (
    Certificate,
    CheckAttempt,
    Course,
    CourseVersion,
    Enrolment,
    LessonProgress,
    new_certificate_code,
)
from icc.learning.snapshots import ordered_lessons, score_answers

REMINDER_INTERVAL = timedelta(days=7)
# Reminders start this many days before the due date, and go on weekly after it.
REMINDER_LEAD = timedelta(days=7)


@transaction.atomic
def enrol(
    course: Course,
    user: Any,
    *,
    source: str,
    enrolled_by: Any = None,
    due_on: date | None = None,
    city: Any = None,
) -> Enrolment:
    """Enrol ``user`` in ``course``; an existing enrolment is kept, its due date changed if given.

    The person is notified when someone else enrolled them.
    """
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date cannot be in the past.")})
    existing = Enrolment.objects.filter(course=course, user=user).first()
    if existing is not None:
        if due_on is not None and existing.due_on != due_on:
            old = existing.due_on
            existing.due_on = due_on
            existing.save(update_fields=["due_on"])
            record_activity(
                enrolled_by,
                "enrolment.due_changed",
                existing,
                about=course,
                changes={"due_on": (old, due_on)},
            )
        return existing
    by = enrolled_by if getattr(enrolled_by, "is_authenticated", False) else None
    enrolment = Enrolment(
        course=course, user=user, city=city, source=source, enrolled_by=by, due_on=due_on
    )
    version = course.published_version
    if version is not None:
        lessons = ordered_lessons(version.content)
        enrolment.next_lesson_key = lessons[0]["key"] if lessons else ""
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:  # enrolled meanwhile by another path (a role and a status at once)
        return Enrolment.objects.get(course=course, user=user)
    record_activity(
        by,
        "enrolment.created",
        enrolment,
        about=course,
        changes={"person": (None, user.email), "due_on": (None, due_on)},
    )
    if by is not None and by.pk != user.pk:
        notifications.enrolled(enrolment, by=by)
    return enrolment


def done_keys(enrolment: Enrolment, version: CourseVersion) -> set[str]:
    """Return the keys of the version's lessons the person finished, in their current content."""
    current = {lesson["key"]: lesson["hash"] for lesson in ordered_lessons(version.content)}
    return {
        key
        for key, digest in enrolment.progress.values_list("lesson_key", "content_hash")
        if current.get(key) == digest
    }


def may_open(lessons: list[dict[str, Any]], index: int, done: set[str]) -> bool:
    """Say whether the lesson at ``index`` is open: first, free, or after a finished one."""
    lesson = lessons[index]
    return index == 0 or not lesson["requires_previous"] or lessons[index - 1]["key"] in done


def _position(enrolment: Enrolment, lessons: list[dict[str, Any]], done: set[str]) -> None:
    enrolment.lessons_done = sum(lesson["key"] in done for lesson in lessons)
    enrolment.next_lesson_key = next(
        (lesson["key"] for lesson in lessons if lesson["key"] not in done), ""
    )


def _lesson(version: CourseVersion, key: str) -> tuple[list[dict[str, Any]], int]:
    lessons = ordered_lessons(version.content)
    for index, lesson in enumerate(lessons):
        if lesson["key"] == key:
            return lessons, index
    raise ValidationError(_("This lesson is not part of the course any more."))


def _complete(enrolment: Enrolment, now: Any) -> None:
    enrolment.completed_at = now
    enrolment.days_to_complete = round((now - enrolment.enrolled_at).total_seconds() / 86400, 2)


def _record_done(
    enrolment: Enrolment, version: CourseVersion, lessons: list[dict[str, Any]], index: int
) -> Enrolment:
    lesson = lessons[index]
    LessonProgress.objects.get_or_create(
        enrolment=enrolment, lesson_key=lesson["key"], content_hash=lesson["hash"]
    )
    done = done_keys(enrolment, version)
    _position(enrolment, lessons, done)
    now = timezone.now()
    enrolment.started_at = enrolment.started_at or now
    fields = ["lessons_done", "next_lesson_key", "started_at"]
    if not enrolment.next_lesson_key and enrolment.completed_at is None:
        _complete(enrolment, now)
        fields += ["completed_at", "days_to_complete"]
    enrolment.save(update_fields=fields)
    if "completed_at" in fields:
        issue_certificate(enrolment, version)
        record_activity(enrolment.user, "enrolment.completed", enrolment, about=enrolment.course)
    return enrolment


@transaction.atomic
def complete_lesson(enrolment: Enrolment, *, lesson_key: str) -> Enrolment:
    """Mark a lesson to read as done by the person, in the published version's content.

    Refused (``PermissionDenied``) when the lesson needs the previous one first;
    ``ValidationError`` for a knowledge check, which is passed, not marked.
    """
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    version = enrolment.course.published_version
    if version is None:
        raise ValidationError(_("This course is not published."))
    lessons, index = _lesson(version, lesson_key)
    if lessons[index]["kind"] == "check":
        raise ValidationError(_("A knowledge check is done by passing it."))
    if not may_open(lessons, index, done_keys(enrolment, version)):
        raise PermissionDenied(_("Finish the previous lesson first."))
    return _record_done(enrolment, version, lessons, index)


@transaction.atomic
def submit_check(
    enrolment: Enrolment, *, lesson_key: str, answers: Mapping[str, list[str]]
) -> CheckAttempt:
    """Keep the person's answers to a knowledge check and score them; passing finishes it.

    Every question must be answered; retries are unlimited and every attempt is kept.
    """
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    version = enrolment.course.published_version
    if version is None:
        raise ValidationError(_("This course is not published."))
    lessons, index = _lesson(version, lesson_key)
    lesson = lessons[index]
    if lesson["kind"] != "check":
        raise ValidationError(_("This lesson has no questions."))
    if not may_open(lessons, index, done_keys(enrolment, version)):
        raise PermissionDenied(_("Finish the previous lesson first."))
    unanswered = [q for q in lesson["questions"] if not answers.get(q["key"])]
    if unanswered:
        raise ValidationError(_("Answer every question before checking your answers."))
    score, _results = score_answers(lesson, dict(answers))
    passed = score >= lesson["pass_mark"]
    attempt = CheckAttempt.objects.create(
        enrolment=enrolment,
        lesson_key=lesson["key"],
        content_hash=lesson["hash"],
        answers={key: list(value) for key, value in answers.items()},
        score=score,
        passed=passed,
    )
    if passed:
        _record_done(enrolment, version, lessons, index)
    else:
        Enrolment.objects.filter(pk=enrolment.pk, started_at__isnull=True).update(
            started_at=timezone.now()
        )
    return attempt


def refresh_enrolments(course: Course) -> int:
    """Recompute every enrolment's position in the course's published version; return them.

    Called when a version is published: progress on unchanged lessons counts again,
    changed lessons are to be done again. A completed enrolment stays completed.
    """
    version = course.published_version
    if version is None:
        return 0
    lessons = ordered_lessons(version.content)
    current = {lesson["key"]: lesson["hash"] for lesson in lessons}
    done: dict[int, set[str]] = defaultdict(set)
    rows = LessonProgress.objects.filter(enrolment__course=course).values_list(
        "enrolment_id", "lesson_key", "content_hash"
    )
    for enrolment_id, key, digest in rows.iterator(chunk_size=5000):
        if current.get(key) == digest:
            done[enrolment_id].add(key)
    enrolments = list(
        course.enrolments.only(
            "id", "lessons_done", "next_lesson_key", "completed_at", "enrolled_at"
        )
    )
    # One UPDATE per new position, for the enrolments that moved: a course has a few dozen
    # positions, where a row-by-row update of 10,000 enrolments takes seconds.
    moved: dict[tuple[int, str], list[int]] = defaultdict(list)
    for enrolment in enrolments:
        before = (enrolment.lessons_done, enrolment.next_lesson_key)
        _position(enrolment, lessons, done[enrolment.pk])
        after = (enrolment.lessons_done, enrolment.next_lesson_key)
        if after != before:
            moved[after].append(enrolment.pk)
    for (lessons_done, next_key), ids in moved.items():
        for start in range(0, len(ids), 5000):
            Enrolment.objects.filter(pk__in=ids[start : start + 5000]).update(
                lessons_done=lessons_done, next_lesson_key=next_key
            )
    newly_complete = [e for e in enrolments if not e.next_lesson_key and e.completed_at is None]
    for enrolment in newly_complete:
        _record_done_all(enrolment, version)
    return len(enrolments)


def _record_done_all(enrolment: Enrolment, version: CourseVersion) -> None:
    """Complete an enrolment whose every lesson is done after a version removed the rest."""
    _complete(enrolment, timezone.now())
    enrolment.save(update_fields=["completed_at", "days_to_complete"])
    issue_certificate(enrolment, version)


def issue_certificate(enrolment: Enrolment, version: CourseVersion) -> Certificate:
    """Issue the certificate of a completed enrolment, with a new verification code."""
    existing = Certificate.objects.filter(enrolment=enrolment).first()
    if existing is not None:
        return existing
    user = enrolment.user
    titles = {
        language: (texts or {}).get("title", "")
        for language, texts in version.content["texts"].items()
    }
    for _attempt in range(5):
        code = new_certificate_code()
        if not Certificate.objects.filter(code=code).exists():
            break
    certificate = Certificate.objects.create(
        enrolment=enrolment,
        code=code,
        holder_name=user.full_name or user.email,
        course_titles=titles,
        completed_on=timezone.localdate(enrolment.completed_at),
    )
    record_activity(user, "certificate.issued", certificate, about=enrolment.course)
    return certificate


@transaction.atomic
def revoke_certificate(certificate: Certificate, *, revoked_by: Any, reason: str) -> Certificate:
    """Revoke a certificate for good: its public page says it is revoked."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for revoking the certificate.")})
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked:
        raise ValidationError(_("This certificate is already revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason.strip()
    certificate.save(update_fields=["revoked_at", "revoked_reason"])
    record_activity(
        revoked_by,
        "certificate.revoked",
        certificate,
        about=certificate.enrolment.course,
        changes={"reason": ("", reason.strip())},
    )
    return certificate


def due_for_reminder(now: Any) -> Any:
    """Return the open enrolments due within a week or overdue, not reminded this week."""
    today = timezone.localdate(now)
    return Enrolment.objects.open().filter(
        Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=now - REMINDER_INTERVAL),
        due_on__isnull=False,
        due_on__lte=today + REMINDER_LEAD,
        course__published_version__isnull=False,
        user__is_active=True,
    )


def send_reminders(*, course: Course | None = None, now: Any = None) -> int:
    """Queue a reminder mail for each person due one, in their language; return how many.

    A person is reminded at most once a week per course: the reminder is claimed with a
    conditional update, so two runs at once (two servers, a button and the daily job)
    never send it twice.
    """
    from icc.learning.tasks import send_reminder_mail

    now = now or timezone.now()
    enrolments = due_for_reminder(now).select_related("user", "course")
    if course is not None:
        enrolments = enrolments.filter(course=course)
    sent = 0
    for enrolment in enrolments:
        claimed = (
            Enrolment.objects.filter(pk=enrolment.pk)
            .filter(
                Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=now - REMINDER_INTERVAL)
            )
            .update(last_reminded_at=now)
        )
        if not claimed:
            continue
        user = enrolment.user
        language = (user.language or "en")[:2]
        context = {
            "name": user.get_short_name(),
            "course_title": enrolment.course.title(language),
            "course_slug": enrolment.course.slug,
            "due_on": enrolment.due_on.isoformat() if enrolment.due_on else "",
            "lessons_done": enrolment.lessons_done,
        }
        transaction.on_commit(
            partial(send_reminder_mail.enqueue, to=user.email, language=language, context=context)
        )
        sent += 1
    return sent
