"""Every write of mentoring: pilot cities, schemes, answers, agreements, check-ins, closure.

Issue 16, docs/decisions/0042-mentoring-schemes.md.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django_tasks_db.backend import DatabaseBackend

from icc.connections import notifications
from icc.connections.mentoring import selectors
from icc.connections.models import (
    CheckIn,
    ConnectionRequest,
    Goal,
    Invitation,
    Mentor,
    Milestone,
    Scheme,
    SchemeMember,
    StudyVisit,
)
from icc.connections.services import propose_connection
from icc.core.activity import field_changes, record_activity
from icc.core.generations import bump_generations
from icc.core.versions import VersionConflict, advance_version
from icc.network.models import City

STALLED_AFTER_DAYS = 60
# Schemes flagged per UPDATE and told per background task (bounded parameter lists).
TELL_BATCH = 200
REMIND_DAYS_BEFORE = 7


def effect_changed() -> None:
    """Retire the kept effect of mentoring once the current transaction commits.

    Called by every write that changes what ``selectors.closed_scheme_effect`` reads:
    the mentees of schemes (proposed, answered), closure, goals.
    """
    transaction.on_commit(partial(bump_generations, selectors.EFFECT_GENERATION))


def refuse(message: str, field: str | None = None) -> ValidationError:
    """Return the refusal of a write, on ``field`` when one is named."""
    return ValidationError({field: message} if field else message)


@transaction.atomic
def save_mentor(
    city: City,
    *,
    saved_by: Any,
    areas: Sequence[str],
    languages: Sequence[str],
    capacity: int,
    is_active: bool = True,
    note: str = "",
    version: int | None = None,
    is_demo: bool = False,
) -> Mentor:
    """Mark ``city`` as a pilot city, or change what it mentors in, its languages, its capacity.

    ``version`` is the version the form started from: a save on a stale copy raises
    ``VersionConflict`` and changes nothing.
    """
    mentor = Mentor.objects.filter(city=city).first()
    after = {
        "areas": sorted(set(areas)),
        "languages": sorted(set(languages)),
        "capacity": capacity,
        "is_active": is_active,
        "note": note,
    }
    if mentor is None:
        mentor = Mentor(city=city, is_demo=is_demo, **after)
        mentor.full_clean()
        mentor.save()
        record_activity(
            saved_by, "mentoring.mentor_marked", mentor, about=city, changes=_initial(after)
        )
        return mentor
    before = {name: getattr(mentor, name) for name in after}
    if not advance_version(Mentor, mentor.pk, expected=version):
        mentor.refresh_from_db()
        raise VersionConflict(
            mine=after,
            theirs={name: getattr(mentor, name) for name in after},
            version=mentor.version,
        )
    mentor.refresh_from_db(fields=["version"])
    for name, value in after.items():
        setattr(mentor, name, value)
    mentor.full_clean()
    mentor.save()
    changes = field_changes(before, after)
    if changes:
        record_activity(saved_by, "mentoring.mentor_changed", mentor, about=city, changes=changes)
    return mentor


def _initial(values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {name: (None, value) for name, value in values.items()}


@transaction.atomic
def propose_scheme(
    *,
    proposed_by: Any,
    title: str,
    mentors: Sequence[City],
    mentees: Sequence[City],
    kind: str = Scheme.Kind.PAIR,
    benchmark: str = "",
    title_fr: str = "",
    benchmark_fr: str = "",
    working_language: str = "",
    is_demo: bool = False,
) -> Scheme:
    """Propose a mentoring pair or themed group; each of its cities then accepts or declines.

    Refused, with nothing saved: a city on both sides; a pair that is not one mentor and
    one mentee; a city that may not act (suspended, left); a mentor that is no pilot
    city or has no free place; a mentor and mentee already together in an open scheme.
    """
    # Read again: the status that decides whether a city may act is the stored one.
    mentors = list(City.objects.filter(pk__in=sorted({city.pk for city in mentors})))
    mentees = list(City.objects.filter(pk__in=sorted({city.pk for city in mentees})))
    if not mentors or not mentees:
        raise refuse(_("A scheme needs at least one mentor and one mentee."))
    if {c.pk for c in mentors} & {c.pk for c in mentees}:
        raise refuse(_("A city cannot be mentor and mentee of the same scheme."))
    if kind == Scheme.Kind.PAIR and (len(mentors) != 1 or len(mentees) != 1):
        raise refuse(_("A pair is one mentor and one mentee; choose a themed group for more."))
    for city in [*mentors, *mentees]:
        if not city.may_act_for_network:
            raise refuse(
                _("%(city)s may not act for the network at present: it cannot start a scheme.")
                % {"city": city}
            )
    profiles = {m.city_id: m for m in Mentor.objects.filter(city__in=mentors, is_active=True)}
    taken = selectors.mentee_places_taken([city.pk for city in mentors])
    for city in mentors:
        profile = profiles.get(city.pk)
        if profile is None:
            raise refuse(_("%(city)s is not a pilot city taking mentees.") % {"city": city})
        if taken[city.pk] + len(mentees) > profile.capacity:
            raise refuse(
                _(
                    "%(city)s mentors %(taken)s cities already and takes %(capacity)s at once:"
                    " no place is free for this scheme."
                )
                % {"city": city, "taken": taken[city.pk], "capacity": profile.capacity}
            )
    overlapping = (
        Scheme.objects.open()
        .filter(
            members__city__in=mentors,
            members__side=SchemeMember.Side.MENTOR,
        )
        .filter(members__city__in=mentees, members__side=SchemeMember.Side.MENTEE)
        .exclude(members__answer=SchemeMember.Answer.DECLINED, members__city__in=mentees)
        .first()
    )
    if overlapping is not None:
        raise refuse(
            _("These cities are already together in “%(title)s”, proposed or under way.")
            % {"title": overlapping.title}
        )
    if not working_language:
        # A language every city of the scheme works in, English or French first.
        shared = set.intersection(*(set(city.languages or ()) for city in [*mentors, *mentees]))
        working_language = next(
            (code for code in ("en", "fr", *sorted(shared)) if code in shared), ""
        )
    scheme = Scheme(
        kind=kind,
        title=title,
        title_fr=title_fr,
        benchmark=benchmark,
        benchmark_fr=benchmark_fr,
        working_language=working_language,
        proposed_by=proposed_by if getattr(proposed_by, "pk", None) else None,
        is_demo=is_demo,
    )
    scheme.full_clean()
    scheme.save()
    SchemeMember.objects.bulk_create(
        [
            SchemeMember(
                scheme=scheme, city=city, side=side, national_network_id=city.national_network_id
            )
            for side, cities in (
                (SchemeMember.Side.MENTOR, mentors),
                (SchemeMember.Side.MENTEE, mentees),
            )
            for city in cities
        ]
    )
    for city in [*mentors, *mentees]:
        record_activity(
            proposed_by,
            "mentoring.proposed",
            scheme,
            about=city,
            changes={"title": (None, title)},
        )
    notifications.scheme_proposed(scheme, by=proposed_by)
    effect_changed()
    return scheme


@transaction.atomic
def answer_scheme(
    scheme: Scheme, *, city: City, accept: bool, reason: str = "", answered_by: Any
) -> Scheme:
    """Record a city's acceptance or refusal (with its reason) of a proposed scheme.

    When every city has accepted, the scheme is under way: a connection between its
    cities holds its study visits. A refusal ends a pair; a group goes on while it keeps
    a mentor and a mentee.
    """
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    member = SchemeMember.objects.filter(scheme=scheme, city=city).first()
    if member is None:
        raise refuse(_("This city is not part of the scheme."))
    if scheme.status != Scheme.Status.PROPOSED or member.answer != SchemeMember.Answer.PENDING:
        raise refuse(_("This city has already answered."))
    if not City.objects.get(pk=city.pk).may_act_for_network:
        raise refuse(
            _("%(city)s may not act for the network at present: it cannot start a scheme.")
            % {"city": city}
        )
    reason = reason.strip()
    if not accept and not reason:
        raise refuse(_("Say why the city declines."), "reason")
    if accept and member.side == SchemeMember.Side.MENTOR:
        profile = Mentor.objects.filter(city=city).first()
        others = selectors.mentee_places_taken([city.pk])[city.pk]
        if profile is None or others > profile.capacity:
            raise refuse(_("%(city)s has no free place to mentor.") % {"city": city})
    member.answer = SchemeMember.Answer.ACCEPTED if accept else SchemeMember.Answer.DECLINED
    member.answer_reason = reason
    member.answered_at = timezone.now()
    member.save(update_fields=["answer", "answer_reason", "answered_at"])
    record_activity(
        answered_by,
        "mentoring.accepted" if accept else "mentoring.declined",
        scheme,
        about=city,
        changes={"answer": (SchemeMember.Answer.PENDING, member.answer)}
        | ({"reason": (None, reason)} if reason else {}),
    )
    members = list(scheme.members.select_related("city"))
    remaining = [m for m in members if m.answer != SchemeMember.Answer.DECLINED]
    sides = {m.side for m in remaining}
    old = scheme.status
    if (scheme.kind == Scheme.Kind.PAIR and not accept) or len(sides) < 2:
        scheme.status = Scheme.Status.DECLINED
    elif all(m.answer == SchemeMember.Answer.ACCEPTED for m in remaining):
        _start(scheme, remaining)
    if scheme.status != old:
        scheme.save()
        record_activity(
            answered_by, "mentoring.status", scheme, changes={"status": (old, scheme.status)}
        )
    effect_changed()
    notifications.scheme_answered(scheme, member=member, by=answered_by)
    if scheme.status == Scheme.Status.ACTIVE:
        notifications.scheme_started(scheme, by=answered_by)
    return scheme


def _start(scheme: Scheme, members: Sequence[SchemeMember]) -> None:
    """Set the scheme under way, with a connection between its cities for the study visits."""
    mentees = [m.city for m in members if m.side == SchemeMember.Side.MENTEE]
    mentors = [m.city for m in members if m.side == SchemeMember.Side.MENTOR]
    connection = propose_connection(
        proposed_by=None,
        from_city=mentees[0],
        to_cities=[*mentors, *mentees[1:]],
        topic=scheme.title,
        message=gettext("The connection of a mentoring scheme: its study visits are planned here."),
        is_demo=scheme.is_demo,
    )
    Invitation.objects.filter(request=connection).update(
        answer=Invitation.Answer.ACCEPTED, answered_at=timezone.now()
    )
    connection.status = ConnectionRequest.Status.ACTIVE
    connection.save(update_fields=["status"])
    scheme.connection = connection
    scheme.status = Scheme.Status.ACTIVE
    scheme.starts_on = timezone.localdate()


def check_agreement_open(scheme: Scheme) -> None:
    if scheme.status != Scheme.Status.ACTIVE:
        raise refuse(_("Only a scheme under way has an agreement to set."))
    if all(member.signed_at for member in scheme.members.all()):
        raise refuse(_("Every city has signed the agreement: it can no longer change."))


@transaction.atomic
def change_agreement(
    scheme: Scheme,
    *,
    changed_by: Any,
    duration_months: int,
    benchmark: str,
    version: int | None,
    benchmark_fr: str = "",
    working_language: str = "",
) -> Scheme:
    """Change the agreement's duration, benchmark and working language, from ``version``.

    Signatures already given are withdrawn: each city signs what was changed.
    """
    check_agreement_open(scheme)
    after = {
        "duration_months": duration_months,
        "benchmark": benchmark,
        "benchmark_fr": benchmark_fr,
        "working_language": working_language,
    }
    before = {name: getattr(scheme, name) for name in after}
    if not advance_version(Scheme, scheme.pk, expected=version):
        scheme.refresh_from_db()
        raise VersionConflict(
            mine=after, theirs={n: getattr(scheme, n) for n in after}, version=scheme.version
        )
    changes = field_changes(before, after)
    Scheme.objects.filter(pk=scheme.pk).update(**after)
    scheme.refresh_from_db()
    if changes:
        withdraw_signatures(scheme)
        record_activity(changed_by, "mentoring.agreement_changed", scheme, changes=changes)
    return scheme


def withdraw_signatures(scheme: Scheme) -> None:
    SchemeMember.objects.filter(scheme=scheme).update(signed_at=None, signed_by=None)


@transaction.atomic
def add_goal(
    scheme: Scheme,
    *,
    added_by: Any,
    mentee: City,
    area: str,
    target: Decimal,
    description: str = "",
    baseline_round_id: int | None = None,
) -> Goal:
    """Add a goal on one of a mentee's Index areas: its baseline is its last published score.

    ``baseline_round_id`` takes the baseline from an earlier published round instead
    (a scheme recorded after it began). Refused: a mentee without a published result or
    score in the area, a target below the baseline or above 100, an area already a goal.
    """
    check_agreement_open(scheme)
    if not any(
        m.city_id == mentee.pk and m.side == SchemeMember.Side.MENTEE for m in scheme.members.all()
    ):
        raise refuse(_("Goals are set for the scheme's mentees."), "mentee")
    scores = selectors.published_area_scores(mentee, round_id=baseline_round_id)
    if scores is None or area not in scores.areas:
        raise refuse(
            _("%(city)s has no published score in this area to start from.") % {"city": mentee},
            "area",
        )
    baseline = scores.areas[area]
    if target < baseline:
        raise refuse(
            _("The target (%(target)s) cannot be below the baseline (%(baseline)s).")
            % {"target": target, "baseline": baseline},
            "target",
        )
    if Goal.objects.filter(scheme=scheme, mentee=mentee, area=area).exists():
        raise refuse(_("This area is already a goal of the mentee."), "area")
    goal = Goal(
        scheme=scheme,
        mentee=mentee,
        area=area,
        baseline=baseline,
        baseline_round_id=scores.round_id,
        baseline_round_label=scores.round_label,
        target=target,
        description=description,
    )
    goal.full_clean()
    goal.save()
    withdraw_signatures(scheme)
    effect_changed()
    record_activity(
        added_by,
        "mentoring.goal_added",
        goal,
        about=scheme,
        changes={"area": (None, area), "baseline": (None, baseline), "target": (None, target)},
    )
    return goal


def check_owner(scheme: Scheme, owner: City) -> None:
    if not any(m.city_id == owner.pk for m in scheme.members.all()):
        raise refuse(_("A milestone belongs to one of the scheme's cities."), "owner")


@transaction.atomic
def add_milestone(
    scheme: Scheme, *, added_by: Any, title: str, due_on: date, owner: City
) -> Milestone:
    """Add a dated milestone of the roadmap, owned by one of the scheme's cities."""
    check_agreement_open(scheme)
    check_owner(scheme, owner)
    milestone = Milestone(scheme=scheme, title=title, due_on=due_on, owner=owner)
    milestone.full_clean()
    milestone.save()
    withdraw_signatures(scheme)
    record_activity(
        added_by,
        "mentoring.milestone_added",
        milestone,
        about=scheme,
        changes={"title": (None, title), "due_on": (None, due_on)},
    )
    return milestone


