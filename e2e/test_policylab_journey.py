"""The policy lab in the browser: Lyon records that its region took up Lyon's practice, the
secretariat confirms it, the journey graph shows it in English and French, and the French
strategy's map counts it."""

import re

from playwright.sync_api import expect

from conftest import Persona
from e2e.conftest import NewPage, field_name, in_language, sign_in, url, user_of
from icc.network.models import City
from icc.policylab.models import Uptake
from icc.policylab.services import strategies
from icc.policylab.tests.conftest import add_body, publish_practice


def fr(text: str) -> str:
    return in_language("fr", text)


def en(text: str) -> str:
    return in_language("en", text)


def test_a_regions_uptake_is_recorded_confirmed_drawn_and_counted(
    new_page: NewPage,
    lyon: City,
    lyon_coordinator: Persona,
    secretariat: Persona,
    secretariat_totp_secret: str,
) -> None:
    practice = publish_practice(lyon, "Neighbours' tables", areas=("participation",))
    region = add_body("Auvergne-Rhône-Alpes regional council")
    strategy = strategies.create_strategy(
        created_by=None, record={"title": "French integration strategy", "country": "FR"}
    )

    camille = new_page()
    sign_in(camille, user_of(lyon_coordinator).email, language="fr")
    camille.goto(url("fr", "policylab:journey", slug=practice.slug))
    camille.get_by_role("link", name=fr("Record an uptake of this practice")).click()
    camille.get_by_role(
        "combobox", name=field_name("fr", "Kind of uptake", required=True)
    ).select_option(label=fr("Taken into a programme"))
    camille.get_by_role("combobox", name=field_name("fr", "Body that took it up")).select_option(
        label=region.name
    )
    # A date field has no textbox role; its label carries a star hidden from assistive technology.
    camille.get_by_label(re.compile("^" + re.escape(fr("Taken up on")))).fill("2019-03-01")
    camille.get_by_role("textbox", name=field_name("fr", "Evidence (link)")).fill(
        "https://example.org/programme-regional"
    )
    camille.get_by_role("button", name=fr("Record the uptake")).click()
    expect(camille.get_by_role("status").first).to_have_text(
        fr("The uptake is recorded; it waits for confirmation.")
    )
    uptake = Uptake.objects.get()

    sam = new_page()
    sign_in(sam, user_of(secretariat).email, totp_secret=secretariat_totp_secret)
    sam.goto(url("en", "policylab:uptake-detail", pk=uptake.pk))
    sam.get_by_role("button", name=en("Confirm the uptake")).click()
    expect(sam.get_by_role("status").first).to_have_text(en("Your decision is saved."))

    visitor = new_page()
    for language in ("en", "fr"):
        visitor.goto(url(language, "policylab:journey", slug=practice.slug))
        title = in_language(language, "Journey of the practice “%(title)s”") % {
            "title": "Neighbours' tables"
        }
        graph = visitor.get_by_role("img", name=title)
        expect(graph).to_be_visible()
        expect(graph).to_contain_text(in_language(language, "Regional"))
        expect(graph).to_contain_text("Auvergne-Rhône-Alpes")
        expect(visitor.get_by_role("list").get_by_role("link", name=region.name)).to_be_visible()

    sam.goto(url("en", "policylab:strategy-map", slug=strategy.slug))
    row = sam.get_by_role("row", name=re.compile("Residents of every origin take part"))
    expect(row.get_by_role("link", name="Neighbours' tables")).to_be_visible()
    expect(row.get_by_role("cell").nth(2)).to_have_text("1")
