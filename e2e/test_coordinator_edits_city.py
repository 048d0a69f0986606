"""Lyon's coordinator keeps Lyon's profile up to date, and only Lyon's."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.validators import MaxValueValidator
from django.utils import translation
from playwright.sync_api import Page, expect

from conftest import Persona
from e2e.conftest import field_name, in_language, sign_in, url, user_of, verbose_name
from icc.core.models import Activity
from icc.network.models import City


def fr(text: str) -> str:
    return in_language("fr", text)


def label(field: str) -> str:
    return field_name("fr", verbose_name(City, field))


def open_lyon_profile_form(page: Page) -> None:
    page.get_by_role("navigation", name=fr("Main menu")).get_by_role(
        "link", name=fr("Cities"), exact=True
    ).click()
    page.get_by_role("table").get_by_role("link", name="Lyon").click()
    page.get_by_role("link", name=fr("Edit the profile")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        fr("Edit %(name)s") % {"name": "Lyon"}
    )


def test_coordinator_signs_in_and_updates_the_population(
    page: Page, lyon: City, oslo: City, lyon_coordinator: Persona
) -> None:
    # Camille reads the platform in French, her preferred language, and stays in it.
    sign_in(page, user_of(lyon_coordinator).email, language="fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    open_lyon_profile_form(page)

    page.get_by_label(label("population"), exact=True).fill("612345")
    page.get_by_label(label("population_year"), exact=True).fill("2024")
    page.get_by_role("button", name=fr("Save")).click()

    expect(page).to_have_url(url("fr", "network:city-detail", slug="lyon"))
    expect(page.get_by_role("status")).to_have_text(
        fr("The profile of %(city)s is saved.") % {"city": "Lyon"}
    )
    with translation.override("fr"):
        population = f"{intcomma(612345)} (2024)"
    expect(page.get_by_role("region", name=fr("Key facts"))).to_contain_text(population)
    lyon.refresh_from_db()
    assert (lyon.population, lyon.population_year) == (612345, 2024)


def test_coordinator_is_refused_another_citys_form(
    page: Page, lyon: City, oslo: City, lyon_coordinator: Persona
) -> None:
    sign_in(page, user_of(lyon_coordinator).email)

    response = page.goto(url("fr", "network:city-edit", slug="oslo"))

    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("Not allowed"))
    expect(page.get_by_role("textbox")).to_have_count(0)


def test_out_of_range_share_is_shown_next_to_the_field_and_nothing_is_saved(
    page: Page, lyon: City, lyon_coordinator: Persona
) -> None:
    sign_in(page, user_of(lyon_coordinator).email, language="fr")
    open_lyon_profile_form(page)

    page.get_by_label(label("foreign_born_share"), exact=True).fill("150")
    page.get_by_label(label("foreign_born_year"), exact=True).fill("2024")
    page.get_by_role("button", name=fr("Save")).click()

    expect(page.get_by_role("alert")).to_have_text(
        fr("Please correct the errors below; nothing has been saved.")
    )
    share = page.get_by_label(label("foreign_born_share"), exact=True)
    with translation.override("fr"):
        error = str(MaxValueValidator.message) % {"limit_value": 100}
    expect(share).to_have_attribute("aria-invalid", "true")
    expect(share).to_have_accessible_description(error)
    expect(share).to_have_value("150")
    lyon.refresh_from_db()
    assert lyon.foreign_born_share is None
    assert not Activity.objects.filter(verb="city.updated").exists()
