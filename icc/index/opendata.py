"""The Index's public datasets: published results, one dataset per edition."""

from collections.abc import Callable
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from icc.core.opendata import Dataset, Field
from icc.index.models import Round
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


def _dataset_name(code: str) -> str:
    return f"index-results-{code}".lower()


def _rounds_by_edition() -> dict[str, list[Round]]:
    """Return the rounds with published results per edition code, oldest round first."""
    by_edition: dict[str, list[Round]] = {}
    for index_round in reversed(reports.published_rounds()):
        by_edition.setdefault(index_round.edition.code, []).append(index_round)
    return dict(sorted(by_edition.items()))


def dataset_names() -> list[str]:
    """Name the datasets without computing them: one per edition with published results."""
    return [_dataset_name(code) for code in _rounds_by_edition()]


def dataset(name: str) -> Dataset | None:
    """Return the dataset called ``name``, reading only its own edition's results."""
    for code, rounds in _rounds_by_edition().items():
        if _dataset_name(code) == name:
            return _edition_dataset(code, rounds)
    return None


def datasets() -> list[Dataset]:
    """Return one dataset of published results per edition that has any."""
    return [_edition_dataset(code, rounds) for code, rounds in _rounds_by_edition().items()]


def _edition_dataset(code: str, rounds: list[Round]) -> Dataset:
    results = [result for index_round in rounds for result in selectors.round_results(index_round)]
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
    return Dataset(
        name=_dataset_name(code),
        title=_("Index results: %(edition)s") % {"edition": code},
        description=_("Every published result of the edition, city by city and round by round."),
        fields=BASE_FIELDS + area_fields,
        rows=_edition_rows(results),
        scopes=("index",),
    )
