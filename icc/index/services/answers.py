"""Start a city's response and save its answers with their evidence.

Every save is versioned: a save made on a stale copy raises ``AnswerConflict`` with
both versions, and every change is kept in the answer's history."""

from collections.abc import Iterable, Mapping
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from icc.core import uploads
from icc.core.activity import record_activity
from icc.core.versions import VersionConflict
from icc.index import permissions
from icc.index.method import parts, scoring
from icc.index.method.parts import NUMERIC_KINDS, QuestionKind
from icc.index.models import (
    Answer,
    AnswerChange,
    EvidenceFile,
    Response,
    Round,
)
from icc.index.services.guards import allow, require, stored_user
from icc.network.models import City, PopulationBand
from icc.network.permissions import city_may_act

UNCHANGED: Any = object()
"""Leave this part of an answer as it is (``save_answer``)."""


# Saves by one person closer together than this are one change in the history.
CHANGE_BURST = timedelta(minutes=2)
MAX_LINKS = 20
# Several pages of evidence; anything longer belongs in an attached file.
MAX_EVIDENCE_TEXT = 20_000
# Documents, scans, spreadsheets and text a city may attach as evidence (checked by content).
EVIDENCE_TYPES = (
    uploads.PDF,
    uploads.PNG,
    uploads.JPEG,
    uploads.DOCX,
    uploads.XLSX,
    uploads.ODT,
    uploads.ODS,
    uploads.CSV,
    uploads.TEXT,
)


class AnswerConflict(VersionConflict):
    """A save made on a stale copy of an answer: carries both versions so a person can choose.

    ``mine`` is what the refused save tried to write; ``theirs`` is the stored answer
    (``Answer.snapshot()``), with the version to send back to overwrite it. The platform's
    one version conflict (``core.versions``, decision 0022), naming the question.
    """

    def __init__(self, question_id: str, *, mine: dict[str, Any], theirs: dict[str, Any]) -> None:
        self.question_id = question_id
        super().__init__(mine=mine, theirs=theirs, version=int(theirs.get("version") or 0))


