"""Every write of the Index, whatever the interface: pages, API, commands, demo and tests.

Each service checks the state first (``ValidationError`` when the response is not
in a state that allows the step) and then the person (``PermissionDenied``).
``by=None`` (or ``saved_by=None`` …) means the platform itself acting — a command,
the demo loader, a test building state — and skips the person check only.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.core.activity import record_activity
from icc.core.page_cache import invalidate_public_pages
from icc.index import methodology, permissions, scoring
from icc.index.methodology import NUMERIC_KINDS, QuestionKind
from icc.index.models import (
    Answer,
    AnswerChange,
    AnswerReview,
    Edition,
    EvidenceFile,
    ReportBatch,
    Response,
    Round,
    Score,
)
from icc.index.tables import CellError, TableError, read_text_rows
from icc.network.models import City, PopulationBand
from icc.network.permissions import city_may_act

UNCHANGED: Any = object()
"""Leave this part of an answer as it is (``save_answer``)."""

# Saves by one person closer together than this are one change in the history.
CHANGE_BURST = timedelta(minutes=2)
MAX_LINKS = 20
EVIDENCE_TYPES = {
    # extension: (content type, accepted leading bytes or None when any)
    "pdf": ("application/pdf", (b"%PDF",)),
    "png": ("image/png", (b"\x89PNG",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK",),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK",)),
    "odt": ("application/vnd.oasis.opendocument.text", (b"PK",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK",)),
    "csv": ("text/csv", None),
    "txt": ("text/plain", None),
}


class AnswerConflict(Exception):
    """A save made on a stale copy of an answer: carries both versions so a person can choose.

    ``mine`` is what the refused save tried to write; ``theirs`` is the stored answer
    (``Answer.snapshot()``), with the version to send back to overwrite it.
    """

    def __init__(self, question_id: str, *, mine: dict[str, Any], theirs: dict[str, Any]) -> None:
        self.question_id = question_id
        self.mine = mine
        self.theirs = theirs
        super().__init__(
            f"answer to {question_id} changed meanwhile (now version {theirs.get('version')})"
        )


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ValidationError(message)


def _allow(by: Any, allowed: bool) -> None:
    if by is not None and not allowed:
        raise PermissionDenied


def _actor(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


# Editions and rounds ---------------------------------------------------------------------


@transaction.atomic
def load_edition_file(path: Path | str, *, loaded_by: Any = None) -> Edition:
    """Check an edition file completely and store it, as a new version if its content changed.

    The earlier edition it maps to must already be loaded. Raises
    ``methodology.EditionError`` listing every problem; nothing is stored then.
    """
    path = Path(path)
    return load_edition_text(
        path.read_bytes().decode("utf-8", errors="strict"), name=path.name, loaded_by=loaded_by
    )


@transaction.atomic
def load_edition_text(text: str, *, name: str, loaded_by: Any = None) -> Edition:
    """Check an edition given as JSON text and store it (see ``load_edition_file``)."""
    _allow(loaded_by, permissions.can_manage_rounds(loaded_by))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        reason = f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        raise methodology.EditionError([methodology.FormatError(name, "$", reason)]) from None
    earlier = None
    earlier_code = data.get("earlier_edition") if isinstance(data, dict) else None
    if isinstance(earlier_code, str):
        earlier = Edition.objects.filter(code=earlier_code).order_by("-version").first()
        if earlier is None:
            problem = methodology.FormatError(
                name, "$.earlier_edition", f"edition {earlier_code!r} is not loaded yet"
            )
            raise methodology.EditionError([problem])
    method = methodology.edition_from_data(
        data, file=name, earlier=earlier.method if earlier else None
    )
    checksum = hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    latest = Edition.objects.filter(code=method.id).order_by("-version").first()
    if latest is not None and latest.checksum == checksum:
        return latest
    edition = Edition.objects.create(
        code=method.id,
        version=latest.version + 1 if latest else 1,
        title_en=method.title.en,
        title_fr=method.title.fr,
        definition=data,
        checksum=checksum,
        source_name=name,
        earlier=earlier,
        loaded_by=_actor(loaded_by),
    )
    record_activity(loaded_by, "index.edition.loaded", edition)
    return edition


def ensure_shipped_editions() -> dict[str, Edition]:
    """Load the editions shipped with the platform ("v1", then "2019") and return them by code."""
    return {
        code: load_edition_file(methodology.EDITIONS_DIR / f"{code}.json")
        for code in ("v1", "2019")
    }


@transaction.atomic
def open_round(
    edition: Edition,
    *,
    label: str,
    opens_on: date,
    closes_on: date,
    opened_by: Any,
    peer_bands: Mapping[str, list[float]] | None = None,
    is_demo: bool = False,
) -> Round:
    """Open ``edition`` to the cities between two dates (the secretariat)."""
    _allow(opened_by, permissions.can_manage_rounds(opened_by))
    index_round = Round(
        edition=edition,
        label=label,
        opens_on=opens_on,
        closes_on=closes_on,
        peer_bands=dict(peer_bands or {}),
        is_demo=is_demo,
        opened_by=_actor(opened_by),
    )
    index_round.full_clean()
    _require(closes_on >= opens_on, _("A round cannot close before it opens."))
    index_round.save()
    record_activity(opened_by, "index.round.opened", index_round)
    return index_round


@transaction.atomic
def start_response(index_round: Round, city: City, *, started_by: Any) -> Response:
    """Return the city's response to the round, creating the draft on first use."""
    response = Response.objects.filter(round=index_round, city=city).first()
    is_allowed = permissions.can_manage_rounds(started_by) or permissions.is_city_member(
        started_by, city.pk
    )
    if response is not None:
        _allow(started_by, is_allowed)
        return response
    _allow(
        started_by,
        is_allowed and (permissions.can_manage_rounds(started_by) or index_round.is_open_on()),
    )
    _require(
        city_may_act(city),
        _("%(city)s is not an active member and cannot answer.") % {"city": city},
    )
    try:
        with transaction.atomic():
            response = Response.objects.create(
                round=index_round, city=city, is_demo=index_round.is_demo
            )
    except IntegrityError:
        return Response.objects.get(round=index_round, city=city)
    record_activity(started_by, "index.response.started", response, about=city)
    return response


