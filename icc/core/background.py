"""Retries of failed background tasks, and the daily jobs of every module.

Every task of the platform gets the same treatment, whatever its module: a task that
fails is queued again after a growing delay, up to ``MAX_ATTEMPTS`` runs; after the
last one it is kept as a ``TaskFailure`` that the secretariat sees and may retry.
Daily jobs are registered here by each app and queued once a day by ``run_scheduler``
(decision record 0010).

A task whose worker died while running it (``kill -9``, a lost machine) would stay
"running" forever: each worker started by ``run_worker`` writes a heartbeat, and
``recover_abandoned_tasks`` fails the running tasks of a worker silent for longer than
the lease, which sends them through the same retries (decision 0023).
"""

import logging
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.tasks import Task, TaskResult, TaskResultStatus
from django.tasks.signals import task_finished
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from icc.core.activity import record_activity, register_change_labels, register_verbs
from icc.core.actors import Person
from icc.core.models import ScheduledRun, TaskFailure, WorkerHeartbeat
from icc.core.task_descriptions import TaskDescription, describe_task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# Seconds to wait before the second and the third run.
BACKOFF_SECONDS = [60, 600]

# The failure whose retry is being queued now: with a backend that runs a task at once
# (the tests'), the retry finishes before its result id is known.
_retrying: ContextVar[int | None] = ContextVar("_retrying", default=None)

_daily_jobs: dict[str, Task] = {}


def register_daily_job(job: Task) -> Task:
    """Have ``job`` (a task taking no arguments but ``day``, ISO) queued once a day."""
    _daily_jobs[job.module_path] = job
    return job


def daily_jobs() -> dict[str, Task]:
    """Return the registered daily jobs by their path."""
    return dict(sorted(_daily_jobs.items()))


def enqueue_daily_jobs(day: date) -> list[str]:
    """Queue each daily job not yet queued for ``day``; return the paths queued now.

    Idempotent: several schedulers, or one restarted, still queue each job once a day.
    """
    queued = []
    for path, job in daily_jobs().items():
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(job=path, day=day)
                if isinstance(job.get_backend(), DatabaseBackend):
                    # The task row commits with the day's row: a crash between the two
                    # cannot leave the day marked done with nothing queued.
                    job.enqueue(day=day.isoformat())
                else:
                    transaction.on_commit(partial(job.enqueue, day=day.isoformat()))
        except IntegrityError:
            continue
        queued.append(path)
    return queued


class AbandonedTask(Exception):
    """The worker running a task stopped answering: its heartbeat outlived the lease."""


ABANDONED = f"{AbandonedTask.__module__}.{AbandonedTask.__qualname__}"
# Workers silent this long with nothing left running are forgotten.
FORGET_WORKERS_AFTER = timedelta(days=1)


def beat(worker_id: str, *, started_at: datetime, host: str, pid: int) -> None:
    """Record that the worker ``worker_id`` is alive now."""
    now = timezone.now()
    if not WorkerHeartbeat.objects.filter(pk=worker_id).update(beat_at=now):
        WorkerHeartbeat.objects.create(
            worker_id=worker_id, host=host, pid=pid, started_at=started_at, beat_at=now
        )


def recover_abandoned_tasks() -> list[str]:
    """Fail the running tasks whose worker went silent, so the retries take them over.

    A task counts as abandoned when the worker that claimed it (``run_worker``) has not
    written its heartbeat for ``TASK_WORKER_LEASE_SECONDS``; it is marked failed with an
    ``AbandonedTask`` error and reported like any failure: queued again at once while
    attempts remain, then listed for the secretariat with the retry button. Tasks of
    workers without a heartbeat (a bare ``db_worker``) are never touched. Safe to run in
    several processes at once: each task is recovered once. Returns the recovered ids.
    """
    now = timezone.now()
    lease = timedelta(seconds=settings.TASK_WORKER_LEASE_SECONDS)
    silent = dict(
        WorkerHeartbeat.objects.filter(beat_at__lt=now - lease).values_list("worker_id", "beat_at")
    )
    if not silent:
        return []
    recovered = []
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    for worker_ids, pk in running.values_list("worker_ids", "pk"):
        worker = worker_ids[-1] if worker_ids else None
        if worker not in silent:
            continue
        traceback = (
            f"{ABANDONED}: worker {worker} stopped answering while running this task "
            f"(last heartbeat {silent[worker].isoformat(timespec='seconds')})\n"
        )
        # Only one recovering process wins the row.
        if not DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path=ABANDONED,
            traceback=traceback,
            return_value=None,
        ):
            continue
        logger.warning(
            "Task %s was abandoned by worker %s; failing it into the retries", pk, worker
        )
        recovered.append(str(pk))
        try:
            result = DBTaskResult.objects.get(pk=pk).task_result
        except (ImportError, SuspiciousOperation):
            logger.exception("Abandoned task %s no longer points to a task", pk)
            continue
        task_finished.send(sender=type(result.task.get_backend()), task_result=result)
    busy = {ids[-1] for ids in running.values_list("worker_ids", flat=True) if ids}
    WorkerHeartbeat.objects.filter(beat_at__lt=now - FORGET_WORKERS_AFTER).exclude(
        worker_id__in=busy
    ).delete()
    return recovered


