"""The Index's public datasets: published results, one dataset per edition."""

from collections.abc import Callable
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from icc.core.opendata import Dataset, Field
from icc.index.results import reports, selectors
from icc.network.models import City

BASE_FIELDS = (
    Field("city", "string", _("City"), _("The city's identifier")),
    Field("round", "string", _("Round")),
    Field("overall", "number", _("Overall score"), _("0 to 100")),
    Field("rank", "integer", _("Rank in the round"), _("Ties share a rank")),
    Field("sample_size", "integer", _("Cities with published results in the round")),
    Field("published_on", "date", _("Published on")),
)


def _area_title(names: dict[str, str], code: str) -> str:
    return names.get((get_language() or "en")[:2]) or names.get("en") or code


_lazy_area_title = lazy(_area_title, str)


def _edition_rows(results: list[selectors.CityResult]) -> Callable[[], list[dict[str, Any]]]:
    def rows() -> list[dict[str, Any]]:
        slugs = dict(
            City.objects.filter(pk__in={r.city_id for r in results}).values_list("pk", "slug")
        )
        return [
            {
                "city": slugs[result.city_id],
                "round": result.round_label,
                "overall": result.overall,
                "rank": result.rank,
                "sample_size": result.sample_size,
                "published_on": result.published_on,
                **{f"area_{code}": score for code, score in result.areas.items()},
            }
            for result in results
        ]

    return rows


def datasets() -> list[Dataset]:
    """Return one dataset of published results per edition that has any."""
    by_edition: dict[str, list[selectors.CityResult]] = {}
    for index_round in reversed(reports.published_rounds()):
        for result in selectors.round_results(index_round):
            by_edition.setdefault(result.edition_code, []).append(result)
    found = []
    for code, results in sorted(by_edition.items()):
        names: dict[str, dict[str, str]] = {}
        for result in results:
            names.update(result.area_names)
        area_fields = tuple(
            Field(
                f"area_{area}",
                "number",
                _lazy_area_title(names[area], area),
                _("Score in the area, 0 to 100; empty when the area has no score"),
            )
            for area in sorted(names)
        )
        found.append(
            Dataset(
                name=f"index-results-{code}".lower(),
                title=_("Index results: %(edition)s") % {"edition": code},
                description=_(
                    "Every published result of the edition, city by city and round by round."
                ),
                fields=BASE_FIELDS + area_fields,
                rows=_edition_rows(results),
                scopes=("index",),
            )
        )
    return found
