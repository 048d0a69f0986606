"""Publishing one city stores its own result at once; the round's ranks follow in the background.

Decision 0057: the request publishing a city does not compute the whole round. The
task the worker runs (``services.results.update_round_results``) gives every city the
figures a computation in the request would have given.
"""

import pytest
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from icc.index.models import Result, RoundSummary
from icc.index.services import results
from icc.index.tests.factories import publish_result, shipped_round

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TASK = f"{results.update_round_results.module_path}"


def figures(index_round):
    """Every stored figure of the round that the background computation decides."""
    return {
        slug: (rank, area_ranks, groups, similar)
        for slug, rank, area_ranks, groups, similar in Result.objects.filter(
            round=index_round
        ).values_list("city__slug", "rank", "area_ranks", "groups", "similar")
    }


def run_the_worker() -> int:
    """Run the queued computations as ``run_worker`` does; return how many ran."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    queued = list(DBTaskResult.objects.ready().filter(task_path=TASK))
    for row in queued:
        row.claim(worker.worker_id)
        worker.run_task(row)
    return len(queued)


def test_a_city_published_alone_is_ranked_by_the_worker_as_in_the_request(
    settings, lyon, oslo, barcelona, secretariat
):
    # The same three publications, the round computed in the request (tests' backend)…
    expected_round = shipped_round(label="2023")
    for city, level in ((lyon, 0.5), (oslo, 0.9), (barcelona, 0.7)):
        publish_result(expected_round, city, level)
    expected = figures(expected_round)

    # …and with a real queue: the third city's own result is there at once.
    index_round = shipped_round(label="2024")
    publish_result(index_round, lyon, 0.5)
    publish_result(index_round, oslo, 0.9)
    assert run_the_worker() == 0  # computed in the request by the tests' backend
    settings.TASKS = DATABASE_QUEUE
    publish_result(index_round, barcelona, 0.7)

    summary = RoundSummary.objects.get(round=index_round)
    assert summary.is_updating and summary.queued
    assert summary.sample_size == 3
    own = Result.objects.get(round=index_round, city=barcelona)
    assert (own.rank, own.similar) == (2, [])
    assert own.area_ranks == expected["barcelona"][1]
    # The others keep their former ranks until the worker runs: Lyon is still 2nd.
    assert Result.objects.get(round=index_round, city=lyon).rank == 2
    client = secretariat.client()
    page = client.get(reverse("index:results") + f"?round={index_round.pk}")
    assert b"ranks are being updated" in page.content
    report = client.get(reverse("index:city-report", args=["barcelona"]))
    assert b"ranks are being updated" in report.content
    assert report.status_code == 200

    assert run_the_worker() == 1

    assert figures(index_round) == expected
    summary.refresh_from_db()
    assert not summary.is_updating and not summary.queued
    page = client.get(reverse("index:results") + f"?round={index_round.pk}")
    assert b"ranks are being updated" not in page.content


def test_asks_made_before_the_worker_starts_share_one_computation(settings, lyon, oslo, barcelona):
    index_round = shipped_round(label="2024")
    settings.TASKS = DATABASE_QUEUE
    for city, level in ((lyon, 0.5), (oslo, 0.9), (barcelona, 0.7)):
        publish_result(index_round, city, level)

    assert DBTaskResult.objects.ready().filter(task_path=TASK).count() == 1
    assert RoundSummary.objects.get(round=index_round).requested == 3
    assert run_the_worker() == 1
    ranks = dict(Result.objects.filter(round=index_round).values_list("city__slug", "rank"))
    assert ranks == {"oslo": 1, "barcelona": 2, "lyon": 3}
    assert not RoundSummary.objects.get(round=index_round).is_updating


def test_an_ask_during_a_computation_queues_another(settings, lyon, oslo):
    index_round = shipped_round(label="2024")
    settings.TASKS = DATABASE_QUEUE
    publish_result(index_round, lyon, 0.5)
    # The worker has taken the task (``queued`` is cleared first) when Oslo is published.
    RoundSummary.objects.filter(round=index_round).update(queued=False)
    publish_result(index_round, oslo, 0.9)

    assert DBTaskResult.objects.ready().filter(task_path=TASK).count() == 2
    assert run_the_worker() == 2
    ranks = dict(Result.objects.filter(round=index_round).values_list("city__slug", "rank"))
    assert ranks == {"oslo": 1, "lyon": 2}


def test_a_computation_in_the_request_answers_the_asks_before_it(settings, lyon, secretariat):
    index_round = shipped_round(label="2024")
    settings.TASKS = DATABASE_QUEUE
    publish_result(index_round, lyon, 0.5)
    # The secretariat changes the peer rule: computed in the request, with Lyon.
    results.change_peer_bands(
        index_round, peer_bands={"population": [100000]}, changed_by=secretariat.user
    )

    assert not RoundSummary.objects.get(round=index_round).is_updating
    assert run_the_worker() == 1  # the queued task finds nothing left to do
    assert DBTaskResult.objects.filter(task_path=TASK).get().return_value == 0