# Answers -------------------------------------------------------------------------------


def stored_value(question: methodology.Question, raw: Any) -> Any:
    """Turn a value typed or sent by a person into the stored form, or raise ``ValidationError``.

    Accepts an option id, a list of option ids, a number (or its text) or a text;
    an empty value means "not answered" and is stored as None.
    """
    if raw is None or raw == "" or raw == []:
        return None
    try:
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            chosen = [raw] if isinstance(raw, str) else list(raw)
            answer = frozenset(str(option) for option in chosen if str(option))
            if not answer:
                return None
            question.check_answer(answer)
            return sorted(answer)
        if question.kind in NUMERIC_KINDS:
            text = str(raw).strip().replace(",", ".") if not isinstance(raw, bool) else "x"
            parsed = question.parse_answer(text)
            assert isinstance(parsed, Fraction)
            return _decimal_text(Decimal(text))
        if not isinstance(raw, str):
            raise ValueError(f"question {question.id} expects a text")
        if question.kind == QuestionKind.FREE_TEXT:
            return raw if raw.strip() else None
        question.check_answer(raw.strip())
        return raw.strip()
    except (ValueError, InvalidOperation) as error:
        raise ValidationError(str(error)) from None


def _decimal_text(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text if text != "-0" else "0"


def engine_answer(question: methodology.Question, value: Any) -> methodology.Answer | None:
    """Return a stored value in the scoring engine's form (None when unanswered)."""
    if value is None or value == "" or value == []:
        return None
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        return frozenset(value)
    if question.kind in NUMERIC_KINDS:
        return Fraction(Decimal(str(value)))
    return str(value)


def clean_links(links: Iterable[str]) -> list[str]:
    """Return the evidence links, trimmed and checked, or raise ``ValidationError``."""
    cleaned = [link.strip() for link in links if link and link.strip()]
    _require(
        len(cleaned) <= MAX_LINKS,
        _("At most %(count)s links per answer.") % {"count": MAX_LINKS},
    )
    validate = URLValidator(schemes=["http", "https"])
    for link in cleaned:
        try:
            validate(link)
        except ValidationError:
            raise ValidationError(
                _("%(link)s is not a web address (http:// or https://).") % {"link": link}
            ) from None
    return cleaned


@transaction.atomic
def save_answer(
    response: Response,
    question_id: str,
    *,
    saved_by: Any,
    expected_version: int | None,
    value: Any = UNCHANGED,
    evidence_text: Any = UNCHANGED,
    evidence_links: Any = UNCHANGED,
    source: str = "form",
) -> Answer:
    """Save part or all of one answer and record the change; return the stored answer.

    ``expected_version`` is the version the person started from (0 for a question
    never answered); when the stored answer has moved on, ``AnswerConflict`` is raised
    with both versions and nothing is saved. ``None`` overwrites whatever is stored
    (the secretariat's import). Raises ``ValidationError`` for an invalid value or a
    response that cannot change, ``PermissionDenied`` for a person who may not answer.
    """
    response = Response.objects.select_related("city", "round__edition").get(pk=response.pk)
    method = response.round.edition.method
    try:
        question = method.question(question_id)
    except KeyError:
        raise ValidationError(
            _("The edition has no question %(question)s.") % {"question": question_id}
        ) from None
    _require(
        response.status not in (Response.Status.VALIDATED, Response.Status.PUBLISHED),
        _("The answers are validated and can no longer change."),
    )
    _allow(saved_by, permissions.can_answer(saved_by, response))
    new = {}
    if value is not UNCHANGED:
        new["value"] = stored_value(question, value)
    if evidence_text is not UNCHANGED:
        new["evidence_text"] = str(evidence_text or "")
    if evidence_links is not UNCHANGED:
        new["evidence_links"] = clean_links(evidence_links or [])

    answer = (
        Answer.objects.select_for_update()
        .filter(response=response, question_id=question_id)
        .first()
    )
    if answer is None:
        if expected_version not in (None, 0):
            raise AnswerConflict(question_id, mine=new, theirs=Answer().snapshot())
        try:
            with transaction.atomic():
                answer = Answer.objects.create(response=response, question_id=question_id)
        except IntegrityError:
            stored = Answer.objects.get(response=response, question_id=question_id)
            raise AnswerConflict(question_id, mine=new, theirs=stored.snapshot()) from None
    elif expected_version is not None and answer.version != expected_version:
        raise AnswerConflict(question_id, mine=new, theirs=answer.snapshot())
    if (
        saved_by is not None
        and response.status == Response.Status.RIGHT_OF_REPLY
        and not permissions.is_secretariat(saved_by)
    ):
        _allow(saved_by, answer.review_status == Answer.ReviewStatus.QUERIED)

    before = {name: getattr(answer, name) for name in new}
    changed = {name: v for name, v in new.items() if before[name] != v}
    if not changed:
        return answer
    for name, v in changed.items():
        setattr(answer, name, v)
    answer.version += 1
    answer.updated_by = _actor(saved_by)
    answer.save()
    _record_change(answer, {k: before[k] for k in changed}, changed, saved_by, source)
    return answer


@transaction.atomic
def save_answers(
    response: Response,
    answers: Mapping[str, Mapping[str, Any]],
    *,
    saved_by: Any,
    source: str = "import",
) -> int:
    """Overwrite many answers at once (question id → parts to set) and record each change.

    The parts are those of ``save_answer`` (``value``, ``evidence_text``,
    ``evidence_links``), in the form a person sends them. Every answer is checked
    before anything is written: one invalid value raises ``ValidationError`` and saves
    nothing. No version is checked: this serves the secretariat's import and the
    platform's own loading. Returns how many answers changed.
    """
    response = Response.objects.select_related("city", "round__edition").get(pk=response.pk)
    _require(
        response.status not in (Response.Status.VALIDATED, Response.Status.PUBLISHED),
        _("The answers are validated and can no longer change."),
    )
    _allow(saved_by, permissions.can_answer(saved_by, response))
    method = response.round.edition.method
    cleaned: dict[str, dict[str, Any]] = {}
    for question_id, parts in answers.items():
        try:
            question = method.question(question_id)
        except KeyError:
            raise ValidationError(
                _("The edition has no question %(question)s.") % {"question": question_id}
            ) from None
        new: dict[str, Any] = {}
        if "value" in parts:
            new["value"] = stored_value(question, parts["value"])
        if "evidence_text" in parts:
            new["evidence_text"] = str(parts["evidence_text"] or "")
        if "evidence_links" in parts:
            new["evidence_links"] = clean_links(parts["evidence_links"] or [])
        cleaned[question_id] = new
    existing = {
        answer.question_id: answer
        for answer in Answer.objects.select_for_update().filter(
            response=response, question_id__in=list(cleaned)
        )
    }
    actor = _actor(saved_by)
    now = timezone.now()
    created, changed_answers, changes = [], [], []
    for question_id, new in cleaned.items():
        answer = existing.get(question_id)
        if answer is None:
            answer = Answer(response=response, question_id=question_id)
            created.append(answer)
        old = {name: getattr(answer, name) for name in new}
        diff = {name: value for name, value in new.items() if old[name] != value}
        if not diff:
            if answer.pk is None:
                created.pop()
            continue
        for name, value in diff.items():
            setattr(answer, name, value)
        answer.version += 1
        answer.updated_by = actor
        answer.updated_at = now
        if answer.pk is not None:
            changed_answers.append(answer)
        changes.append((answer, {name: old[name] for name in diff}, diff))
    Answer.objects.bulk_create(created)
    Answer.objects.bulk_update(
        changed_answers,
        ["value", "evidence_text", "evidence_links", "version", "updated_by", "updated_at"],
    )
    AnswerChange.objects.bulk_create(
        [
            AnswerChange(
                answer=answer,
                changed_by=actor,
                changed_at=now,
                old=old,
                new=diff,
                source=source,
                version=answer.version,
            )
            for answer, old, diff in changes
        ]
    )
    return len(changes)


def _record_change(
    answer: Answer, old: dict[str, Any], new: dict[str, Any], by: Any, source: str
) -> None:
    now = timezone.now()
    actor = _actor(by)
    last = answer.changes.order_by("-changed_at", "-id").first()
    if (
        last is not None
        and actor is not None
        and last.changed_by_id == actor.pk
        and last.source == source
        and last.version == answer.version - 1
        and now - last.changed_at < CHANGE_BURST
    ):
        # One burst of typing: keep the value from before it and the value after it.
        last.old = {**old, **last.old}
        last.new = {**last.new, **new}
        last.changed_at = now
        last.version = answer.version
        last.save(update_fields=["old", "new", "changed_at", "version"])
        return
    AnswerChange.objects.create(
        answer=answer,
        changed_by=actor,
        changed_at=now,
        old=old,
        new=new,
        source=source,
        version=answer.version,
    )


@transaction.atomic
def add_evidence_file(answer: Answer, *, upload: UploadedFile, uploaded_by: Any) -> EvidenceFile:
    """Attach a file to an answer after checking its type (extension and content) and size."""
    response = answer.response
    _require(
        response.status not in (Response.Status.VALIDATED, Response.Status.PUBLISHED),
        _("The answers are validated and can no longer change."),
    )
    _allow(uploaded_by, permissions.can_answer(uploaded_by, response))
    name = Path(upload.name or "file").name
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    limit = getattr(settings, "ICC_INDEX_EVIDENCE_MAX_BYTES", 10_000_000)
    if extension not in EVIDENCE_TYPES:
        raise ValidationError(
            _("Files of this type cannot be attached. Allowed: %(types)s.")
            % {"types": ", ".join(sorted(EVIDENCE_TYPES))}
        )
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": limit // 1_000_000}
        )
    content_type, signatures = EVIDENCE_TYPES[extension]
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if signatures is not None and not any(head.startswith(s) for s in signatures):
        raise ValidationError(
            _("The file's content is not a %(type)s file.") % {"type": extension.upper()}
        )
    evidence = EvidenceFile(
        answer=answer,
        name=name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=_actor(uploaded_by),
    )
    evidence.file.save(name, upload, save=False)
    evidence.save()
    AnswerChange.objects.create(
        answer=answer,
        changed_by=_actor(uploaded_by),
        old={},
        new={"file": name},
        source="file",
        version=answer.version,
    )
    return evidence


