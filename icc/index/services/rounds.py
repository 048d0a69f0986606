"""Open Index rounds and build the reports of a whole round."""

from collections.abc import Mapping
from datetime import date
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.core.activity import record_activity
from icc.core.actors import author
from icc.index import permissions
from icc.index.models import (
    Edition,
    ReportBatch,
    Round,
)
from icc.index.services.guards import allow, require
from icc.index.tasks import build_network_reports


@transaction.atomic
def open_round(
    edition: Edition,
    *,
    label: str,
    opens_on: date,
    closes_on: date,
    opened_by: Actor | None,
    peer_bands: Mapping[str, list[float]] | None = None,
    is_demo: bool = False,
) -> Round:
    """Open ``edition`` to the cities between two dates (the secretariat)."""
    allow(opened_by, permissions.can_manage_rounds(opened_by))
    index_round = Round(
        edition=edition,
        label=label,
        opens_on=opens_on,
        closes_on=closes_on,
        peer_bands=dict(peer_bands or {}),
        is_demo=is_demo,
        opened_by=author(opened_by),
    )
    index_round.full_clean()
    require(closes_on >= opens_on, _("A round cannot close before it opens."))
    index_round.save()
    record_activity(opened_by, "index.round.opened", index_round)
    return index_round


@transaction.atomic
def request_network_reports(
    index_round: Round, *, language: str, requested_by: Actor | None
) -> ReportBatch:
    """Queue the PDF reports of every city of the round (the secretariat); return the batch.

    The task is queued after the commit, so a worker never looks for a batch not yet saved.
    """
    allow(requested_by, permissions.can_manage_rounds(requested_by))
    require(language in dict(settings.LANGUAGES), _("Choose English or French."))
    batch = ReportBatch.objects.create(
        round=index_round, language=language, requested_by=author(requested_by)
    )
    record_activity(requested_by, "index.reports.requested", batch)
    transaction.on_commit(partial(build_network_reports.enqueue, batch_id=batch.pk))
    return batch
