"""Every write to connections: proposals, answers, the shared log, study visits."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.connections import notifications
from icc.connections.models import ConnectionRequest, Invitation, LogEntry, StudyVisit
from icc.core import actors
from icc.core.activity import field_changes, record_activity
from icc.network.models import City


@transaction.atomic
def propose_connection(
    *,
    proposed_by: Actor | None,
    from_city: City,
    to_cities: Sequence[City],
    topic: str,
    area: str = "",
    message: str = "",
    is_demo: bool = False,
) -> ConnectionRequest:
    """Propose to one city (bilateral) or several (a group) to work together on ``topic``."""
    invited = sorted(
        {city.pk: city for city in to_cities if city.pk != from_city.pk}.values(),
        key=lambda city: city.name,
    )
    if not invited:
        raise ValidationError(_("Invite at least one other city."))
    request = ConnectionRequest(
        from_city=from_city,
        topic=topic,
        area=area,
        message=message,
        proposed_by=actors.author(proposed_by),
        is_demo=is_demo,
    )
    request.full_clean()
    request.save()
    Invitation.objects.bulk_create([Invitation(request=request, city=city) for city in invited])
    record_activity(
        proposed_by,
        "connection.proposed",
        request,
        about=from_city,
        changes={"topic": (None, topic), "cities": (None, [city.slug for city in invited])},
    )
    for city in invited:
        record_activity(
            proposed_by,
            "connection.proposed",
            request,
            about=city,
            changes={"topic": (None, topic)},
        )
    notifications.connection_proposed(request, cities=invited, by=proposed_by)
    return request


@transaction.atomic
def answer_invitation(
    request: ConnectionRequest, *, city: City, accept: bool, answered_by: Actor | None
) -> ConnectionRequest:
    """Record the invited city's answer; the first acceptance makes the connection active.

    When every invited city has declined, the request is declined.
    """
    invitation = Invitation.objects.select_for_update().filter(request=request, city=city).first()
    if invitation is None:
        raise ValidationError(_("This city is not invited."))
    if invitation.answer != Invitation.Answer.PENDING:
        raise ValidationError(_("This city has already answered."))
    invitation.answer = Invitation.Answer.ACCEPTED if accept else Invitation.Answer.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save()
    answers = set(request.invitations.values_list("answer", flat=True))
    old = request.status
    if Invitation.Answer.ACCEPTED in answers:
        request.status = ConnectionRequest.Status.ACTIVE
    elif answers == {Invitation.Answer.DECLINED}:
        request.status = ConnectionRequest.Status.DECLINED
    request.save(update_fields=["status"])
    record_activity(
        answered_by,
        "connection.accepted" if accept else "connection.declined",
        request,
        about=city,
        changes={"status": (old, request.status)},
    )
    if accept:
        notifications.connection_accepted(request, city=city, by=answered_by)
    return request


@transaction.atomic
def add_log_entry(
    request: ConnectionRequest,
    *,
    author: Actor | None,
    city: City | None,
    text: str,
    kind: str = LogEntry.Kind.EXCHANGE,
) -> LogEntry:
    """Add an exchange or an outcome to the connection's shared log."""
    if request.status != ConnectionRequest.Status.ACTIVE:
        raise ValidationError(_("Only a connection under way has a shared log."))
    entry = LogEntry(
        request=request,
        author=actors.author(author),
        city=city,
        text=text,
        kind=kind,
    )
    entry.full_clean()
    entry.save()
    record_activity(
        author, "connection.logged", entry, about=request, changes={"text": (None, text)}
    )
    return entry


@transaction.atomic
def plan_study_visit(
    request: ConnectionRequest,
    *,
    planned_by: Actor | None,
    host: City,
    starts_on: date,
    ends_on: date,
    participants: str,
    programme: str,
    report: str = "",
) -> StudyVisit:
    """Plan a study visit hosted by one of the connection's cities."""
    visit = StudyVisit(
        request=request,
        host=host,
        starts_on=starts_on,
        ends_on=ends_on,
        participants=participants,
        programme=programme,
        report=report,
    )
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The visit cannot end before it starts.")})
    visit.full_clean()
    visit.save()
    record_activity(
        planned_by,
        "connection.visit_planned",
        visit,
        about=request,
        changes={"host": (None, host.name), "starts_on": (None, starts_on)},
    )
    return visit


@transaction.atomic
def change_study_visit(
    visit: StudyVisit,
    *,
    changed_by: Actor | None,
    host: City,
    starts_on: date,
    ends_on: date,
    participants: str,
    programme: str,
) -> StudyVisit:
    """Change a study visit's host, dates, participants or programme.

    Records the changed fields in the connection's activity; saves nothing when
    nothing changed.
    """
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The visit cannot end before it starts.")})
    after = {
        "host": host,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "participants": participants,
        "programme": programme,
    }
    changes = field_changes({name: getattr(visit, name) for name in after}, after)
    if not changes:
        return visit
    for name, value in after.items():
        setattr(visit, name, value)
    visit.full_clean()
    visit.save(update_fields=sorted(changes))
    if "host" in changes:
        old, new = changes["host"]
        changes["host"] = (old.name, new.name)
    record_activity(
        changed_by, "connection.visit_changed", visit, about=visit.request, changes=changes
    )
    return visit


@transaction.atomic
def write_visit_report(visit: StudyVisit, *, written_by: Actor | None, report: str) -> StudyVisit:
    """Record what the study visit brought, once the visit has begun."""
    if visit.starts_on > timezone.localdate():
        raise ValidationError({"report": _("The report can be written once the visit has begun.")})
    old = visit.report
    if report == old:
        return visit
    visit.report = report
    visit.save(update_fields=["report"])
    record_activity(
        written_by,
        "connection.visit_reported",
        visit,
        about=visit.request,
        changes={"report": (old, report)},
    )
    return visit
