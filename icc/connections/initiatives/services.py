"""Every write of a call for partners: opening it, interest, partners, its status (issue 17).

Each write validates, saves in one transaction, records activity and tells the people
concerned; a refusal is a ``ValidationError`` with a translated message, and nothing is saved.
"""

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.connections.initiatives import notifications
from icc.connections.initiatives.models import Initiative, Interest, Member, Task
from icc.core import actors
from icc.core.activity import record_activity
from icc.core.versions import VersionConflict, advance_version
from icc.network.models import City
from icc.network.permissions import city_may_act


def refuse(message: str, field: str | None = None) -> ValidationError:
    return ValidationError({field: message}) if field else ValidationError(message)


def _check_may_act(city: City, field: str | None = None) -> None:
    """Refuse a city that may not act, as stored now (not as a page once read it)."""
    if not city_may_act(City.objects.get(pk=city.pk)):
        raise refuse(_("%(city)s may not act for the network at present.") % {"city": city}, field)


@transaction.atomic
def open_call(
    *,
    created_by: Actor | None,
    lead_city: City | None,
    title: str,
    aim: str,
    areas: Sequence[str],
    deadline: date,
    wanted_size: str = "",
    wanted_language: str = "",
    wanted_area: str = "",
    funding_programme: str = "",
    funding_deadline: date | None = None,
    title_fr: str = "",
    aim_fr: str = "",
    is_demo: bool = False,
    today: date | None = None,
) -> Initiative:
    """Open a call for partners, led by ``lead_city`` (or by its organiser when None)."""
    today = today or timezone.localdate()
    if deadline < today:
        raise refuse(_("The deadline cannot be in the past."), "deadline")
    if funding_deadline is not None and funding_deadline < today:
        raise refuse(_("The funding deadline cannot be in the past."), "funding_deadline")
    if funding_deadline is not None and not funding_programme:
        raise refuse(_("Name the funding programme of this deadline."), "funding_programme")
    if lead_city is not None:
        _check_may_act(lead_city, "lead_city")
    initiative = Initiative(
        title=title,
        title_fr=title_fr,
        aim=aim,
        aim_fr=aim_fr,
        areas=sorted(set(areas)),
        lead_city=lead_city,
        wanted_size=wanted_size,
        wanted_language=wanted_language,
        wanted_area=wanted_area,
        deadline=deadline,
        funding_programme=funding_programme,
        funding_deadline=funding_deadline,
        created_by=actors.author(created_by),
        is_demo=is_demo,
    )
    initiative.full_clean()
    initiative.save()
    if lead_city is not None:
        Member.objects.create(initiative=initiative, city=lead_city, role=Member.Role.LEAD)
    record_activity(
        created_by,
        "initiative.opened",
        initiative,
        changes={"title": (None, title), "deadline": (None, deadline)},
    )
    return initiative


@transaction.atomic
def express_interest(
    initiative: Initiative,
    *,
    city: City,
    note: str,
    by: Actor | None,
    role: str = Member.Role.PARTNER,
    today: date | None = None,
) -> Interest:
    """Record that ``city`` would like to join the call, as a partner or an observer."""
    if role not in (Member.Role.PARTNER, Member.Role.OBSERVER):
        raise refuse(_("Choose partner or observer."), "role")
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status != Initiative.Status.CALL:
        raise refuse(_("This call for partners is closed."))
    if initiative.deadline < (today or timezone.localdate()):
        raise refuse(_("The deadline of this call has passed."))
    _check_may_act(city, "city")
    if initiative.members.filter(city=city).exists():
        raise refuse(_("%(city)s already takes part.") % {"city": city}, "city")
    if initiative.interests.filter(city=city).exists():
        raise refuse(_("%(city)s has already shown its interest.") % {"city": city}, "city")
    interest = Interest(
        initiative=initiative, city=city, note=note.strip(), role=role, created_by=actors.author(by)
    )
    interest.full_clean()
    interest.save()
    record_activity(
        by,
        "initiative.interest",
        initiative,
        changes={"city": (None, city.name), "note": (None, note), "role": (None, role)},
    )
    notifications.interest_expressed(initiative, city=city, by=by)
    return interest


@transaction.atomic
def add_member(initiative: Initiative, *, city: City, role: str, by: Actor | None) -> Member:
    """Add ``city`` as a partner or an observer; a city already in is refused."""
    if role not in (Member.Role.PARTNER, Member.Role.OBSERVER):
        raise refuse(_("Choose partner or observer."), "role")
    if initiative.status == Initiative.Status.FINISHED:
        raise refuse(_("This initiative is finished."))
    _check_may_act(city, "city")
    if initiative.members.filter(city=city).exists():
        raise refuse(_("%(city)s already takes part.") % {"city": city}, "city")
    try:
        with transaction.atomic():
            member = Member.objects.create(initiative=initiative, city=city, role=role)
    except IntegrityError as error:  # the same city added at the same moment
        raise refuse(_("%(city)s already takes part.") % {"city": city}, "city") from error
    Interest.objects.filter(initiative=initiative, city=city).update(
        answer=Interest.Answer.ACCEPTED
    )
    record_activity(
        by,
        "initiative.partner_added",
        initiative,
        changes={"city": (None, city.name), "role": (None, role)},
    )
    notifications.partner_accepted(initiative, city=city, by=by)
    return member


