"""Every write of the barometer: rounds, invitations (one or a CSV), answers, consent,
submission, reminders, erasure, and publishing a round's figures under the rule."""

import csv
import io
import json
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import TextField
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from icc.accounts.actors import Actor
from icc.barometer import instrument, links, notifications, permissions, release
from icc.barometer.mail import send_company_mail
from icc.barometer.models import (
    MAX_REMINDERS,
    NACE_SECTIONS,
    Company,
    Invitation,
    NaceVersion,
    Publication,
    ReportShare,
    Response,
    Round,
    SizeBand,
)
from icc.core.activity import record_activity
from icc.core.actors import author
from icc.core.site import absolute_url
from icc.core.versions import VersionConflict, advance_version
from icc.network.models import City

MAX_CSV_BYTES = 1_000_000
MAX_CSV_ROWS = 2000
MIN_K = 3
MAX_K = 50
REMINDER_AFTER_DAYS = 7
CSV_COLUMNS = ("company", "sector", "size", "email", "language", "classification")


# Rounds -------------------------------------------------------------------------------------


def _check_round(name: str, opens_on: date, closes_on: date, min_group_size: int) -> None:
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the round a name.")
    if closes_on < opens_on:
        errors["closes_on"] = _("The round closes after it opens.")
    if not MIN_K <= min_group_size <= MAX_K:
        errors["min_group_size"] = _(
            "The smallest group shown is between %(low)s and %(high)s."
        ) % {
            "low": MIN_K,
            "high": MAX_K,
        }
    if errors:
        raise ValidationError(errors)


def create_round(
    *,
    by: Actor | None,
    name: str,
    opens_on: date,
    closes_on: date,
    min_group_size: int = 5,
    edition_id: str = instrument.CURRENT_EDITION,
    is_demo: bool = False,
) -> Round:
    """Open a round of the barometer (the secretariat)."""
    if by is not None and not permissions.can_manage_rounds(by):
        raise PermissionDenied
    _check_round(name, opens_on, closes_on, min_group_size)
    if edition_id not in instrument.edition_ids():
        raise ValidationError({"edition_id": _("No edition of the instrument has this id.")})
    with transaction.atomic():
        round = Round.objects.create(
            name=name.strip(),
            edition_id=edition_id,
            opens_on=opens_on,
            closes_on=closes_on,
            min_group_size=min_group_size,
            is_demo=is_demo,
        )
        record_activity(by, "barometer.round.created", round)
    return round


def change_round(
    round: Round,
    *,
    by: Actor | None,
    expected_version: int | None,
    name: str,
    opens_on: date,
    closes_on: date,
    min_group_size: int,
) -> Round:
    """Change a round's name, dates or smallest group shown (the secretariat).

    A new k applies from the next publication: figures released before stay as they were.
    """
    if by is not None and not permissions.can_manage_rounds(by):
        raise PermissionDenied
    _check_round(name, opens_on, closes_on, min_group_size)
    before = {
        "name": round.name,
        "opens_on": round.opens_on,
        "closes_on": round.closes_on,
        "min_group_size": round.min_group_size,
    }
    after = {
        "name": name.strip(),
        "opens_on": opens_on,
        "closes_on": closes_on,
        "min_group_size": min_group_size,
    }
    with transaction.atomic():
        if not advance_version(Round, round.pk, expected=expected_version):
            stored = Round.objects.get(pk=round.pk)
            raise VersionConflict(mine=after, theirs=before, version=stored.version)
        Round.objects.filter(pk=round.pk).update(**after)
        round.refresh_from_db()
        changes = {key: (before[key], after[key]) for key in after if before[key] != after[key]}
        record_activity(by, "barometer.round.changed", round, changes=changes)
    return round


# Invitations --------------------------------------------------------------------------------


