"""Menus and profiles link only what the person may open (issue 10, item 8)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import Persona
from icc.index.tests.factories import publish_result, shipped_round
from icc.network.models import City, NationalNetwork
from icc.practices.tests.conftest import write_practice

MENU = re.compile(r'<details class="account-menu">(.*?)</details>', re.S)
LINK = re.compile(r'<a href="([^"]+)">([^<]+)</a>')


def menu_links(persona: Persona, language: str = "en") -> dict[str, str]:
    """Return the account menu's links of a page the persona opens: label -> address."""
    html = persona.client().get(f"/{language}/").content.decode()
    found = MENU.search(html)
    assert found, "no account menu"
    return {label.strip(): url for url, label in LINK.findall(found.group(1))}


@pytest.mark.parametrize(
    "name", ["secretariat", "lyon_coordinator", "lyon_editor", "reci_coordinator", "expert"]
)
def test_every_account_menu_link_opens_for_its_person(
    personas: dict[str, Persona], name: str
) -> None:
    persona = personas[name]
    client = persona.client()
    for label, url in menu_links(persona).items():
        assert client.get(url).status_code == 200, f"{name}: {label} {url}"


def test_expert_and_network_coordinator_are_not_offered_pages_that_refuse_them(
    personas: dict[str, Persona],
) -> None:
    expert = menu_links(personas["expert"])
    assert "My practices" not in expert
    assert "Connections" not in expert
    national = menu_links(personas["reci_coordinator"])
    assert "Connections" not in national
    assert "My practices" in national
    assert "My national network: RECI" in national


@pytest.mark.parametrize(
    ("language", "my_city", "commitment"),
    [
        ("en", "My city: Lyon", "Political commitment of Lyon"),
        ("fr", "Ma ville\u00a0: Lyon", "Engagement politique de Lyon"),
    ],
)
def test_coordinator_menu_leads_to_their_city_and_its_commitment(
    personas: dict[str, Persona], language: str, my_city: str, commitment: str
) -> None:
    links = menu_links(personas["lyon_coordinator"], language)
    with translation.override(language):
        assert links[my_city] == reverse("network:city-detail", kwargs={"slug": "lyon"})
        assert links[commitment] == reverse("commitment:city-commitment", kwargs={"slug": "lyon"})


def test_profile_links_results_practices_and_says_no_false_step(
    lyon: City, lyon_coordinator: Persona, visitor: Persona
) -> None:
    publish_result(shipped_round(), lyon)
    practice = write_practice(lyon, en={"title": "Welcome desk"}, publish=True)

    html = visitor.client().get("/en/cities/lyon/").content.decode()

    assert f'href="{reverse("index:city-report", kwargs={"slug": "lyon"})}"' in html
    assert "Index results of Lyon" in html
    assert f'href="{practice.get_absolute_url()}"' in html
    assert "Not started" not in html
    assert "Member of the network since January 2008." in html


def test_coordinator_of_a_city_without_weak_area_is_offered_to_propose_a_connection(
    lyon: City, lyon_coordinator: Persona, oslo_coordinator: Persona
) -> None:
    create = reverse("connections:connection-create", kwargs={"slug": "lyon"})
    profile = lyon_coordinator.client().get("/en/cities/lyon/").content.decode()
    assert f'href="{create}"' in profile
    assert lyon_coordinator.client().get(create).status_code == 200
    peers = lyon_coordinator.client().get(
        reverse("connections:recommendations", kwargs={"slug": "lyon"})
    )
    assert f'href="{create}"' in peers.content.decode()
    # Oslo's coordinator may not propose for Lyon, and is not offered to.
    assert create not in oslo_coordinator.client().get("/en/cities/lyon/").content.decode()


def test_results_table_and_api_filter_by_national_network(
    lyon: City, barcelona: City, reci: NationalNetwork, reci_coordinator: Persona
) -> None:
    index_round = shipped_round()
    publish_result(index_round, lyon, 0.8)
    publish_result(index_round, barcelona, 0.6)

    page = reci_coordinator.client().get(f"/en/index/results/?round={index_round.pk}&network=reci")
    rows = re.findall(r'<th scope="row"><a [^>]+>([^<]+)</a>', page.content.decode())
    assert rows == ["Barcelona"]
    assert '<option value="reci" selected>' in page.content.decode()

    api = reci_coordinator.client().get(
        f"/api/v1/index/results?round_id={index_round.pk}&network=reci"
    )
    assert [row["city"] for row in api.json()] == ["barcelona"]
    # The rank is the city's rank among every city of the round.
    assert api.json()[0]["rank"] == 2
