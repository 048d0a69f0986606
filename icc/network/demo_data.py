"""The demo network: real member cities and national networks, with invented figures.

Names, countries, coordinates, pilot status and joining years mentioned in
public sources are facts; populations, shares and most dates are rounded or
invented for the demo and every city is flagged so its page says so.
"""

# slug, name, country, region, population, population year, foreign-born %, year,
# languages, latitude, longitude, status, joined, national network slug
CITIES = [
    ("amadora", "Amadora", "PT", "Lisbon District", 171_000, 2021, 12.4, 2021, ["pt"], 38.7538, -9.2308, "member", "2012-05-01", "rpci"),
    ("amman", "Amman", "JO", "Amman Governorate", 4_000_000, 2020, 30.0, 2020, ["ar", "en"], 31.9539, 35.9106, "member", "2016-06-01", None),
    ("ballarat", "Ballarat", "AU", "Victoria", 113_000, 2021, 11.8, 2021, ["en"], -37.5622, 143.8503, "member", "2015-09-01", "ica"),
    ("barcelona", "Barcelona", "ES", "Catalonia", 1_660_000, 2022, 26.0, 2022, ["ca", "es"], 41.3874, 2.1686, "member", "2008-11-01", "reci"),
    ("bergen", "Bergen", "NO", "Vestland", 287_000, 2022, 12.5, 2022, ["nb"], 60.3913, 5.3221, "member", "2014-03-01", "norway"),
    ("berlin-neukolln", "Berlin-Neukölln", "DE", "Berlin", 330_000, 2021, 44.0, 2021, ["de", "tr", "ar"], 52.4811, 13.4350, "member", "2008-01-15", None),
    ("bilbao", "Bilbao", "ES", "Basque Country", 345_000, 2022, 11.0, 2022, ["es", "eu"], 43.2630, -2.9350, "member", "2013-04-01", "reci"),
    ("botkyrka", "Botkyrka", "SE", "Stockholm County", 95_000, 2021, 42.0, 2021, ["sv"], 59.2006, 17.8311, "member", "2010-02-01", None),
    ("copenhagen", "Copenhagen", "DK", "Capital Region", 650_000, 2022, 25.0, 2022, ["da"], 55.6761, 12.5683, "member", "2011-06-01", None),
    ("dortmund", "Dortmund", "DE", "North Rhine-Westphalia", 588_000, 2021, 19.0, 2021, ["de"], 51.5136, 7.4653, "member", "2009-09-01", None),
    ("dublin", "Dublin", "IE", "Leinster", 590_000, 2022, 22.0, 2022, ["en"], 53.3498, -6.2603, "member", "2011-01-01", None),
    ("duisburg", "Duisburg", "DE", "North Rhine-Westphalia", 486_855, 2013, 15.2, 2013, ["de", "tr"], 51.4344, 6.7623, "member", "2014-01-01", None),
    ("erlangen", "Erlangen", "DE", "Bavaria", 113_000, 2021, 17.5, 2021, ["de"], 49.5897, 11.0078, "member", "2016-05-01", None),
    ("forli", "Forlì", "IT", "Emilia-Romagna", 117_000, 2021, 11.9, 2021, ["it"], 44.2227, 12.0407, "member", "2011-05-01", "citta-del-dialogo"),
    ("geneva", "Geneva", "CH", "Canton of Geneva", 203_000, 2021, 48.0, 2021, ["fr"], 46.2044, 6.1432, "member", "2012-03-01", None),
    ("haifa", "Haifa", "IL", "Haifa District", 272_180, 2016, 9.0, 2016, ["he", "ar"], 32.7940, 34.9896, "member", "2016-02-01", None),
    ("hamamatsu", "Hamamatsu", "JP", "Shizuoka Prefecture", 790_000, 2021, 3.2, 2021, ["ja", "pt"], 34.7108, 137.7261, "member", "2017-10-01", None),
    ("hamburg", "Hamburg", "DE", "Hamburg", 1_850_000, 2021, 17.0, 2021, ["de"], 53.5511, 9.9937, "member", "2017-04-01", None),
    ("izhevsk", "Izhevsk", "RU", "Udmurtia", 640_000, 2020, 2.0, 2020, ["ru"], 56.8526, 53.2045, "left", "2008-01-15", None),
    ("limassol", "Limassol", "CY", "Limassol District", 195_000, 2021, 21.0, 2021, ["el", "en"], 34.7071, 33.0226, "applicant", None, None),
    ("lisbon", "Lisbon", "PT", "Lisbon District", 545_000, 2021, 15.0, 2021, ["pt"], 38.7223, -9.1393, "member", "2013-10-01", "rpci"),
    ("lublin", "Lublin", "PL", "Lublin Voivodeship", 339_000, 2021, 3.5, 2021, ["pl", "uk"], 51.2465, 22.5684, "member", "2008-01-15", None),
    ("lyon", "Lyon", "FR", "Auvergne-Rhône-Alpes", 522_000, 2021, 13.5, 2021, ["fr"], 45.7640, 4.8357, "member", "2008-01-15", None),
    ("melitopol", "Melitopol", "UA", "Zaporizhzhia Oblast", 150_000, 2021, 4.0, 2021, ["uk", "ru"], 46.8489, 35.3675, "suspended", "2008-01-15", "icc-ua"),
    ("mexico-city", "Mexico City", "MX", "Mexico City", 9_200_000, 2020, 1.5, 2020, ["es"], 19.4326, -99.1332, "applicant", None, None),
    ("montreal", "Montreal", "CA", "Québec", 1_760_000, 2021, 34.0, 2021, ["fr", "en"], 45.5019, -73.5674, "member", "2011-09-01", None),
    ("munich", "Munich", "DE", "Bavaria", 1_480_000, 2021, 28.0, 2021, ["de"], 48.1351, 11.5820, "member", "2013-06-01", None),
    ("neuchatel", "Neuchâtel", "CH", "Canton of Neuchâtel", 45_000, 2021, 26.0, 2021, ["fr"], 46.9900, 6.9293, "member", "2008-01-15", None),
    ("odessa", "Odessa", "UA", "Odesa Oblast", 1_010_000, 2021, 5.0, 2021, ["uk", "ru"], 46.4825, 30.7233, "member", "2016-06-01", "icc-ua"),
    ("oslo", "Oslo", "NO", "Oslo", 700_000, 2022, 33.0, 2022, ["nb"], 59.9139, 10.7522, "member", "2008-01-15", "norway"),
    ("paris", "Paris", "FR", "Île-de-France", 2_100_000, 2021, 20.0, 2021, ["fr"], 48.8566, 2.3522, "member", "2016-09-01", None),
    ("patras", "Patras", "GR", "Western Greece", 167_000, 2021, 6.5, 2021, ["el"], 38.2466, 21.7346, "member", "2008-01-15", None),
    ("pavlograd", "Pavlograd", "UA", "Dnipropetrovsk Oblast", 105_000, 2021, 3.0, 2021, ["uk", "ru"], 48.5350, 35.8700, "member", "2015-04-01", "icc-ua"),
    ("reggio-emilia", "Reggio Emilia", "IT", "Emilia-Romagna", 171_000, 2021, 16.0, 2021, ["it"], 44.6983, 10.6312, "member", "2008-01-15", "citta-del-dialogo"),
    ("reykjavik", "Reykjavik", "IS", "Capital Region", 120_000, 2013, 8.1, 2013, ["is", "en"], 64.1466, -21.9426, "member", "2013-01-01", None),
    ("rijeka", "Rijeka", "HR", "Primorje-Gorski Kotar", 128_624, 2011, 5.1, 2011, ["hr", "it"], 45.3271, 14.4422, "member", "2016-03-01", None),
    ("sabadell", "Sabadell", "ES", "Catalonia", 216_000, 2022, 13.0, 2022, ["ca", "es"], 41.5433, 2.1094, "member", "2012-07-01", "reci"),
    ("stavanger", "Stavanger", "NO", "Rogaland", 145_000, 2022, 20.0, 2022, ["nb"], 58.9700, 5.7331, "member", "2014-09-01", "norway"),
    ("subotica", "Subotica", "RS", "Vojvodina", 123_000, 2021, 4.0, 2021, ["sr", "hu", "hr"], 46.1000, 19.6658, "member", "2008-01-15", None),
    ("tilburg", "Tilburg", "NL", "North Brabant", 224_000, 2022, 12.0, 2022, ["nl"], 51.5555, 5.0913, "member", "2008-01-15", None),
    ("valletta", "Valletta", "MT", "South Eastern Region", 6_000, 2021, 15.0, 2021, ["en"], 35.8989, 14.5146, "member", "2017-11-01", None),
    ("zurich", "Zurich", "CH", "Canton of Zurich", 440_000, 2021, 32.0, 2021, ["de"], 47.3769, 8.5417, "member", "2012-01-01", None),
]

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
