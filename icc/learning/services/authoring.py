"""Every write of the secretariat to a course: the working copy, its files, publishing."""

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from icc.core.activity import record_activity
from icc.core.markup import image_references
from icc.core.page_cache import invalidate_public_pages_on_commit
from icc.core.uploads import DOCUMENTS, IMAGES, check_upload
from icc.core.versions import VersionConflict, advance_version
from icc.learning.models import (
    LANGUAGES,
    Course,
    CourseVersion,
    Lesson,
    LessonFile,
    Module,
    Option,
    Question,
    content_hash,
)
from icc.learning.snapshots import changes_between, missing_texts

Texts = Mapping[str, Mapping[str, str]]
SCOPE = "learning"
# Words of the learning pages' own addresses (learning/new/, learning/library/…).
RESERVED_SLUGS = frozenset({"new", "cities", "library", "kit", "nouveau", "villes", "bibliotheque"})
MAX_OPTIONS = 8
# Markdown is sanitised when shown (core.markup); refusing these at the door tells the
# author at once that no script, frame or embed will ever run in a lesson (strict CSP).
_FORBIDDEN_MARKUP = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|style|form|frame|svg)\b|javascript:|\bon[a-z]+\s*=",
    re.IGNORECASE,
)


def clean_texts(texts: Texts, fields: Sequence[str]) -> dict[str, dict[str, str]]:
    """Return the texts per language, stripped, keeping only known languages and fields.

    Raises ``ValidationError`` naming the language when a text holds a script, a frame,
    an embedded object or an event handler.
    """
    cleaned: dict[str, dict[str, str]] = {}
    for language in LANGUAGES:
        given = texts.get(language) or {}
        values = {name: str(given.get(name) or "").strip() for name in fields}
        for value in values.values():
            found = _FORBIDDEN_MARKUP.search(value)
            if found:
                raise ValidationError(
                    _(
                        "The text in %(language)s holds “%(found)s”: lessons are written in "
                        "Markdown, and scripts, frames, embedded objects and event handlers "
                        "are not allowed. Remove it and save again."
                    )
                    % {"language": language.upper(), "found": found.group(0)}
                )
        if any(values.values()):
            cleaned[language] = values
    return cleaned


def _check_version(model: Any, row: Any, expected: int | None, theirs: dict[str, Any]) -> None:
    if not advance_version(model, row.pk, expected=expected):
        current = model.objects.get(pk=row.pk)
        raise VersionConflict(mine=theirs, theirs={"texts": current.texts}, version=current.version)


def _touch(course: Course) -> None:
    """Mark the course's working copy as changed (its pages and its publish button)."""
    Course.objects.filter(pk=course.pk).update(version=course.version + 1)
    course.version += 1


@transaction.atomic
def create_course(
    *, created_by: Any, slug: str, texts: Texts, visibility: str, is_induction: bool = False
) -> Course:
    """Start a course as a draft; only the secretariat's pages call it."""
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": _("This address name is taken by a page; choose another.")})
    course = Course(
        slug=slug,
        texts=clean_texts(texts, ("title", "summary")),
        visibility=visibility,
        is_induction=is_induction,
    )
    if is_induction and Course.objects.filter(is_induction=True).exists():
        raise ValidationError(
            {"is_induction": _("Another course is already the induction course.")}
        )
    course.full_clean()
    course.save()
    record_activity(created_by, "course.created", course, changes={"slug": (None, slug)})
    return course


@transaction.atomic
def update_course(
    course: Course,
    *,
    changed_by: Any,
    expected_version: int | None,
    texts: Texts,
    visibility: str,
    is_induction: bool,
) -> Course:
    """Change the course's texts and settings; a stale copy raises ``VersionConflict``."""
    texts = clean_texts(texts, ("title", "summary"))
    if not advance_version(Course, course.pk, expected=expected_version):
        current = Course.objects.get(pk=course.pk)
        raise VersionConflict(
            mine={"texts": texts}, theirs={"texts": current.texts}, version=current.version
        )
    if is_induction and Course.objects.filter(is_induction=True).exclude(pk=course.pk).exists():
        raise ValidationError(
            {"is_induction": _("Another course is already the induction course.")}
        )
    course.refresh_from_db()
    changes = {
        name: (getattr(course, name), value)
        for name, value in (
            ("texts", texts),
            ("visibility", visibility),
            ("is_induction", is_induction),
        )
        if getattr(course, name) != value
    }
    course.texts, course.visibility, course.is_induction = texts, visibility, is_induction
    course.full_clean()
    course.save()
    if changes:
        record_activity(changed_by, "course.updated", course, changes=changes)
        invalidate_public_pages_on_commit(SCOPE)
    return course