def _clean_invitation(
    name: str, sector: str, size: str, email: str, language: str, classification: str
) -> dict[str, str]:
    """Return the cleaned fields of one company, or raise ``ValidationError`` per field."""
    errors: dict[str, str] = {}
    name = " ".join(str(name or "").split())
    sector = str(sector or "").strip().upper()
    size = str(size or "").strip()
    email = str(email or "").strip()
    language = str(language or "").strip().lower() or "en"
    classification = str(classification or "").strip() or NaceVersion.REV21
    if not name or len(name) > 200:
        errors["company_name"] = _("Give the company's name (at most 200 characters).")
    if sector not in NACE_SECTIONS:
        errors["nace_section"] = _("%(value)s is not a NACE section (a letter from A to U).") % {
            "value": sector or "—"
        }
    if size not in SizeBand.values:
        errors["size_band"] = _("%(value)s is not a headcount band (%(bands)s).") % {
            "value": size or "—",
            "bands": ", ".join(SizeBand.values),
        }
    try:
        validate_email(email)
    except ValidationError:
        errors["contact_email"] = _("%(value)s is not an e-mail address.") % {"value": email or "—"}
    if language not in ("en", "fr"):
        errors["language"] = _("The language is en or fr.")
    if classification not in NaceVersion.values:
        errors["nace_version"] = _("The classification is “NACE Rev. 2” or “NACE Rev. 2.1”.")
    if errors:
        raise ValidationError(errors)
    return {
        "company_name": name,
        "nace_section": sector,
        "size_band": size,
        "contact_email": email,
        "language": language,
        "nace_version": classification,
    }


def _create_invitation(round: Round, city: City, by: Actor | None, fields: dict) -> Invitation:
    company, _created = Company.objects.get_or_create(
        city=city, key=Company.key_for(fields["company_name"])
    )
    erased = Invitation.objects.filter(
        round=round, company=company, status=Invitation.Status.ERASED
    ).first()
    if erased is not None:
        # A company that deleted its response may be invited again: a new link, no answers.
        for name, value in fields.items():
            setattr(erased, name, value)
        erased.status = Invitation.Status.INVITED
        erased.link_nonce = links.new_nonce()
        erased.invited_by = author(by)
        erased.invited_at = timezone.now()
        erased.reminders_sent = 0
        erased.last_reminded_at = None
        erased.erased_at = None
        erased.save()
        invitation = erased
    else:
        invitation = Invitation.objects.create(
            round=round,
            city=city,
            company=company,
            invited_by=author(by),
            link_nonce=links.new_nonce(),
            **fields,
        )
    record_activity(by, "barometer.invitation.sent", invitation, about=city)
    _queue_link_mail(invitation, "invitation")
    return invitation


def _allow_inviting(round: Round, city: City, by: Actor | None) -> None:
    if by is not None and not permissions.can_invite_companies(by, city):
        raise PermissionDenied
    if round.closes_on < timezone.localdate():
        raise ValidationError(_("This round is closed: no more companies can be invited."))


def invite_company(round: Round, city: City, *, by: Actor | None, **fields: str) -> Invitation:
    """Invite one company of ``city`` to answer ``round``; its private link goes by mail."""
    _allow_inviting(round, city, by)
    cleaned = _clean_invitation(
        fields.get("company_name", ""),
        fields.get("nace_section", ""),
        fields.get("size_band", ""),
        fields.get("contact_email", ""),
        fields.get("language", "en"),
        fields.get("nace_version", ""),
    )
    try:
        with transaction.atomic():
            return _create_invitation(round, city, by, cleaned)
    except IntegrityError:
        raise ValidationError(
            {"company_name": _("This company is already invited to this round.")}
        ) from None


