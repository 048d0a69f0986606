"""Every write of a vote: the motion, proxies, the opening, ballots, the closing, the recount.

The opening and the closing are fixed by the first request after their time (a page, a
ballot, the daily job): eligibility is read then, once, and the result is counted then,
once; a conditional update under the motion's row lock makes each happen exactly once.
"""

import secrets
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.core.activity import record_activity
from icc.core.versions import VersionConflict, advance_version
from icc.governance import notifications, tally
from icc.governance.models import Ballot, EligibleCity, Motion, MotionOption, Proxy
from icc.governance.permissions import coordinated_city_ids, is_in_good_standing
from icc.network.models import City
from icc.network.permissions import refusal

MOTION_FIELDS = (
    "title_en",
    "title_fr",
    "text_en",
    "text_fr",
    "document",
    "opens_at",
    "closes_at",
    "quorum_percent",
    "majority",
    "is_demo",
)
MAX_PROXIES_HELD = 2
# Letters and digits nobody confuses when reading a code aloud (no 0/O, 1/I/L).
RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _check_motion(motion: Motion, options: Sequence[Mapping[str, Any]]) -> None:
    errors: dict[str, Any] = {}
    if motion.opens_at and motion.closes_at and motion.closes_at <= motion.opens_at:
        errors["closes_at"] = _("The vote must close after it opens.")
    if not 0 <= (motion.quorum_percent or 0) <= 100:
        errors["quorum_percent"] = _("The quorum is a percentage between 0 and 100.")
    if len([o for o in options if not o.get("is_abstention")]) < 2:
        errors["options"] = _("Give at least two options to choose between.")
    if any(not (o.get("label_en") and o.get("label_fr")) for o in options):
        errors.setdefault("options", _("Name each option in English and in French."))
    if errors:
        raise ValidationError(errors)


def _write_options(motion: Motion, options: Sequence[Mapping[str, Any]]) -> None:
    motion.options.all().delete()
    MotionOption.objects.bulk_create(
        MotionOption(
            motion=motion,
            position=position,
            label_en=option["label_en"],
            label_fr=option["label_fr"],
            is_abstention=bool(option.get("is_abstention")),
        )
        for position, option in enumerate(options)
    )


@transaction.atomic
def create_motion(
    *, created_by: Any, record: Mapping[str, Any], options: Sequence[Mapping[str, Any]]
) -> Motion:
    """Put a motion to the member cities, with its options, times, quorum and majority rule.

    Raises ``ValidationError`` (and saves nothing) when it closes before it opens, when
    it has fewer than two options, or when an option lacks a language.
    """
    unknown = set(record) - set(MOTION_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)})
    motion = Motion(created_by=created_by if getattr(created_by, "pk", None) else None, **record)
    _check_motion(motion, options)
    motion.full_clean()
    motion.save()
    _write_options(motion, options)
    record_activity(
        created_by,
        "motion.created",
        motion,
        changes={"opens_at": (None, motion.opens_at), "closes_at": (None, motion.closes_at)},
    )
    return motion


@transaction.atomic
def update_motion(
    motion: Motion,
    *,
    changed_by: Any,
    expected_version: int | None,
    record: Mapping[str, Any],
    options: Sequence[Mapping[str, Any]],
) -> Motion:
    """Change a motion before it opens; a stale copy raises ``VersionConflict``."""
    if not advance_version(Motion, motion.pk, expected=expected_version):
        current = Motion.objects.get(pk=motion.pk)
        raise VersionConflict(
            mine=dict(record),
            theirs={name: getattr(current, name) for name in record},
            version=current.version,
        )
    motion = Motion.objects.select_for_update().get(pk=motion.pk)
    if motion.opened_at is not None or motion.phase() != "scheduled":
        raise ValidationError(_("A vote cannot change once it has opened."))
    changes = {}
    for name, value in record.items():
        if name in MOTION_FIELDS and getattr(motion, name) != value:
            changes[name] = (getattr(motion, name), value)
            setattr(motion, name, value)
    _check_motion(motion, options)
    motion.full_clean()
    motion.save()
    _write_options(motion, options)
    record_activity(changed_by, "motion.updated", motion, changes=changes)
    return motion


def _locked(motion: Motion) -> Motion:
    return Motion.objects.select_for_update().get(pk=motion.pk)


# Proxies -----------------------------------------------------------------------------------


