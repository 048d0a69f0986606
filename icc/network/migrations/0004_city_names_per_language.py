"""Give cities a name per language, with the French names of the cities the network knows.

The names are copied here rather than imported, so the migration stays what it was when
the demo data changes.
"""

import unicodedata

from django.db import migrations, models

# Slug → French name, where it differs from the English one.
FRENCH_NAMES = {
    "barcelona": "Barcelone",
    "copenhagen": "Copenhague",
    "geneva": "Genève",
    "haifa": "Haïfa",
    "hamburg": "Hambourg",
    "izhevsk": "Ijevsk",
    "lisbon": "Lisbonne",
    "melitopol": "Mélitopol",
    "mexico-city": "Mexico",
    "montreal": "Montréal",
    "reggio-emilia": "Reggio d’Émilie",
    "valletta": "La Valette",
}

# French reasons a first status change may have been stored with, before the platform kept
# its own reasons in English and translated them when shown.
FIRST_STATUS_REASON = "Recorded when the city was added."
FRENCH_FIRST_STATUS_REASONS = {
    "Statut enregistré lors de l’ajout de la ville.",
    "Statut enregistré lors de l'ajout de la ville.",
}


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_name(name, names):
    return "\n".join(dict.fromkeys(fold(each) for each in [name, *names.values()] if each))


def fill_french_names(apps, schema_editor):
    City = apps.get_model("network", "City")
    CityStatusChange = apps.get_model("network", "CityStatusChange")
    for city in City.objects.all():
        french = FRENCH_NAMES.get(city.slug)
        if french and french != city.name and not city.names.get("fr"):
            city.names = {**city.names, "fr": french}
        city.search_name = search_name(city.name, city.names)
        city.save(update_fields=["names", "search_name"])
    CityStatusChange.objects.filter(from_status="", reason__in=FRENCH_FIRST_STATUS_REASONS).update(
        reason=FIRST_STATUS_REASON
    )


class Migration(migrations.Migration):
    dependencies = [("network", "0003_backfill_status_history")]

    operations = [
        migrations.AddField(
            model_name="city",
            name="names",
            field=models.JSONField(
                blank=True, default=dict, verbose_name="names in other languages"
            ),
        ),
        migrations.AlterField(
            model_name="city",
            name="search_name",
            field=models.CharField(db_index=True, editable=False, max_length=400),
        ),
        migrations.RunPython(fill_french_names, migrations.RunPython.noop),
    ]