def accept_partner(initiative: Initiative, *, city: City, by: Actor | None) -> Member:
    """Accept a city that showed interest, in the role it asked for (partner or observer)."""
    interest = initiative.interests.filter(city=city).first()
    if interest is None:
        raise refuse(_("%(city)s has not shown interest.") % {"city": city}, "city")
    return add_member(initiative, city=city, role=interest.role, by=by)


@transaction.atomic
def set_status(
    initiative: Initiative, *, status: str, version: int | None, by: Actor | None
) -> Initiative:
    """Close the call (work starts) or finish the initiative; checked against ``version``.

    Every city of the initiative is told, each person in their language.
    """
    order: list[str] = [
        Initiative.Status.CALL,
        Initiative.Status.RUNNING,
        Initiative.Status.FINISHED,
    ]
    if status not in order or order.index(status) != order.index(initiative.status) + 1:
        raise refuse(_("This step is not possible now."))
    _refuse_stale(initiative, version, {"status": status})
    old = initiative.status
    Initiative.objects.filter(pk=initiative.pk).update(status=status)
    initiative.refresh_from_db()
    record_activity(by, "initiative.status", initiative, changes={"status": (old, status)})
    notifications.status_changed(initiative, by=by)
    return initiative


@transaction.atomic
def publish(initiative: Initiative, *, version: int | None, by: Actor | None) -> Initiative:
    """Publish the initiative's public page (partners, aim, outputs)."""
    if initiative.status == Initiative.Status.CALL:
        raise refuse(_("Publish the page once the work has started."))
    missing = missing_texts(initiative)
    if missing:
        raise ValidationError(missing)
    _refuse_stale(initiative, version, {"is_published": True})
    Initiative.objects.filter(pk=initiative.pk).update(is_published=True)
    initiative.refresh_from_db()
    record_activity(by, "initiative.published", initiative, changes={"is_published": (False, True)})
    return initiative


def _refuse_stale(initiative: Initiative, version: int | None, mine: dict) -> None:
    if not advance_version(Initiative, initiative.pk, expected=version):
        stored = Initiative.objects.get(pk=initiative.pk)
        raise VersionConflict(
            mine=mine,
            theirs={"status": stored.status, "is_published": stored.is_published},
            version=stored.version,
        )


def missing_texts(initiative: Initiative) -> list[str]:
    """Return what the public page still lacks in English or French, one sentence each.

    The public page is read in both languages, so, as elsewhere in the house, it is
    published only when the title, the aim and every output are written in both.
    """
    problems = []
    if not (initiative.title.strip() and initiative.title_fr.strip()):
        problems.append(_("Give the initiative its title in English and in French."))
    if not (initiative.aim.strip() and initiative.aim_fr.strip()):
        problems.append(_("Write the aim in English and in French."))
    for output in initiative.outputs.all():
        if not (output.title_fr.strip() and output.summary_fr.strip()):
            problems.append(
                _("Write the output “%(title)s” in French too (title and summary).")
                % {"title": output.title}
            )
    return problems


EDITABLE = (
    "title",
    "title_fr",
    "aim",
    "aim_fr",
    "areas",
    "wanted_size",
    "wanted_language",
    "wanted_area",
    "deadline",
    "funding_programme",
    "funding_deadline",
)


def call_fields(initiative: Initiative) -> dict[str, Any]:
    """Return the call's editable fields as stored, for a form's initial values."""
    return {name: getattr(initiative, name) for name in EDITABLE} | {"version": initiative.version}


@transaction.atomic
def edit_call(
    initiative: Initiative,
    *,
    version: int | None,
    by: Actor | None,
    today: date | None = None,
    **fields: Any,
) -> Initiative:
    """Change a call's texts, wishes or deadlines, from the ``version`` the form started at.

    A changed deadline cannot be in the past while the call is open; a funding deadline
    needs its programme. A save on a stale copy raises ``VersionConflict``; the cities
    taking part and those waiting for an answer are told.
    """
    today = today or timezone.localdate()
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    stored = Initiative.objects.get(pk=initiative.pk)
    after = {name: fields.get(name, getattr(stored, name)) for name in EDITABLE}
    after["areas"] = sorted(set(after["areas"] or []))
    if (
        after["deadline"] != stored.deadline
        and stored.status == Initiative.Status.CALL
        and after["deadline"] < today
    ):
        raise refuse(_("The deadline cannot be in the past."), "deadline")
    if (
        after["funding_deadline"] is not None
        and after["funding_deadline"] != stored.funding_deadline
        and after["funding_deadline"] < today
    ):
        raise refuse(_("The funding deadline cannot be in the past."), "funding_deadline")
    if after["funding_deadline"] is not None and not after["funding_programme"]:
        raise refuse(_("Name the funding programme of this deadline."), "funding_programme")
    before = {name: getattr(stored, name) for name in EDITABLE}
    changes = {
        name: (before[name], after[name]) for name in EDITABLE if before[name] != after[name]
    }
    if not advance_version(Initiative, initiative.pk, expected=version):
        stored = Initiative.objects.get(pk=initiative.pk)
        raise VersionConflict(
            mine=after,
            theirs={name: getattr(stored, name) for name in EDITABLE},
            version=stored.version,
        )
    for name, value in after.items():
        setattr(stored, name, value)
    stored.version = Initiative.objects.values_list("version", flat=True).get(pk=initiative.pk)
    stored.full_clean()
    stored.save(update_fields=list(EDITABLE))
    if changes:
        record_activity(by, "initiative.edited", stored, changes=changes)
        notifications.call_edited(stored, by=by)
    return stored


