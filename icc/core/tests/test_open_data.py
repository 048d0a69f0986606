"""Every public dataset downloads as CSV and JSON, and its Data Package is valid."""

import json
from typing import Any

import pytest
from django.test import Client
from frictionless import Package

from icc.practices.tests.conftest import write_practice


@pytest.fixture
def network(lyon, oslo) -> None:
    lyon.names = {"fr": "Lyon"}
    write_practice(lyon, en={"title": '=HYPERLINK("http://x")', "problem": "p"}, publish=True)
    write_practice(oslo, fr={"title": "Bibliothèques ouvertes", "problem": "p"}, publish=True)


def _download_package(client: Client, folder, descriptor_path: str) -> dict:
    descriptor = client.get(descriptor_path).json()
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    for resource in descriptor["resources"]:
        response = client.get(f"/open-data/{resource['path']}")
        assert response.status_code == 200, resource["path"]
        (folder / resource["path"]).write_bytes(response.content)
    return descriptor


@pytest.mark.parametrize(
    "descriptor_path", ["/open-data/datapackage.json", "/open-data/datapackage.fr.json"]
)
def test_the_data_package_is_valid(network, tmp_path, descriptor_path) -> None:
    descriptor = _download_package(Client(), tmp_path, descriptor_path)
    names = {resource["name"] for resource in descriptor["resources"]}
    assert {"cities", "national-networks", "practices", "events"} <= names
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_descriptor_speaks_the_readers_language(network) -> None:
    english = Client().get("/open-data/datapackage.json").json()
    french = Client().get("/open-data/datapackage.fr.json").json()
    cities_en = next(r for r in english["resources"] if r["name"] == "cities")
    cities_fr = next(r for r in french["resources"] if r["name"] == "cities")
    assert cities_en["title"] == "Cities"
    assert cities_fr["title"] == "Villes"
    assert french["language"] == "fr"


def test_csv_cells_never_become_formulas(network) -> None:
    text = Client().get("/open-data/practices.csv").content.decode()
    assert "'=HYPERLINK" in text
    data = Client().get("/open-data/practices.json").json()
    # JSON is data for programs: it keeps the text as written.
    assert any(row["title_en"].startswith("=HYPERLINK") for row in data)


def test_a_city_in_the_data_matches_the_api(network, lyon) -> None:
    rows = Client().get("/open-data/cities.json").json()
    row = next(r for r in rows if r["slug"] == "lyon")
    assert row["population"] == 522_000
    assert row["country"] == "FR"


def test_unknown_datasets_and_formats_are_404(db) -> None:
    client = Client()
    assert client.get("/open-data/nothing.csv").status_code == 404
    assert client.get("/open-data/cities.xml").status_code == 404
    assert client.get("/open-data/datapackage.de.json").status_code == 404


@pytest.mark.parametrize("path", ["/en/open-data/", "/fr/donnees-ouvertes/"])
def test_the_open_data_page_lists_every_dataset(network, path) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    assert b"/open-data/cities.csv" in response.content
    assert b"datapackage" in response.content


def test_the_api_changelog_is_a_page_in_both_languages(db) -> None:
    assert b"1.2" in Client().get("/en/api/changelog/").content
    assert "Version 1.2" in Client().get("/fr/api/historique/").content.decode() or (
        Client().get("/fr/api/changelog/").status_code == 200
    )


@pytest.mark.django_db
def test_the_demo_network_publishes_a_valid_package_with_index_results(tmp_path) -> None:
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    descriptor = _download_package(Client(), tmp_path, "/open-data/datapackage.json")
    results = [r for r in descriptor["resources"] if r["name"].startswith("index-results-")]
    assert results, "the demo network has published Index results"
    assert any(f["name"].startswith("area_") for f in results[0]["schema"]["fields"])
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_one_dataset_is_built_without_the_others(lyon, oslo, monkeypatch) -> None:
    from icc.core import opendata
    from icc.index.results import selectors
    from icc.index.tests.factories import publish_result, shipped_round

    index_round = shipped_round()
    publish_result(index_round, lyon, 0.6)
    read: list[int] = []
    real = selectors.round_results

    def counted(index_round: Any) -> Any:
        read.append(index_round.pk)
        return real(index_round)

    monkeypatch.setattr(selectors, "round_results", counted)
    assert opendata.get_dataset("cities") is not None
    assert read == [], "the cities' download read the Index results"
    names = [d.name for d in opendata.all_datasets() if d.name.startswith("index-results-")]
    read.clear()
    dataset = opendata.get_dataset(names[0])
    assert dataset is not None and read == [index_round.pk]
    assert any(row["city"] == "lyon" for row in dataset.rows())
