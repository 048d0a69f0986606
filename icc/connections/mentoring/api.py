"""API endpoints of mentoring: the schemes a token's holder may read (decision 0060).

The same rules as the pages: the secretariat reads every scheme; a city's people and the
coordinators of a national network attached to a city's side read that scheme. Writes
stay on the pages.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import translation
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from icc.connections import permissions
from icc.connections.mentoring import selectors
from icc.connections.models import Scheme, SchemeMember
from icc.core.api_errors import ERROR_RESPONSES
from icc.core.api_schema import BoundedLimitOffsetPagination, Id
from icc.network.api import ApiKey

router = Router()

# Inline enums, as in the other apps: named schemas of nested choices would collide.
SchemeKind = Literal["pair", "group"]
SchemeStatus = Literal["proposed", "active", "declined", "closed"]
MemberSide = Literal["mentor", "mentee"]
MemberAnswer = Literal["pending", "accepted", "declined"]
GoalsMet = Literal["", "met", "partly", "not_met"]


class SchemeCityOut(Schema):
    city: str = Field(..., description="Slug of the city")
    side: MemberSide
    answer: MemberAnswer
    national_network: str | None = Field(
        None, description="Slug of the national network attached to the city's side"
    )
    signed_at: datetime | None = Field(None, description="When its coordinator signed")
    evaluated_at: datetime | None
    goals_met: GoalsMet = Field(..., description="Its evaluation at closure, empty before")
    publishes_report: bool


class SchemeOut(Schema):
    id: int
    kind: SchemeKind
    status: SchemeStatus
    title: str = Field(..., description="The theme, in English")
    title_fr: str = Field(..., description="The theme in French, empty when not given")
    benchmark: str = Field(..., description="Benchmark of success factors (Markdown)")
    benchmark_fr: str = Field(..., description="The benchmark in French (Markdown)")
    working_language: str = Field(
        ..., description="Language code the cities write their goals, notes, evaluations in"
    )
    duration_months: int
    starts_on: date | None
    last_checkin_on: date | None
    is_stalled: bool = Field(..., description="No check-in for 60 days while under way")
    stalled_since: date | None
    closed_on: date | None
    cities: list[SchemeCityOut]
    url: str = Field(..., description="Path of the scheme's page, in English")
    is_demo: bool

    @staticmethod
    def resolve_cities(scheme: Scheme) -> list[dict[str, Any]]:
        return [
            {
                "city": member.city.slug,
                "side": member.side,
                "answer": member.answer,
                "national_network": (
                    member.national_network.slug if member.national_network else None
                ),
                "signed_at": member.signed_at,
                "evaluated_at": member.evaluated_at,
                "goals_met": member.goals_met,
                "publishes_report": member.publishes_report,
            }
            for member in scheme.members.all()
        ]

    @staticmethod
    def resolve_url(scheme: Scheme) -> str:
        with translation.override("en"):
            return scheme.get_absolute_url()


class GoalOut(Schema):
    mentee: str = Field(..., description="Slug of the mentee city")
    area: str = Field(..., description="Index area code")
    area_name: str = Field(..., description="The area's name in English")
    baseline: Decimal = Field(..., description="The mentee's published score at the start")
    baseline_round: str
    target: Decimal
    new_score: Decimal | None = Field(
        None, description="The score of the mentee's next published result, once there"
    )
    new_round: str
    target_reached: bool
    description: str


class MilestoneOut(Schema):
    title: str
    due_on: date
    owner: str = Field(..., description="Slug of the city that owns it")
    done_on: date | None


class CheckInOut(Schema):
    held_on: date
    notes: str = Field(..., description="Markdown")
    decisions: str = Field(..., description="Markdown")
    next_steps: str = Field(..., description="Markdown")
    study_visit_starts_on: date | None = Field(None, description="The linked study visit")
    has_document: bool = Field(..., description="A document is on the scheme's page")


class SchemeDetailOut(SchemeOut):
    goals: list[GoalOut]
    milestones: list[MilestoneOut]
    check_ins: list[CheckInOut]

    @staticmethod
    def resolve_goals(scheme: Scheme) -> list[dict[str, Any]]:
        with translation.override("en"):
            rows = selectors.goal_rows(scheme)
        return [
            {
                "mentee": row.goal.mentee.slug,
                "area": row.goal.area,
                "area_name": row.area_name,
                "baseline": row.goal.baseline,
                "baseline_round": row.goal.baseline_round_label,
                "target": row.goal.target,
                "new_score": row.new_score,
                "new_round": row.new_round_label,
                "target_reached": row.reached,
                "description": row.goal.description,
            }
            for row in rows
        ]

    @staticmethod
    def resolve_milestones(scheme: Scheme) -> list[dict[str, Any]]:
        return [
            {"title": m.title, "due_on": m.due_on, "owner": m.owner.slug, "done_on": m.done_on}
            for m in scheme.milestones.select_related("owner")
        ]

    @staticmethod
    def resolve_check_ins(scheme: Scheme) -> list[dict[str, Any]]:
        return [
            {
                "held_on": c.held_on,
                "notes": c.notes,
                "decisions": c.decisions,
                "next_steps": c.next_steps,
                "study_visit_starts_on": c.study_visit.starts_on if c.study_visit else None,
                "has_document": bool(c.document),
            }
            for c in scheme.check_ins.select_related("study_visit")
        ]


class SchemeFilters(Schema):
    status: SchemeStatus | None = None
    stalled: bool | None = Field(None, description="Only the schemes stalled (or not)")


def _with_cities(schemes: QuerySet[Scheme]) -> QuerySet[Scheme]:
    members = SchemeMember.objects.select_related("city", "national_network")
    return schemes.prefetch_related(Prefetch("members", queryset=members))


@router.get(
    "/mentoring/schemes",
    response={200: list[SchemeOut], **ERROR_RESPONSES},
    tags=["mentoring"],
    auth=ApiKey(),
)
@paginate(BoundedLimitOffsetPagination)
def list_mentoring_schemes(request: HttpRequest, filters: Query[SchemeFilters]) -> Any:
    """List the mentoring schemes the token's holder may read, newest first."""
    schemes = permissions.get_schemes_for_list(request.user)
    if filters.status:
        schemes = schemes.filter(status=filters.status)
    if filters.stalled is not None:
        schemes = schemes.filter(is_stalled=filters.stalled)
    return _with_cities(schemes.order_by("-proposed_at", "-id"))


@router.get(
    "/mentoring/schemes/{scheme_id}",
    response={200: SchemeDetailOut, **ERROR_RESPONSES},
    tags=["mentoring"],
    auth=ApiKey(),
)
def get_mentoring_scheme(request: HttpRequest, scheme_id: Id) -> Any:
    """Return a scheme with its goals (baseline, new score, target), milestones, check-ins."""
    scheme = permissions.get_scheme_for_view(request.user, scheme_id)
    return _with_cities(Scheme.objects.filter(pk=scheme.pk)).get()