@transaction.atomic
def withdraw_interest(initiative: Initiative, *, city: City, by: Actor | None) -> None:
    """Withdraw ``city``'s interest while the lead has not answered it; the lead is told."""
    interest = Interest.objects.select_for_update().filter(initiative=initiative, city=city).first()
    if interest is None:
        raise refuse(_("%(city)s has not shown interest.") % {"city": city}, "city")
    if interest.answer != Interest.Answer.PENDING:
        raise refuse(_("The lead has already accepted %(city)s.") % {"city": city}, "city")
    if initiative.status != Initiative.Status.CALL:
        raise refuse(_("This call for partners is closed."))
    interest.delete()
    record_activity(
        by, "initiative.interest_withdrawn", initiative, changes={"city": (city.name, None)}
    )
    notifications.interest_withdrawn(initiative, city=city, by=by)


@transaction.atomic
def change_role(initiative: Initiative, *, city: City, role: str, by: Actor | None) -> Member:
    """Make a member city lead, partner or observer; the initiative keeps at least one lead.

    An initiative opened by the secretariat or a network without a lead city keeps its
    organiser as lead, so it may have no lead city. A lead city that stops leading hands
    the ``lead_city`` mark to another lead city.
    """
    if role not in Member.Role.values:
        raise refuse(_("Choose lead, partner or observer."), "role")
    if initiative.status == Initiative.Status.FINISHED:
        raise refuse(_("This initiative is finished."))
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    member = initiative.members.select_related("city").filter(city=city).first()
    if member is None:
        raise refuse(_("%(city)s does not take part.") % {"city": city}, "city")
    if member.role == role:
        raise refuse(_("%(city)s already has this role.") % {"city": city}, "role")
    if role == Member.Role.LEAD:
        _check_may_act(city, "city")
    other_leads = list(
        initiative.members.filter(role=Member.Role.LEAD)
        .exclude(pk=member.pk)
        .order_by("city__name")
    )
    organised = initiative.lead_city_id is None
    if member.role == Member.Role.LEAD and not other_leads and not organised:
        raise refuse(
            _("An initiative keeps at least one lead city: make another city lead first."), "role"
        )
    old = member.role
    member.role = role
    member.save(update_fields=["role"])
    if initiative.lead_city_id == city.pk and role != Member.Role.LEAD:
        Initiative.objects.filter(pk=initiative.pk).update(lead_city=other_leads[0].city_id)
    record_activity(
        by,
        "initiative.role",
        initiative,
        changes={"city": (None, city.name), "role": (old, role)},
    )
    notifications.role_changed(initiative, member=member, by=by)
    return member


@transaction.atomic
def leave(initiative: Initiative, *, city: City, by: Actor | None) -> None:
    """Take ``city`` out of the initiative at its own request; the lead is told.

    A city that may not act may still leave. The last lead city cannot leave (it makes
    another city lead first, ``change_role``); the city's open tasks lose their owner,
    and a later call may hear its interest again.
    """
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.status == Initiative.Status.FINISHED:
        raise refuse(_("This initiative is finished."))
    member = initiative.members.select_related("city").filter(city=city).first()
    if member is None:
        raise refuse(_("%(city)s does not take part.") % {"city": city}, "city")
    other_leads = list(
        initiative.members.filter(role=Member.Role.LEAD)
        .exclude(pk=member.pk)
        .order_by("city__name")
    )
    if member.role == Member.Role.LEAD and not other_leads and initiative.lead_city_id:
        raise refuse(
            _("An initiative keeps at least one lead city: make another city lead first."), "city"
        )
    role = member.role
    member.delete()
    Interest.objects.filter(initiative=initiative, city=city).delete()
    Task.objects.filter(
        work_package__initiative=initiative, owner=city, done_at__isnull=True
    ).update(owner=None)
    if initiative.lead_city_id == city.pk:
        Initiative.objects.filter(pk=initiative.pk).update(lead_city=other_leads[0].city_id)
        initiative.refresh_from_db()
    record_activity(
        by, "initiative.left", initiative, changes={"city": (city.name, None), "role": (role, None)}
    )
    notifications.member_left(initiative, city=city, by=by)
