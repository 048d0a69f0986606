"""A city's name in each language: shown in the reader's, found in either."""

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.utils import translation

from icc.network import services
from icc.network.models import FIRST_STATUS_REASON, City, CityStatusChange

fill_french_names = importlib.import_module(
    "icc.network.migrations.0004_city_names_per_language"
).fill_french_names


@pytest.fixture
def geneva(db: None) -> City:
    return services.create_city(
        created_by=None,
        name="Geneva",
        names={"fr": "Genève"},
        slug="geneva",
        country="CH",
        status=City.Status.MEMBER,
        joined_on="2010-03-01",
    )


def names(response) -> list[str]:
    return [str(city) for city in response.context["page"].object_list]


@pytest.mark.parametrize("query", ["Genève", "geneve", "GENEVA", "nèv"])
def test_french_directory_finds_a_city_by_either_name(client: Client, geneva, lyon, query):
    response = client.get("/fr/villes/", {"q": query})
    assert names(response) == ["Genève"]
    assert "Genève" in response.content.decode()


def test_english_directory_finds_the_french_name_and_shows_the_english_one(
    client: Client, geneva, lyon
) -> None:
    response = client.get("/en/cities/", {"q": "Genève"})
    assert names(response) == ["Geneva"]
    assert '<a href="/en/cities/geneva/">Geneva</a>' in response.content.decode()


def test_profile_is_titled_in_the_readers_language(client: Client, geneva) -> None:
    assert '<h1 id="city-title">Genève</h1>' in client.get("/fr/villes/geneva/").content.decode()
    assert '<h1 id="city-title">Geneva</h1>' in client.get("/en/cities/geneva/").content.decode()


def test_city_without_a_french_name_keeps_its_name_in_french(client: Client, lyon) -> None:
    assert names(client.get("/fr/villes/")) == ["Lyon"]


def test_api_gives_the_name_in_every_language(client: Client, geneva) -> None:
    body = client.get("/api/v1/cities/geneva").json()
    assert body["name"] == "Geneva"
    assert body["names"] == {"en": "Geneva", "fr": "Genève"}
    listed = client.get("/api/v1/cities", {"q": "genève"}).json()
    assert [city["slug"] for city in listed["items"]] == ["geneva"]


def test_secretariat_sets_the_french_name_and_search_finds_it(
    client: Client, lyon, secretariat
) -> None:
    data = {
        "name": "Lyon",
        "french_name": "Lugdunum",
        "slug": "lyon",
        "country": "FR",
        "population": "522000",
        "population_year": "2021",
    }
    response = secretariat.client().post("/en/cities/lyon/edit/", data)
    assert response.status_code == 302
    lyon.refresh_from_db()
    assert lyon.names == {"fr": "Lugdunum"}
    assert names(client.get("/fr/villes/", {"q": "lugdu"})) == ["Lugdunum"]


def test_french_name_equal_to_the_name_is_not_stored(lyon, secretariat) -> None:
    data = {"name": "Lyon", "french_name": "Lyon", "slug": "lyon", "country": "FR"}
    secretariat.client().post("/en/cities/lyon/edit/", data)
    lyon.refresh_from_db()
    assert lyon.names == {}


def test_migration_fills_the_french_names_of_known_cities(db: None) -> None:
    services.create_city(created_by=None, name="Lisbon", slug="lisbon", country="PT")
    services.create_city(created_by=None, name="Hamburg", slug="hamburg", country="DE")
    City.objects.update(names={}, search_name="")
    fill_french_names(apps, None)
    assert dict(City.objects.values_list("slug", "names")) == {
        "hamburg": {"fr": "Hambourg"},
        "lisbon": {"fr": "Lisbonne"},
    }
    assert City.objects.get(search_name__contains="lisbonne").slug == "lisbon"


def test_first_status_reason_is_shown_in_the_readers_language(db: None, secretariat) -> None:
    with translation.override("fr"):
        city = services.create_city(created_by=None, name="Zurich", slug="zurich", country="CH")
    change = CityStatusChange.objects.get(city=city)
    assert change.reason == FIRST_STATUS_REASON
    client = secretariat.client()
    assert FIRST_STATUS_REASON in client.get("/en/cities/zurich/membership/").content.decode()
    french = client.get("/fr/villes/zurich/adhesion/").content.decode()
    assert "Statut enregistré lors de l’ajout de la ville." in french


def test_french_directory_orders_cities_by_their_french_names(client: Client, geneva, lyon):
    services.create_city(
        created_by=None, name="Valletta", names={"fr": "La Valette"}, slug="valletta", country="MT"
    )
    assert names(client.get("/fr/villes/")) == ["Genève", "La Valette", "Lyon"]
    assert names(client.get("/en/cities/")) == ["Geneva", "Lyon", "Valletta"]
