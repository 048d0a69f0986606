"""The facet bitmaps: in step with the facet rows, read again when they change, exact counts."""

import random

import pytest
from django.db import connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from icc.network.models import City
from icc.practices import search, services
from icc.practices.search import Filters, facets, results
from icc.practices.tests.conftest import write_practice

pytestmark = pytest.mark.django_db


@given(st.sets(st.integers(min_value=0, max_value=5000)))
def test_a_bitmap_gives_back_its_ids(ids: set[int]) -> None:
    bits = facets.bitmap(ids)
    assert facets.ids_of(bits) == sorted(ids)
    others = [5001, *range(0, 5002, 7)]
    assert facets.members_of(bits, others) == [pid for pid in others if pid in ids]


def bitmaps_from_the_facet_rows() -> dict[tuple[str, str], list[int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT v.facet, v.value, f.practice_id FROM practices_search_facet f "
            "JOIN practices_search_value v ON v.id = f.value_id"
        )
        rows = cursor.fetchall()
    expected: dict[tuple[str, str], list[int]] = {}
    for facet, value, pid in rows:
        expected.setdefault((facet, value), []).append(pid)
    return {key: sorted(ids) for key, ids in expected.items()}


def bitmaps_read() -> dict[tuple[str, str], list[int]]:
    return {
        (value.facet, value.value): facets.ids_of(value.members)
        for value in facets.values().values()
        if value.members
    }


def test_the_bitmaps_follow_publishing_edits_unpublishing_and_deletes(
    lyon: City, oslo: City
) -> None:
    first = write_practice(lyon, en={"title": "Desk"}, areas=("welcoming",), publish=True)
    second = write_practice(oslo, en={"title": "Radio"}, areas=("media",), publish=True)
    assert bitmaps_read() == bitmaps_from_the_facet_rows()
    assert bitmaps_read()[("area", "welcoming")] == [first.pk]
    services.update_practice(
        first, changed_by=None, expected_version=None, areas=["media", "language"]
    )
    assert bitmaps_read() == bitmaps_from_the_facet_rows()
    assert bitmaps_read()[("area", "media")] == sorted([first.pk, second.pk])
    assert ("area", "welcoming") not in bitmaps_read()
    services.unpublish_practice(second, unpublished_by=None)
    assert bitmaps_read() == bitmaps_from_the_facet_rows()
    services.delete_practice(first, deleted_by=None)
    assert bitmaps_read() == {}
    services.submit_practice(second, submitted_by=None)
    services.publish_practice(second, published_by=None)
    assert bitmaps_read() == bitmaps_from_the_facet_rows() != {}
    search.rebuild_index()
    assert bitmaps_read() == bitmaps_from_the_facet_rows() != {}


def test_a_bitmap_read_inside_a_rolled_back_transaction_is_read_again(lyon: City) -> None:
    write_practice(lyon, en={"title": "Desk"}, areas=("welcoming",), publish=True)
    assert search.search("").total == 1

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        write_practice(lyon, en={"title": "Radio"}, areas=("welcoming",), publish=True)
        # Read, and kept by this thread, while the transaction is open.
        assert search.search("", filters=Filters(area=("welcoming",))).total == 2
        raise Undo
    counted = search.search("", filters=Filters(area=("welcoming",)))
    assert counted.total == 1
    assert {value.value: value.count for value in counted.facets["area"]} == {"welcoming": 1}


def test_counts_and_pages_without_words_match_a_count_done_by_hand(
    lyon: City, oslo: City, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(5)  # noqa: S311 (test data)
    written = []
    for number in range(30):
        city = rng.choice([lyon, oslo])
        written.append(
            (
                write_practice(
                    city,
                    en={"title": f"Practice {number}"},
                    areas=tuple(rng.sample(["media", "language", "welcoming"], rng.randint(1, 2))),
                    started_year=rng.choice([2019, 2020, 2021]),
                    publish=number % 7 != 3,
                ),
                str(city.country),
            )
        )
    chosen = Filters(area=("media", "welcoming"), year=(2019, 2021))
    published = [(p, country) for p, country in written if p.status == "published"]

    def passes(practice, *, but: str = "") -> bool:
        areas = set(practice.area_links.values_list("area", flat=True))
        return (but == "area" or bool(areas & {"media", "welcoming"})) and (
            but == "year" or practice.started_year in (2019, 2021)
        )

    expected_ids = [p.pk for p, _country in published if passes(p)]
    expected_country: dict[str, int] = {}
    for practice, country in published:
        if passes(practice):
            expected_country[country] = expected_country.get(country, 0) + 1
    expected_years: dict[str, int] = {}
    for practice, _country in published:
        if passes(practice, but="year"):
            year = str(practice.started_year)
            expected_years[year] = expected_years.get(year, 0) + 1

    def newest_first(ids: list[int]) -> list[int]:
        # Published in the order written: the newest is the last written.
        return sorted(ids, reverse=True)

    for read_per_sorted in (0, 10**9):
        # 0: the database sorts the passing practices; 10**9: the published practices
        # are read newest first.
        monkeypatch.setattr(results, "_READ_PER_SORTED", read_per_sorted)
        monkeypatch.setattr(results, "_NEWEST_CHUNK", 4)
        found = search.search("", filters=chosen, page_size=5)
        second = search.search("", filters=chosen, page_size=5, page=2)
        assert found.total == len(expected_ids)
        shown = [hit.practice.pk for hit in found.hits + second.hits]
        assert shown == newest_first(expected_ids)[:10]
        assert {v.value: v.count for v in found.facets["country"]} == expected_country
        assert {v.value: v.count for v in found.facets["year"]} == expected_years