@transaction.atomic
def complete_milestone(
    milestone: Milestone, *, done_by: Any, done_on: date | None = None
) -> Milestone:
    """Record that a milestone is done (today unless ``done_on``; never in the future)."""
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise refuse(_("A milestone cannot be done in the future."), "done_on")
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    record_activity(
        done_by,
        "mentoring.milestone_done",
        milestone,
        about=milestone.scheme,
        changes={"done_on": (None, done_on)},
    )
    return milestone


@transaction.atomic
def sign_agreement(scheme: Scheme, *, city: City, signed_by: Any) -> SchemeMember:
    """Record the sign-off of the agreement by a city's coordinator (goals must be set)."""
    if scheme.status != Scheme.Status.ACTIVE:
        raise refuse(_("Only a scheme under way has an agreement to sign."))
    if not scheme.goals.exists():
        raise refuse(_("Set at least one goal before signing the agreement."))
    member = SchemeMember.objects.filter(scheme=scheme, city=city).first()
    if member is None or member.answer != SchemeMember.Answer.ACCEPTED:
        raise refuse(_("This city is not part of the scheme."))
    if member.signed_at is not None:
        raise refuse(_("This city has already signed the agreement."))
    member.signed_at = timezone.now()
    member.signed_by = signed_by if getattr(signed_by, "pk", None) else None
    member.save(update_fields=["signed_at", "signed_by"])
    record_activity(
        signed_by, "mentoring.signed", scheme, about=city, changes={"signed": (None, True)}
    )
    return member


