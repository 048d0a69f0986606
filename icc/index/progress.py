"""Count how far each response of a round is answered, for the round page, without scoring.

Which questions count depends on the engine (a question may not apply to the city,
from its facts or its other answers), so a response's count scores its answers once:
the count is kept in the cache under what it depends on (the response's answers, the
city's facts, the edition) and computed again only when one of them changes. The
round page then reads one row per response and one summary of the answers, whatever
the number of cities.
"""

from collections.abc import Sequence

from django.core.cache import cache
from django.db.models import Count, Max, Sum

from icc.index.models import Answer, Response, Round
from icc.index.questionnaire import progress_by_area

# Counts are kept a day at most; any change to what they depend on names a new entry.
KEEP_SECONDS = 24 * 3600


def round_progress(index_round: Round) -> list[tuple[Response, int, int]]:
    """Return each response of the round with its answered and applicable question counts."""
    responses: Sequence[Response] = list(
        index_round.responses.select_related("city__national_network").order_by("city__name")
    )
    stamps = {
        row["response_id"]: (row["count"], row["versions"], row["last"])
        for row in Answer.objects.filter(response__round=index_round)
        .order_by()
        .values("response_id")
        .annotate(count=Count("pk"), versions=Sum("version"), last=Max("updated_at"))
    }
    checksum = index_round.edition.checksum
    keys = {
        response.pk: ":".join(
            str(part)
            for part in (
                "index-progress",
                response.pk,
                checksum,
                response.city.updated_at.isoformat() if response.city.updated_at else "",
                *stamps.get(response.pk, (0, 0, "")),
            )
        ).replace(" ", "_")
        for response in responses
    }
    kept = cache.get_many(list(keys.values()))
    found = {}
    for response in responses:
        counts = kept.get(keys[response.pk])
        if counts is None:
            response.round = index_round
            areas = progress_by_area(response)
            counts = (sum(a["answered"] for a in areas), sum(a["total"] for a in areas))
            found[keys[response.pk]] = counts
        kept[keys[response.pk]] = counts
    if found:
        cache.set_many(found, KEEP_SECONDS)
    return [(response, *kept[keys[response.pk]]) for response in responses]
