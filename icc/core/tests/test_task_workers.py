"""Workers that die mid-task, several workers, several schedulers: every task runs, once.

The tests with real processes start ``manage.py run_worker`` (or the scheduler's code) on
the test database (``tests/live_database.py``) and kill them as an operator's bad day would.
"""

import os
import signal
import subprocess
import time
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from icc.core import background
from icc.core.models import Activity, ScheduledRun, TaskFailure, WorkerHeartbeat
from icc.core.tests.tasks_for_tests import note_run
from icc.index.models import ReportBatch
from icc.index.services.rounds import request_network_reports
from icc.index.tasks import build_network_reports
from icc.index.tests.factories import publish_result, shipped_round
from tests.live_database import is_postgresql, read, shared_database, start

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
WORKER = ["manage.py", "run_worker", "--no-startup-delay", "--interval", "0.1", "--no-reload"]


def wait_until(condition: Callable[[], bool], *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.2)


def stop(process: subprocess.Popen[str]) -> str:
    """Stop a worker as an operator would (TERM) and return what it wrote on stderr."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=60)
    return err


# Recovery, one process ------------------------------------------------------------------


@pytest.fixture
def queued_by_database(settings) -> None:
    settings.TASKS = DATABASE_QUEUE


def claimed_task(worker_id: str) -> DBTaskResult:
    """Queue a task and claim it for ``worker_id``, as a worker starting it does."""
    run = ScheduledRun.objects.create(job="tests", day=timezone.localdate())
    row = DBTaskResult.objects.get(pk=note_run.enqueue(run_id=run.pk, number=1).id)
    row.claim(worker_id)
    return row


def silence(worker_id: str) -> None:
    """Make the worker's last heartbeat older than the lease."""
    background.beat(worker_id, started_at=timezone.now(), host="test", pid=1)
    long_ago = timezone.now() - timedelta(seconds=settings.TASK_WORKER_LEASE_SECONDS + 1)
    WorkerHeartbeat.objects.filter(pk=worker_id).update(beat_at=long_ago)


def test_a_task_of_a_silent_worker_is_failed_and_queued_again_at_once(queued_by_database) -> None:
    task = claimed_task("dead-worker")
    silence("dead-worker")
    assert background.recover_abandoned_tasks() == [str(task.pk)]
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == background.ABANDONED
    failure = TaskFailure.objects.get()
    assert failure.state == TaskFailure.State.RETRYING and failure.attempts == 1
    # Ready now: the worker died, the task did not fail, so no backoff.
    assert DBTaskResult.objects.ready().filter(pk=failure.pending_result_id).exists()
    # A second recovery (another worker, the scheduler) finds nothing more to do.
    assert background.recover_abandoned_tasks() == []
    assert DBTaskResult.objects.count() == 2


def test_a_task_of_a_live_worker_is_left_running(queued_by_database) -> None:
    task = claimed_task("live-worker")
    background.beat("live-worker", started_at=timezone.now(), host="test", pid=1)
    assert background.recover_abandoned_tasks() == []
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING and not TaskFailure.objects.exists()


def test_a_task_of_a_worker_without_heartbeat_is_left_alone(queued_by_database) -> None:
    task = claimed_task("plain-db-worker")
    silence("another-worker")
    assert background.recover_abandoned_tasks() == []
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING


def test_a_task_abandoned_at_every_attempt_waits_on_the_retry_page(
    queued_by_database, secretariat
) -> None:
    task = claimed_task("first")
    silence("first")
    background.recover_abandoned_tasks()
    for worker in ("second", "third"):
        retry = DBTaskResult.objects.get(pk=TaskFailure.objects.get().pending_result_id)
        retry.claim(worker)
        silence(worker)
        background.recover_abandoned_tasks()
    failure = TaskFailure.objects.get()
    assert failure.state == TaskFailure.State.FAILED
    assert failure.attempts == background.MAX_ATTEMPTS and task.pk
    page = secretariat.client().get(reverse("network:failed-task-list")).content.decode()
    assert "The worker running this task stopped before it finished" in page


# Reports resume where they stopped -------------------------------------------------------


def test_a_report_batch_run_again_keeps_the_reports_already_built(
    lyon, oslo, django_capture_on_commit_callbacks
) -> None:
    index_round = shipped_round(label="resumed")
    for city in (lyon, oslo):
        publish_result(index_round, city, 0.6)
    with django_capture_on_commit_callbacks(execute=True):
        batch = request_network_reports(index_round, language="en", requested_by=None)
    batch.refresh_from_db()
    assert batch.finished_at is not None and batch.done == 2
    # As a worker killed after the first report leaves it: one report kept, one to build.
    storage = batch.archive.storage
    first = f"index/reports/{index_round.pk}/batch-{batch.pk}/lyon-en.pdf"
    storage.save(first, ContentFile(b"%PDF-kept from the first run"))
    ReportBatch.objects.filter(pk=batch.pk).update(finished_at=None, archive="", done=1)
    assert build_network_reports.call(batch_id=batch.pk) == 2
    batch.refresh_from_db()
    assert batch.finished_at is not None and batch.done == 2
    with zipfile.ZipFile(batch.archive.open()) as bundle:
        assert bundle.read("lyon-en.pdf") == b"%PDF-kept from the first run"
        assert bundle.read("oslo-en.pdf").startswith(b"%PDF-")
    assert not storage.exists(first)


