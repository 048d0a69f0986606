"""What the Index shows on the home page: the leading cities of the results visitors see."""

from decimal import Decimal
from typing import Any

from icc.index import selectors
from icc.network.models import City

LEADERS = 3


def index_highlights() -> dict[str, Any] | None:
    """Return the round the results page shows, its size, average and leading cities."""
    index_round = selectors.default_results_round()
    if index_round is None:
        return None
    results = selectors.round_results(index_round)
    if not results:
        return None
    leaders = results[:LEADERS]
    cities = City.objects.in_bulk([result.city_id for result in leaders])
    average = sum((result.overall for result in results), Decimal(0)) / len(results)
    return {
        "round": index_round,
        "sample_size": len(results),
        "average": average.quantize(Decimal("0.1")),
        "leaders": [(result, cities[result.city_id]) for result in leaders],
    }
