"""Failed background tasks: retried with backoff, then kept for the secretariat, never lost."""

from datetime import date

from django.tasks import task

from icc.network import background
from icc.network.models import ScheduledRun, TaskFailure

CALLS: list[str] = []


@task()
def flaky(*, fail_times: int, key: str) -> str:
    """Fail the first ``fail_times`` runs for ``key``, then succeed."""
    CALLS.append(key)
    if CALLS.count(key) <= fail_times:
        raise RuntimeError(f"mail server down ({key})")
    return "sent"


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


def test_secretariat_sees_the_failed_task_and_retries_it(secretariat) -> None:
    flaky.enqueue(fail_times=3, key="later")
    failure = TaskFailure.objects.get(state=TaskFailure.State.FAILED)
    page = secretariat.client().get("/en/background-tasks/failed/")
    assert "mail server down (later)" in page.content.decode()
    response = secretariat.client().post(f"/en/background-tasks/failed/{failure.pk}/retry/")
    assert response.status_code == 302
    failure.refresh_from_db()
    assert failure.state == TaskFailure.State.RESOLVED
    assert CALLS.count("later") == 4


def test_a_failed_manual_retry_is_shown_again(secretariat) -> None:
    flaky.enqueue(fail_times=99, key="stubborn")
    failure = TaskFailure.objects.get()
    secretariat.client().post(f"/en/background-tasks/failed/{failure.pk}/retry/")
    failure.refresh_from_db()
    assert failure.state == TaskFailure.State.FAILED
    assert failure.attempts == background.MAX_ATTEMPTS


def test_city_coordinator_may_not_see_or_retry_failed_tasks(lyon_coordinator) -> None:
    flaky.enqueue(fail_times=99, key="hidden")
    failure = TaskFailure.objects.get()
    client = lyon_coordinator.client()
    assert client.get("/en/background-tasks/failed/").status_code == 403
    assert client.post(f"/en/background-tasks/failed/{failure.pk}/retry/").status_code == 403
    failure.refresh_from_db()
    assert failure.state == TaskFailure.State.FAILED


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
