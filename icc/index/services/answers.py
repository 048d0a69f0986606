"""Start a city's response and save its answers with their evidence.

One service writes answers, ``save_answers`` (``save_answer`` is its door for one
answer): the page, the autosave, the API, the CSV import and the demo all go through it.
Every save is versioned: a save made on a stale copy raises ``AnswerConflict`` with
both versions, and every change is kept in the answer's history and the activity log.
"""

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

from icc.accounts.actors import Actor
from icc.accounts.models import User
from icc.core import uploads
from icc.core.activity import record_activity, timeline_of
from icc.core.actors import author
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
from icc.index.services.guards import allow, require
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
def start_response(index_round: Round, city: City, *, started_by: Actor | None) -> Response:
    """Return the city's response to the round, creating the draft on first use."""
    response = Response.objects.filter(round=index_round, city=city).first()
    if response is not None:
        allow(started_by, permissions.can_open_response(started_by, city))
        return response
    require(
        city_may_act(city),
        _("%(city)s is not an active member and cannot answer.") % {"city": city},
    )
    allow(started_by, permissions.can_start_response(started_by, index_round, city))
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
    an empty value means "not answered" and is stored as None. A question that takes
    sets (``Question.takes_sets``: a multiple choice, or a single choice with ``several``)
    stores the sorted list of the options chosen; any other choice takes one option.
    """
    if raw is None or raw == "" or raw == []:
        return None
    try:
        if question.takes_sets:
            chosen = [raw] if isinstance(raw, str) else list(raw)
            answer = frozenset(str(option).strip() for option in chosen if str(option).strip())
            if not answer:
                return None
            question.check_answer(answer)
            return sorted(answer)
        if question.kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.YES_NO) and isinstance(
            raw, (list, tuple, set, frozenset)
        ):
            chosen = [str(option) for option in raw if str(option).strip()]
            if len(chosen) > 1:
                raise ValueError(
                    _("Question %(question)s takes one option only; %(count)s were chosen.")
                    % {"question": question.id, "count": len(chosen)}
                )
            raw = chosen[0] if chosen else ""
            if not raw:
                return None
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
    if question.takes_sets:
        # A set stored as its list; one option stored alone (before the question took sets).
        chosen = value if isinstance(value, list) else [value]
        return frozenset(str(option) for option in chosen)
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


def questions_not_applicable(response: Response) -> set[str]:
    """Return the questions that do not apply to the city, given its profile and stored answers.

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
        return set()  # an answer the engine refuses is reported where it is saved
    return {
        question_id
        for question_id, status in result.questions.items()
        if status.status == scoring.QuestionStatus.NOT_APPLICABLE
    }


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