# kill -9 of a real worker ---------------------------------------------------------------


@pytest.mark.security
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_building_reports_leaves_nothing_building(
    tmp_path: Path, secretariat, lyon, oslo, barcelona
) -> None:
    index_round = shipped_round(label="killed")
    for city in (lyon, oslo, barcelona):
        publish_result(index_round, city, 0.6)
    with settings_using(DATABASE_QUEUE):
        batch = request_network_reports(index_round, language="en", requested_by=None)
    short_lease = {"TASK_WORKER_HEARTBEAT_SECONDS": "1", "TASK_WORKER_LEASE_SECONDS": "3"}
    with shared_database(tmp_path, **short_lease) as environment:

        def done() -> int:
            rows = read(environment, "SELECT done FROM index_reportbatch WHERE id = %s", [batch.pk])
            return rows[0][0]

        first = start(WORKER, environment)
        wait_until(lambda: done() >= 1, seconds=180, what="the first report")
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        assert done() < 3, "the worker finished before it could be killed"
        second = start(WORKER, environment)
        try:
            wait_until(
                lambda: (
                    read(
                        environment,
                        "SELECT finished_at FROM index_reportbatch WHERE id = %s",
                        [batch.pk],
                    )[0][0]
                    is not None
                ),
                seconds=180,
                what="the batch to finish on the second worker",
            )
        finally:
            errors = stop(second)
    batch.refresh_from_db()
    assert batch.done == 3 and not batch.is_running, errors
    killed = DBTaskResult.objects.get(exception_class_path=background.ABANDONED)
    assert killed.status == TaskResultStatus.FAILED
    failure = TaskFailure.objects.get()
    assert failure.state == TaskFailure.State.RESOLVED and failure.attempts == 1
    archive = tmp_path / "var" / "test-media" / str(batch.archive.name)
    with zipfile.ZipFile(archive) as bundle:
        assert sorted(bundle.namelist()) == ["barcelona-en.pdf", "lyon-en.pdf", "oslo-en.pdf"]
    page = secretariat.client().get(reverse("index:round-detail", args=[index_round.pk]))
    assert page.context["is_building"] is False
    assert 'http-equiv="refresh"' not in page.content.decode()


def settings_using(tasks: dict) -> override_settings:
    return override_settings(TASKS=tasks)


# Several workers, several schedulers -----------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_workers_take_each_task_once(tmp_path: Path) -> None:
    if not is_postgresql():
        pytest.skip("two workers are tested on PostgreSQL (CI runs the suite on it too)")
    run = ScheduledRun.objects.create(job="two-workers", day=timezone.localdate())
    with settings_using(DATABASE_QUEUE):
        for number in range(50):
            note_run.enqueue(run_id=run.pk, number=number)
    with shared_database(tmp_path) as environment:
        workers = [start(WORKER, environment) for _worker in range(2)]
        try:
            wait_until(
                lambda: (
                    DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 50
                ),
                seconds=180,
                what="50 tasks to succeed",
            )
        finally:
            for worker in workers:
                stop(worker)
    numbers = [
        entry.changes["number"][1] for entry in Activity.objects.filter(verb="test.task_ran")
    ]
    assert sorted(numbers) == list(range(50))
    assert all(len(row.worker_ids) == 1 for row in DBTaskResult.objects.all())
    assert len({row.worker_ids[0] for row in DBTaskResult.objects.all()}) == 2


SCHEDULER = """
import sys, time, pathlib, django
django.setup()
from django.utils import timezone
from icc.core.background import enqueue_daily_jobs
folder, name = pathlib.Path(sys.argv[1]), sys.argv[2]
(folder / f"ready-{name}").touch()
while not (folder / "go").exists():
    time.sleep(0.005)
print("\\n".join(enqueue_daily_jobs(timezone.localdate())))
"""


@pytest.mark.django_db(transaction=True)
def test_schedulers_on_three_servers_queue_each_daily_job_once(tmp_path: Path) -> None:
    with shared_database(tmp_path) as environment:
        schedulers = [
            start(["-c", SCHEDULER, str(tmp_path), str(number)], environment) for number in range(3)
        ]
        wait_until(
            lambda: len(list(tmp_path.glob("ready-*"))) == 3, seconds=120, what="three schedulers"
        )
        (tmp_path / "go").touch()
        outputs = [scheduler.communicate(timeout=60) for scheduler in schedulers]
    assert all(scheduler.returncode == 0 for scheduler in schedulers), outputs
    queued = [path for out, _err in outputs for path in out.split()]
    jobs = sorted(background.daily_jobs())
    assert jobs and sorted(queued) == jobs
    assert sorted(ScheduledRun.objects.values_list("job", flat=True)) == jobs
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == jobs
