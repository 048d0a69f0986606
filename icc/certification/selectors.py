"""Reads that shape the certification's pages: the public register, the desk, a file."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from icc.certification import standard
from icc.certification.models import (
    Appeal,
    Application,
    Certificate,
    Complaint,
    Decision,
    Organisation,
    Review,
)

REGISTER_PAGE_SIZE = 50


def register_rows(
    *, query: str = "", level: str = "", city: str = "", today: date | None = None
) -> QuerySet[Certificate]:
    """Return the certificates in force (valid and not expired), filtered and searched."""
    today = today or timezone.localdate()
    rows = Certificate.objects.filter(
        status=Certificate.Status.VALID, valid_until__gte=today
    ).select_related("organisation__city")
    if level:
        rows = rows.filter(level=level)
    if city:
        rows = rows.filter(organisation__city__slug=city)
    if query:
        rows = rows.filter(
            Q(organisation__name__icontains=query)
            | Q(organisation__city__name__icontains=query)
            | Q(code__iexact=query)
        )
    return rows.order_by("organisation__name", "id")


def register_cities() -> list[tuple[str, str]]:
    """Return the (slug, name) of the cities with a certified organisation, for the filter."""
    today = timezone.localdate()
    rows = (
        Certificate.objects.filter(status=Certificate.Status.VALID, valid_until__gte=today)
        .values_list("organisation__city__slug", "organisation__city__name")
        .distinct()
        .order_by("organisation__city__name")
    )
    return list(rows)


def level_choices(language: str) -> list[tuple[str, str]]:
    method = standard.load_standard()
    return [(level.id, level.title.in_language(language)) for level in method.levels]


def find_certificate(code: str) -> Certificate | None:
    cleaned = code.strip().upper()[:20]
    if not cleaned:
        return None
    return Certificate.objects.select_related("organisation__city").filter(code=cleaned).first()


@dataclass(frozen=True)
class Desk:
    applications: list[tuple[Application, str]]
    complaints: list[Complaint]
    appeals: list[Appeal]
    organisations: list[Organisation]
    deferred: list[Decision]
    today: date


def waiting_for(application: Application) -> str:
    """Return what a file under review waits for next, as the desk shows it."""
    reviews = [r for r in application.reviews.all() if r.status != Review.Status.CONFLICT]
    if len(reviews) < 2:
        return gettext("Reviewers to assign")
    if any(r.status != Review.Status.SUBMITTED for r in reviews):
        return gettext("Reviews in progress")
    if not any(r.round == application.review_round for r in application.reconciliations.all()):
        return gettext("Agreed scores")
    visit = getattr(application, "visit", None)
    if visit is None or visit.reported_at is None:
        return gettext("Visit report")
    return gettext("Decision")


def desk() -> Desk:
    """Return what waits for the secretariat."""
    files = (
        Application.objects.filter(
            status__in=[Application.Status.SUBMITTED, Application.Status.IN_REVIEW]
        )
        .select_related("organisation__city", "visit")
        .prefetch_related("reviews", "reconciliations")
        .order_by("submitted_at")
    )
    latest: dict[int, Decision] = {}
    for decision in Decision.objects.filter(
        application__status=Application.Status.DECIDED
    ).select_related("application__organisation"):
        held = latest.get(decision.application_id)
        if held is None or (decision.decided_at, decision.pk) > (held.decided_at, held.pk):
            latest[decision.application_id] = decision
    return Desk(
        applications=[(application, waiting_for(application)) for application in files],
        deferred=sorted(
            (d for d in latest.values() if d.outcome == Decision.Outcome.DEFERRED),
            key=lambda decision: decision.deadline or date.max,
        ),
        today=timezone.localdate(),
        complaints=list(
            Complaint.objects.exclude(status=Complaint.Status.CLOSED)
            .select_related("organisation")
            .order_by("due_on")
        ),
        appeals=list(
            Appeal.objects.exclude(status=Appeal.Status.CLOSED)
            .select_related("decision__application__organisation")
            .order_by("due_on")
        ),
        organisations=list(
            Organisation.objects.filter(status=Organisation.Status.REGISTERED)
            .select_related("city")
            .order_by("created_at")
        ),
    )


def criteria_rows(application: Application, language: str) -> list[dict[str, Any]]:
    """Return each category with its criteria, the answer, evidence and files."""
    method = standard.load_standard(application.standard)
    files: dict[str, list[Any]] = {}
    for row in application.files.all():
        files.setdefault(row.criterion, []).append(row)
    categories = []
    for area, questions in standard.categories(method):
        categories.append(
            {
                "area": area,
                "title": area.title.in_language(language),
                "criteria": [
                    {
                        "question": question,
                        "text": question.text.in_language(language),
                        "help": question.help.in_language(language) if question.help else "",
                        "options": [
                            (option.id, option.label.in_language(language))
                            for option in question.options
                        ],
                        "answer": application.answers.get(question.id, ""),
                        "evidence": application.evidence.get(question.id, {}),
                        "files": files.get(question.id, []),
                    }
                    for question in questions
                ],
            }
        )
    return categories


def review_rows(application: Application) -> list[Review]:
    return list(application.reviews.select_related("reviewer"))


def option_label(application: Application, question_id: str, option_id: str, language: str) -> str:
    method = standard.load_standard(application.standard)
    for option in method.question(question_id).options:
        if option.id == option_id:
            return option.label.in_language(language)
    return ""


def reconciliation_rows(application: Application, language: str) -> list[dict[str, Any]]:
    """Return each criterion with both reviewers' scores and the agreed one, for reconciling."""
    method = standard.load_standard(application.standard)
    reviews = [r for r in application.reviews.all() if r.status == Review.Status.SUBMITTED][:2]
    agreed = application.reconciliation
    rows = []
    for question in standard.criteria(method):
        labels = {option.id: option.label.in_language(language) for option in question.options}
        given = [review.answers.get(question.id, "") for review in reviews]
        rows.append(
            {
                "id": question.id,
                "text": question.text.in_language(language),
                "options": list(labels.items()),
                "given": [labels.get(value, "—") for value in given],
                "differ": len(set(given)) > 1,
                "agreed": agreed.answers.get(question.id, "")
                if agreed is not None
                else (given[0] if len(set(given)) == 1 else ""),
                "reason": agreed.reasons.get(question.id, "") if agreed is not None else "",
            }
        )
    return rows