def _error_of(result: TaskResult) -> tuple[str, str]:
    if not result.errors:
        return "", ""
    error = result.errors[-1]
    lines = error.traceback.strip().splitlines()
    return (lines[-1] if lines else error.exception_class_path), error.traceback


def _enqueue_retry(failure: TaskFailure, task: Task, *, delay: int) -> None:
    args = failure.args_kwargs.get("args", [])
    kwargs = failure.args_kwargs.get("kwargs", {})
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
    token = _retrying.set(failure.pk)
    try:
        result = task.enqueue(*args, **kwargs)
    finally:
        _retrying.reset(token)
    TaskFailure.objects.filter(pk=failure.pk, state=TaskFailure.State.RETRYING).update(
        pending_result_id=str(result.id)
    )


def _failure_for(result: TaskResult) -> TaskFailure | None:
    failure_id = _retrying.get()
    if failure_id is not None:
        return TaskFailure.objects.filter(pk=failure_id).first()
    return TaskFailure.objects.filter(pending_result_id=str(result.id)).first()


def _record_outcome(result: TaskResult) -> None:
    failure = _failure_for(result)
    if result.status == TaskResultStatus.SUCCESSFUL:
        if failure is not None:
            failure.state = TaskFailure.State.RESOLVED
            failure.resolved_at = timezone.now()
            failure.pending_result_id = ""
            failure.save(update_fields=["state", "resolved_at", "pending_result_id"])
        return
    if result.status != TaskResultStatus.FAILED:
        return
    error, traceback = _error_of(result)
    if failure is None:
        failure = TaskFailure(
            task_path=result.task.module_path,
            args_kwargs={"args": list(result.args), "kwargs": dict(result.kwargs)},
            attempts=0,
        )
    failure.attempts += 1
    failure.error, failure.traceback = error, traceback
    failure.last_failed_at = timezone.now()
    failure.pending_result_id = ""
    may_retry = failure.attempts < MAX_ATTEMPTS
    failure.state = TaskFailure.State.RETRYING if may_retry else TaskFailure.State.FAILED
    failure.save()
    if may_retry:
        delay = BACKOFF_SECONDS[min(failure.attempts, len(BACKOFF_SECONDS)) - 1]
        if result.errors and result.errors[-1].exception_class_path == ABANDONED:
            # The task did not fail: its worker died. Another worker may take it at once.
            delay = 0
        _enqueue_retry(failure, result.task, delay=delay)
    else:
        logger.error("Task %s failed %d times: %s", failure.task_path, failure.attempts, error)


@receiver(task_finished, dispatch_uid="icc.core.background.track_task_outcome")
def track_task_outcome(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    """Retry a failed task with backoff, keep it after the last attempt, resolve it on success."""
    try:
        _record_outcome(task_result)
    except Exception:
        # Never let the bookkeeping turn a task's outcome into a worker crash.
        logger.exception("Could not record the outcome of task %s", task_result.id)


def retry_failed_task(failure: TaskFailure, *, retried_by: Person | None) -> None:
    """Queue a failed task once more, at once; if it fails again it is shown again."""
    task = import_string(failure.task_path)
    failure.state = TaskFailure.State.RETRYING
    failure.attempts = MAX_ATTEMPTS - 1
    failure.save(update_fields=["state", "attempts"])
    record_activity(
        retried_by, "task_failure.retried", failure, changes={"task": (None, failure.task_path)}
    )
    _enqueue_retry(failure, task, delay=0)


def register_labels() -> None:
    """Name the secretariat's retry of a failed task on timelines (called when core starts)."""
    register_verbs({"task_failure.retried": gettext_lazy("queued a failed task again")})
    register_change_labels(TaskFailure, fields={"task": gettext_lazy("task")})


def describe_failure(failure: TaskFailure) -> TaskDescription | None:
    """Return what the failed task does and what it was about, as a reader names them."""
    return describe_task(failure.task_path, failure.args_kwargs.get("kwargs", {}))


def error_message(failure: TaskFailure) -> str:
    """Return the error without the exception's Python path (``ValueError: x`` -> ``x``)."""
    if failure.error.startswith(ABANDONED):
        return _(
            "The worker running this task stopped before it finished "
            "(it was killed, or its server was lost)."
        )
    kind, _colon, message = failure.error.partition(": ")
    return message if message and " " not in kind else failure.error
