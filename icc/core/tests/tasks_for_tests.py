"""Tasks that the tests of task workers queue and real workers run (importable by path)."""

from django.tasks import task

from icc.core.activity import record_activity
from icc.core.models import ScheduledRun


@task()
def note_run(*, run_id: int, number: int) -> int:
    """Add one activity row naming ``number`` to the scheduled run ``run_id``; return it."""
    run = ScheduledRun.objects.get(pk=run_id)
    record_activity(None, "test.task_ran", run, changes={"number": (None, number)})
    return number


CALLS: list[str] = []


@task()
def flaky(*, fail_times: int, key: str) -> str:
    """Fail the first ``fail_times`` runs for ``key``, then succeed."""
    CALLS.append(key)
    if CALLS.count(key) <= fail_times:
        raise RuntimeError(f"mail server down ({key})")
    return "sent"
