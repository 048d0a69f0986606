"""Every write of a call for partners: opening it, interest, partners, its status (issue 17).

Each write validates, saves in one transaction, records activity and tells the people
concerned; a refusal is a ``ValidationError`` with a translated message, and nothing is saved.
"""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.connections.initiatives import notifications
from icc.connections.initiatives.models import Initiative, Interest, Member
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
    initiative: Initiative, *, city: City, note: str, by: Actor | None, today: date | None = None
) -> Interest:
    """Record that ``city`` would like to join the call, with a short note."""
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
        initiative=initiative, city=city, note=note.strip(), created_by=actors.author(by)
    )
    interest.full_clean()
    interest.save()
    record_activity(
        by,
        "initiative.interest",
        initiative,
        changes={"city": (None, city.name), "note": (None, note)},
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
    """Accept a city that showed interest as a partner."""
    if not initiative.interests.filter(city=city).exists():
        raise refuse(_("%(city)s has not shown interest.") % {"city": city}, "city")
    return add_member(initiative, city=city, role=Member.Role.PARTNER, by=by)


@transaction.atomic
def set_status(
    initiative: Initiative, *, status: str, version: int | None, by: Actor | None
) -> Initiative:
    """Close the call (work starts) or finish the initiative; checked against ``version``."""
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
    return initiative


@transaction.atomic
def publish(initiative: Initiative, *, version: int | None, by: Actor | None) -> Initiative:
    """Publish the initiative's public page (partners, aim, outputs)."""
    if initiative.status == Initiative.Status.CALL:
        raise refuse(_("Publish the page once the work has started."))
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
