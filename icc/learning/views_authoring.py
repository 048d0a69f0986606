"""The secretariat's pages: write a course, its modules, lessons, checks and files; publish."""

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from icc.accounts.models import User
from icc.core.forms import add_service_errors
from icc.core.versions import VersionConflict
from icc.learning import permissions, selectors, services
from icc.learning.forms import (
    CourseForm,
    EnrolForm,
    LessonFileForm,
    LessonForm,
    ModuleForm,
    QuestionForm,
    RevokeForm,
)
from icc.learning.models import (
    Certificate,
    Course,
    Enrolment,
    Lesson,
    LessonFile,
    Module,
    Question,
    pick,
)
from icc.learning.snapshots import changes_between, missing_texts


def _author(request: HttpRequest) -> None:
    if not permissions.can_author_courses(request.user):
        raise Http404


def save_form(request: HttpRequest, form: Any, save: Any, done: str) -> bool:
    """Call ``save`` with a valid form; show a refusal or a stale copy on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save()
    except VersionConflict:
        form.add_error(
            None,
            _(
                "Someone saved this meanwhile. Reload the page to see their version, then "
                "make your change again."
            ),
        )
        return False
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, done)
    return True


def course_create(request: HttpRequest) -> HttpResponse:
    """Start a new course as a draft."""
    _author(request)
    form = CourseForm(request.POST or None)
    holder: dict[str, Course] = {}

    def save() -> None:
        holder["course"] = services.create_course(
            created_by=request.user,
            slug=form.cleaned_data["slug"],
            texts=form.texts(),
            visibility=form.cleaned_data["visibility"],
            is_induction=form.cleaned_data["is_induction"],
        )

    if save_form(request, form, save, _("The course was created as a draft.")):
        return redirect("learning:course-edit", slug=holder["course"].slug)
    return render(request, "learning/course_form.html", {"form": form, "course": None})


def _draft_outline(course: Course) -> list[dict[str, Any]]:
    return [
        {"module": module, "lessons": list(module.lessons.all())}
        for module in course.modules.prefetch_related("lessons").all()
    ]


def course_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit the course's texts and settings; see its working copy, what changed, and publish."""
    course = permissions.get_course_for_authoring(request.user, slug)
    form = CourseForm(
        request.POST or None,
        editing=True,
        texts=course.texts,
        initial={
            "visibility": course.visibility,
            "is_induction": course.is_induction,
            "version": course.version,
        },
    )

    def save() -> None:
        services.update_course(
            course,
            changed_by=request.user,
            expected_version=form.cleaned_data.get("version"),
            texts=form.texts(),
            visibility=form.cleaned_data["visibility"],
            is_induction=form.cleaned_data["is_induction"],
        )

    if save_form(request, form, save, _("The course was saved.")):
        return redirect("learning:course-edit", slug=course.slug)
    snapshot = services.build_snapshot(course)
    previous = course.published_version
    pending = changes_between(previous.content if previous else None, snapshot)
    return render(
        request,
        "learning/course_edit.html",
        {
            "form": form,
            "course": course,
            "outline": _draft_outline(course),
            "pending": pending,
            "problems": missing_texts(snapshot),
            "has_changes": previous is None or previous.content != snapshot,
        },
    )