def clean_answer(question: parts.Question, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Return the parts of one answer in their stored form: the one cleaning of every write.

    ``fields`` holds any of ``value``, ``evidence_text`` and ``evidence_links`` as a person
    sends them. Raises ``ValidationError`` keyed by the part that is wrong.
    """
    cleaners = {
        "value": lambda raw: stored_value(question, raw),
        "evidence_text": clean_evidence_text,
        "evidence_links": lambda raw: clean_links(raw or []),
    }
    cleaned, errors = {}, {}
    for name, raw in fields.items():
        if name not in cleaners:
            raise ValueError(f"an answer has no part {name!r}")
        try:
            cleaned[name] = cleaners[name](raw)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def save_answers(
    response: Response,
    answers: Mapping[str, Mapping[str, Any]],
    *,
    saved_by: Actor | None,
    source: str = "import",
    expected_versions: Mapping[str, int | None] | None = None,
) -> int:
    """Save answers (question id → parts to set) and record each change; return how many changed.

    The one way answers are written, whatever the door: the questionnaire page and its
    autosave (one answer, through ``save_answer``), the API, the CSV import, the demo and
    tests. In order, for every answer:

    - the state: answers of a validated response are frozen (``ValidationError``);
    - the person: ``permissions.can_answer``, and during the right of reply
      ``permissions.can_change_answer`` (only queried answers) (``PermissionDenied``);
    - the parts, cleaned by ``clean_answer``; a question that does not apply to the city
      cannot be answered by a person (an import keeps whatever its sheet holds);
    - the version: ``expected_versions`` maps a question to the version the person started
      from (0 for a question never answered), and a stale one raises ``AnswerConflict``
      with both versions; a question not in it (or ``None``) overwrites what is stored.

    Every answer is checked before anything is written: one refusal saves nothing. Each
    change goes to the answer's history (one burst of typing is one change) and the
    write to the activity log.
    """
    response = (
        Response.objects.select_for_update()
        .select_related("city", "round__edition")
        .get(pk=response.pk)
    )
    require(not response.is_frozen, _("The answers are validated and can no longer change."))
    allow(saved_by, permissions.can_answer(saved_by, response))
    method = response.round.edition.method
    cleaned: dict[str, dict[str, Any]] = {}
    for question_id, fields in answers.items():
        try:
            question = method.question(question_id)
        except KeyError:
            raise ValidationError(
                _("The edition has no question %(question)s.") % {"question": question_id}
            ) from None
        try:
            cleaned[question_id] = clean_answer(question, fields)
        except ValidationError as error:
            raise ValidationError(
                [message for messages in error.message_dict.values() for message in messages]
            ) from None
    if saved_by is not None and source != "import":
        _require_applicable(response, cleaned)
    versions = expected_versions or {}
    existing = {
        answer.question_id: answer
        for answer in Answer.objects.select_for_update().filter(
            response=response, question_id__in=list(cleaned)
        )
    }
    for question_id, new in cleaned.items():
        answer = existing.get(question_id)
        expected = versions.get(question_id)
        stored_version = answer.version if answer is not None else 0
        if expected is not None and expected != stored_version:
            theirs = answer.snapshot() if answer is not None else Answer().snapshot()
            raise AnswerConflict(question_id, mine=new, theirs=theirs)
        allow(saved_by, permissions.can_change_answer(saved_by, response, answer))

    actor = author(saved_by)
    now = timezone.now()
    created: list[Answer] = []
    updated: list[Answer] = []
    changes: list[tuple[Answer, dict[str, Any], dict[str, Any]]] = []
    for question_id, new in cleaned.items():
        answer = existing.get(question_id)
        if answer is None:
            answer = Answer(response=response, question_id=question_id)
        old = {name: getattr(answer, name) for name in new}
        diff = {name: value for name, value in new.items() if old[name] != value}
        if answer.pk is None and diff:
            created.append(answer)
        if not diff:
            continue
        for name, value in diff.items():
            setattr(answer, name, value)
        answer.version += 1
        answer.updated_by = actor
        answer.updated_at = now
        if answer.pk is not None:
            updated.append(answer)
        changes.append((answer, {name: old[name] for name in diff}, diff))
    Answer.objects.bulk_create(created)
    Answer.objects.bulk_update(
        updated, ["value", "evidence_text", "evidence_links", "version", "updated_by", "updated_at"]
    )
    _record_changes(changes, actor, source, now)
    if changes:
        _record_write(
            saved_by, response, sorted(change[0].question_id for change in changes), source
        )
    return len(changes)


@transaction.atomic
def save_answer(
    response: Response,
    question_id: str,
    *,
    saved_by: Actor | None,
    expected_version: int | None,
    value: Any = UNCHANGED,
    evidence_text: Any = UNCHANGED,
    evidence_links: Any = UNCHANGED,
    source: str = "form",
) -> Answer:
    """Save part or all of one answer through ``save_answers``; return the stored answer.

    Saving no part creates the answer's empty row (a file may come before the answer).

    ``expected_version`` is the version the person started from (0 for a question never
    answered; ``None`` overwrites whatever is stored). Raises ``AnswerConflict``,
    ``ValidationError`` or ``PermissionDenied`` as ``save_answers`` does.
    """
    fields = {
        name: part
        for name, part in (
            ("value", value),
            ("evidence_text", evidence_text),
            ("evidence_links", evidence_links),
        )
        if part is not UNCHANGED
    }
    save_answers(
        response,
        {question_id: fields},
        saved_by=saved_by,
        source=source,
        expected_versions={question_id: expected_version},
    )
    # The answer's row exists even when nothing was set, so a file can come before the answer.
    return Answer.objects.get_or_create(response=response, question_id=question_id)[0]


def _require_applicable(response: Response, cleaned: Mapping[str, Mapping[str, Any]]) -> None:
    """Refuse an answer given by a person to a question that does not apply to the city."""
    answered = [
        question_id
        for question_id, new in cleaned.items()
        if new.get("value") not in (None, "", [])
    ]
    if not answered:
        return
    not_applicable = questions_not_applicable(response)
    require(
        not not_applicable.intersection(answered),
        _(
            "This question does not apply to your city, given its profile or its other "
            "answers: it cannot be answered."
        ),
    )


def _record_changes(
    changes: list[tuple[Answer, dict[str, Any], dict[str, Any]]],
    actor: User | None,
    source: str,
    now: Any,
) -> None:
    """Keep every change in the answers' history; one person's burst of typing is one change."""
    if not changes:
        return
    bursts: dict[int, AnswerChange] = {}
    if actor is not None:
        for last in AnswerChange.objects.filter(
            answer__in=[change[0] for change in changes],
            changed_by=actor,
            source=source,
            changed_at__gte=now - CHANGE_BURST,
        ).order_by("changed_at", "id"):
            bursts[last.answer_id] = last
    fresh = []
    for answer, old, new in changes:
        burst = bursts.get(answer.pk)
        if burst is not None and burst.version == answer.version - 1:
            # One burst of typing: keep the value from before it and the value after it.
            burst.old = {**old, **burst.old}
            burst.new = {**burst.new, **new}
            burst.changed_at = now
            burst.version = answer.version
            burst.save(update_fields=["old", "new", "changed_at", "version"])
            continue
        fresh.append(
            AnswerChange(
                answer=answer,
                changed_by=actor,
                changed_at=now,
                old=old,
                new=new,
                source=source,
                version=answer.version,
            )
        )
    AnswerChange.objects.bulk_create(fresh)


def _record_write(
    by: Actor | None, response: Response, question_ids: list[str], source: str
) -> None:
    """Record the write in the activity log, on the city's timeline.

    An import is its own entry; the saves of one person in one burst of typing are one
    entry naming every question they changed, as the answers' history keeps them.
    """
    verb = "index.answers.imported" if source == "import" else "index.answers.saved"
    actor = author(by)
    if actor is not None and verb == "index.answers.saved":
        last = (
            timeline_of(response.city)
            .filter(
                actor=actor,
                verb=verb,
                target_id=str(response.pk),
                created_at__gte=timezone.now() - CHANGE_BURST,
            )
            .first()
        )
        if last is not None:
            earlier = (last.changes.get("questions") or [None, []])[1] or []
            last.changes = {"questions": [None, sorted({*earlier, *question_ids})]}
            last.save(update_fields=["changes"])
            return
    record_activity(
        by, verb, response, about=response.city, changes={"questions": (None, question_ids)}
    )


@transaction.atomic
def add_evidence_file(
    answer: Answer, *, upload: UploadedFile, uploaded_by: Actor | None
) -> EvidenceFile:
    """Attach a file to an answer after checking its type (extension and content) and size."""
    response = answer.response
    require(not response.is_frozen, _("The answers are validated and can no longer change."))
    allow(uploaded_by, permissions.can_change_answer(uploaded_by, response, answer))
    name = Path(upload.name or "file").name
    limit = getattr(settings, "ICC_INDEX_EVIDENCE_MAX_BYTES", uploads.MAX_UPLOAD_BYTES)
    file_type = uploads.check_upload(upload, types=EVIDENCE_TYPES, max_bytes=limit)
    evidence = EvidenceFile(
        answer=answer,
        name=name[:200],
        content_type=file_type.content_type,
        size=upload.size or 0,
        uploaded_by=author(uploaded_by),
    )
    evidence.file.save(name, upload, save=False)
    evidence.save()
    AnswerChange.objects.create(
        answer=answer,
        changed_by=author(uploaded_by),
        old={},
        new={"file": name},
        source="file",
        version=answer.version,
    )
    record_activity(
        uploaded_by,
        "index.evidence.added",
        evidence,
        about=response.city,
        changes={"file": (None, evidence.name)},
    )
    return evidence
