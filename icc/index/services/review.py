"""The review pipeline: submit, review, reply, consent, validate, publish.

draft → submitted → review per answer (accept, or query with a comment) → the city's
right of reply → validated (scores computed) → published, with the city's consent."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from icc.accounts.actors import Actor
from icc.core.activity import record_activity
from icc.core.actors import author
from icc.core.page_cache import invalidate_public_pages_on_commit
from icc.index import notifications, permissions
from icc.index.models import (
    Answer,
    AnswerReview,
    Response,
    Round,
)
from icc.index.services.answers import save_answers, start_response
from icc.index.services.guards import allow, require
from icc.index.services.results import publish_result_at_once
from icc.index.services.scores import compute_scores
from icc.network.models import City
from icc.network.permissions import city_may_act


def _log(by: Actor | None, verb: str, target: models.Model, response: Response) -> None:
    record_activity(by, verb, target, about=response.city)


@transaction.atomic
def submit_response(response: Response, *, submitted_by: Actor | None) -> Response:
    """Hand the draft to the reviewers (the city's coordinator, or the secretariat)."""
    response = (
        Response.objects.select_for_update().select_related("city", "round").get(pk=response.pk)
    )
    require(response.status == Response.Status.DRAFT, _("Only a draft can be submitted."))
    require(
        city_may_act(response.city),
        _("A suspended city, or one that left the network, cannot submit."),
    )
    allow(submitted_by, permissions.can_submit(submitted_by, response))
    response.status = Response.Status.SUBMITTED
    response.submitted_at = timezone.now()
    response.save(update_fields=["status", "submitted_at", "updated_at"])
    response.answers.update(review_status=Answer.ReviewStatus.PENDING)
    _log(submitted_by, "index.response.submitted", response, response)
    return response


@transaction.atomic
def review_answer(
    answer: Answer, *, reviewer: Actor | None, decision: str, comment: str = ""
) -> AnswerReview:
    """Accept an answer, or query it with a comment, which opens the city's right of reply."""
    response = (
        Response.objects.select_for_update().select_related("city").get(pk=answer.response_id)
    )
    require(
        response.status in permissions.REVIEW_STATUSES,
        _("Only submitted answers can be reviewed."),
    )
    allow(reviewer, permissions.can_review(reviewer, response))
    decision = AnswerReview.Decision(decision)
    comment = comment.strip()
    require(
        decision == AnswerReview.Decision.ACCEPT or bool(comment),
        _("A query needs a comment that tells the city what to check."),
    )
    review = AnswerReview.objects.create(
        answer=answer, reviewer=author(reviewer), decision=decision, comment=comment
    )
    answer.review_status = (
        Answer.ReviewStatus.QUERIED
        if decision == AnswerReview.Decision.QUERY
        else Answer.ReviewStatus.ACCEPTED
    )
    answer.save(update_fields=["review_status"])
    if decision == AnswerReview.Decision.QUERY:
        response.status = Response.Status.RIGHT_OF_REPLY
    elif response.status == Response.Status.SUBMITTED:
        response.status = Response.Status.IN_REVIEW
    response.save(update_fields=["status", "updated_at"])
    verb = (
        "index.answer.queried"
        if decision == AnswerReview.Decision.QUERY
        else ("index.answer.accepted")
    )
    _log(reviewer, verb, review, response)
    if decision == AnswerReview.Decision.QUERY:
        notifications.answer_queried(review, by=reviewer)
    return review


def answers_to_review(response: Response) -> Any:
    """Return the answers that still wait for a reviewer's decision.

    Those never reviewed, and those whose query the city has replied to: a reply is
    read and accepted (or queried again) before the answers can be validated.
    """
    return response.answers.filter(
        review_status__in=(Answer.ReviewStatus.PENDING, Answer.ReviewStatus.REPLIED)
    )


@transaction.atomic
def accept_answers(response: Response, *, reviewer: Actor | None) -> int:
    """Accept every answer still waiting for review (``answers_to_review``); return how many.

    For a reviewer who has checked the rest of the response at once ("accept all
    remaining"); answers with an open query stay queried. A submitted response moves
    into review.
    """
    response = Response.objects.select_for_update().select_related("city").get(pk=response.pk)
    require(
        response.status in permissions.REVIEW_STATUSES,
        _("Only submitted answers can be reviewed."),
    )
    allow(reviewer, permissions.can_review(reviewer, response))
    pending = list(answers_to_review(response))
    AnswerReview.objects.bulk_create(
        [
            AnswerReview(
                answer=answer, reviewer=author(reviewer), decision=AnswerReview.Decision.ACCEPT
            )
            for answer in pending
        ]
    )
    response.answers.filter(pk__in=[answer.pk for answer in pending]).update(
        review_status=Answer.ReviewStatus.ACCEPTED
    )
    if response.status == Response.Status.SUBMITTED:
        response.status = Response.Status.IN_REVIEW
        response.save(update_fields=["status", "updated_at"])
    _log(reviewer, "index.answers.accepted", response, response)
    return len(pending)


@transaction.atomic
def reply_to_query(review: AnswerReview, *, replied_by: Actor | None, reply: str) -> AnswerReview:
    """Record the city's reply to a query; when none is left open, review resumes."""
    review = (
        AnswerReview.objects.select_for_update()
        .select_related("answer__response__city")
        .get(pk=review.pk)
    )
    answer = review.answer
    response = answer.response
    require(review.is_open_query, _("This query is already answered, or is not a query."))
    require(
        response.status in (Response.Status.IN_REVIEW, Response.Status.RIGHT_OF_REPLY),
        _("The right of reply is closed."),
    )
    allow(replied_by, permissions.can_reply(replied_by, response))
    reply = reply.strip()
    require(bool(reply), _("Write a reply."))
    review.reply = reply
    review.replied_by = author(replied_by)
    review.replied_at = timezone.now()
    review.save(update_fields=["reply", "replied_by", "replied_at"])
    answer.review_status = Answer.ReviewStatus.REPLIED
    answer.save(update_fields=["review_status"])
    if not open_queries(response).exists():
        response.status = Response.Status.IN_REVIEW
        response.save(update_fields=["status", "updated_at"])
    _log(replied_by, "index.query.replied", review, response)
    notifications.query_replied(review, by=replied_by)
    return review


def open_queries(response: Response) -> Any:
    """Return the queries on the response's answers that the city has not replied to."""
    return AnswerReview.objects.filter(
        answer__response=response, decision=AnswerReview.Decision.QUERY, replied_at__isnull=True
    )


@transaction.atomic
def give_consent(response: Response, *, given_by: Actor | None, consent: bool = True) -> Response:
    """Record the city's consent (or its withdrawal) to publishing its results."""
    allow(given_by, permissions.can_give_consent(given_by, response))
    require(
        response.status != Response.Status.PUBLISHED or consent,
        _("Published results cannot lose their consent; ask the secretariat to unpublish."),
    )
    response.has_public_consent = consent
    response.consent_given_by = author(given_by) if consent else None
    response.consent_given_at = timezone.now() if consent else None
    response.save(
        update_fields=["has_public_consent", "consent_given_by", "consent_given_at", "updated_at"]
    )
    verb = "index.consent.given" if consent else "index.consent.withdrawn"
    _log(given_by, verb, response, response)
    return response


@transaction.atomic
def validate_response(response: Response, *, validated_by: Actor | None) -> Response:
    """Close the review and compute the scores (the secretariat).

    Every answer must have been reviewed: no query left open, and every answer accepted
    (``answers_to_review`` is empty).
    """
    response = (
        Response.objects.select_for_update().select_related("city", "round").get(pk=response.pk)
    )
    require(
        response.status in permissions.REVIEW_STATUSES,
        _("Only a response in review can be validated."),
    )
    allow(validated_by, permissions.can_validate(validated_by, response))
    require(
        not open_queries(response).exists(),
        _("Some queries still wait for the city's reply."),
    )
    remaining = answers_to_review(response).count()
    require(
        remaining == 0,
        ngettext(
            "%(count)s answer is not reviewed yet: accept or query it before validating.",
            "%(count)s answers are not reviewed yet: accept or query each before validating.",
            remaining,
        )
        % {"count": remaining},
    )
    compute_scores(response)
    response.status = Response.Status.VALIDATED
    response.validated_at = timezone.now()
    response.save(update_fields=["status", "validated_at", "updated_at"])
    _log(validated_by, "index.response.validated", response, response)
    notifications.response_validated(response, by=validated_by)
    return response


@transaction.atomic
def publish_response(
    response: Response, *, published_by: Actor | None, published_on: date | None = None
) -> Response:
    """Make validated results public (the secretariat), only with the city's consent."""
    response = Response.objects.select_for_update().select_related("city").get(pk=response.pk)
    require(
        response.status == Response.Status.VALIDATED,
        _("Only validated results can be published."),
    )
    require(
        response.has_public_consent,
        _("%(city)s has not consented to public results.") % {"city": response.city},
    )
    allow(published_by, permissions.can_publish(published_by, response))
    response.status = Response.Status.PUBLISHED
    response.published_on = published_on or timezone.localdate()
    response.save(update_fields=["status", "published_on", "updated_at"])
    _log(published_by, "index.response.published", response, response)
    notifications.response_published(response, by=published_by)
    # Its own result at once; every other city's ranks and peers change with it, in the
    # background (decision 0057).
    publish_result_at_once(response)
    invalidate_public_pages_on_commit("index")
    return response


@transaction.atomic
def record_and_publish_answers(
    index_round: Round,
    city: City,
    answers: Mapping[str, Any],
    *,
    published_on: date | None = None,
    by: Actor | None = None,
) -> Response:
    """Take a city's answers through the whole pipeline to published results.

    Draft → answers saved → submitted → every answer accepted → consent → validated
    (scores computed) → published. For the demo loader and for tests that need
    results; ``answers`` maps question ids to values as a person would send them
    (an option id, a list of option ids, a number or a text). ``by=None`` acts as the
    platform; pass the secretariat to exercise its permissions.
    """
    response = start_response(index_round, city, started_by=by)
    save_answers(
        response, {q: {"value": v} for q, v in answers.items()}, saved_by=by, source="form"
    )
    submit_response(response, submitted_by=by)
    accept_answers(response, reviewer=by)
    give_consent(response, given_by=None)
    validate_response(response, validated_by=by)
    return publish_response(response, published_by=by, published_on=published_on)