@require_POST
def course_publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish the working copy as the course's next version."""
    course = permissions.get_course_for_authoring(request.user, slug)
    try:
        version = services.publish_course(course, published_by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("learning:course-edit", slug=slug)
    messages.success(
        request,
        _("Version %(number)s is published; progress on unchanged lessons is kept.")
        % {"number": version.number},
    )
    return redirect("learning:course-versions", slug=slug)


def course_versions(request: HttpRequest, slug: str) -> HttpResponse:
    """List the course's published versions and what changed in each."""
    course = permissions.get_course_for_authoring(request.user, slug)
    versions = [
        (
            version,
            [
                (c["change"], pick({k: {"t": v} for k, v in c["titles"].items()})[0].get("t", ""))
                for c in version.changes
            ],
        )
        for version in course.versions.select_related("published_by")
    ]
    kept = course.enrolments.filter(lessons_done__gt=0).count()
    return render(
        request,
        "learning/course_versions.html",
        {"course": course, "versions": versions, "kept": kept},
    )


def module_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    """Add a module to the course, or edit one."""
    course = permissions.get_course_for_authoring(request.user, slug)
    module = get_object_or_404(Module, pk=pk, course=course) if pk else None
    form = ModuleForm(
        request.POST or None,
        texts=module.texts if module else None,
        initial={"version": module.version} if module else {},
    )

    def save() -> None:
        services.save_module(
            course,
            changed_by=request.user,
            texts=form.texts(),
            module=module,
            expected_version=form.cleaned_data.get("version"),
        )

    if save_form(request, form, save, _("The module was saved.")):
        return redirect("learning:course-edit", slug=slug)
    return render(
        request, "learning/module_form.html", {"form": form, "course": course, "module": module}
    )


def lesson_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Add a lesson or a knowledge check at the end of a module."""
    course = permissions.get_course_for_authoring(request.user, slug)
    module = get_object_or_404(Module, pk=pk, course=course)
    return _lesson_form(request, course, module, None)


def lesson_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Edit a lesson of the working copy, its questions and its files."""
    course = permissions.get_course_for_authoring(request.user, slug)
    lesson = get_object_or_404(Lesson, pk=pk, module__course=course)
    return _lesson_form(request, course, lesson.module, lesson)


def _lesson_form(
    request: HttpRequest, course: Course, module: Module, lesson: Lesson | None
) -> HttpResponse:
    initial = (
        {
            "kind": lesson.kind,
            "requires_previous": lesson.requires_previous,
            "pass_mark": lesson.pass_mark,
            "version": lesson.version,
        }
        if lesson
        else {}
    )
    form = LessonForm(request.POST or None, texts=lesson.texts if lesson else None, initial=initial)
    holder: dict[str, Lesson] = {}

    def save() -> None:
        holder["lesson"] = services.save_lesson(
            module,
            changed_by=request.user,
            kind=form.cleaned_data["kind"],
            texts=form.texts(),
            requires_previous=form.cleaned_data["requires_previous"],
            pass_mark=form.cleaned_data["pass_mark"],
            lesson=lesson,
            expected_version=form.cleaned_data.get("version"),
        )

    if save_form(request, form, save, _("The lesson was saved.")):
        return redirect("learning:lesson-edit", slug=course.slug, pk=holder["lesson"].pk)
    previews = []
    if lesson is not None:
        for language, texts in sorted(lesson.texts.items()):
            images = [
                (row, pick(row.texts, language)[0])
                for row in lesson.files.filter(kind=LessonFile.Kind.IMAGE)
            ]
            body, after = selectors.lesson_body(texts.get("body", ""), images)
            previews.append((language, body, after))
    return render(
        request,
        "learning/lesson_form.html",
        {
            "form": form,
            "course": course,
            "module": module,
            "lesson": lesson,
            "previews": previews,
            "questions": list(lesson.questions.prefetch_related("options")) if lesson else [],
            "files": list(lesson.files.all()) if lesson else [],
        },
    )


def question_form(
    request: HttpRequest, slug: str, pk: int, question_pk: int | None = None
) -> HttpResponse:
    """Add a question to a knowledge check, or edit one, with its options and feedback."""
    course = permissions.get_course_for_authoring(request.user, slug)
    lesson = get_object_or_404(Lesson, pk=pk, module__course=course, kind=Lesson.Kind.CHECK)
    question = get_object_or_404(Question, pk=question_pk, lesson=lesson) if question_pk else None
    form = QuestionForm(
        request.POST or None,
        texts=question.texts if question else None,
        options=list(question.options.all()) if question else None,
        initial={"kind": question.kind, "version": question.version} if question else {},
    )

    def save() -> None:
        services.save_question(
            lesson,
            changed_by=request.user,
            kind=form.cleaned_data["kind"],
            texts=form.texts(),
            options=form.options(),
            question=question,
            expected_version=form.cleaned_data.get("version"),
        )

    if save_form(request, form, save, _("The question was saved.")):
        return redirect("learning:lesson-edit", slug=slug, pk=lesson.pk)
    return render(
        request,
        "learning/question_form.html",
        {"form": form, "course": course, "lesson": lesson, "question": question},
    )


def lesson_file_upload(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Upload an image or a file to a lesson (checked by its content)."""
    course = permissions.get_course_for_authoring(request.user, slug)
    lesson = get_object_or_404(Lesson, pk=pk, module__course=course)
    form = LessonFileForm(request.POST or None, request.FILES or None)

    def save() -> None:
        services.attach_file(
            lesson,
            uploaded_by=request.user,
            upload=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            texts=form.texts(),
        )

    if save_form(request, form, save, _("The file was added to the lesson.")):
        return redirect("learning:lesson-edit", slug=slug, pk=lesson.pk)
    return render(
        request, "learning/file_form.html", {"form": form, "course": course, "lesson": lesson}
    )


def enrolment_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Enrol a person of the platform in the course, with a due date; list who is enrolled."""
    course = permissions.get_course_for_authoring(request.user, slug)
    if not permissions.can_enrol_people(request.user):
        raise Http404
    form = EnrolForm(request.POST or None)

    def save() -> None:
        user = User.objects.filter(email__iexact=form.cleaned_data["email"].strip()).first()
        if user is None:
            raise ValidationError(
                {"email": _("No one on the platform has this address; invite them first.")}
            )
        services.enrol(
            course,
            user,
            source=Enrolment.Source.SECRETARIAT,
            enrolled_by=request.user,
            due_on=form.cleaned_data.get("due_on"),
        )

    if save_form(request, form, save, _("The person is enrolled.")):
        return redirect("learning:enrolment-create", slug=slug)
    enrolments = course.enrolments.select_related("user", "city", "certificate").order_by(
        "-enrolled_at"
    )[:50]
    return render(
        request,
        "learning/enrolment_form.html",
        {
            "form": form,
            "course": course,
            "enrolments": enrolments,
            "count": course.enrolments.count(),
        },
    )


@require_POST
def reminders_send(request: HttpRequest, slug: str) -> HttpResponse:
    """Queue now the reminders the daily job would send for this course (once a week each)."""
    course = permissions.get_course_for_authoring(request.user, slug)
    sent = services.send_reminders(course=course)
    messages.success(
        request,
        ngettext(
            "%(count)s reminder was queued; people reminded in the last seven days are skipped.",
            "%(count)s reminders were queued; people reminded in the last seven days are skipped.",
            sent,
        )
        % {"count": sent},
    )
    return redirect("learning:enrolment-create", slug=slug)


def certificate_revoke(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """Revoke a certificate of the course for good, with a reason; its public page says so."""
    course = permissions.get_course_for_authoring(request.user, slug)
    certificate = get_object_or_404(
        Certificate.objects.select_related("enrolment__user"), code=code, enrolment__course=course
    )
    form = RevokeForm(request.POST or None)

    def save() -> None:
        services.revoke_certificate(
            certificate, revoked_by=request.user, reason=form.cleaned_data["reason"]
        )

    if save_form(request, form, save, _("The certificate is revoked.")):
        return redirect("learning:enrolment-create", slug=slug)
    return render(
        request,
        "learning/certificate_revoke.html",
        {"form": form, "course": course, "certificate": certificate},
    )


@require_POST
def lesson_file_remove(request: HttpRequest, slug: str, pk: int, file_pk: int) -> HttpResponse:
    """Take an image or file out of the lesson's working copy (published versions keep it)."""
    course = permissions.get_course_for_authoring(request.user, slug)
    lesson = get_object_or_404(Lesson, pk=pk, module__course=course)
    row = get_object_or_404(LessonFile, pk=file_pk, lesson=lesson)
    try:
        services.detach_file(row, removed_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Removed from the lesson; learners keep it until you publish."))
    return redirect(
        f"{reverse('learning:lesson-edit', kwargs={'slug': slug, 'pk': pk})}#files-title"
    )


PARTS: dict[str, tuple[type[Module] | type[Lesson] | type[Question], str]] = {
    "module": (Module, "course"),
    "lesson": (Lesson, "module__course"),
    "question": (Question, "lesson__module__course"),
}


def _part(course: Course, kind: str, pk: int) -> Module | Lesson | Question:
    if kind not in PARTS:
        raise Http404
    model, path = PARTS[kind]
    return cast(Module | Lesson | Question, get_object_or_404(model, pk=pk, **{path: course}))


def _page_of(slug: str, part: Module | Lesson | Question) -> str:
    """Return the authoring page that lists the part (a question's: its check's page)."""
    if isinstance(part, Question):
        return reverse("learning:lesson-edit", kwargs={"slug": slug, "pk": part.lesson_id})
    return reverse("learning:course-edit", kwargs={"slug": slug})


@require_POST
def part_move(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    """Move a module, lesson or question one place up or down (buttons, no dragging).

    The form carries the course's version the person saw; if the course changed since,
    nothing moves and the page says so. Back on the page, the moved part is in view
    (its anchor) so a keyboard user goes on from there.
    """
    course = permissions.get_course_for_authoring(request.user, slug)
    part = _part(course, kind, pk)
    version = request.POST.get("version", "")
    try:
        moved = services.move_part(
            part,
            direction=request.POST.get("direction", ""),
            moved_by=request.user,
            expected_version=int(version) if version.isdigit() else -1,
        )
    except VersionConflict:
        messages.error(
            request,
            _(
                "The course changed since you opened this page, so nothing moved. Here is "
                "the current order: move it again if you still want to."
            ),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if moved:
            messages.success(
                request, _("Moved. Learners see the new order when you publish a new version.")
            )
        else:
            messages.info(request, _("It is already at that end of the list."))
    return redirect(f"{_page_of(slug, part)}#{kind}-{part.pk}")


@require_POST
def part_delete(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    """Remove a module, lesson or question from the working copy; published versions keep it."""
    course = permissions.get_course_for_authoring(request.user, slug)
    part = _part(course, kind, pk)
    back = redirect(_page_of(slug, part))
    services.delete_part(part, deleted_by=request.user)
    messages.success(
        request, _("Removed from the working copy; learners keep it until you publish.")
    )
    return back
