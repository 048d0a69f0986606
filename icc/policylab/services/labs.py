"""Writes about labs, their sessions, documents and outcomes."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.core.activity import apply_changes, record_activity
from icc.core.page_cache import invalidate_public_pages_on_commit
from icc.core.uploads import type_for_name
from icc.core.versions import VersionConflict, advance_version
from icc.policylab import search
from icc.policylab.models import WRITTEN_IN, Lab, LabSession, Outcome, SessionDocument, Stakeholder


def _unique_slug(text: str) -> str:
    base = slugify(text)[:70] or "lab"
    slug, n = base, 2
    while Lab.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_lab(
    *,
    created_by: Actor | None,
    record: Mapping[str, Any],
    stakeholders: Iterable[Stakeholder] = (),
    slug: str = "",
    is_demo: bool = False,
) -> Lab:
    """Create a lab with its theme and participating stakeholders."""
    if not str(record.get("title_en", "")).strip() or not str(record.get("theme_en", "")).strip():
        raise ValidationError(_("Give the lab's title and theme in English."))
    with transaction.atomic():
        lab = Lab.objects.create(
            slug=slug or _unique_slug(record["title_en"]),
            title_en=record["title_en"].strip(),
            title_fr=record.get("title_fr", "").strip(),
            theme_en=record["theme_en"].strip(),
            theme_fr=record.get("theme_fr", "").strip(),
            place=record.get("place", "").strip(),
            is_published=bool(record.get("is_published")),
            is_demo=is_demo,
        )
        lab.stakeholders.set([s for s in stakeholders if not s.is_merged])
        search.index_labs([lab.pk])
        record_activity(created_by, "policylab.lab.created", lab)
    invalidate_public_pages_on_commit("policylab")
    return lab


def update_lab(
    lab: Lab,
    *,
    changed_by: Actor | None,
    expected_version: int | None,
    record: Mapping[str, Any],
    stakeholders: Iterable[Stakeholder],
) -> Lab:
    """Change a lab from the version the person started from."""
    fields = ("title_en", "title_fr", "theme_en", "theme_fr", "place", "is_published")
    with transaction.atomic():
        if not advance_version(Lab, lab.pk, expected=expected_version):
            stored = Lab.objects.get(pk=lab.pk)
            raise VersionConflict(
                mine=dict(record),
                theirs={f: getattr(stored, f) for f in fields},
                version=stored.version,
            )
        lab.refresh_from_db(fields=["version"])
        changes = apply_changes(lab, {f: record[f] for f in fields if f in record})
        lab.save()
        lab.stakeholders.set([s for s in stakeholders if not s.is_merged])
        search.index_labs([lab.pk])
        record_activity(changed_by, "policylab.lab.changed", lab, changes=changes)
    invalidate_public_pages_on_commit("policylab")
    return lab


def add_session(
    lab: Lab, *, added_by: Actor | None, held_on: datetime.date, agenda_en: str, agenda_fr: str = ""
) -> LabSession:
    """Add a session with its date and agenda."""
    if not agenda_en.strip():
        raise ValidationError({"agenda_en": _("Give the agenda in English.")})
    with transaction.atomic():
        session = LabSession.objects.create(
            lab=lab, held_on=held_on, agenda_en=agenda_en.strip(), agenda_fr=agenda_fr.strip()
        )
        search.index_labs([lab.pk])
        record_activity(added_by, "policylab.session.added", session, about=lab)
    invalidate_public_pages_on_commit("policylab")
    return session


def add_document(
    session: LabSession, *, added_by: Actor | None, title: str, file: UploadedFile
) -> SessionDocument:
    """Keep a document of a session (checked by content by the form's ``CheckedFileField``)."""
    with transaction.atomic():
        document = SessionDocument.objects.create(
            session=session,
            title=title.strip() or (file.name or ""),
            file=file,
            content_type=getattr(file, "checked_type", "") or type_for_name(file.name or ""),
        )
        record_activity(added_by, "policylab.document.added", document, about=session.lab)
    invalidate_public_pages_on_commit("policylab")
    return document


def add_outcome(
    session: LabSession,
    *,
    added_by: Actor | None,
    kind: str,
    text_en: str,
    text_fr: str = "",
    owner: Stakeholder | None = None,
    due_on: datetime.date | None = None,
    is_demo: bool = False,
) -> Outcome:
    """Record a recommendation, or a commitment with its owner and due date."""
    if kind not in Outcome.Kind.values:
        raise ValidationError({"kind": _("Choose a kind.")})
    if not text_en.strip():
        raise ValidationError({"text_en": _("Give the text in English.")})
    if kind == Outcome.Kind.COMMITMENT and (owner is None or due_on is None):
        raise ValidationError(_("A commitment needs an owner and a due date."))
    if owner is not None and owner.is_merged:
        raise ValidationError(
            {"owner": _("This stakeholder was merged into another; choose that one.")}
        )
    if due_on is not None and due_on < session.held_on:
        raise ValidationError({"due_on": _("The due date cannot be before the session.")})
    with transaction.atomic():
        outcome = Outcome.objects.create(
            session=session,
            kind=kind,
            text_en=text_en.strip(),
            text_fr=text_fr.strip(),
            owner=owner if kind == Outcome.Kind.COMMITMENT else None,
            due_on=due_on if kind == Outcome.Kind.COMMITMENT else None,
            is_demo=is_demo,
        )
        search.index_labs([session.lab_id])
        record_activity(added_by, "policylab.outcome.added", outcome, about=session.lab)
    invalidate_public_pages_on_commit("policylab")
    return outcome


def follow_up_outcome(
    outcome: Outcome,
    *,
    followed_up_by: Actor | None,
    expected_version: int | None,
    status: str,
    follow_up: str,
    on: datetime.date,
    follow_up_language: str = "en",
) -> Outcome:
    """Note how a commitment stands: still open, done or dropped (with what was done)."""
    if outcome.kind != Outcome.Kind.COMMITMENT:
        raise ValidationError(_("Only a commitment is followed up."))
    if status not in Outcome.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    if status != Outcome.Status.OPEN and not follow_up.strip():
        raise ValidationError({"follow_up": _("Say what was done, or why it was dropped.")})
    if follow_up_language not in dict(WRITTEN_IN):
        raise ValidationError({"follow_up_language": _("Choose the language it is written in.")})
    with transaction.atomic():
        if not advance_version(Outcome, outcome.pk, expected=expected_version):
            stored = Outcome.objects.get(pk=outcome.pk)
            raise VersionConflict(
                mine={"status": status, "follow_up": follow_up},
                theirs={"status": stored.status, "follow_up": stored.follow_up},
                version=stored.version,
            )
        outcome.refresh_from_db(fields=["version"])
        changes = apply_changes(
            outcome,
            {
                "status": status,
                "follow_up": follow_up.strip(),
                "follow_up_language": follow_up_language,
                "closed_on": None if status == Outcome.Status.OPEN else on,
            },
        )
        outcome.save()
        search.index_labs([outcome.session.lab_id])
        record_activity(
            followed_up_by,
            "policylab.outcome.followed_up",
            outcome,
            about=outcome.session.lab,
            changes=changes,
        )
    invalidate_public_pages_on_commit("policylab")
    return outcome


def remind_overdue_commitments(*, today: datetime.date) -> int:
    """Tell each open commitment's side once that its due date passed; return how many."""
    from icc.policylab import notifications

    overdue = Outcome.objects.filter(
        kind=Outcome.Kind.COMMITMENT,
        status=Outcome.Status.OPEN,
        due_on__lt=today,
        reminded_on__isnull=True,
    ).select_related("owner", "session__lab")
    count = 0
    for outcome in overdue:
        with transaction.atomic():
            # Another worker may have told it meanwhile: only the one that marks it tells.
            if not Outcome.objects.filter(pk=outcome.pk, reminded_on__isnull=True).update(
                reminded_on=today
            ):
                continue
            notifications.commitment_overdue(outcome)
            record_activity(None, "policylab.outcome.reminded", outcome, about=outcome.session.lab)
        count += 1
    return count