@transaction.atomic
def give_proxy(
    motion: Motion, *, giver: City, holder: City, given_by: Any, now: datetime | None = None
) -> Proxy:
    """Record that ``giver`` lets ``holder`` vote in its name on ``motion``.

    Refused (``ValidationError``, nothing saved) once the vote has opened, to a city
    not in good standing, to a city that gave its own proxy or by a city that holds
    proxies (no chains), and beyond two proxies held by one city.
    """
    motion = _locked(motion)
    if giver.pk not in coordinated_city_ids(given_by) or not is_in_good_standing(giver):
        raise refusal(given_by, giver)
    if motion.opened_at is not None or motion.phase(now) != "scheduled":
        raise ValidationError(_("Proxies are recorded before the vote opens."))
    if holder.pk == giver.pk:
        raise ValidationError(_("A city cannot give its proxy to itself."))
    if not is_in_good_standing(holder):
        raise ValidationError(
            _("%(city)s is not a member city in good standing and cannot hold a proxy.")
            % {"city": str(holder)}
        )
    proxies = Proxy.objects.filter(motion=motion)
    if proxies.filter(giver=giver).exists():
        raise ValidationError(_("Your city has already given its proxy for this vote."))
    if proxies.filter(giver=holder).exists():
        raise ValidationError(
            _("%(city)s has given its own proxy: a proxy cannot be passed on.")
            % {"city": str(holder)}
        )
    if proxies.filter(holder=giver).exists():
        raise ValidationError(
            _("Your city holds proxies of other cities and must vote itself: no proxy chains.")
        )
    if proxies.filter(holder=holder).count() >= MAX_PROXIES_HELD:
        raise ValidationError(
            _("%(city)s already holds two proxies, the most a city may hold.")
            % {"city": str(holder)}
        )
    try:
        with transaction.atomic():
            proxy = Proxy.objects.create(
                motion=motion, giver=giver, holder=holder, recorded_by=given_by
            )
    except IntegrityError as error:
        raise ValidationError(_("Your city has already given its proxy for this vote.")) from error
    record_activity(given_by, "proxy.given", motion, changes={"proxy": (giver.slug, holder.slug)})
    return proxy


@transaction.atomic
def withdraw_proxy(motion: Motion, *, giver: City, withdrawn_by: Any) -> None:
    """Take back ``giver``'s proxy before the vote opens."""
    motion = _locked(motion)
    if giver.pk not in coordinated_city_ids(withdrawn_by):
        raise PermissionDenied
    if motion.opened_at is not None or motion.phase() != "scheduled":
        raise ValidationError(_("Proxies are recorded before the vote opens."))
    proxy = Proxy.objects.filter(motion=motion, giver=giver).select_related("holder").first()
    if proxy is None:
        raise ValidationError(_("Your city has given no proxy for this vote."))
    proxy.delete()
    record_activity(
        withdrawn_by, "proxy.withdrawn", motion, changes={"proxy": (proxy.holder.slug, None)}
    )


# Opening and closing -----------------------------------------------------------------------


def bring_up_to_date(motion: Motion, *, now: datetime | None = None) -> Motion:
    """Fix the eligibility of a vote whose opening has passed, and count one that closed.

    Cheap when nothing is due; otherwise each step happens once, whoever asks first.
    """
    now = now or timezone.now()
    opening_due = motion.opened_at is None and now >= motion.opens_at
    closing_due = motion.closed_at is None and now >= motion.closes_at
    if not (opening_due or closing_due):
        return motion
    with transaction.atomic():
        motion = _locked(motion)
        if motion.opened_at is None and now >= motion.opens_at:
            _fix_eligibility(motion, now)
        if motion.closed_at is None and now >= motion.closes_at:
            _publish_result(motion, now)
    return motion


def _fix_eligibility(motion: Motion, now: datetime) -> None:
    """Record the member cities in good standing now: they, and only they, may vote."""
    cities = [c for c in City.objects.filter(status=City.Status.MEMBER) if is_in_good_standing(c)]
    EligibleCity.objects.bulk_create(
        [EligibleCity(motion=motion, city=city) for city in cities], batch_size=2000
    )
    motion.opened_at = now
    motion.eligible_count = len(cities)
    motion.save(update_fields=["opened_at", "eligible_count"])
    record_activity(None, "motion.opened", motion, changes={"eligible_count": (None, len(cities))})


def count_ballots(motion: Motion) -> tally.Tally:
    """Count the ballots of ``motion`` as they stand (read only at or after the close)."""
    rows = Ballot.objects.filter(motion=motion).values("option").annotate(n=Count("id"))
    counts = {row["option"]: row["n"] for row in rows}
    options = list(motion.options.values_list("pk", "is_abstention"))
    return tally.count(
        eligible=motion.eligible_count,
        counts=counts,
        options=options,
        quorum_percent=motion.quorum_percent,
        majority=motion.majority,
    )


