"""Learners' pages: the courses, a course, a lesson and its check, the certificate and its check."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from icc.core.markup import render_markdown
from icc.core.page_cache import cache_public_page
from icc.core.pdf import html_to_pdf
from icc.core.site import absolute_url
from icc.learning import permissions, selectors, services
from icc.learning.models import Certificate, CheckAttempt, Course, Enrolment, pick
from icc.learning.snapshots import ordered_lessons, score_answers


@cache_public_page(scopes=["learning"], query=())
def course_list(request: HttpRequest) -> HttpResponse:
    """List the courses the person may read, with their own progress in each."""
    courses = permissions.get_courses_for_list(request.user)
    mine = selectors.my_enrolments(request.user)
    rows = [(course, mine.get(course.pk)) for course in courses]
    return render(
        request,
        "learning/course_list.html",
        {
            "rows": rows,
            "can_author": permissions.can_author_courses(request.user),
            "can_view_cohort": permissions.can_view_cohort(request.user),
        },
    )


def _published_or_preview(course: Course) -> bool:
    return course.published_version is not None


@cache_public_page(scopes=["learning"], query=())
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a course: its modules and lessons, the person's progress, what to do next."""
    course = permissions.get_course_for_view(request.user, slug)
    enrolment = permissions.get_enrolment(request.user, course)
    modules = selectors.outline(course, enrolment)
    total = sum(len(module.lessons) for module in modules)
    text, language = pick(
        course.published_version.content["texts"] if course.published_version else course.texts
    )
    next_lesson = next((row for m in modules for row in m.lessons if row.is_next), None)
    certificate = Certificate.objects.filter(enrolment=enrolment).first() if enrolment else None
    return render(
        request,
        "learning/course_detail.html",
        {
            "course": course,
            "text": text,
            "summary": render_markdown(text.get("summary", "")),
            "text_language": language,
            "modules": modules,
            "total": total,
            "enrolment": enrolment,
            "next_lesson": next_lesson,
            "certificate": certificate,
            "can_follow": permissions.can_follow_course(request.user, course),
            "can_author": permissions.can_author_courses(request.user),
            "can_view_cohort": permissions.can_view_cohort(request.user),
            "version": course.published_version,
        },
    )


@login_required
@require_POST
def course_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Enrol the person in a course they may read, and open its first lesson."""
    course = permissions.get_course_for_view(request.user, slug)
    if not permissions.can_follow_course(request.user, course):
        raise PermissionDenied
    services.enrol(course, request.user, source=Enrolment.Source.SELF, enrolled_by=request.user)
    return redirect(course.get_absolute_url())


def _find_lesson(course: Course, key: str) -> tuple[list[dict[str, Any]], int]:
    if course.published_version is None:
        raise Http404
    lessons = ordered_lessons(course.published_version.content)
    for index, lesson in enumerate(lessons):
        if lesson["key"] == key:
            return lessons, index
    raise Http404


def _answers_from(request: HttpRequest, lesson: dict[str, Any]) -> dict[str, list[str]]:
    return {q["key"]: request.POST.getlist(f"q-{q['key']}")[:20] for q in lesson["questions"]}


def _question_rows(lesson: dict[str, Any], attempt: CheckAttempt | None) -> list[dict[str, Any]]:
    """Return each question with its options in the reader's language, and the last answers."""
    results = {}
    if attempt is not None:
        _score, rows = score_answers(lesson, attempt.answers)
        results = {row["key"]: row for row in rows}
    questions = []
    for question in lesson["questions"]:
        result = results.get(question["key"])
        chosen = set(result["chosen"]) if result else set()
        options = []
        for option in question["options"]:
            text = pick(option["texts"])[0]
            options.append(
                {
                    "key": option["key"],
                    "label": text.get("label", ""),
                    "feedback": text.get("feedback", "") if option["key"] in chosen else "",
                    "is_chosen": option["key"] in chosen,
                }
            )
        questions.append(
            {
                "key": question["key"],
                "kind": question["kind"],
                "prompt": pick(question["texts"])[0].get("prompt", ""),
                "options": options,
                "is_right": result["is_right"] if result else None,
            }
        )
    return questions