class CsvRefused(ValidationError):
    """A CSV of invitations refused as a whole: ``problems`` lists (line, message)."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__(
            _("Nothing was imported: correct the lines listed and send the file again.")
        )
        self.problems = problems


def import_invitations(round: Round, city: City, *, by: Actor | None, data: bytes) -> int:
    """Invite every company of a CSV file, or none: all-or-nothing, with every problem listed.

    Columns: company, sector (NACE section letter), size (headcount band), email, and
    optionally language (en, fr) and classification (NACE Rev. 2 or NACE Rev. 2.1).
    """
    _allow_inviting(round, city, by)
    if len(data) > MAX_CSV_BYTES:
        raise CsvRefused([(0, _("The file is larger than 1 MB."))])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvRefused([(0, _("The file is not UTF-8 text."))]) from None
    if "\x00" in text:
        raise CsvRefused([(0, _("The file is not UTF-8 text."))])
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [str(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in CSV_COLUMNS[:4] if name not in header]
    if missing:
        raise CsvRefused(
            [(1, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})]
        )
    reader.fieldnames = header
    problems: list[tuple[int, str]] = []
    rows: list[dict[str, str]] = []
    seen: dict[str, int] = {}
    already = set(
        Invitation.objects.filter(round=round, city=city)
        .exclude(status=Invitation.Status.ERASED)
        .values_list("company__key", flat=True)
    )
    for line, raw in enumerate(reader, start=2):
        if line - 1 > MAX_CSV_ROWS:
            problems.append(
                (line, _("At most %(count)s companies a file.") % {"count": MAX_CSV_ROWS})
            )
            break
        try:
            fields = _clean_invitation(
                raw.get("company", ""),
                raw.get("sector", ""),
                raw.get("size", ""),
                raw.get("email", ""),
                raw.get("language", ""),
                raw.get("classification", ""),
            )
        except ValidationError as error:
            for messages in error.message_dict.values():
                problems.extend((line, message) for message in messages)
            continue
        key = Company.key_for(fields["company_name"])
        if key in seen:
            problems.append((line, _("The same company as line %(line)s.") % {"line": seen[key]}))
        elif key in already:
            problems.append((line, _("This company is already invited to this round.")))
        seen.setdefault(key, line)
        rows.append(fields)
    if not rows and not problems:
        problems.append((1, _("The file holds no company.")))
    if problems:
        raise CsvRefused(problems)
    with transaction.atomic():
        for fields in rows:
            _create_invitation(round, city, by, fields)
        record_activity(
            by, "barometer.invitations.imported", city, changes={"count": (0, len(rows))}
        )
    return len(rows)


def link_url(invitation: Invitation) -> str:
    """Return the absolute private link of the invitation, in the company's language."""
    from django.urls import reverse

    with override(invitation.language):
        path = reverse("barometer:answer", kwargs={"token": links.token_for(invitation)})
    return absolute_url(path)


def _queue_link_mail(invitation: Invitation, kind: str) -> None:
    with override(invitation.language):
        context = {
            "company": invitation.company_name,
            "city": invitation.city.name_in(invitation.language),
            "round": invitation.round.name,
            "closes_on": invitation.round.closes_on.isoformat(),
            "url": link_url(invitation),
            "kind": kind,
        }
    to, language = invitation.contact_email, invitation.language
    transaction.on_commit(
        lambda: send_company_mail.enqueue(to=to, language=language, context=context)
    )


def send_reminders(round: Round, *, by: Actor | None, city: City | None = None) -> int:
    """Remind the companies that have not submitted, at most twice and a week apart.

    Returns how many were reminded. Without ``city``, every city of the round (the daily job).
    """
    if by is not None and (city is None or not permissions.can_invite_companies(by, city)):
        raise PermissionDenied
    today = timezone.localdate()
    if not round.opens_on <= today <= round.closes_on:
        return 0
    due = timezone.now() - timedelta(days=REMINDER_AFTER_DAYS)
    waiting = Invitation.objects.filter(
        round=round,
        status__in=[Invitation.Status.INVITED, Invitation.Status.STARTED],
        reminders_sent__lt=MAX_REMINDERS,
        invited_at__lte=due,
    ).select_related("round", "city")
    if city is not None:
        waiting = waiting.filter(city=city)
    count = 0
    with transaction.atomic():
        for invitation in waiting:
            if invitation.last_reminded_at and invitation.last_reminded_at > due:
                continue
            invitation.reminders_sent += 1
            invitation.last_reminded_at = timezone.now()
            invitation.save(update_fields=["reminders_sent", "last_reminded_at"])
            record_activity(by, "barometer.invitation.reminded", invitation, about=invitation.city)
            _queue_link_mail(invitation, "reminder")
            count += 1
    return count


