"""The selectors other apps read: latest published results and a city's history."""

from datetime import date
from decimal import Decimal

import pytest

from icc.index.models import Response
from icc.index.results import selectors
from icc.index.services.answers import save_answer, start_response
from icc.index.tests.factories import publish_result, shipped_round

pytestmark = pytest.mark.django_db


def test_all_best_answers_score_100_and_rank_first(lyon, oslo, barcelona):
    index_round = shipped_round("2019", label="2022")
    publish_result(index_round, lyon, 1.0)
    publish_result(index_round, oslo, 0.0)
    publish_result(index_round, barcelona, 0.5)

    results = selectors.latest_published_results()

    assert set(results) == {lyon.pk, oslo.pk, barcelona.pk}
    best = results[lyon.pk]
    assert best.overall == Decimal("100.00")
    assert best.rank == 1 and best.sample_size == 3
    assert best.round_label == "2022" and best.edition_code == "2019"
    assert best.areas["language"] == Decimal("100.00")
    assert "lens" not in best.areas
    assert best.area_names["language"] == {"en": "Language", "fr": "Langue"}
    assert results[oslo.pk].overall == Decimal("0.00")
    assert results[oslo.pk].rank == 3
    assert results[barcelona.pk].rank == 2


def test_equal_scores_share_a_rank(lyon, oslo, barcelona):
    index_round = shipped_round("2019")
    publish_result(index_round, lyon, 0.8)
    publish_result(index_round, oslo, 0.8)
    publish_result(index_round, barcelona, 0.2)

    ranks = {city_id: r.rank for city_id, r in selectors.latest_published_results().items()}

    assert ranks == {lyon.pk: 1, oslo.pk: 1, barcelona.pk: 3}


def test_unpublished_responses_are_not_results(lyon, oslo):
    index_round = shipped_round("2019")
    publish_result(index_round, lyon, 0.6)
    draft = start_response(index_round, oslo, started_by=None)
    save_answer(draft, "language.mother_tongues", saved_by=None, expected_version=0, value="yes")

    results = selectors.latest_published_results()

    assert list(results) == [lyon.pk]
    assert results[lyon.pk].sample_size == 1
    assert draft.status == Response.Status.DRAFT


def test_latest_result_is_the_most_recent_round_and_history_runs_oldest_first(lyon, oslo):
    first = shipped_round("v1", label="2016", opens_on=date(2016, 1, 1))
    second = shipped_round("2019", label="2021", opens_on=date(2021, 1, 1))
    publish_result(first, lyon, 0.4, published_on=date(2016, 9, 1))
    publish_result(second, lyon, 0.9, published_on=date(2021, 9, 1))
    publish_result(second, oslo, 0.95)

    latest = selectors.latest_published_results([lyon.pk])
    history = selectors.city_result_history(lyon.pk)

    assert list(latest) == [lyon.pk]
    assert latest[lyon.pk].round_label == "2021"
    assert latest[lyon.pk].rank == 2 and latest[lyon.pk].sample_size == 2
    assert [r.round_label for r in history] == ["2016", "2021"]
    assert [r.edition_code for r in history] == ["v1", "2019"]
    assert history[0].published_on == date(2016, 9, 1)
    assert history[0].overall < history[1].overall


def test_a_city_without_results_has_an_empty_history(lyon):
    assert selectors.city_result_history(lyon.pk) == []
    assert selectors.latest_published_results([lyon.pk]) == {}
