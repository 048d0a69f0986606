"""API of the barometer: a round's released group figures, the same as its page and export.

Nothing else: no company's answers or scores, and no filters (decision 0052).
"""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from icc.barometer import permissions, selectors
from icc.barometer.instrument import edition, score_keys
from icc.core.api_errors import ERROR_RESPONSES
from icc.core.api_schema import Id
from icc.network.api import ApiKey

router = Router()


class FigureOut(Schema):
    kind: str = Field(..., description="network, city, sector (NACE section) or size (headcount)")
    key: str = Field(..., description="The city's id, the section's letter or the band")
    label: str
    released: bool
    responses: int | None = Field(None, description="Only when released")
    scores: dict[str, float] = Field(
        ..., description="Mean score per dimension id and 'overall'; empty when withheld"
    )
    note: str = Field(..., description="Why the figures are withheld, in the reader's language")
    performance: dict[str, "PerformanceOut"] = Field(
        ...,
        description=(
            "Released performance figures by question id: the mean over the group's "
            "companies that answered that optional question, and how many they are"
        ),
    )


class PerformanceOut(Schema):
    answered: int
    mean: float


class RoundFiguresOut(Schema):
    id: int
    name: str
    min_group_size: int
    published_at: datetime | None
    figures: list[FigureOut]


@router.get(
    "/barometer/rounds/{round_id}/figures",
    response={200: RoundFiguresOut, **ERROR_RESPONSES},
    tags=["barometer"],
    auth=ApiKey(),
)
def round_figures(request: HttpRequest, round_id: Id) -> Any:
    """Return a round's group figures as shown: released means, or why they are withheld."""
    round = permissions.get_round_for_view(request.user, round_id)
    keys = score_keys(edition(round.edition_id))
    publication = selectors.latest_publication(round)
    performance = selectors.performance_table(round)
    cells = {
        (kind, key): {
            measure: {"answered": cell.answered, "mean": cell.mean}
            for measure, cell in zip(performance.measures, found, strict=True)
            if cell.released
        }
        for _label, kind, key, found in performance.rows
    }
    return {
        "id": round.pk,
        "name": round.name,
        "min_group_size": round.min_group_size,
        "published_at": publication.published_at if publication else None,
        "figures": [
            {
                "kind": row.kind,
                "key": row.key,
                "label": row.label,
                "released": row.released,
                "responses": row.count,
                "scores": {
                    key: value
                    for key, value in zip(keys, row.means, strict=True)
                    if value is not None
                },
                "note": row.explanation,
                "performance": cells.get((row.kind, row.key), {}),
            }
            for row in selectors.figure_rows(round)
        ],
    }