@transaction.atomic
def record_check_in(
    scheme: Scheme,
    *,
    recorded_by: Any,
    held_on: date,
    notes: str,
    decisions: str = "",
    next_steps: str = "",
    document: Any = None,
    study_visit: StudyVisit | None = None,
) -> CheckIn:
    """Record a check-in of a scheme under way; it ends a stall.

    Refused: a date in the future, a study visit of another connection.
    """
    if scheme.status != Scheme.Status.ACTIVE:
        raise refuse(_("Only a scheme under way has check-ins."))
    if held_on > timezone.localdate():
        raise refuse(_("A check-in cannot be dated in the future."), "held_on")
    if study_visit is not None and study_visit.request_id != scheme.connection_id:
        raise refuse(_("Link a study visit of this scheme."), "study_visit")
    check_in = CheckIn(
        scheme=scheme,
        held_on=held_on,
        notes=notes,
        decisions=decisions,
        next_steps=next_steps,
        study_visit=study_visit,
        recorded_by=recorded_by if getattr(recorded_by, "pk", None) else None,
    )
    if document:
        check_in.document = document
    check_in.full_clean()
    check_in.save()
    last = max(filter(None, [scheme.last_checkin_on, held_on]))
    # A check-in recorded late, still older than the stall limit, leaves the stall as it
    # is: clearing it would make the next daily job flag and tell the cities again.
    recovered = last >= timezone.localdate() - timedelta(days=STALLED_AFTER_DAYS)
    Scheme.objects.filter(pk=scheme.pk).update(last_checkin_on=last)
    scheme.last_checkin_on = last
    if recovered:
        Scheme.objects.filter(pk=scheme.pk).update(is_stalled=False, stalled_since=None)
        scheme.is_stalled, scheme.stalled_since = False, None
    record_activity(
        recorded_by,
        "mentoring.checked_in",
        check_in,
        about=scheme,
        changes={"held_on": (None, held_on), "notes": (None, notes)},
    )
    return check_in


