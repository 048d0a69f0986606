"""Every write about a city's political commitment, whatever the interface."""

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.accounts.models import Role, RoleGrant, User
from icc.commitment.models import (
    CommitmentInstrument,
    Election,
    Office,
    OfficeTerm,
    ReengagementTask,
)
from icc.commitment.tasks import prepare_reengagement
from icc.core.activity import field_changes, record_activity
from icc.core.actors import author
from icc.network.figures_cache import invalidate_secretariat_figures
from icc.network.models import City, FinancialAgreement

# Days before an election when the re-engagement task opens.
ELECTION_NOTICE_DAYS = 60
# Days before a financial agreement ends when its renewal task opens.
RENEWAL_NOTICE_DAYS = 60
# Days the secretariat has to act on a new task, when nothing sooner is due.
TASK_DAYS = 21
# A term recorded late still calls for re-engagement if it began within these many days.
NEW_HOLDER_WINDOW_DAYS = 90


@transaction.atomic
def record_office_term(
    city: City,
    *,
    kind: str,
    holder_name: str,
    starts_on: date,
    recorded_by: Actor | None,
    ends_on: date | None = None,
    holder_email: str = "",
) -> OfficeTerm:
    """Record who holds one of the city's offices, from when to when.

    A term still running (no end) before the new one is ended the day before the new
    one starts; any other overlap is refused, as is a term ending before it starts.
    A running or coming term that began at most ``NEW_HOLDER_WINDOW_DAYS`` ago opens a
    re-engagement task (older terms are history being filled in). Raises
    ``ValidationError`` and saves nothing when the term is refused.
    """
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("A term cannot end before it starts.")})
    office, _created = Office.objects.get_or_create(city=city, kind=kind)
    term = OfficeTerm(
        office=office,
        holder_name=holder_name.strip(),
        holder_email=holder_email,
        starts_on=starts_on,
        ends_on=ends_on,
        recorded_by=author(recorded_by),
    )
    term.full_clean()
    previous = (
        office.terms.select_for_update()
        .filter(ends_on__isnull=True, starts_on__lt=starts_on)
        .first()
    )
    if previous is not None:
        previous.ends_on = starts_on - timedelta(days=1)
    others = office.terms.all() if previous is None else office.terms.exclude(pk=previous.pk)
    _refuse_overlaps(term, others)
    if previous is not None:
        previous.save(update_fields=["ends_on"])
        record_activity(
            recorded_by,
            "office_term.ended",
            previous,
            about=city,
            changes={"ends_on": (None, previous.ends_on)},
        )
    term.save()
    record_activity(
        recorded_by,
        "office_term.recorded",
        term,
        about=city,
        changes={
            "office": (None, kind),
            "holder_name": (None, term.holder_name),
            "starts_on": (None, starts_on),
            "ends_on": (None, ends_on),
        },
    )
    today = timezone.localdate()
    is_running = ends_on is None or ends_on >= today
    if is_running and starts_on >= today - timedelta(days=NEW_HOLDER_WINDOW_DAYS):
        open_reengagement_task(
            city,
            reason=ReengagementTask.Reason.NEW_OFFICE_HOLDER,
            trigger_key=f"term:{term.pk}",
            detail={"holder": term.holder_name, "office": kind, "starts_on": starts_on.isoformat()},
            due_on=today + timedelta(days=TASK_DAYS),
            opened_by=recorded_by,
        )
    transaction.on_commit(invalidate_secretariat_figures)
    return term


def _refuse_overlaps(term: OfficeTerm, others: Iterable[OfficeTerm]) -> None:
    """Raise ``ValidationError`` when ``term`` shares a day with one of ``others``.

    The error names the start when the other term began first, the end otherwise.
    """
    for other in others:
        if term.overlaps(other):
            field = "starts_on" if other.starts_on <= term.starts_on else "ends_on"
            raise ValidationError(
                {
                    field: _(
                        "This term overlaps the term of %(holder)s (from %(start)s). "
                        "One office has one holder at a time."
                    )
                    % {"holder": other.holder_name, "start": other.starts_on.isoformat()}
                }
            )


