"""Hand ``TaskFailure`` and ``ScheduledRun`` to the core app, keeping every row.

The tables are renamed to core's names here; core's migration 0004 then takes the
models over in its state only (decision 0036). The content types follow, so the
activity entries about a failed task stay attached to it.
"""

from django.db import migrations

MODELS = ("taskfailure", "scheduledrun")


def _move_content_types(apps, schema_editor, source: str, target: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    activity = apps.get_model("core", "Activity")
    types = content_type.objects.using(schema_editor.connection.alias)
    for model in MODELS:
        old = types.filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = types.filter(app_label=target, model=model).first()
        if new is None:
            old.app_label = target
            old.save(update_fields=["app_label"])
            continue
        # Both exist (the new one was made by hand or by an earlier try): keep the new
        # one, and move the timeline entries of the old one onto it before it goes.
        entries = activity.objects.using(schema_editor.connection.alias)
        entries.filter(target_type=old).update(target_type=new)
        entries.filter(about_type=old).update(about_type=new)
        old.delete()


def to_core(apps, schema_editor) -> None:
    _move_content_types(apps, schema_editor, "network", "core")


def back_to_network(apps, schema_editor) -> None:
    _move_content_types(apps, schema_editor, "core", "network")


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0006_join_steps_in_the_current_order"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_worker_heartbeat"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable("TaskFailure", "core_taskfailure"),
                migrations.AlterModelTable("ScheduledRun", "core_scheduledrun"),
            ],
            state_operations=[
                migrations.DeleteModel("TaskFailure"),
                migrations.DeleteModel("ScheduledRun"),
            ],
        ),
        migrations.RunPython(to_core, back_to_network),
    ]
