"""Failed background tasks: retried with backoff, then kept for the secretariat, never lost."""

from datetime import date

from django.tasks import task

from icc.core import background
from icc.core.models import ScheduledRun, TaskFailure
from icc.core.tests.tasks_for_tests import CALLS, flaky


def test_a_task_that_fails_once_is_retried_and_resolved(db) -> None:
    flaky.enqueue(fail_times=1, key="once")
    failure = TaskFailure.objects.get()
    assert failure.state == TaskFailure.State.RESOLVED
    assert failure.attempts == 1
    assert CALLS.count("once") == 2


def test_a_task_that_keeps_failing_is_kept_after_bounded_retries(db) -> None:
    flaky.enqueue(fail_times=99, key="always")
    failure = TaskFailure.objects.get()
    assert failure.state == TaskFailure.State.FAILED
    assert failure.attempts == background.MAX_ATTEMPTS
    assert CALLS.count("always") == background.MAX_ATTEMPTS
    assert "mail server down (always)" in failure.error
    assert failure.args_kwargs["kwargs"] == {"fail_times": 99, "key": "always"}


RAN: list[str] = []


@task()
def note(*, day: str) -> None:
    """Note the day a daily job ran for."""
    RAN.append(day)


def test_daily_jobs_are_queued_once_a_day(db, django_capture_on_commit_callbacks) -> None:
    background.register_daily_job(note)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            first = background.enqueue_daily_jobs(date(2026, 5, 1))
            second = background.enqueue_daily_jobs(date(2026, 5, 1))
            background.enqueue_daily_jobs(date(2026, 5, 2))
    finally:
        background._daily_jobs.pop(note.module_path)
    assert note.module_path in first and note.module_path not in second
    assert RAN == ["2026-05-01", "2026-05-02"]
    assert ScheduledRun.objects.filter(job=note.module_path).count() == 2
