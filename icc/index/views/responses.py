"""Pages of the Index where cities answer and reviewers review: by area, with history.

Rounds and imports are in ``icc.index.views.rounds``, results in ``icc.index.views.results``.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from icc.index import permissions
from icc.index.forms import EvidenceFileForm, ReplyForm, ReviewForm
from icc.index.models import Answer, AnswerChange, AnswerReview, Response, Round
from icc.index.questionnaire import area_pages, describe_value, progress_by_area
from icc.index.results import reports
from icc.index.services.answers import (
    AnswerConflict,
    add_evidence_file,
    save_answer,
    start_response,
)
from icc.index.services.review import (
    accept_answers,
    answers_to_review,
    give_consent,
    open_queries,
    publish_response,
    reply_to_query,
    review_answer,
    submit_response,
    validate_response,
)
from icc.network.models import City


def home(request: HttpRequest) -> HttpResponse:
    """Show the Index: open rounds and the person's responses, the review queue, the results."""
    user = request.user
    cities = permissions.get_answering_cities(user)
    open_rounds = [r for r in Round.objects.select_related("edition") if r.is_open_on()]
    responses = {
        (r.round_id, r.city_id): r
        for r in Response.objects.filter(city__in=cities).select_related("round", "city")
    }
    to_answer = [
        (index_round, city, responses.get((index_round.pk, city.pk)))
        for index_round in open_rounds
        for city in cities
        if (index_round.pk, city.pk) in responses
        or permissions.can_start_response(user, index_round, city)
    ]
    review_queue = None
    if permissions.is_reviewer(user):
        review_queue = Response.objects.filter(
            status__in=permissions.REVIEW_STATUSES
        ).select_related("city", "round")
    context = {
        "to_answer": to_answer,
        "my_responses": sorted(responses.values(), key=lambda r: (-r.round_id, r.city.name)),
        "review_queue": review_queue,
        "can_manage": permissions.can_manage_rounds(user),
        "can_manage_editions": permissions.can_manage_editions(user),
        "published_rounds": reports.published_rounds(),
    }
    return render(request, "index/home.html", context)


