"""Take over ``TaskFailure`` and ``ScheduledRun`` from the network app, keeping every row.

Network's migration 0007 renamed their tables to ``core_taskfailure`` and
``core_scheduledrun``; this one only records the models as core's (decision 0036).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_worker_heartbeat"),
        ("network", "0007_move_task_records_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="TaskFailure",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("task_path", models.CharField(max_length=200, verbose_name="task")),
                        ("args_kwargs", models.JSONField(default=dict, verbose_name="arguments")),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("retrying", "Retrying"),
                                    ("failed", "Failed"),
                                    ("resolved", "Resolved"),
                                ],
                                db_index=True,
                                max_length=16,
                                verbose_name="state",
                            ),
                        ),
                        (
                            "attempts",
                            models.PositiveSmallIntegerField(default=1, verbose_name="attempts"),
                        ),
                        ("error", models.TextField(verbose_name="error")),
                        ("traceback", models.TextField(blank=True, verbose_name="traceback")),
                        (
                            "pending_result_id",
                            models.CharField(blank=True, db_index=True, max_length=64),
                        ),
                        (
                            "first_failed_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="first failed at"),
                        ),
                        ("last_failed_at", models.DateTimeField(verbose_name="last failed at")),
                        (
                            "resolved_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="resolved at"),
                        ),
                    ],
                    options={
                        "verbose_name": "failed task",
                        "verbose_name_plural": "failed tasks",
                        "ordering": ["-last_failed_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="ScheduledRun",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("job", models.CharField(max_length=200, verbose_name="job")),
                        ("day", models.DateField(verbose_name="day")),
                        (
                            "enqueued_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="queued at"),
                        ),
                    ],
                    options={
                        "verbose_name": "scheduled run",
                        "verbose_name_plural": "scheduled runs",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("job", "day"), name="scheduled_run_once_a_day"
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
