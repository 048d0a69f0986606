"""A practice written in French travels from Lyon's coordinator to a visitor's search."""

import re

from playwright.sync_api import Page, expect

from conftest import Persona
from e2e.conftest import (
    NewPage,
    field_name,
    in_language,
    sign_in,
    url,
    user_of,
    verbose_name,
)
from icc.network.models import City
from icc.practices.models import Practice, PracticeTranslation


def fr(text: str) -> str:
    return in_language("fr", text)


def test_a_french_practice_is_written_published_and_found(
    new_page: NewPage,
    lyon: City,
    oslo: City,
    lyon_coordinator: Persona,
    secretariat: Persona,
    secretariat_totp_secret: str,
) -> None:
    # Camille, Lyon's coordinator, writes in French and submits the practice.
    page: Page = new_page()
    sign_in(page, user_of(lyon_coordinator).email)
    page.goto(url("fr", "practices:practice-create"))
    page.get_by_role(
        "spinbutton", name=field_name("fr", "Started in", required=True), exact=True
    ).fill("2021")
    page.get_by_role("group", name=fr("Index areas it serves")).get_by_label(
        "Accueil des personnes nouvellement arrivées"
    ).check()
    french = page.get_by_role(
        "group", name=fr("Texts in %(language)s") % {"language": fr("French")}
    )
    french.get_by_label(
        field_name("fr", verbose_name(PracticeTranslation, "title")), exact=True
    ).fill("Accueil des réfugiés à Lyon")
    french.get_by_label(
        field_name("fr", verbose_name(PracticeTranslation, "summary")), exact=True
    ).fill("Un guichet unique pour les familles réfugiées.")
    page.get_by_role("button", name=fr("Save"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accueil des réfugiés à Lyon")
    page.get_by_role("button", name=fr("Submit for review")).click()
    expect(page.get_by_role("status")).to_have_text(fr("The practice is sent for review."))
    practice = Practice.objects.get()
    assert practice.status == Practice.Status.SUBMITTED

    # The secretariat publishes it.
    moderator = new_page()
    sign_in(moderator, user_of(secretariat).email, totp_secret=secretariat_totp_secret)
    moderator.goto(url("en", "practices:practice-detail", slug=practice.slug))
    moderator.get_by_role("button", name=in_language("en", "Publish"), exact=True).click()
    expect(moderator.get_by_role("status")).to_have_text(
        in_language("en", "The practice is published.")
    )

    # A visitor finds it with a French search and the country facet.
    visitor = new_page()
    visitor.goto(url("fr", "practices:practice-list"))
    search_box = visitor.get_by_role("searchbox", name=fr("Search the practices"))
    # Another form of the word finds and marks it: « réfugiée » and « réfugiées » share a stem.
    search_box.fill("accueillir une réfugiée")
    visitor.get_by_role("button", name=fr("Search"), exact=True).click()
    visitor.get_by_role("group", name=fr("Country")).get_by_label(
        re.compile(r"France \(1\)")
    ).check()
    visitor.get_by_role("button", name=fr("Apply the filters")).click()
    results = visitor.get_by_role("region", name=re.compile("1"))
    expect(results.get_by_role("link", name="Accueil des réfugiés à Lyon")).to_be_visible()
    expect(results.locator("mark").first).to_have_text("réfugiées")
