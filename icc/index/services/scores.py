"""Score a response with its round's edition and store every score."""

from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.utils import timezone

from icc.index.method import parts, scoring
from icc.index.method.rules import Rounding
from icc.index.models import (
    Response,
    Score,
)
from icc.index.services.answers import engine_answer, member_for


def engine_answers(response: Response) -> dict[str, parts.Answer]:
    """Return the response's answers in the engine's form, unanswered questions left out."""
    method = response.round.edition.method
    answers: dict[str, parts.Answer] = {}
    for question_id, value in response.answers.values_list("question_id", "value"):
        try:
            question = method.question(question_id)
        except KeyError:
            continue
        answer = engine_answer(question, value)
        if answer is not None:
            answers[question_id] = answer
    return answers


def _places(value: Fraction | None, places: int, rounding: Rounding) -> Decimal | None:
    return None if value is None else rounding.round(value, places)


@transaction.atomic
def compute_scores(response: Response) -> scoring.MemberResult:
    """Score the response's answers with the round's edition and store every score."""
    response = Response.objects.select_related("city__national_network", "round__edition").get(
        pk=response.pk
    )
    method = response.round.edition.method
    result = scoring.score_member(method, member_for(response.city), engine_answers(response))
    rounding = method.rules.rounding
    rows = [
        Score(
            response=response,
            level=Score.Level.QUESTION,
            code=q.id,
            status=q.status,
            score=_places(q.score, rounding.places, rounding),
            raw=_places(q.points, 4, rounding) or 0,
            raw_max=_places(q.max_points, 4, rounding) or 0,
        )
        for q in result.questions.values()
    ]
    groups = [(Score.Level.DIMENSION, g) for g in result.dimensions.values()]
    groups += [(Score.Level.AREA, g) for g in result.areas.values()]
    groups += [(Score.Level.COMPOSITE, g) for g in result.composites.values()]
    groups.append((Score.Level.OVERALL, result.overall))
    rows += [
        Score(
            response=response,
            level=level,
            code=g.id,
            status=g.status,
            score=_places(g.score, rounding.places, rounding),
            raw=_places(g.raw, 4, rounding) or 0,
            raw_max=_places(g.raw_max, 4, rounding) or 0,
        )
        for level, g in groups
    ]
    Score.objects.filter(response=response).delete()
    Score.objects.bulk_create(rows)
    response.scores_computed_at = timezone.now()
    response.save(update_fields=["scores_computed_at"])
    return result