def _publish_result(motion: Motion, now: datetime) -> None:
    result = count_ballots(motion)
    motion.result = result.as_dict()
    motion.closed_at = now
    motion.save(update_fields=["result", "closed_at"])
    record_activity(
        None,
        "motion.closed",
        motion,
        changes={"outcome": (None, result.outcome), "cast": (None, result.cast)},
    )
    notifications.result_published(motion)


def recount(motion: Motion, *, by: Any) -> tuple[tally.Tally, bool]:
    """Count a closed vote again from its ballots; return the count and whether it matches."""
    if motion.closed_at is None:
        raise ValidationError(_("A vote is recounted only after it closes."))
    result = count_ballots(motion)
    matches = result.as_dict() == motion.result
    record_activity(by, "motion.recounted", motion, changes={"matches": (None, matches)})
    return result, matches


# Ballots -----------------------------------------------------------------------------------


def _new_receipt() -> str:
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def _casting_holder(motion: Motion, city: City, user: Any) -> City | None:
    """Return the proxy holder casting for ``city`` (None: the city itself), or refuse."""
    own = coordinated_city_ids(user)
    proxy = Proxy.objects.filter(motion=motion, giver=city).select_related("holder").first()
    if proxy is not None:
        if proxy.holder_id not in own:
            if city.pk in own:
                raise ValidationError(
                    _("Your city gave its proxy to %(city)s, which votes in its name.")
                    % {"city": str(proxy.holder)}
                )
            raise PermissionDenied
        if not EligibleCity.objects.filter(motion=motion, city=proxy.holder).exists():
            raise ValidationError(
                _("%(city)s could not vote when the vote opened, so its proxies lapsed.")
                % {"city": str(proxy.holder)}
            )
        return proxy.holder
    if city.pk not in own:
        raise PermissionDenied
    return None


@transaction.atomic
def cast_ballot(
    motion: Motion, *, city: City, option_id: int, cast_by: Any, now: datetime | None = None
) -> Ballot:
    """Cast ``city``'s ballot for the option: final, one per city, with a receipt code.

    Only the coordinator of a city that could vote when the vote opened casts it, or the
    coordinator of the city holding its proxy. Two ballots sent at once for one city:
    the database keeps one, the other is refused. Raises ``ValidationError`` before the
    opening, after the close and for a city that already voted; ``PermissionDenied``
    for anyone else (the secretariat included).
    """
    now = now or timezone.now()
    motion = bring_up_to_date(motion, now=now)
    motion = _locked(motion)
    if not coordinated_city_ids(cast_by):
        raise PermissionDenied
    if now < motion.opens_at or motion.opened_at is None:
        raise ValidationError(_("The vote is not open yet."))
    if motion.closed_at is not None or now >= motion.closes_at:
        raise ValidationError(_("The vote is closed: no ballot is taken after the closing time."))
    holder = _casting_holder(motion, city, cast_by)
    if not EligibleCity.objects.filter(motion=motion, city=city).exists():
        raise ValidationError(
            _("%(city)s was not a member city in good standing when the vote opened.")
            % {"city": str(city)}
        )
    option = MotionOption.objects.filter(motion=motion, pk=option_id).first()
    if option is None:
        raise ValidationError(_("Choose one of the options of this vote."))
    already = _("%(city)s has already voted; a ballot cannot be changed.") % {"city": str(city)}
    if Ballot.objects.filter(motion=motion, city=city).exists():
        raise ValidationError(already)
    try:
        with transaction.atomic():
            ballot = Ballot.objects.create(
                motion=motion,
                city=city,
                option=option,
                cast_by=cast_by,
                proxy_holder=holder,
                receipt=_new_receipt(),
                cast_at=now,
            )
    except IntegrityError as error:
        raise ValidationError(already) from error
    # The log names the city and who cast, never the option: results stay hidden.
    record_activity(
        cast_by,
        "ballot.cast",
        motion,
        changes={"city": (None, city.slug), "proxy_holder": (None, holder.slug if holder else "")},
    )
    return ballot


def find_ballot(code: str) -> Ballot | None:
    """Return the ballot with receipt ``code`` (case and spaces ignored), or None."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(cleaned) != 12:
        return None
    receipt = f"{cleaned[:4]}-{cleaned[4:8]}-{cleaned[8:]}"
    return Ballot.objects.select_related("motion", "city", "option").filter(receipt=receipt).first()
