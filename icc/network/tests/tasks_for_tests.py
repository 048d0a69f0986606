"""Tasks that the tests of task workers queue and real workers run (importable by path)."""

from django.tasks import task

from icc.core.activity import record_activity
from icc.network.models import ScheduledRun


@task()
def note_run(*, run_id: int, number: int) -> int:
    """Add one activity row naming ``number`` to the scheduled run ``run_id``; return it."""
    run = ScheduledRun.objects.get(pk=run_id)
    record_activity(None, "test.task_ran", run, changes={"number": (None, number)})
    return number
