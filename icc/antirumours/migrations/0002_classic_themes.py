from django.db import migrations

CLASSIC = [
    ("services", "Social and health services", "Services sociaux et de santé"),
    ("commerce-taxes", "Commerce and taxes", "Commerce et impôts"),
    ("coexistence", "Coexistence", "Vivre ensemble"),
    ("labour", "Labour market", "Marché du travail"),
]


def add_themes(apps, schema_editor):  # type: ignore[no-untyped-def]
    Theme = apps.get_model("antirumours", "Theme")
    for slug, name_en, name_fr in CLASSIC:
        Theme.objects.get_or_create(slug=slug, defaults={"name_en": name_en, "name_fr": name_fr})


class Migration(migrations.Migration):
    dependencies = [("antirumours", "0001_initial")]
    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