# The company's response ---------------------------------------------------------------------


def give_consent(invitation: Invitation) -> Invitation:
    """Record the company's consent; it may then answer."""
    if not permissions.can_answer(invitation):
        raise ValidationError(_("This round is closed: answers can no longer change."))
    with transaction.atomic():
        if invitation.consented_at is None:
            invitation.consented_at = timezone.now()
            invitation.save(update_fields=["consented_at"])
            record_activity(None, "barometer.consent.given", invitation, about=invitation.city)
        Response.objects.get_or_create(
            invitation=invitation, defaults={"edition_id": invitation.round.edition_id}
        )
    return invitation


def save_answers(
    invitation: Invitation, *, edition_id: str, answers: Mapping[str, Any], submit: bool = False
) -> Response:
    """Save some answers of the company (as it types), or all with ``submit``.

    Every answer is checked by the Index engine's rules; one bad answer saves nothing.
    An answer to a question of another edition of the instrument is refused.
    """
    if invitation.consented_at is None:
        raise ValidationError(_("Give your consent before answering."))
    if not permissions.can_answer(invitation):
        raise ValidationError(_("This round is closed: answers can no longer change."))
    response = Response.objects.get(invitation=invitation)
    if edition_id != response.edition_id:
        raise ValidationError(
            _("These answers are for another version of the questionnaire; reload the page.")
        )
    method = instrument.edition(response.edition_id)
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    for question_id, raw in answers.items():
        try:
            question = method.question(str(question_id))
        except KeyError:
            errors.setdefault("__all__", []).append(
                _("This version of the questionnaire has no question %(id)s.") % {"id": question_id}
            )
            continue
        try:
            cleaned[question.id] = instrument.stored_value(question, raw)
        except ValidationError as error:
            errors[question.id] = error.messages
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        response = Response.objects.select_for_update().get(pk=response.pk)
        merged = {
            key: value for key, value in (response.answers | cleaned).items() if value is not None
        }
        response.answers = merged
        response.scores = instrument.score(method, merged)
        response.version += 1
        fields = ["answers", "scores", "version", "updated_at"]
        if submit:
            response.submitted_at = timezone.now()
            fields.append("submitted_at")
        response.save(update_fields=fields)
        status = (
            Invitation.Status.SUBMITTED
            if submit or response.submitted_at
            else Invitation.Status.STARTED
        )
        if invitation.status != status:
            invitation.status = status
            invitation.save(update_fields=["status"])
        if submit:
            record_activity(None, "barometer.response.submitted", invitation, about=invitation.city)
    return response


def erase_response(invitation: Invitation) -> None:
    """Delete the company's response and its contact: recorded without any content.

    Its links then open a page saying it was deleted. Figures released before stay as
    they were (they are about groups of at least k); the next publication leaves it out.
    """
    with transaction.atomic():
        Response.objects.filter(invitation=invitation).delete()
        invitation.status = Invitation.Status.ERASED
        invitation.erased_at = timezone.now()
        invitation.contact_email = ""
        invitation.consented_at = None
        invitation.save(update_fields=["status", "erased_at", "contact_email", "consented_at"])
        ReportShare.objects.filter(invitation=invitation, withdrawn_at__isnull=True).update(
            withdrawn_at=invitation.erased_at
        )
        record_activity(None, "barometer.response.erased", invitation, about=invitation.city)


# Sharing the report with the secretariat ----------------------------------------------------


def share_report(invitation: Invitation) -> ReportShare:
    """Record the company's dated consent to let the secretariat read its report.

    Only the report (its scores per dimension against the peer groups shown to it) is
    shared: never its answers nor its performance figures. Sharing again while a consent
    is open changes nothing.
    """
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.is_erased or not Response.objects.filter(invitation=locked).exists():
            raise ValidationError(_("There is no report to share: answer the questions first."))
        share = ReportShare.objects.filter(invitation=locked, withdrawn_at__isnull=True).first()
        if share is not None:
            return share
        share = ReportShare.objects.create(invitation=locked)
        record_activity(None, "barometer.report.shared", locked, about=locked.city)
    return share


