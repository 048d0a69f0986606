"""What the Index shows on the home page: the leading cities of the results visitors see."""

from decimal import Decimal
from typing import Any

from icc.index.models import Response, Score
from icc.index.results import selectors
from icc.network.models import City

LEADERS = 3


def index_highlights() -> dict[str, Any] | None:
    """Return the round the results page shows, its size, average and leading cities.

    Only the overall scores are read: the whole results (areas, names of areas) cost the
    home page ten times as much for nothing it shows.
    """
    index_round = selectors.default_results_round()
    if index_round is None:
        return None
    rows = Score.objects.filter(
        level=Score.Level.OVERALL,
        response__round=index_round,
        response__status=Response.Status.PUBLISHED,
        score__isnull=False,
    ).values_list("response__city_id", "score")
    overall: dict[int, Decimal] = {city_id: score for city_id, score in rows if score is not None}
    if not overall:
        return None
    ranks = selectors.competition_ranks(overall)
    leader_ids = sorted(overall, key=lambda city_id: (ranks[city_id], city_id))[:LEADERS]
    cities = City.objects.in_bulk(leader_ids)
    average = sum(overall.values(), Decimal(0)) / len(overall)
    return {
        "round": index_round,
        "sample_size": len(overall),
        "average": average.quantize(Decimal("0.1")),
        "leaders": [(overall[city_id], cities[city_id]) for city_id in leader_ids],
    }
