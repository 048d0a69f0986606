"""A visitor finds a city in the directory, in French, then reads it in English."""

from django.utils import translation
from django.utils.translation import get_language_info
from django_countries import countries
from playwright.sync_api import Page, expect

from e2e.conftest import in_language, url
from icc.network.models import City


def fr(text: str) -> str:
    return in_language("fr", text)


def country_name(code: str, language: str) -> str:
    with translation.override(language):
        return str(dict(countries)[code])


def count_heading(count: int, language: str) -> str:
    with translation.override(language):
        return translation.ngettext("%(counter)s city", "%(counter)s cities", count) % {
            "counter": count
        }


def open_directory_in_french(page: Page) -> None:
    page.goto("/fr/")
    page.get_by_role("navigation", name=fr("Main menu")).get_by_role(
        "link", name=fr("Cities"), exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("Cities of the network"))


def test_visitor_filters_the_directory_by_country_in_french(
    page: Page, lyon: City, oslo: City, barcelona: City
) -> None:
    open_directory_in_french(page)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=2, name=count_heading(3, "fr"))).to_be_visible()

    filters = page.get_by_role("search", name=fr("Filter the cities"))
    filters.get_by_label(fr("Country"), exact=True).select_option(label=country_name("ES", "fr"))
    filters.get_by_role("button", name=fr("Show cities")).click()

    expect(page.get_by_role("heading", level=2, name=count_heading(1, "fr"))).to_be_visible()
    results = page.get_by_role("table", name=fr("Cities of the network"))
    expect(results.get_by_role("rowheader")).to_have_text(["Barcelona"])
    expect(results.get_by_role("cell", name=country_name("ES", "fr"))).to_be_visible()
    expect(filters.get_by_label(fr("Country"), exact=True)).to_have_value("ES")


def test_visitor_searches_a_name_and_opens_the_city(
    page: Page, lyon: City, oslo: City, barcelona: City
) -> None:
    open_directory_in_french(page)

    filters = page.get_by_role("search", name=fr("Filter the cities"))
    filters.get_by_label(fr("City name"), exact=True).fill("LYO")
    filters.get_by_role("button", name=fr("Show cities")).click()

    results = page.get_by_role("table", name=fr("Cities of the network"))
    expect(results.get_by_role("rowheader")).to_have_text(["Lyon"])
    results.get_by_role("link", name="Lyon").click()

    expect(page).to_have_url(url("fr", "network:city-detail", slug="lyon"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lyon")
    expect(page.get_by_role("article", name="Lyon")).to_contain_text(country_name("FR", "fr"))


def test_language_switch_keeps_the_visitor_on_the_same_city(page: Page, lyon: City) -> None:
    page.goto(url("fr", "network:city-detail", slug="lyon"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lyon")

    english = get_language_info("en")["name_local"]
    page.get_by_role("navigation", name=fr("Language")).get_by_role(
        "link", name=english, exact=True
    ).click()

    expect(page).to_have_url(url("en", "network:city-detail", slug="lyon"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lyon")
    expect(page.get_by_role("region", name="Key facts")).to_contain_text("January 2008")
