"""Stored results are computed again whenever what they depend on changes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from icc.core.models import Activity
from icc.index.models import Response, Result, RoundSummary
from icc.index.results import selectors, table
from icc.index.services import results
from icc.index.services.review import record_and_publish_answers
from icc.index.tests.factories import answers_at_level, publish_result, shipped_round
from icc.network.services import update_city

pytestmark = pytest.mark.django_db


def ranks(index_round):
    return dict(Result.objects.filter(round=index_round).values_list("city__slug", "rank"))


def test_publishing_ranks_every_city_again(lyon, oslo):
    index_round = shipped_round(label="2024")
    publish_result(index_round, lyon, 0.5)
    assert ranks(index_round) == {"lyon": 1}

    publish_result(index_round, oslo, 0.9)

    assert ranks(index_round) == {"lyon": 2, "oslo": 1}
    assert RoundSummary.objects.get(round=index_round).sample_size == 2
    assert Result.objects.get(city=lyon).similar == [oslo.pk]


def test_withdrawing_a_result_ranks_the_others_without_it(lyon, oslo, barcelona, secretariat):
    index_round = shipped_round(label="2024")
    publish_result(index_round, lyon, 0.5)
    withdrawn = publish_result(index_round, oslo, 0.9)
    publish_result(index_round, barcelona, 0.7)

    results.unpublish_response(withdrawn, unpublished_by=secretariat.user)

    assert ranks(index_round) == {"barcelona": 1, "lyon": 2}
    withdrawn.refresh_from_db()
    assert withdrawn.status == Response.Status.VALIDATED
    assert Activity.objects.filter(verb="index.response.unpublished").exists()
    with pytest.raises(ValidationError):
        results.unpublish_response(withdrawn, unpublished_by=secretariat.user)


def test_only_the_secretariat_withdraws_or_changes_peer_groups(lyon, lyon_coordinator):
    index_round = shipped_round(label="2024")
    response = publish_result(index_round, lyon, 0.5)

    with pytest.raises(PermissionDenied):
        results.unpublish_response(response, unpublished_by=lyon_coordinator.user)
    with pytest.raises(PermissionDenied):
        results.change_peer_bands(
            index_round, peer_bands={"population": [1]}, changed_by=lyon_coordinator.user
        )


def test_a_new_peer_rule_draws_the_groups_again(lyon, oslo, secretariat):
    index_round = shipped_round(label="2024")
    publish_result(index_round, lyon, 0.5)
    publish_result(index_round, oslo, 0.9)
    assert Result.objects.get(city=lyon).groups["population"] == {"rank": 2, "size": 2, "band": 1}

    # Lyon (522,000) and Oslo (700,000) now fall on either side of 600,000.
    results.change_peer_bands(
        index_round, peer_bands={"population": [600_000]}, changed_by=secretariat.user
    )

    assert Result.objects.get(city=lyon).groups["population"] == {"rank": 1, "size": 1, "band": 0}


def test_a_citys_new_population_draws_its_groups_again(lyon, oslo, lyon_coordinator):
    index_round = shipped_round(label="2024")
    publish_result(index_round, lyon, 0.5)
    publish_result(index_round, oslo, 0.9)
    lyon.refresh_from_db()

    update_city(lyon, changed_by=lyon_coordinator.user, data={"population": 150_000})

    assert Result.objects.get(city=lyon).groups["population"]["size"] == 1
    assert Result.objects.get(city=lyon).population == 150_000


def test_publishing_a_round_publishes_every_consented_result_at_once(lyon, oslo, secretariat):
    index_round = shipped_round(label="2024")
    method = index_round.edition.method
    for city in (lyon, oslo):
        response = record_and_publish_answers(
            index_round, city, answers_at_level(method, 0.6, seed=city.slug)
        )
        results.unpublish_response(response, unpublished_by=None)
    assert selectors.round_results(index_round) == []

    published = results.publish_round(index_round, published_by=secretariat.user)

    assert published == 2
    assert sorted(r.city_id for r in selectors.round_results(index_round)) == sorted(
        [lyon.pk, oslo.pk]
    )


def test_the_results_table_shows_a_page_at_a_time(lyon, oslo, barcelona, client, monkeypatch):
    index_round = shipped_round(label="2024")
    for city, level in ((lyon, 0.5), (oslo, 0.9), (barcelona, 0.7)):
        publish_result(index_round, city, level)
    monkeypatch.setattr(table, "PAGE_SIZE", 2)
    url = reverse("index:results")

    first = client.get(url, {"round": index_round.pk}).content.decode()
    second = client.get(url, {"round": index_round.pk, "page": 2}).content.decode()

    assert ">Oslo</a>" in first and ">Barcelona</a>" in first and ">Lyon</a>" not in first
    assert ">Lyon</a>" in second and "Page 2 of 2" in second
    csv = client.get(url, {"round": index_round.pk, "format": "csv"}).content.decode()
    assert len(csv.strip().splitlines()) == 4  # every row, whatever the page
