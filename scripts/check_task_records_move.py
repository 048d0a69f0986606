"""Check that failed tasks and scheduled runs kept by ``network`` are ``core``'s after migrating.

Decision 0036 moved ``TaskFailure`` and ``ScheduledRun`` from the network app to core.
This migrates an empty database to just before the move, writes rows there as the
network app kept them (with an activity entry about the failure, under the old content
type), migrates through the move, and checks every row is found through core's models.
Only the migrations on the way are run, forwards; nothing else of the project.

    DATABASE_URL=sqlite:////tmp/move.sqlite3 .venv/bin/python scripts/check_task_records_move.py
    DATABASE_URL=postgres://icc:icc@127.0.0.1:5432/an_empty_database \\
        .venv/bin/python scripts/check_task_records_move.py

Prints "kept" and exits 0 when every row is found; raises otherwise.
"""

import os
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEFORE = [("network", "0006_join_steps_in_the_current_order"), ("core", "0003_worker_heartbeat")]
AFTER = [("core", "0004_task_failure_and_scheduled_run")]


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import IntegrityError, connection, transaction
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    executor = MigrationExecutor(connection)
    if executor.loader.applied_migrations:
        raise SystemExit("Give an empty database: this one has migrations applied.")
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    content_types = old.get_model("contenttypes", "ContentType")
    failure = old.get_model("network", "TaskFailure").objects.create(
        task_path="icc.accounts.tasks.send_invitation_mail",
        args_kwargs={"args": [], "kwargs": {"grant_id": 7}},
        state="failed",
        attempts=3,
        error="SMTPError: down",
        last_failed_at=timezone.now(),
    )
    old.get_model("network", "ScheduledRun").objects.create(job="daily", day=date(2026, 5, 1))
    failure_type = content_types.objects.create(app_label="network", model="taskfailure")
    content_types.objects.create(app_label="network", model="scheduledrun")
    old.get_model("core", "Activity").objects.create(
        verb="task_failure.retried",
        target_type=failure_type,
        target_id=str(failure.pk),
        about_type=failure_type,
        about_id=str(failure.pk),
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    kept = new.get_model("core", "TaskFailure").objects.get()
    assert (kept.pk, kept.state, kept.attempts) == (failure.pk, "failed", 3), kept
    assert kept.args_kwargs["kwargs"] == {"grant_id": 7}, kept.args_kwargs
    runs = new.get_model("core", "ScheduledRun").objects
    assert runs.get().day == date(2026, 5, 1)
    entry = new.get_model("core", "Activity").objects.get()
    assert (entry.target_type.app_label, entry.target_type.model) == ("core", "taskfailure")
    assert entry.target_id == str(kept.pk)
    labels = set(new.get_model("contenttypes", "ContentType").objects.values_list("app_label"))
    assert ("network",) not in labels, labels
    # The table kept its rule (one run of a job a day) and its numbering.
    try:
        with transaction.atomic():
            runs.create(job="daily", day=date(2026, 5, 1))
    except IntegrityError:
        pass
    else:
        raise AssertionError("a job ran twice on one day")
    new.get_model("core", "TaskFailure").objects.create(
        task_path="x", state="failed", error="e", last_failed_at=timezone.now()
    )
    tables = set(connection.introspection.table_names())
    assert {"core_taskfailure", "core_scheduledrun"} <= tables, tables
    assert not {"network_taskfailure", "network_scheduledrun"} & tables, tables
    print("kept")


if __name__ == "__main__":
    main()
