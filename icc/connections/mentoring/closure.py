"""Every write of a scheme's closure: evaluations, the closing report, a practice drafted.

Split from ``services.py`` by concept; the same rules apply (issue 16, decision 0042).
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.connections import notifications
from icc.connections.mentoring.services import effect_changed, refuse
from icc.connections.models import ConnectionRequest, Scheme, SchemeMember
from icc.core.activity import record_activity
from icc.network.models import City
from icc.practices import services as practice_services


@transaction.atomic
def evaluate_scheme(
    scheme: Scheme,
    *,
    city: City,
    evaluated_by: Any,
    goals_met: str,
    what_worked: str,
    what_to_change: str,
) -> Scheme:
    """Record a city's evaluation; once every city has written its own, the scheme closes."""
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.status != Scheme.Status.ACTIVE:
        raise refuse(_("Only a scheme under way is evaluated."))
    member = SchemeMember.objects.filter(
        scheme=scheme, city=city, answer=SchemeMember.Answer.ACCEPTED
    ).first()
    if member is None:
        raise refuse(_("This city is not part of the scheme."))
    if member.evaluated_at is not None:
        raise refuse(_("This city has already written its evaluation."))
    if goals_met not in SchemeMember.GoalsMet.values:
        raise refuse(_("Say whether the goals were met."), "goals_met")
    member.goals_met = goals_met
    member.what_worked = what_worked
    member.what_to_change = what_to_change
    member.evaluated_at = timezone.now()
    member.save(update_fields=["goals_met", "what_worked", "what_to_change", "evaluated_at"])
    record_activity(
        evaluated_by,
        "mentoring.evaluated",
        scheme,
        about=city,
        changes={"goals_met": (None, goals_met)},
    )
    accepted = SchemeMember.objects.filter(scheme=scheme, answer=SchemeMember.Answer.ACCEPTED)
    if not accepted.filter(evaluated_at__isnull=True).exists():
        scheme.status = Scheme.Status.CLOSED
        scheme.closed_on = timezone.localdate()
        scheme.is_stalled = False
        scheme.save(update_fields=["status", "closed_on", "is_stalled"])
        if scheme.connection_id:
            ConnectionRequest.objects.filter(pk=scheme.connection_id).update(
                status=ConnectionRequest.Status.CLOSED
            )
        record_activity(
            evaluated_by,
            "mentoring.status",
            scheme,
            changes={"status": (Scheme.Status.ACTIVE, Scheme.Status.CLOSED)},
        )
        effect_changed()
        notifications.scheme_closed(scheme, by=evaluated_by)
    return scheme


@transaction.atomic
def publish_closing_report(scheme: Scheme, *, city: City, published_by: Any) -> SchemeMember:
    """Record a city's consent to publish the closing report; public once every city consents."""
    scheme.refresh_from_db(fields=["status"])
    if scheme.status != Scheme.Status.CLOSED:
        raise refuse(_("Only a closed scheme has a closing report."))
    member = SchemeMember.objects.filter(
        scheme=scheme, city=city, answer=SchemeMember.Answer.ACCEPTED
    ).first()
    if member is None:
        raise refuse(_("This city is not part of the scheme."))
    member.publishes_report = True
    member.save(update_fields=["publishes_report"])
    record_activity(
        published_by,
        "mentoring.report_published",
        scheme,
        about=city,
        changes={"publishes_report": (False, True)},
    )
    return member


@transaction.atomic
def draft_practice_from_outcome(
    scheme: Scheme, *, city: City, drafted_by: Any, title: str, summary: str, language: str
) -> Any:
    """Turn an outcome of a closed scheme into a draft good practice of the mentee ``city``.

    The draft goes through the practices' own service and then their normal moderation
    (submitted by the city, published by the secretariat); decision 0043.
    """
    if scheme.status != Scheme.Status.CLOSED:
        raise refuse(_("Only a closed scheme has outcomes to share."))
    areas = sorted(set(scheme.goals.filter(mentee=city).values_list("area", flat=True)))
    practice = practice_services.create_practice(
        created_by=drafted_by,
        record={
            "city": city,
            "original_language": language,
            "started_year": scheme.starts_on.year if scheme.starts_on else timezone.now().year,
        },
        texts={language: {"title": title, "summary": summary}},
        areas=areas,
    )
    record_activity(
        drafted_by,
        "mentoring.practice_drafted",
        scheme,
        about=city,
        changes={"practice": (None, title)},
    )
    return practice