@transaction.atomic
def correct_office_term(
    term: OfficeTerm,
    *,
    corrected_by: Actor | None,
    holder_name: str,
    starts_on: date,
    ends_on: date | None = None,
    holder_email: str = "",
) -> OfficeTerm:
    """Correct what was recorded about a term of office: its holder, start and end.

    A correction fixes the record: it ends no other term and opens no re-engagement
    task. Raises ``ValidationError`` and saves nothing when the term would end before it
    starts or share a day with another term of the same office.
    """
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("A term cannot end before it starts.")})
    term = OfficeTerm.objects.select_for_update().select_related("office__city").get(pk=term.pk)
    fields: dict[str, Any] = {
        "holder_name": holder_name.strip(),
        "holder_email": holder_email,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }
    before = {name: getattr(term, name) for name in fields}
    for name, value in fields.items():
        setattr(term, name, value)
    term.full_clean()
    _refuse_overlaps(term, term.office.terms.exclude(pk=term.pk))
    changes = field_changes(before, fields)
    if not changes:
        return term
    term.save(update_fields=list(changes))
    record_activity(
        corrected_by, "office_term.corrected", term, about=term.office.city, changes=changes
    )
    transaction.on_commit(invalidate_secretariat_figures)
    return term


@transaction.atomic
def record_election(
    city: City, *, office_kind: str, held_on: date, recorded_by: Actor | None, notes: str = ""
) -> Election:
    """Put an election in the city's calendar."""
    election = Election(city=city, office_kind=office_kind, held_on=held_on, notes=notes)
    election.full_clean()
    election.save()
    record_activity(
        recorded_by,
        "election.recorded",
        election,
        about=city,
        changes={"office_kind": (None, office_kind), "held_on": (None, held_on)},
    )
    transaction.on_commit(invalidate_secretariat_figures)
    return election


@transaction.atomic
def record_instrument(
    city: City,
    *,
    kind: str,
    signed_on: date,
    signatory_name: str,
    recorded_by: Actor | None,
    signatory_term: OfficeTerm | None = None,
    document: File | None = None,
) -> CommitmentInstrument:
    """Record a council resolution, signed statement or charter of the city."""
    if signatory_term is not None and signatory_term.office.city_id != city.pk:
        raise ValidationError({"signatory_term": _("Choose a term of office of this city.")})
    instrument = CommitmentInstrument(
        city=city,
        kind=kind,
        signed_on=signed_on,
        signatory_name=signatory_name.strip(),
        signatory_term=signatory_term,
    )
    if document:
        instrument.document = document
    instrument.full_clean()
    instrument.save()
    record_activity(
        recorded_by,
        "instrument.recorded",
        instrument,
        about=city,
        changes={
            "kind": (None, kind),
            "signed_on": (None, signed_on),
            "signatory_name": (None, instrument.signatory_name),
        },
    )
    transaction.on_commit(invalidate_secretariat_figures)
    return instrument


class AssigneePicker:
    """Give each new task to the secretariat person with the fewest open tasks.

    Reads the load once; a run that opens many tasks keeps counting in memory.
    """

    def __init__(self) -> None:
        grants = RoleGrant.objects.active().filter(role=Role.SECRETARIAT).select_related("user")
        self.people = sorted({grant.user for grant in grants}, key=lambda user: user.pk)
        self.load = dict(
            ReengagementTask.objects.open()
            .filter(assignee__in=self.people)
            .values("assignee_id")
            .annotate(n=Count("pk"))
            .values_list("assignee_id", "n")
        )

    def __call__(self) -> Any:
        if not self.people:
            return None
        person = min(self.people, key=lambda user: (self.load.get(user.pk, 0), user.pk))
        self.load[person.pk] = self.load.get(person.pk, 0) + 1
        return person


def queue_followups(task_ids: list[int]) -> None:
    """Queue the coordinator mail and briefing pack of each task, in one transaction."""
    with transaction.atomic():
        for task_id in task_ids:
            prepare_reengagement.enqueue(task_id=task_id)


@transaction.atomic
def open_reengagement_task(
    city: City,
    *,
    reason: str,
    trigger_key: str,
    detail: dict[str, Any],
    due_on: date,
    opened_by: Actor | None = None,
    assignee: User | None = None,
    queue: bool = True,
    pick_assignee: Callable[[], User | None] | None = None,
) -> ReengagementTask:
    """Open a re-engagement task for the secretariat, once per trigger.

    After commit, the city's coordinators are mailed in their language and the
    briefing pack is rendered in the city's language, both as background tasks.
    Opening the same trigger again returns the task already open. With
    ``queue=False`` the caller queues them (``queue_followups``), as the daily checks do
    for many tasks at once.
    """
    existing = ReengagementTask.objects.filter(trigger_key=trigger_key).first()
    if existing is not None:
        return existing
    task = _create_task(
        city,
        reason=reason,
        trigger_key=trigger_key,
        detail=detail,
        due_on=due_on,
        opened_by=opened_by,
        assignee=assignee or (pick_assignee or AssigneePicker())(),
    )
    if queue:
        transaction.on_commit(lambda: queue_followups([task.pk]))
    transaction.on_commit(invalidate_secretariat_figures)
    return task


