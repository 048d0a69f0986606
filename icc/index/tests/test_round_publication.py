"""The secretariat publishes a whole round from its page; the cities are told in the background.

The request publishes and computes the round; the notifications (one city's people per
published result) are written by the task ``services.results.tell_of_publication``, in
batches, so a worker stopped half-way and run again tells nobody twice.
"""

import pytest
from django.urls import reverse
from django.utils import translation
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from icc.accounts.models import Notification
from icc.core.task_descriptions import describe_task
from icc.index.models import Response
from icc.index.services import results
from icc.index.services.review import record_and_publish_answers
from icc.index.tests.factories import answers_at_level, shipped_round

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TASK = results.tell_of_publication.module_path
KIND = "index.response.published"


def validated_round(*cities):
    """Return a round whose cities' results are validated, with consent, not published."""
    index_round = shipped_round(label="2024")
    method = index_round.edition.method
    for city in cities:
        response = record_and_publish_answers(
            index_round, city, answers_at_level(method, 0.6, seed=city.slug)
        )
        results.unpublish_response(response, unpublished_by=None)
    return index_round


def run_the_worker() -> int:
    """Run the queued notification tasks as ``run_worker`` does; return how many ran."""
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


def told():
    return sorted(Notification.objects.filter(kind=KIND).values_list("recipient__email", flat=True))


def test_the_round_page_publishes_and_the_worker_tells_the_cities(
    settings, lyon, oslo, secretariat, lyon_coordinator, oslo_coordinator
):
    index_round = validated_round(lyon, oslo)
    client = secretariat.client()
    page = client.get(reverse("index:round-detail", args=[index_round.pk])).content.decode()
    assert "Publish the results of 2 cities" in page
    settings.TASKS = DATABASE_QUEUE

    answer = client.post(reverse("index:round-publish", args=[index_round.pk]), follow=True)

    assert "The results of 2 cities are published" in answer.content.decode()
    assert Response.objects.filter(round=index_round, status="published").count() == 2
    assert index_round.published_results.count() == 2
    assert told() == []  # nobody told in the request
    assert run_the_worker() == 1
    assert told() == ["coordinator@lyon.test", "coordinator@oslo.test"]
    assert not Response.objects.filter(untold_publication_by__isnull=False).exists()
    assert run_the_worker() == 0


def test_a_worker_stopped_half_way_and_run_again_tells_nobody_twice(
    settings, monkeypatch, lyon, oslo, barcelona, secretariat, lyon_coordinator, oslo_coordinator
):
    index_round = validated_round(lyon, oslo, barcelona)
    settings.TASKS = DATABASE_QUEUE
    results.publish_round(index_round, published_by=secretariat.user)
    monkeypatch.setattr(results, "TELL_BATCH", 1)
    calls = []
    tell = results.notifications.response_published

    def stopping(response, **kwargs):
        calls.append(response.city.slug)
        if len(calls) == 2:
            raise RuntimeError("the worker is stopped")
        tell(response, **kwargs)

    monkeypatch.setattr(results.notifications, "response_published", stopping)
    with pytest.raises(RuntimeError):
        results.tell_of_publication.call(round_id=index_round.pk)
    assert len(told()) == 1  # the first batch is kept, the second rolled back

    monkeypatch.setattr(results.notifications, "response_published", tell)
    assert results.tell_of_publication.call(round_id=index_round.pk) == 2
    assert told() == ["coordinator@lyon.test", "coordinator@oslo.test"]
    assert results.tell_of_publication.call(round_id=index_round.pk) == 0
    # A run that fails for good is listed for the secretariat under this name.
    described = describe_task(TASK, {"round_id": index_round.pk})
    assert described is not None
    assert str(described.label) == "Tell the cities that their Index results are published"
    assert described.about == str(index_round)


def test_results_withdrawn_before_the_worker_runs_are_not_announced(
    settings, lyon, oslo, secretariat, lyon_coordinator, oslo_coordinator
):
    index_round = validated_round(lyon, oslo)
    settings.TASKS = DATABASE_QUEUE
    results.publish_round(index_round, published_by=secretariat.user)
    results.unpublish_response(
        Response.objects.get(round=index_round, city=oslo), unpublished_by=secretariat.user
    )

    run_the_worker()

    assert told() == ["coordinator@lyon.test"]


def test_only_the_secretariat_publishes_a_round(lyon, lyon_coordinator, secretariat):
    index_round = validated_round(lyon)
    url = reverse("index:round-publish", args=[index_round.pk])

    assert lyon_coordinator.client().post(url).status_code == 404
    assert not Response.objects.filter(status="published").exists()
    page = secretariat.client().get(reverse("index:round-detail", args=[index_round.pk]))
    assert "Publish the results of 1 city" in page.content.decode()


def test_the_round_page_publishes_in_french(lyon, oslo, secretariat):
    index_round = validated_round(lyon, oslo)
    client = secretariat.client()
    with translation.override("fr"):
        page_url = reverse("index:round-detail", args=[index_round.pk])
        publish_url = reverse("index:round-publish", args=[index_round.pk])

    page = client.get(page_url).content.decode()
    answer = client.post(publish_url, follow=True).content.decode()

    assert "Publier les résultats de 2 villes" in page
    assert "Les résultats de 2 villes sont publiés" in answer
