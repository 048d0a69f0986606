"""Moderated changes to a published practice: proposed, then approved or sent back.

A published practice changed by someone who may not publish it keeps its published
text; the change waits as a ``PracticeRevision`` for a moderator (decision 0022).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.core import actors
from icc.core.activity import record_activity
from icc.core.page_cache import invalidate_public_pages_on_commit
from icc.core.versions import VersionConflict, advance_version
from icc.practices import notifications, search
from icc.practices.models import Practice, PracticeRevision
from icc.practices.services.content import (
    apply_parts,
    content_changes,
    parts_of,
    practice_content,
    working_content,
)


def propose_revision(
    practice: Practice, content: dict[str, Any], *, proposed_by: Actor | None
) -> PracticeRevision:
    """Keep ``content`` as the pending changes of a published practice, checked as if applied."""
    # The same checks as a live save, made inside a savepoint that is then undone.
    try:
        with transaction.atomic():
            apply_parts(Practice.objects.get(pk=practice.pk), **parts_of(content))
            raise _DryRun
    except _DryRun:
        pass
    revision = (
        PracticeRevision.objects.select_for_update()
        .filter(practice=practice, status=PracticeRevision.Status.PENDING)
        .first()
    )
    before = revision.content if revision is not None else practice_content(practice)
    if revision is None:
        revision = PracticeRevision(practice=practice)
    changes = content_changes(before, content)
    if not changes:
        return revision
    revision.content = content
    revision.proposed_by = actors.author(proposed_by)
    revision.save()
    record_activity(
        proposed_by, "practice.revision_proposed", revision, about=practice, changes=changes
    )
    return revision


class _DryRun(Exception):
    """Undo the savepoint of a check."""


def close_revision(
    revision: PracticeRevision, *, status: str, decided_by: Actor | None, reason: str = ""
) -> None:
    revision.status = status
    revision.decided_by = actors.author(decided_by)
    revision.decided_at = timezone.now()
    revision.rejection_reason = reason
    revision.save(update_fields=["status", "decided_by", "decided_at", "rejection_reason"])


@transaction.atomic
def approve_revision(
    practice: Practice, *, approved_by: Actor | None, expected_version: int | None
) -> Practice:
    """Publish the pending changes of a practice in place of its published text.

    Raises ``ValidationError`` when nothing waits, ``VersionConflict`` when the changes
    were edited after the moderator read them (``expected_version``).
    """
    revision = _pending_for_decision(practice, expected_version)
    practice = Practice.objects.select_for_update().get(pk=practice.pk)
    changes = apply_parts(practice, **parts_of(revision.content))
    close_revision(revision, status=PracticeRevision.Status.APPROVED, decided_by=approved_by)
    record_activity(
        approved_by, "practice.revision_approved", revision, about=practice, changes=changes
    )
    notifications.revision_approved(revision, by=approved_by)
    search.index_practice(practice)
    invalidate_public_pages_on_commit("practices")
    return practice


@transaction.atomic
def reject_revision(
    practice: Practice, *, rejected_by: Actor | None, reason: str, expected_version: int | None
) -> PracticeRevision:
    """Send the pending changes back to their authors with a reason; the published text stays."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the changes are sent back.")})
    revision = _pending_for_decision(practice, expected_version)
    close_revision(
        revision,
        status=PracticeRevision.Status.REJECTED,
        decided_by=rejected_by,
        reason=reason.strip(),
    )
    record_activity(
        rejected_by,
        "practice.revision_rejected",
        revision,
        about=practice,
        changes={"rejection_reason": (None, reason.strip())},
    )
    notifications.revision_rejected(revision, by=rejected_by)
    return revision


def _pending_for_decision(practice: Practice, expected_version: int | None) -> PracticeRevision:
    revision = (
        PracticeRevision.objects.select_for_update()
        .filter(practice=practice, status=PracticeRevision.Status.PENDING)
        .first()
    )
    if revision is None or practice.status != Practice.Status.PUBLISHED:
        raise ValidationError(_("No changes wait for review on this practice."))
    if not advance_version(Practice, practice.pk, expected=expected_version):
        stored = Practice.objects.get(pk=practice.pk)
        raise VersionConflict(
            mine=revision.content, theirs=working_content(stored), version=stored.version
        )
    return revision