def _create_task(
    city: City,
    *,
    reason: str,
    trigger_key: str,
    detail: dict[str, Any],
    due_on: date,
    opened_by: Actor | None,
    assignee: User | None,
) -> ReengagementTask:
    task = ReengagementTask.objects.create(
        city=city,
        reason=reason,
        trigger_key=trigger_key,
        detail=detail,
        due_on=due_on,
        assignee=assignee,
    )
    record_activity(
        opened_by,
        "reengagement_task.opened",
        task,
        about=city,
        changes={"reason": (None, reason), "due_on": (None, due_on)},
    )
    return task


@transaction.atomic
def update_reengagement_task(
    task: ReengagementTask, *, changed_by: Actor | None, data: dict[str, Any]
) -> ReengagementTask:
    """Tick the checklist, change the assignee or due date, or close the task."""
    close = data.pop("close", False)
    before = {name: getattr(task, name) for name in data}
    for name, value in data.items():
        setattr(task, name, value)
    if close and task.closed_at is None:
        task.closed_at = timezone.now()
    task.full_clean()
    task.save()
    changes = field_changes(before, data)
    if close:
        changes["closed"] = (False, True)
    record_activity(changed_by, "reengagement_task.updated", task, about=task.city, changes=changes)
    transaction.on_commit(invalidate_secretariat_figures)
    return task


@transaction.atomic
def run_daily_checks(day: date) -> dict[str, int]:
    """Open the tasks the calendar calls for on ``day``; safe to run twice a day.

    Elections within ``ELECTION_NOTICE_DAYS``; financial agreements of member cities
    ending within ``RENEWAL_NOTICE_DAYS`` (or already expired) with no agreement after.
    Returns how many tasks each check opened.
    """
    active = [City.Status.APPLICANT, City.Status.MEMBER, City.Status.SUSPENDED]
    horizon = day + timedelta(days=RENEWAL_NOTICE_DAYS)
    # (kind of check, city, reason, trigger key, detail, due date) of every task due today.
    due: list[tuple[str, City, str, str, dict[str, Any], date]] = []
    elections = Election.objects.filter(
        held_on__gte=day,
        held_on__lte=day + timedelta(days=ELECTION_NOTICE_DAYS),
        city__status__in=active,
    ).select_related("city")
    for election in elections.order_by("held_on", "pk"):
        due.append(
            (
                "elections",
                election.city,
                ReengagementTask.Reason.ELECTION,
                f"election:{election.pk}",
                {"office": election.office_kind, "held_on": election.held_on.isoformat()},
                max(day + timedelta(days=7), election.held_on - timedelta(days=14)),
            )
        )
    # The last agreement of each member city, when it ends by the horizon.
    ending: dict[int, FinancialAgreement] = {}
    agreements = (
        FinancialAgreement.objects.filter(city__status=City.Status.MEMBER, ends_on__lte=horizon)
        .exclude(city__financial_agreements__ends_on__gt=horizon)
        .select_related("city")
        .order_by("city_id", "ends_on", "pk")
    )
    for agreement in agreements:
        ending[agreement.city_id] = agreement
    for agreement in ending.values():
        due.append(
            (
                "renewals",
                agreement.city,
                ReengagementTask.Reason.RENEWAL,
                f"renewal:{agreement.pk}",
                {"ends_on": agreement.ends_on.isoformat()},
                max(day + timedelta(days=7), agreement.ends_on),
            )
        )
    existing = set(
        ReengagementTask.objects.filter(trigger_key__in=[row[3] for row in due]).values_list(
            "trigger_key", flat=True
        )
    )
    opened = {"elections": 0, "renewals": 0}
    new_tasks: list[int] = []
    pick = AssigneePicker()
    for check, city, reason, key, detail, due_on in due:
        if key in existing:
            continue
        task = _create_task(
            city,
            reason=reason,
            trigger_key=key,
            detail=detail,
            due_on=due_on,
            opened_by=None,
            assignee=pick(),
        )
        new_tasks.append(task.pk)
        opened[check] += 1
    if new_tasks:
        transaction.on_commit(lambda: queue_followups(new_tasks))
        transaction.on_commit(invalidate_secretariat_figures)
    return opened
