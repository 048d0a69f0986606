"""The public directory: filters, search by name, pagination, hidden cities, fixed queries."""

import pytest
from django.test import Client

from icc.network import services
from icc.network.models import City


def names(response) -> list[str]:
    return [city.name for city in response.context["page"].object_list]


@pytest.fixture
def network(lyon, oslo, barcelona, secretariat) -> None:
    services.create_city(
        created_by=None,
        name="Neuchâtel",
        slug="neuchatel",
        country="CH",
        population=45_000,
        population_year=2021,
        status=City.Status.MEMBER,
        joined_on="2008-01-15",
    )
    services.create_city(
        created_by=None, name="Izhevsk", slug="izhevsk", country="RU", status=City.Status.LEFT
    )
    services.create_city(
        created_by=None,
        name="Limassol",
        slug="limassol",
        country="CY",
        status=City.Status.APPLICANT,
        population=195_000,
        population_year=2021,
    )


def test_directory_lists_every_visible_city_by_name(client: Client, network) -> None:
    response = client.get("/en/cities/")
    assert names(response) == ["Barcelona", "Limassol", "Lyon", "Neuchâtel", "Oslo"]


def test_city_that_left_is_hidden_from_visitors_but_not_the_secretariat(
    client: Client, network, secretariat
) -> None:
    assert "Izhevsk" not in names(client.get("/en/cities/"))
    assert "Izhevsk" in names(secretariat.client().get("/en/cities/"))
    assert client.get("/en/cities/izhevsk/").status_code == 404


def test_search_ignores_accents_and_case(client: Client, network) -> None:
    assert names(client.get("/en/cities/", {"q": "NEUCHATEL"})) == ["Neuchâtel"]
    assert names(client.get("/fr/villes/", {"q": "châtel"})) == ["Neuchâtel"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"country": "ES"}, ["Barcelona"]),
        ({"network": "reci"}, ["Barcelona"]),
        ({"status": "applicant"}, ["Limassol"]),
        ({"population": "lt100k"}, ["Neuchâtel"]),
        ({"population": "gte500k"}, ["Barcelona", "Lyon", "Oslo"]),
        ({"population": "100k-200k", "status": "applicant"}, ["Limassol"]),
    ],
)
def test_filters_combine(client: Client, network, query, expected) -> None:
    assert names(client.get("/en/cities/", query)) == expected


def test_unknown_filter_value_shows_an_error_and_no_city(client: Client, network) -> None:
    response = client.get("/en/cities/", {"country": "XX"})
    assert response.status_code == 200
    assert names(response) == []
    assert response.context["form"].errors["country"]


def test_directory_is_paginated(client: Client, settings, network) -> None:
    settings.ICC_DIRECTORY_PAGE_SIZE = 2
    first = client.get("/en/cities/")
    second = client.get("/en/cities/", {"page": 2})
    assert names(first) == ["Barcelona", "Limassol"]
    assert names(second) == ["Lyon", "Neuchâtel"]
    assert b'rel="next"' in first.content


def test_directory_query_count_does_not_grow_with_cities(
    client: Client, network, django_assert_num_queries
) -> None:
    with django_assert_num_queries(4):
        client.get("/en/cities/")
    for number in range(30):
        services.create_city(
            created_by=None,
            name=f"Town {number}",
            slug=f"town-{number}",
            country="FR",
            status=City.Status.MEMBER,
            joined_on="2020-01-01",
        )
    with django_assert_num_queries(4):
        client.get("/en/cities/")


def test_directory_in_french_names_countries_in_french(client: Client, network) -> None:
    content = client.get("/fr/villes/", {"country": "CH"}).content.decode()
    assert "Suisse" in content
    assert 'lang="fr"' in content