def flag_stalled_schemes(today: date) -> int:
    """Flag the schemes under way with no check-in for ``STALLED_AFTER_DAYS``; return how many.

    A scheme without any check-in counts from the day it started. The schemes flagged
    now are told once (``tell_stalled_schemes``: their cities' coordinators and the
    secretariat member following them, in the platform and by mail), in background
    tasks of ``TELL_BATCH`` schemes queued with the flags; a scheme that stays stalled
    is not told again, one that recovered and stalls again is. A handful of statements
    whatever the number of schemes; a check-in ends the stall.
    """
    limit = today - timedelta(days=STALLED_AFTER_DAYS)
    active = Scheme.objects.filter(status=Scheme.Status.ACTIVE)
    quiet = Q(last_checkin_on__lt=limit) | Q(last_checkin_on__isnull=True, starts_on__lt=limit)
    with transaction.atomic():
        # Locked, then flagged only while still unflagged: two runs at once tell no one twice.
        newly = list(
            active.filter(quiet, is_stalled=False)
            .select_for_update()
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(newly), TELL_BATCH):
            batch = newly[start : start + TELL_BATCH]
            Scheme.objects.filter(pk__in=batch, is_stalled=False).update(
                is_stalled=True, stalled_since=today
            )
            _queue_telling(batch, today)
        active.filter(~quiet, is_stalled=True).update(is_stalled=False, stalled_since=None)
    return len(newly)