@login_required
@require_POST
def response_start(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    """Start (or reopen) the city's answers to the round."""
    index_round = get_object_or_404(Round, pk=pk)
    city = get_object_or_404(City, slug=slug)
    try:
        response = start_response(index_round, city, started_by=request.user)
    except ValidationError as error:  # PermissionDenied answers 403
        messages.error(request, " ".join(error.messages))
        return redirect("index:home")
    return redirect(response)


@login_required
def response_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a response: its status, progress per area, queries and the next steps."""
    response = permissions.get_response_for_view(request.user, pk)
    user = request.user
    method = response.round.edition.method
    language = get_language() or "en"
    queries = [
        (
            review,
            method.area_of(review.answer.question_id).id,
            method.question(review.answer.question_id).text.in_language(language),
        )
        for review in open_queries(response).select_related("answer")
    ]
    can_review = permissions.can_review(user, response)
    to_review = list(answers_to_review(response).values_list("question_id", flat=True))
    # The reviewer starts where the first answer waiting for review is, in questionnaire order.
    order = {question.id: n for n, question in enumerate(method.questions)}
    first_to_review = min(to_review, key=lambda q: order.get(q, len(order)), default=None)
    context = {
        "response": response,
        "areas": progress_by_area(response),
        "open_queries": queries,
        "stage_note": _stage_note(response, to_review=len(to_review), queries=len(queries)),
        "can_review": can_review,
        "to_review": len(to_review),
        "review_area": method.area_of(first_to_review).id if first_to_review else None,
        "can_answer": permissions.can_answer(user, response),
        "can_submit": permissions.can_submit(user, response),
        "can_give_consent": permissions.can_give_consent(user, response),
        "can_validate": permissions.can_validate(user, response),
        "can_publish": permissions.can_publish(user, response),
        "can_view_history": permissions.can_view_history(user, response),
        "is_reviewer": permissions.is_reviewer(user),
    }
    return render(request, "index/response_detail.html", context)


def _stage_note(response: Response, *, to_review: int, queries: int) -> str:
    """Return where the response stands and who acts next, in one sentence for anyone."""
    status = response.status
    if status == Response.Status.DRAFT:
        return _("The city is answering; its coordinator submits the answers for review.")
    if status == Response.Status.RIGHT_OF_REPLY and queries:
        return ngettext(
            "%(count)s query waits for the city's reply.",
            "%(count)s queries wait for the city's reply.",
            queries,
        ) % {"count": queries}
    if status in permissions.REVIEW_STATUSES:
        if to_review:
            return ngettext(
                "The reviewers are checking the answers: %(count)s answer is still to review.",
                "The reviewers are checking the answers: %(count)s answers are still to review.",
                to_review,
            ) % {"count": to_review}
        return _("Every answer is reviewed: the secretariat validates and scores them next.")
    if status == Response.Status.VALIDATED:
        return _(
            "The answers are validated and scored; the secretariat publishes the results "
            "once the city's coordinator consents."
        )
    return _("The results are published.")


@login_required
def response_area(request: HttpRequest, pk: int, area: str) -> HttpResponse:
    """Answer (or review) the questions of one area, with evidence; answers save as one types."""
    response = permissions.get_response_for_view(request.user, pk)
    pages = area_pages(response, request.user)
    page = next((p for p in pages if p["id"] == area), None)
    if page is None:
        raise Http404
    context = {
        "response": response,
        "pages": pages,
        "page": page,
        "can_answer": permissions.can_answer(request.user, response),
        "can_review": permissions.can_review(request.user, response),
        "can_reply": permissions.can_reply(request.user, response),
        "review_form": ReviewForm(),
        "reply_form": ReplyForm(),
        "file_form": EvidenceFileForm(),
    }
    return render(request, "index/response_area.html", context)


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch" or "application/json" in (
        request.headers.get("Accept", "")
    )


def _area_url(response: Response, question_id: str) -> str:
    area = response.round.edition.method.area_of(question_id).id
    url = reverse("index:response-area", kwargs={"pk": response.pk, "area": area})
    return f"{url}#q-{question_id}"


@login_required
@require_POST
def answer_save(request: HttpRequest, pk: int, question: str) -> HttpResponse:
    """Save one answer (autosave or the form's button); a stale save answers 409 with both."""
    response = permissions.get_response_for_view(request.user, pk)
    method = response.round.edition.method
    try:
        q = method.question(question)
    except KeyError:
        raise Http404 from None
    post = request.POST
    fields: dict[str, Any] = {}
    if "value" in post or "value_present" in post:
        chosen = post.getlist("value")
        # Several values for a question taking one go to the service, which refuses them.
        fields["value"] = chosen if q.takes_sets or len(chosen) > 1 else post.get("value", "")
    if "evidence_text" in post:
        fields["evidence_text"] = post["evidence_text"]
    if "evidence_links" in post:
        fields["evidence_links"] = post["evidence_links"].split()
    try:
        version = int(post.get("version", ""))
    except ValueError:
        version = -1
    try:
        answer = save_answer(
            response,
            question,
            saved_by=request.user,
            expected_version=version,
            source="autosave" if _wants_json(request) else "form",
            **fields,
        )
    except AnswerConflict as conflict:
        theirs = conflict.theirs
        body: dict[str, Any] = {
            "conflict": True,
            "message": _(
                "Someone else saved this answer while you were editing it. Compare the two "
                "versions and choose which to keep."
            ),
            "mine": {**conflict.mine, "display": describe_value(q, conflict.mine.get("value"))},
            "theirs": {**theirs, "display": describe_value(q, theirs.get("value"))},
        }
        if _wants_json(request):
            return JsonResponse(body, status=409)
        messages.error(
            request,
            _("%(message)s Theirs: %(theirs)s (version %(version)s). Yours: %(mine)s.")
            % {
                "message": body["message"],
                "theirs": body["theirs"]["display"],
                "version": theirs.get("version"),
                "mine": body["mine"]["display"],
            },
        )
        return redirect(_area_url(response, question))
    except ValidationError as error:
        if _wants_json(request):
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        messages.error(request, " ".join(error.messages))
        return redirect(_area_url(response, question))
    except PermissionDenied:
        if _wants_json(request):
            return JsonResponse({"error": _("You may not change this answer now.")}, status=403)
        raise
    if _wants_json(request):
        area = method.area_of(question).id
        # Every area's count: an answer can make questions of other areas apply or not.
        areas = {
            row["id"]: {"answered": row["answered"], "total": row["total"]}
            for row in progress_by_area(response)
        }
        return JsonResponse(
            {
                "version": answer.version,
                "saved_at": answer.updated_at.isoformat(),
                "progress": areas[area],
                "areas": areas,
            }
        )
    messages.success(request, _("Answer saved."))
    return redirect(_area_url(response, question))


@login_required
@require_POST
def answer_file(request: HttpRequest, pk: int, question: str) -> HttpResponse:
    """Attach a file to an answer as evidence."""
    response = permissions.get_response_for_view(request.user, pk)
    if not permissions.can_answer(request.user, response):
        raise PermissionDenied
    form = EvidenceFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect(_area_url(response, question))
    try:
        # Saving nothing creates the answer's row, so a file can come before the answer.
        answer = save_answer(response, question, saved_by=request.user, expected_version=None)
        add_evidence_file(answer, upload=form.cleaned_data["file"], uploaded_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except AnswerConflict:
        messages.error(request, _("The answer changed meanwhile; try again."))
    else:
        messages.success(request, _("File attached."))
    return redirect(_area_url(response, question))


@login_required
@require_POST
def answer_review(request: HttpRequest, pk: int, question: str) -> HttpResponse:
    """Accept or query one answer (experts and the secretariat)."""
    response = permissions.get_response_for_view(request.user, pk)
    if not permissions.can_review(request.user, response):
        raise PermissionDenied
    answer = Answer.objects.filter(response=response, question_id=question).first()
    form = ReviewForm(request.POST)
    if answer is None or not form.is_valid():
        messages.error(request, _("Only a given answer can be reviewed."))
        return redirect(_area_url(response, question))
    try:
        review_answer(answer, reviewer=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Review recorded."))
    return redirect(_area_url(response, question))


@login_required
@require_POST
def review_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the city's reply to a query."""
    review = get_object_or_404(AnswerReview.objects.select_related("answer__response"), pk=pk)
    response = permissions.get_response_for_view(request.user, review.answer.response_id)
    if not permissions.can_reply(request.user, response):
        raise PermissionDenied
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a reply."))
    else:
        try:
            reply_to_query(review, replied_by=request.user, reply=form.cleaned_data["reply"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Reply sent."))
    return redirect(_area_url(response, review.answer.question_id))


STEPS: dict[str, tuple[Any, str, Any]] = {
    "submit": (
        submit_response,
        "submitted_by",
        gettext_lazy("The answers are submitted for review."),
    ),
    "accept": (
        accept_answers,
        "reviewer",
        None,  # the message gives the count: see ``response_step``
    ),
    "validate": (
        validate_response,
        "validated_by",
        gettext_lazy("The answers are validated and scored."),
    ),
    "publish": (
        publish_response,
        "published_by",
        gettext_lazy("The results are published."),
    ),
    "consent": (
        give_consent,
        "given_by",
        gettext_lazy("Consent to public results recorded."),
    ),
}


@login_required
@require_POST
def response_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Take the response one step along the pipeline: submit, consent, accept the rest, validate
    or publish."""
    if step not in STEPS:
        raise Http404
    response = permissions.get_response_for_view(request.user, pk)
    service, actor, done = STEPS[step]
    try:
        result = service(response, **{actor: request.user})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if done is None:
            done = ngettext("%(count)s answer accepted.", "%(count)s answers accepted.", result) % {
                "count": result
            }
        messages.success(request, str(done))
    return redirect(response)


@login_required
def response_history(request: HttpRequest, pk: int) -> HttpResponse:
    """List every change made to the response's answers: who, when, before and after."""
    response = permissions.get_response_for_view(request.user, pk)
    if not permissions.can_view_history(request.user, response):
        raise PermissionDenied
    method = response.round.edition.method
    changes = (
        AnswerChange.objects.filter(answer__response=response)
        .select_related("answer", "changed_by")
        .order_by("-changed_at", "-id")
    )
    rows = []
    for change in changes:
        question = method.question(change.answer.question_id)
        rows.append(
            {
                "change": change,
                "question": question,
                "parts": [
                    (
                        part,
                        describe_value(question, change.old.get(part))
                        if part == "value"
                        else change.old.get(part, ""),
                        describe_value(question, change.new.get(part))
                        if part == "value"
                        else change.new.get(part, ""),
                    )
                    for part in sorted(set(change.old) | set(change.new))
                ],
            }
        )
    return render(request, "index/response_history.html", {"response": response, "rows": rows})
