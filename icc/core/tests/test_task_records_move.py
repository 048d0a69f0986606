"""The failed tasks and scheduled runs kept by the network app are core's after migrating.

Decision 0036 moved ``TaskFailure`` and ``ScheduledRun`` from ``network`` to ``core``.
A database migrated before the move holds rows, and activity entries about them; after
migrating they are all found through core's models. (A fresh database is the one every
test runs on: migrated from nothing, through the move.)
"""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from icc.core.models import Activity, ScheduledRun, TaskFailure

BEFORE = [("network", "0006_join_steps_in_the_current_order"), ("core", "0003_worker_heartbeat")]


def migrate(targets: list[tuple[str, str]] | None = None) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_rows_kept_by_network_are_found_in_core_after_migrating() -> None:
    executor = migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    old_failure = old.get_model("network", "TaskFailure")
    old_run = old.get_model("network", "ScheduledRun")
    old_types = old.get_model("contenttypes", "ContentType")
    old_activity = old.get_model("core", "Activity")
    now = timezone.now()
    failure = old_failure.objects.create(
        task_path="icc.accounts.tasks.send_invitation_mail",
        args_kwargs={"args": [], "kwargs": {"grant_id": 7}},
        state="failed",
        attempts=3,
        error="SMTPError: down",
        last_failed_at=now,
    )
    old_run.objects.create(job="icc.practices.tasks.daily", day=date(2026, 5, 1))
    # The database as it was: content types named by the network app, none by core.
    old_types.objects.filter(app_label="core", model__in=["taskfailure", "scheduledrun"]).delete()
    failure_type = old_types.objects.get_or_create(app_label="network", model="taskfailure")[0]
    old_types.objects.get_or_create(app_label="network", model="scheduledrun")
    old_activity.objects.create(
        verb="task_failure.retried",
        target_type=failure_type,
        target_id=str(failure.pk),
        about_type=failure_type,
        about_id=str(failure.pk),
    )
    ContentType.objects.clear_cache()

    migrate()

    ContentType.objects.clear_cache()
    kept = TaskFailure.objects.get()
    assert (kept.pk, kept.state, kept.attempts) == (failure.pk, "failed", 3)
    assert kept.args_kwargs["kwargs"] == {"grant_id": 7}
    assert ScheduledRun.objects.get().day == date(2026, 5, 1)
    assert Activity.objects.get(verb="task_failure.retried").target == kept
    assert list(Activity.objects.about(kept)) == list(Activity.objects.all())
    assert not ContentType.objects.filter(app_label="network", model="taskfailure").exists()
    # The table kept its rule (one run of a job a day) and its numbering.
    with pytest.raises(IntegrityError):
        ScheduledRun.objects.create(job="icc.practices.tasks.daily", day=date(2026, 5, 1))
    TaskFailure.objects.create(task_path="x", state="failed", error="e", last_failed_at=now)
    assert TaskFailure.objects.count() == 2
