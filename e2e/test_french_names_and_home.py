"""French names find cities, the home page shows the network, sign-in keeps the page's language."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import Persona
from e2e.conftest import in_language, sign_in, url
from icc.events.tests.conftest import plan_event
from icc.network import services
from icc.network.models import City
from icc.practices.tests.conftest import write_practice


def fr(text: str) -> str:
    return in_language("fr", text)


def en(text: str) -> str:
    return in_language("en", text)


@pytest.fixture
def geneva(db: None) -> City:
    return services.create_city(
        created_by=None,
        name="Geneva",
        names={"fr": "Genève"},
        slug="geneva",
        country="CH",
        latitude="46.2044",
        longitude="6.1432",
        status=City.Status.MEMBER,
        joined_on="2010-03-01",
    )


def test_french_search_for_geneve_finds_geneva_in_both_languages(
    page: Page, geneva: City, lyon: City, oslo: City
) -> None:
    page.goto(url("fr", "network:city-list"))
    filters = page.get_by_role("search", name=fr("Filter the cities"))
    filters.get_by_label(fr("City name"), exact=True).fill("Genève")
    filters.get_by_role("button", name=fr("Show cities")).click()
    results = page.get_by_role("table", name=fr("Cities of the network"))
    expect(results.get_by_role("rowheader")).to_have_text(["Genève"])

    results.get_by_role("link", name="Genève").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Genève")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Geneva")

    # The English directory finds the city by its French name, and shows the English one.
    page.goto(url("en", "network:city-list") + "?q=geneve")
    results = page.get_by_role("table", name=en("Cities of the network"))
    expect(results.get_by_role("rowheader")).to_have_text(["Geneva"])


def test_home_page_shows_the_map_its_list_and_the_latest_in_both_languages(
    page: Page, geneva: City, lyon: City
) -> None:
    write_practice(lyon, en={"title": "Welcome desks"}, fr={"title": "Guichets d’accueil"},
                   publish=True)  # fmt: skip
    plan_event("Annual meeting", timezone.localdate() + timedelta(days=20),
               french="Réunion annuelle")  # fmt: skip

    page.goto("/fr/")
    expect(page.get_by_role("heading", level=2, name=fr("Member cities"))).to_be_visible()
    europe = page.get_by_role(
        "img", name=fr("Member cities in Europe and around the Mediterranean")
    )
    expect(europe).to_be_visible()
    expect(page.get_by_role("img", name=fr("Member cities around the world"))).to_be_visible()
    member_list = page.get_by_role("list", name=re.compile(r"^2 villes membres"))
    # By country: France, then Switzerland.
    expect(member_list.get_by_role("link")).to_have_text(["Lyon", "Genève"])
    expect(page.get_by_role("link", name="Guichets d’accueil")).to_be_visible()
    expect(page.get_by_role("link", name="Réunion annuelle")).to_be_visible()
    violations = Axe().run(page).response["violations"]
    serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, serious
    # No horizontal scroll at phone width.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    member_list.get_by_role("link", name="Genève").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Genève")

    page.goto("/en/")
    expect(page.get_by_role("heading", level=2, name=en("Latest from the cities"))).to_be_visible()
    member_list = page.get_by_role("list", name=re.compile(r"^2 member cities"))
    expect(member_list.get_by_role("link")).to_have_text(["Lyon", "Geneva"])
    expect(page.get_by_role("link", name="Welcome desks")).to_be_visible()
    expect(page.get_by_role("link", name="Annual meeting")).to_be_visible()


def test_signing_in_from_an_english_page_stays_in_english(
    page: Page, lyon_coordinator: Persona
) -> None:
    assert lyon_coordinator.user.language == "fr"
    sign_in(page, lyon_coordinator.user.email, language="en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/en/"))