@transaction.atomic
def start_response(index_round: Round, city: City, *, started_by: Any) -> Response:
    """Return the city's response to the round, creating the draft on first use."""
    response = Response.objects.filter(round=index_round, city=city).first()
    is_allowed = permissions.can_manage_rounds(started_by) or permissions.is_city_member(
        started_by, city.pk
    )
    if response is not None:
        allow(started_by, is_allowed)
        return response
    allow(
        started_by,
        is_allowed and (permissions.can_manage_rounds(started_by) or index_round.is_open_on()),
    )
    require(
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


def stored_value(question: parts.Question, raw: Any) -> Any:
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
            raise ValueError(_("question %(question)s expects a text") % {"question": question.id})
        if question.kind == QuestionKind.FREE_TEXT:
            return raw if raw.strip() else None
        question.check_answer(raw.strip())
        return raw.strip()
    except (ValueError, InvalidOperation) as error:
        raise ValidationError(str(error)) from None


def _decimal_text(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text if text != "-0" else "0"


def engine_answer(question: parts.Question, value: Any) -> parts.Answer | None:
    """Return a stored value in the scoring engine's form (None when unanswered)."""
    if value is None or value == "" or value == []:
        return None
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        return frozenset(value)
    if question.kind in NUMERIC_KINDS:
        return Fraction(Decimal(str(value)))
    return str(value)


def clean_evidence_text(text: Any) -> str:
    """Return the evidence text, or raise ``ValidationError`` when it is too long."""
    cleaned = str(text or "")
    require(
        len(cleaned) <= MAX_EVIDENCE_TEXT,
        ngettext(
            "The evidence is too long: at most %(count)s character; attach a file instead.",
            "The evidence is too long: at most %(count)s characters; attach a file instead.",
            MAX_EVIDENCE_TEXT,
        )
        % {"count": MAX_EVIDENCE_TEXT},
    )
    return cleaned


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


def question_applies(response: Response, question_id: str) -> bool:
    """Return whether the question applies to the city, given its profile and stored answers.

    The engine decides (the edition's applicability rules); a question's own answer
    never decides whether it applies, so the stored answers are enough.
    """
    method = response.round.edition.method
    answers = {}
    for stored_id, value in response.answers.values_list("question_id", "value"):
        try:
            answer = engine_answer(method.question(stored_id), value)
        except (KeyError, ValueError):
            continue
        if answer is not None:
            answers[stored_id] = answer
    try:
        result = scoring.score_member(method, member_for(response.city), answers)
    except scoring.ScoringError:
        return True  # an answer the engine refuses is reported where it is saved
    status = result.questions.get(question_id)
    return status is None or status.status != scoring.QuestionStatus.NOT_APPLICABLE


def clean_links(links: Iterable[str]) -> list[str]:
    """Return the evidence links, trimmed and checked, or raise ``ValidationError``."""
    cleaned = [link.strip() for link in links if link and link.strip()]
    require(
        len(cleaned) <= MAX_LINKS,
        ngettext(
            "At most %(count)s link per answer.", "At most %(count)s links per answer.", MAX_LINKS
        )
        % {"count": MAX_LINKS},
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
    require(
        response.status not in (Response.Status.VALIDATED, Response.Status.PUBLISHED),
        _("The answers are validated and can no longer change."),
    )
    allow(saved_by, permissions.can_answer(saved_by, response))
    new = {}
    if value is not UNCHANGED:
        new["value"] = stored_value(question, value)
        # People answer only what applies to the city; the platform's imports keep
        # whatever a sheet holds, which the engine leaves out.
        require(
            saved_by is None
            or new["value"] in (None, "", [])
            or question_applies(response, question_id),
            _(
                "This question does not apply to your city, given its profile or its other "
                "answers: it cannot be answered."
            ),
        )
    if evidence_text is not UNCHANGED:
        new["evidence_text"] = clean_evidence_text(evidence_text)
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
        allow(saved_by, answer.review_status == Answer.ReviewStatus.QUERIED)

    before = {name: getattr(answer, name) for name in new}
    changed = {name: v for name, v in new.items() if before[name] != v}
    if not changed:
        return answer
    for name, v in changed.items():
        setattr(answer, name, v)
    answer.version += 1
    answer.updated_by = stored_user(saved_by)
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
    require(
        response.status not in (Response.Status.VALIDATED, Response.Status.PUBLISHED),
        _("The answers are validated and can no longer change."),
    )
    allow(saved_by, permissions.can_answer(saved_by, response))
    method = response.round.edition.method
    cleaned: dict[str, dict[str, Any]] = {}
    for question_id, changes in answers.items():
        try:
            question = method.question(question_id)
        except KeyError:
            raise ValidationError(
                _("The edition has no question %(question)s.") % {"question": question_id}
            ) from None
        new: dict[str, Any] = {}
        if "value" in changes:
            new["value"] = stored_value(question, changes["value"])
        if "evidence_text" in changes:
            new["evidence_text"] = clean_evidence_text(changes["evidence_text"])
        if "evidence_links" in changes:
            new["evidence_links"] = clean_links(changes["evidence_links"] or [])
        cleaned[question_id] = new
    existing = {
        answer.question_id: answer
        for answer in Answer.objects.select_for_update().filter(
            response=response, question_id__in=list(cleaned)
        )
    }
    actor = stored_user(saved_by)
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
    actor = stored_user(by)
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
    require(
        response.status not in (Response.Status.VALIDATED, Response.Status.PUBLISHED),
        _("The answers are validated and can no longer change."),
    )
    allow(uploaded_by, permissions.can_answer(uploaded_by, response))
    name = Path(upload.name or "file").name
    limit = getattr(settings, "ICC_INDEX_EVIDENCE_MAX_BYTES", uploads.MAX_UPLOAD_BYTES)
    file_type = uploads.check_upload(upload, types=EVIDENCE_TYPES, max_bytes=limit)
    evidence = EvidenceFile(
        answer=answer,
        name=name[:200],
        content_type=file_type.content_type,
        size=upload.size or 0,
        uploaded_by=stored_user(uploaded_by),
    )
    evidence.file.save(name, upload, save=False)
    evidence.save()
    AnswerChange.objects.create(
        answer=answer,
        changed_by=stored_user(uploaded_by),
        old={},
        new={"file": name},
        source="file",
        version=answer.version,
    )
    return evidence