# The review pipeline -------------------------------------------------------------------


def _log(by: Any, verb: str, target: Any, response: Response) -> None:
    record_activity(by, verb, target, about=response.city)


@transaction.atomic
def submit_response(response: Response, *, submitted_by: Any) -> Response:
    """Hand the draft to the reviewers (the city's coordinator, or the secretariat)."""
    response = (
        Response.objects.select_for_update().select_related("city", "round").get(pk=response.pk)
    )
    _require(response.status == Response.Status.DRAFT, _("Only a draft can be submitted."))
    _require(
        city_may_act(response.city),
        _("A suspended city, or one that left the network, cannot submit."),
    )
    allowed = permissions.can_submit(submitted_by, response) and (
        permissions.is_secretariat(submitted_by) or response.round.is_open_on()
    )
    _allow(submitted_by, allowed)
    response.status = Response.Status.SUBMITTED
    response.submitted_at = timezone.now()
    response.save(update_fields=["status", "submitted_at", "updated_at"])
    response.answers.update(review_status=Answer.ReviewStatus.PENDING)
    _log(submitted_by, "index.response.submitted", response, response)
    return response


@transaction.atomic
def review_answer(
    answer: Answer, *, reviewer: Any, decision: str, comment: str = ""
) -> AnswerReview:
    """Accept an answer, or query it with a comment, which opens the city's right of reply."""
    response = (
        Response.objects.select_for_update().select_related("city").get(pk=answer.response_id)
    )
    _require(
        response.status in permissions.REVIEW_STATUSES,
        _("Only submitted answers can be reviewed."),
    )
    _allow(reviewer, permissions.can_review(reviewer, response))
    decision = AnswerReview.Decision(decision)
    comment = comment.strip()
    _require(
        decision == AnswerReview.Decision.ACCEPT or bool(comment),
        _("A query needs a comment that tells the city what to check."),
    )
    review = AnswerReview.objects.create(
        answer=answer, reviewer=_actor(reviewer), decision=decision, comment=comment
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
    return review


@transaction.atomic
def accept_answers(response: Response, *, reviewer: Any) -> int:
    """Accept every answer of the response not reviewed yet, and return how many.

    For a reviewer who has checked the whole response at once; queried answers stay
    queried. A submitted response moves into review.
    """
    response = Response.objects.select_for_update().select_related("city").get(pk=response.pk)
    _require(
        response.status in permissions.REVIEW_STATUSES,
        _("Only submitted answers can be reviewed."),
    )
    _allow(reviewer, permissions.can_review(reviewer, response))
    pending = list(response.answers.filter(review_status=Answer.ReviewStatus.PENDING))
    AnswerReview.objects.bulk_create(
        [
            AnswerReview(
                answer=answer, reviewer=_actor(reviewer), decision=AnswerReview.Decision.ACCEPT
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
def reply_to_query(review: AnswerReview, *, replied_by: Any, reply: str) -> AnswerReview:
    """Record the city's reply to a query; when none is left open, review resumes."""
    review = (
        AnswerReview.objects.select_for_update()
        .select_related("answer__response__city")
        .get(pk=review.pk)
    )
    answer = review.answer
    response = answer.response
    _require(review.is_open_query, _("This query is already answered, or is not a query."))
    _require(
        response.status in (Response.Status.IN_REVIEW, Response.Status.RIGHT_OF_REPLY),
        _("The right of reply is closed."),
    )
    _allow(replied_by, permissions.can_reply(replied_by, response))
    reply = reply.strip()
    _require(bool(reply), _("Write a reply."))
    review.reply = reply
    review.replied_by = _actor(replied_by)
    review.replied_at = timezone.now()
    review.save(update_fields=["reply", "replied_by", "replied_at"])
    answer.review_status = Answer.ReviewStatus.REPLIED
    answer.save(update_fields=["review_status"])
    if not open_queries(response).exists():
        response.status = Response.Status.IN_REVIEW
        response.save(update_fields=["status", "updated_at"])
    _log(replied_by, "index.query.replied", review, response)
    return review


def open_queries(response: Response) -> Any:
    """Return the queries on the response's answers that the city has not replied to."""
    return AnswerReview.objects.filter(
        answer__response=response, decision=AnswerReview.Decision.QUERY, replied_at__isnull=True
    )


@transaction.atomic
def give_consent(response: Response, *, given_by: Any, consent: bool = True) -> Response:
    """Record the city's consent (or its withdrawal) to publishing its results."""
    _allow(given_by, permissions.can_give_consent(given_by, response))
    _require(
        response.status != Response.Status.PUBLISHED or consent,
        _("Published results cannot lose their consent; ask the secretariat to unpublish."),
    )
    response.has_public_consent = consent
    response.consent_given_by = _actor(given_by) if consent else None
    response.consent_given_at = timezone.now() if consent else None
    response.save(
        update_fields=["has_public_consent", "consent_given_by", "consent_given_at", "updated_at"]
    )
    verb = "index.consent.given" if consent else "index.consent.withdrawn"
    _log(given_by, verb, response, response)
    return response


@transaction.atomic
def validate_response(response: Response, *, validated_by: Any) -> Response:
    """Close the review and compute the scores (the secretariat); no query may be left open."""
    response = (
        Response.objects.select_for_update().select_related("city", "round").get(pk=response.pk)
    )
    _require(
        response.status in permissions.REVIEW_STATUSES,
        _("Only a response in review can be validated."),
    )
    _allow(validated_by, permissions.can_validate(validated_by, response))
    _require(
        not open_queries(response).exists(),
        _("Some queries still wait for the city's reply."),
    )
    compute_scores(response)
    response.status = Response.Status.VALIDATED
    response.validated_at = timezone.now()
    response.save(update_fields=["status", "validated_at", "updated_at"])
    _log(validated_by, "index.response.validated", response, response)
    return response


@transaction.atomic
def publish_response(
    response: Response, *, published_by: Any, published_on: date | None = None
) -> Response:
    """Make validated results public (the secretariat), only with the city's consent."""
    response = Response.objects.select_for_update().select_related("city").get(pk=response.pk)
    _require(
        response.status == Response.Status.VALIDATED,
        _("Only validated results can be published."),
    )
    _require(
        response.has_public_consent,
        _("%(city)s has not consented to public results.") % {"city": response.city},
    )
    _allow(published_by, permissions.can_publish(published_by, response))
    response.status = Response.Status.PUBLISHED
    response.published_on = published_on or timezone.localdate()
    response.save(update_fields=["status", "published_on", "updated_at"])
    _log(published_by, "index.response.published", response, response)
    transaction.on_commit(invalidate_public_pages)
    return response


# Scores --------------------------------------------------------------------------------


def member_for(city: City) -> scoring.Member:
    """Return the city as the engine sees it: its slug and the attributes rules may read."""
    band = ""
    if city.population is not None:
        band = next(
            (
                b.value
                for b in PopulationBand
                if b.bounds[0] <= city.population
                and (b.bounds[1] is None or city.population < b.bounds[1])
            ),
            "",
        )
    attributes = {
        "country": city.country.code or "",  # type: ignore[attr-defined]
        "population_band": band,
        "status": city.status,
    }
    if city.national_network_id:
        attributes["national_network"] = city.national_network.slug  # type: ignore[union-attr]
    return scoring.Member(city.slug, attributes)


def engine_answers(response: Response) -> dict[str, methodology.Answer]:
    """Return the response's answers in the engine's form, unanswered questions left out."""
    method = response.round.edition.method
    answers: dict[str, methodology.Answer] = {}
    for question_id, value in response.answers.values_list("question_id", "value"):
        try:
            question = method.question(question_id)
        except KeyError:
            continue
        answer = engine_answer(question, value)
        if answer is not None:
            answers[question_id] = answer
    return answers


def _places(value: Fraction | None, places: int) -> Decimal | None:
    return None if value is None else scoring.round_half_up(value, places)


@transaction.atomic
def compute_scores(response: Response) -> scoring.MemberResult:
    """Score the response's answers with the round's edition and store every score."""
    response = Response.objects.select_related("city__national_network", "round__edition").get(
        pk=response.pk
    )
    method = response.round.edition.method
    result = scoring.score_member(method, member_for(response.city), engine_answers(response))
    rows = [
        Score(
            response=response,
            level=Score.Level.QUESTION,
            code=q.id,
            status=q.status,
            score=_places(q.score, 2),
            raw=_places(q.points, 4) or 0,
            raw_max=_places(q.max_points, 4) or 0,
        )
        for q in result.questions.values()
    ]
    groups = [(Score.Level.AREA, g) for g in result.areas.values()]
    groups += [(Score.Level.COMPOSITE, g) for g in result.composites.values()]
    groups.append((Score.Level.OVERALL, result.overall))
    rows += [
        Score(
            response=response,
            level=level,
            code=g.id,
            status=g.status,
            score=_places(g.score, 2),
            raw=_places(g.raw, 4) or 0,
            raw_max=_places(g.raw_max, 4) or 0,
        )
        for level, g in groups
    ]
    Score.objects.filter(response=response).delete()
    Score.objects.bulk_create(rows)
    response.scores_computed_at = timezone.now()
    response.save(update_fields=["scores_computed_at"])
    return result


# Import --------------------------------------------------------------------------------

IMPORT_COLUMNS = ("question", "answer")
IMPORT_OPTIONAL_COLUMNS = ("evidence", "links")


@dataclass(frozen=True)
class ImportReport:
    """What an import did: the response and how many answers it wrote."""

    response: Response
    answers_written: int


def _parse_import(
    text: str, name: str, method: methodology.Edition
) -> tuple[list[tuple[str, dict[str, Any]]], list[CellError]]:
    errors: list[CellError] = []
    rows: list[tuple[str, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    header_checked = False
    for number, cells in read_text_rows(text, name, errors):
        if number == 1:
            columns = list(cells)
            for column in IMPORT_COLUMNS:
                if column not in columns:
                    errors.append(CellError(name, 1, column, "this column is missing"))
            for column in columns:
                if column not in IMPORT_COLUMNS + IMPORT_OPTIONAL_COLUMNS:
                    allowed = ", ".join(IMPORT_COLUMNS + IMPORT_OPTIONAL_COLUMNS)
                    errors.append(CellError(name, 1, column, f"unknown column (known: {allowed})"))
            header_checked = not errors
            continue
        if not header_checked:
            break
        question_id = cells["question"]
        try:
            question = method.question(question_id)
        except KeyError:
            errors.append(
                CellError(
                    name, number, "question", f"edition {method.id} has no question {question_id!r}"
                )
            )
            continue
        if question_id in seen:
            errors.append(
                CellError(name, number, "question", f"already answered on row {seen[question_id]}")
            )
            continue
        seen[question_id] = number
        fields: dict[str, Any] = {}
        cell = cells["answer"]
        if question.kind == QuestionKind.MULTIPLE_CHOICE:
            raw: Any = [part.strip() for part in cell.split("|") if part.strip()]
        else:
            raw = cell
        try:
            fields["value"] = stored_value(question, raw)
        except ValidationError as error:
            errors.append(CellError(name, number, "answer", "; ".join(error.messages)))
        if "evidence" in cells:
            fields["evidence_text"] = cells["evidence"]
        if "links" in cells:
            try:
                fields["evidence_links"] = clean_links(cells["links"].split())
            except ValidationError as error:
                errors.append(CellError(name, number, "links", "; ".join(error.messages)))
        rows.append((question_id, fields))
    return rows, errors


@transaction.atomic
def import_answers_csv(
    index_round: Round, city: City, text: str, *, imported_by: Any, name: str = "answers.csv"
) -> ImportReport:
    """Import a whole city's answers from CSV (the secretariat).

    Columns: ``question``, ``answer`` (options of a multiple choice joined by ``|``;
    an empty cell clears the answer) and optionally ``evidence`` and ``links``
    (web addresses separated by spaces). Raises ``TableError`` with every problem by
    row and column; then nothing is imported.
    """
    _allow(imported_by, permissions.can_manage_rounds(imported_by))
    rows, errors = _parse_import(text.lstrip("\ufeff"), name, index_round.edition.method)
    if errors:
        raise TableError(errors)
    response = start_response(index_round, city, started_by=imported_by)
    _require(
        response.status not in (Response.Status.VALIDATED, Response.Status.PUBLISHED),
        _("The answers are validated and can no longer change."),
    )
    written = save_answers(response, dict(rows), saved_by=imported_by, source="import")
    record_activity(
        imported_by,
        "index.answers.imported",
        response,
        about=city,
        changes={"rows": (None, len(rows))},
    )
    return ImportReport(response=response, answers_written=written)


# Results through the real pipeline -----------------------------------------------------


@transaction.atomic
def record_and_publish_answers(
    index_round: Round,
    city: City,
    answers: Mapping[str, Any],
    *,
    published_on: date | None = None,
    by: Any = None,
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


@transaction.atomic
def request_network_reports(index_round: Round, *, language: str, requested_by: Any) -> ReportBatch:
    """Queue the PDF reports of every city of the round (the secretariat); return the batch."""
    from icc.index.tasks import build_network_reports

    _allow(requested_by, permissions.can_manage_rounds(requested_by))
    _require(language in dict(settings.LANGUAGES), _("Choose English or French."))
    batch = ReportBatch.objects.create(
        round=index_round, language=language, requested_by=_actor(requested_by)
    )
    record_activity(requested_by, "index.reports.requested", batch)
    build_network_reports.enqueue(batch_id=batch.pk)
    batch.refresh_from_db()
    return batch
