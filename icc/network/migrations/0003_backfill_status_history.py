"""Give every city created before status changes were recorded its first history entry."""

from django.db import migrations


def backfill(apps, schema_editor):
    City = apps.get_model("network", "City")
    CityStatusChange = apps.get_model("network", "CityStatusChange")
    recorded = set(CityStatusChange.objects.values_list("city_id", flat=True))
    CityStatusChange.objects.bulk_create(
        [
            CityStatusChange(
                city_id=city.pk,
                from_status="",
                to_status=city.status,
                reason="Status before the platform kept the history of changes.",
                changed_on=city.joined_on or city.created_at.date(),
            )
            for city in City.objects.order_by("pk")
            if city.pk not in recorded
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("network", "0002_taskfailure_citystatuschange_financialagreement_and_more")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
