"""What the Index shows on the home page: the leading cities of the results visitors see."""

from decimal import Decimal
from typing import Any

from icc.index.models import Result
from icc.index.results import selectors
from icc.network.models import City

LEADERS = 3


def index_highlights() -> dict[str, Any] | None:
    """Return the round the results page shows, its size, average and leading cities.

    Only the stored overall scores are read: the whole results (areas, names of areas) cost
    the home page ten times as much for nothing it shows.
    """
    index_round = selectors.default_results_round()
    if index_round is None:
        return None
    rows = list(
        Result.objects.filter(round=index_round)
        .order_by("rank", "city_id")
        .values_list("city_id", "overall")
    )
    if not rows:
        return None
    average = sum((overall for _city_id, overall in rows), Decimal(0)) / len(rows)
    leaders = rows[:LEADERS]
    cities = City.objects.in_bulk([city_id for city_id, _overall in leaders])
    return {
        "round": index_round,
        "sample_size": len(rows),
        "average": average.quantize(Decimal("0.1")),
        "leaders": [(overall, cities[city_id]) for city_id, overall in leaders],
    }
