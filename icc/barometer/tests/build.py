"""Build barometer rounds, invitations and answers through the services, for tests and the walk."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from icc.barometer import instrument, links, services
from icc.barometer.models import Invitation, Round
from icc.network.models import City


def open_round(name: str = "Barometer 2026", *, k: int = 5, days_ago: int = 30) -> Round:
    today = timezone.localdate()
    return services.create_round(
        by=None,
        name=name,
        opens_on=today - timedelta(days=days_ago),
        closes_on=today + timedelta(days=60),
        min_group_size=k,
    )


def invite(
    round: Round,
    city: City,
    name: str,
    *,
    sector: str = "C",
    size: str = "10-49",
    language: str = "en",
) -> Invitation:
    invitation = services.invite_company(
        round,
        city,
        by=None,
        company_name=name,
        nace_section=sector,
        size_band=size,
        contact_email=f"{name.lower().replace(' ', '.')}@company.example",
        language=language,
    )
    # Invited a while ago, so that reminders may be due.
    Invitation.objects.filter(pk=invitation.pk).update(
        invited_at=timezone.now() - timedelta(days=10)
    )
    invitation.refresh_from_db()
    return invitation


def answers_at(level: int) -> dict[str, Any]:
    """Return answers to every scored question: 0 gives the lowest options, 2 the highest."""
    method = instrument.edition()
    answers: dict[str, Any] = {}
    for question in method.questions:
        if not question.is_scored:
            continue
        if question.options:
            ordered = sorted(question.options, key=lambda option: option.points or 0)
            answers[question.id] = ordered[min(level, len(ordered) - 1)].id
        elif question.kind == "yes_no":
            answers[question.id] = "yes" if level else "no"
        else:
            answers[question.id] = str([2, 20, 40][min(level, 2)])
    return answers


def respond(invitation: Invitation, level: int = 1, *, submit: bool = True) -> Invitation:
    services.give_consent(invitation)
    services.save_answers(
        invitation, edition_id=invitation.round.edition_id, answers=answers_at(level), submit=submit
    )
    invitation.refresh_from_db()
    return invitation


def token(invitation: Invitation) -> str:
    return links.token_for(invitation)
