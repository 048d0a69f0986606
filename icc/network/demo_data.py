"""The demo network: real member cities and national networks, with invented figures.

Names, countries, coordinates, pilot status and joining years mentioned in
public sources are facts; populations, shares and most dates are rounded or
invented for the demo and every city is flagged so its page says so.
"""

import csv
from pathlib import Path

# slug, name, country, region, population, population year, foreign-born %, year,
# languages (space-separated), latitude, longitude, status, joined, national network slug
CITIES_FILE = Path(__file__).with_name("demo_cities.csv")


def _read_cities() -> list[tuple]:
    """The demo cities as tuples in the column order above (typed, empty cells as None)."""
    with CITIES_FILE.open(encoding="utf-8", newline="") as handle:
        return [
            (
                row["slug"],
                row["name"],
                row["country"],
                row["region"],
                int(row["population"]),
                int(row["population_year"]),
                float(row["foreign_born_share"]),
                int(row["foreign_born_year"]),
                row["languages"].split(),
                float(row["latitude"]),
                float(row["longitude"]),
                row["status"],
                row["joined"] or None,
                row["national_network"] or None,
            )
            for row in csv.DictReader(handle)
        ]


CITIES = _read_cities()

# slug → French name, where it differs from the English one (the migration that gave cities
# a name per language copies this list).
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

# slug, name, country, founded year
NATIONAL_NETWORKS = [
    ("citta-del-dialogo", "Città del Dialogo", "IT", 2010),
    ("reci", "RECI – Red de Ciudades Interculturales", "ES", 2011),
    ("rpci", "RPCI – Rede Portuguesa de Cidades Interculturais", "PT", 2012),
    ("icc-ua", "ICC-UA – Ukrainian Intercultural Cities Network", "UA", None),
    ("rmci", "RMCI – Réseau marocain des villes interculturelles", "MA", 2016),
    ("norway", "Norwegian Intercultural Cities Network", "NO", None),
    ("uk", "UK Intercultural Cities Network", "GB", 2020),
    ("ica", "Intercultural Cities Australasia", "AU", None),
]

DEMO_PASSWORD = "icc-demo-2026"  # noqa: S105
# A fixed TOTP secret so the demo secretariat can sign in; never used outside the demo.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105

# e-mail, full name, language, role, city slug, national network slug
PEOPLE = [
    ("secretariat@icc.example", "Sofia Secretariat", "en", "secretariat", None, None),
    ("coordinator.lyon@icc.example", "Camille Martin", "fr", "city_coordinator", "lyon", None),
    ("editor.lyon@icc.example", "Louis Bernard", "fr", "city_editor", "lyon", None),
    ("coordinator.oslo@icc.example", "Ingrid Hansen", "en", "city_coordinator", "oslo", None),
    ("network.spain@icc.example", "Lucía García", "en", "network_coordinator", None, "reci"),
    ("expert@icc.example", "Elena Expert", "en", "expert", None, None),
]
