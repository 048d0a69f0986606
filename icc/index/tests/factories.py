"""Build Index state for tests (and the demo) through the real services.

``publish_result(round, city, level=0.7)`` is the shortest way to a published
result: it answers every scored question at about ``level`` of its points and takes
the answers through ``record_and_publish_answers``.
"""

from datetime import date
from typing import Any

from icc.accounts.actors import Actor
from icc.index.method.synthetic import answers_at_level
from icc.index.models import Edition, Response, Round
from icc.index.services.editions import ensure_shipped_editions
from icc.index.services.review import record_and_publish_answers
from icc.index.services.rounds import open_round
from icc.network.models import City

__all__ = ["answers_at_level", "publish_result", "shipped_editions", "shipped_round"]


def shipped_editions() -> dict[str, Edition]:
    """Load the shipped editions ("v1" and "2019") and return them by code."""
    return ensure_shipped_editions()


def shipped_round(
    code: str = "2019",
    *,
    label: str | None = None,
    opens_on: date = date(2000, 1, 1),
    closes_on: date = date(2100, 12, 31),
    opened_by: Actor | None = None,
    peer_bands: dict[str, list[float]] | None = None,
    is_demo: bool = False,
) -> Round:
    """Open a round of a shipped edition; by default it is open whatever today's date."""
    edition = shipped_editions()[code]
    return open_round(
        edition,
        label=label or f"Round {code}",
        opens_on=opens_on,
        closes_on=closes_on,
        opened_by=opened_by,
        peer_bands=peer_bands,
        is_demo=is_demo,
    )


def publish_result(
    index_round: Round,
    city: City,
    level: float = 0.7,
    *,
    spread: float = 0.0,
    published_on: date | None = None,
    answers: dict[str, Any] | None = None,
    by: Actor | None = None,
) -> Response:
    """Publish a city's result for the round through the whole pipeline."""
    if answers is None:
        answers = answers_at_level(index_round.edition.method, level, seed=city.slug, spread=spread)
    return record_and_publish_answers(index_round, city, answers, published_on=published_on, by=by)