@cache_public_page(scopes=["learning"], query=())
def lesson_detail(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """Show a lesson of the published version; a knowledge check takes its answers here (POST)."""
    course = permissions.get_course_for_view(request.user, slug)
    lessons, index = _find_lesson(course, key)
    lesson = lessons[index]
    enrolment = permissions.get_enrolment(request.user, course)
    version = course.published_version
    done = services.done_keys(enrolment, version) if enrolment and version else set()
    if enrolment is not None and not services.may_open(lessons, index, done):
        messages.info(request, _("Finish the previous lesson first."))
        return redirect("learning:lesson-detail", slug=course.slug, key=lessons[index - 1]["key"])
    if request.method == "POST":
        return _submit_check(request, course, enrolment, lesson)
    text, language = pick(lesson["texts"])
    attempt = None
    if enrolment is not None and lesson["kind"] == "check":
        attempt = CheckAttempt.objects.filter(
            enrolment=enrolment, lesson_key=lesson["key"], content_hash=lesson["hash"]
        ).first()
    images, files = selectors.lesson_files(lesson)
    body, images = selectors.lesson_body(text.get("body", ""), images)
    context = {
        "course": course,
        "course_title": pick(version.content["texts"])[0].get("title", "") if version else "",
        "lesson": lesson,
        "number": index + 1,
        "total": len(lessons),
        "text": text,
        "is_other_language": language != (get_language() or "en")[:2],
        "text_language": language,
        "body": body,
        "images": images,
        "files": files,
        "questions": _question_rows(lesson, attempt),
        "attempt": attempt,
        "enrolment": enrolment,
        "is_done": lesson["key"] in done,
        "previous": lessons[index - 1] if index else None,
        "next": lessons[index + 1] if index + 1 < len(lessons) else None,
        "can_follow": permissions.can_follow_course(request.user, course),
    }
    return render(request, "learning/lesson_detail.html", context)


def _submit_check(
    request: HttpRequest, course: Course, enrolment: Enrolment | None, lesson: dict[str, Any]
) -> HttpResponse:
    if enrolment is None:
        if not permissions.can_follow_course(request.user, course):
            raise PermissionDenied
        enrolment = services.enrol(
            course, request.user, source=Enrolment.Source.SELF, enrolled_by=request.user
        )
    try:
        attempt = services.submit_check(
            enrolment, lesson_key=lesson["key"], answers=_answers_from(request, lesson)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if attempt.passed:
            messages.success(
                request,
                _("You passed the check with %(score)s%%.") % {"score": attempt.score},
            )
        else:
            messages.warning(
                request,
                _("%(score)s%% right; %(mark)s%% is needed. Read the feedback and try again.")
                % {"score": attempt.score, "mark": lesson["pass_mark"]},
            )
    return redirect("learning:lesson-detail", slug=course.slug, key=lesson["key"])


@login_required
@require_POST
def lesson_done(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """Mark a lesson as read, then go on to the next one (or back to the course)."""
    course = permissions.get_course_for_view(request.user, slug)
    if not permissions.can_follow_course(request.user, course):
        raise PermissionDenied
    lessons, index = _find_lesson(course, key)
    enrolment = permissions.get_enrolment(request.user, course) or services.enrol(
        course, request.user, source=Enrolment.Source.SELF, enrolled_by=request.user
    )
    try:
        enrolment = services.complete_lesson(enrolment, lesson_key=key)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("learning:lesson-detail", slug=slug, key=key)
    if enrolment.completed_at is not None and not enrolment.next_lesson_key:
        messages.success(request, _("You completed the course. Your certificate is ready."))
        return redirect(course.get_absolute_url())
    if index + 1 < len(lessons):
        return redirect("learning:lesson-detail", slug=slug, key=lessons[index + 1]["key"])
    return redirect(course.get_absolute_url())


def render_certificate_pdf(certificate: Certificate, *, language: str) -> bytes:
    """Return the certificate as a PDF in ``language``, with its verification address."""
    with translation.override(language):
        url = absolute_url(
            reverse("learning:certificate-verify", kwargs={"code": certificate.code})
        )
        html = render_to_string(
            "learning/certificate_pdf.html",
            {
                "certificate": certificate,
                "course_title": certificate.course_title(language),
                "verify_url": url,
                "LANGUAGE_CODE": language,
            },
        )
    return html_to_pdf(html, base_url=absolute_url("/"))


@login_required
def certificate_download(request: HttpRequest, slug: str) -> HttpResponse:
    """Send the person's certificate of the course as a PDF in their language."""
    course = permissions.get_course_for_view(request.user, slug)
    certificate = (
        Certificate.objects.select_related("enrolment__user")
        .filter(enrolment__course=course, enrolment__user_id=int(request.user.pk or 0))
        .first()
    )
    if certificate is None or not permissions.can_download_certificate(request.user, certificate):
        raise Http404
    language = (getattr(request.user, "language", "") or get_language() or "en")[:2]
    pdf = render_certificate_pdf(certificate, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    """Say publicly who completed which course and when, or that the code is revoked or unknown."""
    certificate = Certificate.objects.filter(code=code.strip().upper()[:20]).first()
    status = 200 if certificate is not None else 404
    response = render(
        request,
        "learning/certificate_verify.html",
        {"certificate": certificate, "code": code[:20]},
        status=status,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