def _next_position(rows: Any) -> int:
    return (rows.aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def save_module(
    course: Course,
    *,
    changed_by: Any,
    texts: Texts,
    module: Module | None = None,
    expected_version: int | None = None,
) -> Module:
    """Add a module at the end of the course, or change one (version checked)."""
    texts = clean_texts(texts, ("title",))
    if module is None:
        module = Module.objects.create(
            course=course, texts=texts, position=_next_position(course.modules.all())
        )
        record_activity(changed_by, "course.module_added", module, about=course)
    else:
        _check_version(Module, module, expected_version, {"texts": texts})
        module.refresh_from_db()
        old = module.texts
        module.texts = texts
        module.save(update_fields=["texts"])
        record_activity(
            changed_by,
            "course.module_changed",
            module,
            about=course,
            changes={"texts": (old, texts)},
        )
    _touch(course)
    return module


@transaction.atomic
def save_lesson(
    module: Module,
    *,
    changed_by: Any,
    kind: str,
    texts: Texts,
    requires_previous: bool = True,
    pass_mark: int = 80,
    lesson: Lesson | None = None,
    expected_version: int | None = None,
) -> Lesson:
    """Add a lesson at the end of the module, or change one (version checked).

    Raises ``ValidationError`` for a pass mark outside 1–100 or a text holding a script.
    """
    texts = clean_texts(texts, ("title", "body"))
    if not 1 <= int(pass_mark) <= 100:
        raise ValidationError({"pass_mark": _("The pass mark is a percentage from 1 to 100.")})
    if kind not in Lesson.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of lesson this is.")})
    _check_image_references(lesson, texts)
    fields = {
        "kind": kind,
        "texts": texts,
        "requires_previous": requires_previous,
        "pass_mark": pass_mark,
    }
    if lesson is None:
        lesson = Lesson.objects.create(
            module=module, position=_next_position(module.lessons.all()), **fields
        )
        record_activity(changed_by, "course.lesson_added", lesson, about=module.course)
    else:
        _check_version(Lesson, lesson, expected_version, {"texts": texts})
        lesson.refresh_from_db()
        changes = {n: (getattr(lesson, n), v) for n, v in fields.items() if getattr(lesson, n) != v}
        for name, value in fields.items():
            setattr(lesson, name, value)
        lesson.save()
        record_activity(
            changed_by, "course.lesson_changed", lesson, about=module.course, changes=changes
        )
    _touch(module.course)
    return lesson


@transaction.atomic
def save_question(
    lesson: Lesson,
    *,
    changed_by: Any,
    kind: str,
    texts: Texts,
    options: Sequence[Mapping[str, Any]],
    question: Question | None = None,
    expected_version: int | None = None,
) -> Question:
    """Add a question to a knowledge check, or change one, with all its options.

    ``options`` are ``{"is_correct": bool, "texts": {language: {"label", "feedback"}}}``;
    those without a label are left out. Refused (``ValidationError``, nothing saved):
    fewer than two options, no right option, or more than one for a one-answer question.
    """
    if lesson.kind != Lesson.Kind.CHECK:
        raise ValidationError(_("Questions belong to knowledge checks only."))
    texts = clean_texts(texts, ("prompt",))
    kept: list[dict[str, Any]] = [
        {
            "is_correct": bool(o.get("is_correct")),
            "texts": clean_texts(o.get("texts", {}), ("label", "feedback")),
        }
        for o in options
    ]
    kept = [o for o in kept if any(t.get("label") for t in o["texts"].values())]
    if len(kept) < 2:
        raise ValidationError(_("A question needs at least two options."))
    if len(kept) > MAX_OPTIONS:
        raise ValidationError(
            _("A question has at most %(count)s options.") % {"count": MAX_OPTIONS}
        )
    right = sum(o["is_correct"] for o in kept)
    if right == 0:
        raise ValidationError(
            _(
                "A question with no right option cannot be answered: mark at least one "
                "option as right."
            )
        )
    if kind == Question.Kind.SINGLE and right > 1:
        raise ValidationError(
            _(
                "A question with one right answer has exactly one right option; choose "
                "“Several right answers” otherwise."
            )
        )
    if question is None:
        question = Question.objects.create(
            lesson=lesson, kind=kind, texts=texts, position=_next_position(lesson.questions.all())
        )
        verb = "course.question_added"
    else:
        _check_version(Question, question, expected_version, {"texts": texts})
        question.refresh_from_db()
        question.kind, question.texts = kind, texts
        question.save(update_fields=["kind", "texts"])
        verb = "course.question_changed"
    existing = list(question.options.all())
    for position, data in enumerate(kept, start=1):
        option = existing[position - 1] if position <= len(existing) else Option(question=question)
        option.position, option.is_correct, option.texts = (
            position,
            data["is_correct"],
            data["texts"],
        )
        option.save()
    for option in existing[len(kept) :]:
        option.delete()
    record_activity(changed_by, verb, question, about=lesson.module.course)
    _touch(lesson.module.course)
    return question


@transaction.atomic
def delete_part(part: Module | Lesson | Question, *, deleted_by: Any) -> None:
    """Remove a module, lesson or question from the working copy (published versions keep it)."""
    course = (
        part.course
        if isinstance(part, Module)
        else part.module.course
        if isinstance(part, Lesson)
        else part.lesson.module.course
    )
    record_activity(deleted_by, "course.part_removed", course, changes={"part": (str(part), None)})
    part.delete()
    _touch(course)


def _check_image_references(lesson: Lesson | None, texts: Texts) -> None:
    """Refuse a text placing an image (``![alt](image:ID)``) that is not one of the lesson's."""
    images = (
        {
            str(pk)
            for pk in lesson.files.filter(kind=LessonFile.Kind.IMAGE).values_list("pk", flat=True)
        }
        if lesson is not None
        else set()
    )
    for language, values in texts.items():
        for key in image_references(values.get("body", "")):
            if key not in images:
                raise ValidationError(
                    {
                        f"body_{language}": _(
                            "The %(language)s text places image %(key)s, which is not an image "
                            "of this lesson. Save the lesson, upload the image below, then copy "
                            "its code into the text."
                        )
                        % {"language": language.upper(), "key": key}
                    }
                )


@transaction.atomic
def move_part(
    part: Module | Lesson | Question, *, direction: str, moved_by: Any, expected_version: int | None
) -> bool:
    """Move a module, lesson or question one place up or down among its siblings.

    ``expected_version`` is the course's working-copy version the person saw: any change
    to the course since (another move, an edit) raises ``VersionConflict`` and nothing
    moves, so nobody moves a part of an order they did not see. Returns False when the
    part is already first (up) or last (down). Positions of the siblings are renumbered
    1, 2, 3…; a lesson's progress is kept (positions are not in its content hash).
    """
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose to move it up or down."))
    siblings: QuerySet[Any]
    if isinstance(part, Module):
        course, siblings = part.course, Module.objects.filter(course_id=part.course_id)
    elif isinstance(part, Lesson):
        course, siblings = part.module.course, Lesson.objects.filter(module_id=part.module_id)
    else:
        course = part.lesson.module.course
        siblings = Question.objects.filter(lesson_id=part.lesson_id)
    if not advance_version(Course, course.pk, expected=expected_version):
        current = Course.objects.get(pk=course.pk)
        raise VersionConflict(mine={}, theirs={}, version=current.version)
    course.version = Course.objects.values_list("version", flat=True).get(pk=course.pk)
    order: list[Any] = list(siblings.select_for_update().order_by("position", "id"))
    index = next(i for i, row in enumerate(order) if row.pk == part.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(order):
        transaction.set_rollback(True)  # nothing moved: the course's version stays
        return False
    order[index], order[target] = order[target], order[index]
    for position, row in enumerate(order, start=1):
        if row.position != position:
            type(row).objects.filter(pk=row.pk).update(position=position)
    record_activity(
        moved_by,
        "course.part_moved",
        course,
        changes={"part": (str(part), None), "position": (index + 1, target + 1)},
    )
    return True


@transaction.atomic
def attach_file(
    lesson: Lesson, *, uploaded_by: Any, upload: UploadedFile, kind: str, texts: Texts
) -> LessonFile:
    """Keep an image or a file for a lesson, checked by content; an image needs its alt text.

    Raises ``ValidationError`` (nothing kept) for a file that is not what its name says,
    one too large, or an image without a description in English and French.
    """
    types = IMAGES if kind == LessonFile.Kind.IMAGE else DOCUMENTS
    checked = check_upload(upload, types=types)
    texts = clean_texts(texts, ("title", "alt"))
    if kind == LessonFile.Kind.IMAGE and not all(
        texts.get(lang, {}).get("alt") for lang in LANGUAGES
    ):
        raise ValidationError(
            {
                "alt_en": _(
                    "Describe the image in English and in French for those who cannot see it."
                )
            }
        )
    row = LessonFile.objects.create(
        course=lesson.module.course,
        lesson=lesson,
        kind=kind,
        file=upload,
        content_type=checked.content_type,
        texts=texts,
    )
    record_activity(uploaded_by, "course.file_added", row, about=lesson.module.course)
    _touch(lesson.module.course)
    return row


@transaction.atomic
@transaction.atomic
def detach_file(row: LessonFile, *, removed_by: Any) -> None:
    """Take a file out of its lesson's working copy; published versions still show it.

    Raises ``ValidationError`` when the lesson's text still places the image there.
    """
    course = row.course
    if row.lesson is not None:
        for language, values in row.lesson.texts.items():
            if str(row.pk) in image_references(values.get("body", "")):
                raise ValidationError(
                    _(
                        "The %(language)s text of the lesson still places this image. Remove "
                        "its code from the text first."
                    )
                    % {"language": language.upper()}
                )
    row.lesson = None
    row.save(update_fields=["lesson"])
    record_activity(removed_by, "course.file_removed", row, about=course)
    _touch(course)


def build_snapshot(course: Course) -> dict[str, Any]:
    """Return the working copy of the course as a version would keep it."""
    modules = []
    for module in course.modules.prefetch_related(
        "lessons__questions__options", "lessons__files"
    ).all():
        lessons = []
        for lesson in module.lessons.all():
            data: dict[str, Any] = {
                "key": lesson.key,
                "kind": lesson.kind,
                "requires_previous": lesson.requires_previous,
                "pass_mark": lesson.pass_mark,
                "texts": lesson.texts,
                "files": [
                    {"id": f.pk, "kind": f.kind, "texts": f.texts} for f in lesson.files.all()
                ],
                "questions": [
                    {
                        "key": q.key,
                        "kind": q.kind,
                        "texts": q.texts,
                        "options": [
                            {"key": o.key, "is_correct": o.is_correct, "texts": o.texts}
                            for o in q.options.all()
                        ],
                    }
                    for q in lesson.questions.all()
                ]
                if lesson.kind == Lesson.Kind.CHECK
                else [],
            }
            data["hash"] = content_hash(data)
            lessons.append(data)
        modules.append({"key": module.key, "texts": module.texts, "lessons": lessons})
    return {"texts": course.texts, "modules": modules}


def has_unpublished_changes(course: Course) -> bool:
    """Say whether the working copy differs from what learners read."""
    version = course.published_version
    return version is None or build_snapshot(course) != version.content


@transaction.atomic
def publish_course(course: Course, *, published_by: Any) -> CourseVersion:
    """Publish the working copy as a new version and list what changed for learners.

    Progress on lessons whose content did not change is kept (it is keyed by the
    lesson's key and content hash); every enrolment's position is recomputed. Raises
    ``ValidationError`` listing every missing English or French text, or when nothing
    changed since the last version.
    """
    from icc.learning.services.progress import refresh_enrolments

    course = Course.objects.select_for_update().get(pk=course.pk)
    snapshot = build_snapshot(course)
    problems = missing_texts(snapshot)
    if problems:
        raise ValidationError(problems)
    previous = course.published_version
    if previous is not None and previous.content == snapshot:
        raise ValidationError(_("Nothing changed since the last version."))
    number = (course.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = CourseVersion.objects.create(
        course=course,
        number=number,
        content=snapshot,
        changes=changes_between(previous.content if previous else None, snapshot),
        published_by=published_by if getattr(published_by, "is_authenticated", False) else None,
    )
    course.published_version = version
    course.save(update_fields=["published_version", "updated_at"])
    record_activity(
        published_by,
        "course.published",
        course,
        changes={"version": (previous.number if previous else None, number)},
    )
    refresh_enrolments(course)
    invalidate_public_pages_on_commit(SCOPE)
    return version
