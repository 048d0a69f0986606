"""The secretariat's page of failed background tasks: listed with their error, retried."""

from icc.core import background
from icc.core.models import TaskFailure
from icc.core.tests.tasks_for_tests import CALLS, flaky


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
