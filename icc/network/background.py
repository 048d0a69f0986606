"""Retries of failed background tasks, and the daily jobs of every module.

Every task of the platform gets the same treatment, whatever its module: a task that
fails is queued again after a growing delay, up to ``MAX_ATTEMPTS`` runs; after the
last one it is kept as a ``TaskFailure`` that the secretariat sees and may retry.
Daily jobs are registered here by each app and queued once a day by ``run_scheduler``
(decision record 0010).
"""

import logging
from contextvars import ContextVar
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.tasks import Task, TaskResult, TaskResultStatus
from django.tasks.signals import task_finished
from django.utils import timezone
from django.utils.module_loading import import_string

from icc.core.activity import record_activity
from icc.core.task_descriptions import TaskDescription, describe_task
from icc.network.models import ScheduledRun, TaskFailure

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
                transaction.on_commit(partial(job.enqueue, day=day.isoformat()))
        except IntegrityError:
            continue
        queued.append(path)
    return queued


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
        _enqueue_retry(failure, result.task, delay=delay)
    else:
        logger.error("Task %s failed %d times: %s", failure.task_path, failure.attempts, error)


@receiver(task_finished, dispatch_uid="icc.network.background.track_task_outcome")
def track_task_outcome(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
    """Retry a failed task with backoff, keep it after the last attempt, resolve it on success."""
    try:
        _record_outcome(task_result)
    except Exception:
        # Never let the bookkeeping turn a task's outcome into a worker crash.
        logger.exception("Could not record the outcome of task %s", task_result.id)


def retry_failed_task(failure: TaskFailure, *, retried_by: Any) -> None:
    """Queue a failed task once more, at once; if it fails again it is shown again."""
    task = import_string(failure.task_path)
    failure.state = TaskFailure.State.RETRYING
    failure.attempts = MAX_ATTEMPTS - 1
    failure.save(update_fields=["state", "attempts"])
    record_activity(
        retried_by, "task_failure.retried", failure, changes={"task": (None, failure.task_path)}
    )
    _enqueue_retry(failure, task, delay=0)


def describe_failure(failure: TaskFailure) -> TaskDescription | None:
    """Return what the failed task does and what it was about, as a reader names them."""
    return describe_task(failure.task_path, failure.args_kwargs.get("kwargs", {}))


def error_message(failure: TaskFailure) -> str:
    """Return the error without the exception's Python path (``ValueError: x`` -> ``x``)."""
    kind, _colon, message = failure.error.partition(": ")
    return message if message and " " not in kind else failure.error