def _queue_telling(scheme_ids: list[int], day: date) -> None:
    """Queue the telling of newly stalled schemes with the write that flags them.

    The database backend keeps the task row in the flags' transaction, so it exists
    exactly when they commit; the tests' immediate backend tells there and then; any
    other backend is given the task after the commit.
    """
    queue = partial(tell_stalled_schemes.enqueue, scheme_ids=scheme_ids, day=day.isoformat())
    if isinstance(tell_stalled_schemes.get_backend(), DatabaseBackend | ImmediateBackend):
        queue()
    else:
        transaction.on_commit(queue)


@task()
def tell_stalled_schemes(*, scheme_ids: list[int], day: str) -> int:
    """Tell the schemes flagged as stalled on ``day``, still stalled; return the notifications.

    A background task queued by ``flag_stalled_schemes``. One transaction: a task retried
    after a failure tells no one twice. A scheme that recovered (or stalled again another
    day) before the task ran is not told for ``day``.
    """
    with transaction.atomic():
        schemes = list(
            Scheme.objects.filter(
                pk__in=list(scheme_ids),
                status=Scheme.Status.ACTIVE,
                is_stalled=True,
                stalled_since=date.fromisoformat(day),
            )
            .order_by("pk")
            .only("pk", "title", "title_fr", "proposed_by")
        )
        return notifications.schemes_stalled(schemes, days=STALLED_AFTER_DAYS)


def send_milestone_reminders(today: date) -> int:
    """Remind the scheme's cities of milestones due within a week, once each; return how many."""
    due = Milestone.objects.filter(
        scheme__status=Scheme.Status.ACTIVE,
        done_on__isnull=True,
        reminded_on__isnull=True,
        due_on__gte=today,
        due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE),
    ).select_related("scheme", "owner")
    sent = 0
    for milestone in due:
        with transaction.atomic():
            if not Milestone.objects.filter(pk=milestone.pk, reminded_on__isnull=True).update(
                reminded_on=today
            ):
                continue
            notifications.milestone_due(milestone)
            sent += 1
    return sent


@transaction.atomic
def attach_national_network(
    member: SchemeMember, *, national_network: Any, attached_by: Any
) -> SchemeMember:
    """Attach a national network to a city's side of a scheme (None detaches it).

    Its coordinators then read the scheme's agreement and check-ins.
    """
    old = member.national_network
    if old == national_network:
        return member
    member.national_network = national_network
    member.save(update_fields=["national_network"])
    record_activity(
        attached_by,
        "mentoring.network_attached",
        member.scheme,
        about=member.city,
        changes={"national_network": (str(old or ""), str(national_network or ""))},
    )
    return member