def withdraw_share(invitation: Invitation) -> bool:
    """End the company's consent: from now the secretariat cannot open its report.

    Return whether a consent was open. The consent given and its withdrawal stay recorded.
    """
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        ended = ReportShare.objects.filter(invitation=locked, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        if ended:
            record_activity(None, "barometer.report.unshared", locked, about=locked.city)
    return bool(ended)


# Publishing ---------------------------------------------------------------------------------


def submitted_rows(round: Round) -> list[release.Row]:
    """Return the round's submitted responses as the rule reads them.

    The performance answers (optional) are read one key each, as text, without decoding
    the whole answers; a company that left one out is not counted in that figure.
    """
    method = instrument.edition(round.edition_id)
    measures = [question.id for question in instrument.performance_questions(method)]
    extracts = {
        f"perf{index}": KeyTextTransform(measure, "answers")
        for index, measure in enumerate(measures)
    }
    rows = (
        Response.objects.filter(invitation__round=round, submitted_at__isnull=False)
        .annotate(**extracts)
        .values_list(
            "invitation__company_id",
            "invitation__city_id",
            "invitation__nace_section",
            "invitation__size_band",
            "scores",
            *extracts,
        )
    )
    result = []
    for company, city, sector, size, scores, *values in rows:
        performance = {
            measure: float(value)
            for measure, value in zip(measures, values, strict=True)
            if value not in (None, "")
        }
        result.append(release.Row(company, city, sector, size, scores, performance))
    return result


def score_round(round: Round) -> int:
    """Score every submitted response of the round again with the engine; return how many.

    Only the scores that changed are written. The stored scores are read as text and
    decoded only when the text differs from the new scores' as the database writes them
    (``_stored_text``): unchanged scores are then never decoded, on either engine.
    """
    method = instrument.edition(round.edition_id)
    # Read as text and decoded here: quicker than the JSON field's own decoding.
    rows = list(
        Response.objects.filter(invitation__round=round, submitted_at__isnull=False).values_list(
            "pk",
            Cast("answers", output_field=TextField()),
            Cast("scores", output_field=TextField()),
        )
    )
    scores = instrument.score_many(method, (json.loads(answers) for _pk, answers, _text in rows))
    jsonb = connection.vendor == "postgresql"
    changed = [
        Response(pk=pk, scores=new)
        for (pk, _answers, text), new in zip(rows, scores, strict=True)
        if text != _stored_text(new, jsonb) and json.loads(text or "null") != new
    ]
    Response.objects.bulk_update(changed, ["scores"], batch_size=2000)
    return len(rows)


def _stored_text(scores: dict[str, float], jsonb: bool = False) -> str:
    """Return ``scores`` as the database gives back their stored text (ids and floats only).

    SQLite keeps the text ``json.dumps`` wrote; PostgreSQL's ``jsonb`` writes its own,
    keys ordered by length and then by their bytes (``jsonb``). Only a shortcut: when it
    differs from the stored text, the stored JSON is decoded and compared, so a difference
    of form never counts as a change of score.
    """
    items = list(scores.items())
    if jsonb:
        items.sort(key=lambda item: (len(item[0]), item[0]))
    return "{" + ", ".join(f'"{key}": {value!r}' for key, value in items) + "}"


def publish_round(round: Round, *, by: Actor | None, rescore: bool = False) -> Publication:
    """Publish the round's group figures under the no-inference rule.

    Each response keeps the scores the engine gave it when it was saved; ``rescore``
    scores every response of the round again first (``score_round``).
    """
    if by is not None and not permissions.can_manage_rounds(by):
        raise PermissionDenied
    with transaction.atomic():
        Round.objects.select_for_update().get(pk=round.pk)
        if rescore:
            score_round(round)
        method = instrument.edition(round.edition_id)
        publication = release.publish_figures(
            round,
            submitted_rows(round),
            score_keys=instrument.score_keys(method),
            measures=[question.id for question in instrument.performance_questions(method)],
            published_by=author(by),
        )
        record_activity(by, "barometer.round.published", round)
        notifications.figures_published(round, by=by)
    return publication
