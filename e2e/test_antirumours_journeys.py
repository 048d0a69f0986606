"""Anti-rumours in the browser: a coordinator in French builds a strategy from diagnosis to a
campaign, adapts a catalogue rumour, runs a before/after survey through the public links and
reads the result with its test and sample sizes; a visitor reads the public pages in English
and French."""

import random
import re

from django.utils.text import capfirst
from playwright.sync_api import expect

from conftest import Persona
from e2e.conftest import NewPage, in_language, sign_in, url, user_of
from icc.antirumours.models import CityRumour, Rumour, Strategy, Wave
from icc.antirumours.tests.build import answers, published_rumour
from icc.network.models import City


def fr(text: str) -> str:
    return in_language("fr", text)


def en(text: str) -> str:
    return in_language("en", text)


def label(text: str) -> re.Pattern[str]:
    """Match a French field by its label, whatever hint follows it."""
    return re.compile("^" + re.escape(capfirst(fr(text))))


def test_a_coordinator_builds_a_strategy_and_measures_a_campaign(
    new_page: NewPage, lyon: City, lyon_coordinator: Persona, secretariat: Persona
) -> None:
    rumour = published_rumour(secretariat.user)
    camille = new_page()
    sign_in(camille, user_of(lyon_coordinator).email, language="fr")
    camille.goto(url("fr", "antirumours:home"))
    camille.get_by_role(
        "button", name=fr("Start the anti-rumours strategy of %(city)s") % {"city": "Lyon"}
    ).click()
    # The diagnosis step is under way, in two districts.
    camille.get_by_label(label("Districts")).fill("Croix-Rousse\nGuillotière")
    camille.get_by_label(label("1. Diagnosis")).select_option("in_progress")
    camille.get_by_role("button", name=fr("Save")).click()
    expect(camille.get_by_role("status").first).to_have_text(fr("The strategy is saved."))

    # Adapt the catalogue's rumour in Lyon's words, with its counter-arguments.
    camille.goto(url("fr", "antirumours:rumour", pk=rumour.pk))
    camille.get_by_role("link", name=fr("Adapt it for %(city)s") % {"city": "Lyon"}).click()
    camille.get_by_label(label("as people say it here")).fill("Ils ont toutes les aides")
    camille.get_by_label(label("district")).select_option(label="Guillotière")
    for box in camille.get_by_role("checkbox").all():
        box.check()
    camille.get_by_role("button", name=fr("Save")).click()
    expect(camille.get_by_role("status").first).to_have_text(fr("The rumour is recorded."))
    assert CityRumour.objects.get().counters.count() == 2

    # A campaign that uses them.
    camille.get_by_role("link", name=fr("Add a campaign")).click()
    camille.get_by_label(label("title")).fill("Café et faits")
    camille.get_by_label(label("starts on")).fill("2025-03-01")
    camille.get_by_label(label("ends on")).fill("2025-05-31")
    camille.get_by_role("checkbox").first.check()
    camille.get_by_role("button", name=fr("Save")).click()
    expect(camille.get_by_role("status").first).to_have_text(fr("The campaign is added."))

    # A survey with a wave before and a wave after the campaign.
    camille.get_by_role("link", name=fr("Create a perception survey")).click()
    camille.get_by_label(label("Title")).fill("Perceptions")
    camille.get_by_label(label("Items")).fill(
        "likert | trust | Newcomers are good neighbours | Les nouveaux venus sont de bons voisins\n"
        "yes_no | aid | Migrants get more aid | Les migrants reçoivent plus d’aides"
    )
    camille.get_by_role("button", name=fr("Save")).click()
    expect(camille.get_by_role("status").first).to_have_text(
        fr("The survey is created: open its first wave.")
    )
    for name, day in (("Avant", "2025-02-01"), ("Après", "2025-06-01")):
        camille.get_by_role("link", name=fr("Open a wave")).click()
        camille.get_by_label(label("Label")).fill(name)
        camille.get_by_label(label("In the field from")).fill(day)
        camille.get_by_label(label("Single-use answer links to create")).fill("2")
        camille.get_by_role("button", name=fr("Save")).click()
        expect(camille.get_by_role("status").first).to_have_text(fr("The wave is open."))
        camille.get_by_role("link", name="Perceptions").first.click()

    # Residents answer through the links; a replayed link is refused.
    before, after = Wave.objects.order_by("fielded_on")
    resident = new_page()
    for wave, trust, aid in ((before, "2", "yes"), (after, "5", "no")):
        link = wave.tokens.all()[0]
        resident.goto(url("fr", "antirumours:answer", key=link.key))
        resident.get_by_role("radio", name="30-44").check()
        resident.get_by_role("radio", name=fr("Woman")).check()
        expect(resident.get_by_text("Les nouveaux venus sont de bons voisins")).to_be_visible()
        resident.locator(f'input[name="trust"][value="{trust}"]').check()
        resident.locator(f'input[name="aid"][value="{aid}"]').check()
        resident.get_by_role("button", name=fr("Send my answer")).click()
        expect(resident.get_by_role("heading", level=1)).to_have_text(fr("Thank you"))
    resident.goto(url("fr", "antirumours:answer", key=before.tokens.all()[0].key))
    expect(resident.get_by_role("alert")).to_have_text(
        fr(
            "This link has already been used: each link takes one answer. "
            "Thank you if the answer was yours."
        )
    )

    # The rest of the fieldwork arrives by CSV import (as the service stores it).
    rng = random.Random(7)  # noqa: S311 — test data
    answers(before, [("", "30-44", "man", rng.choice([1, 2, 3]), "yes") for _ in range(39)])
    answers(after, [("", "30-44", "man", rng.choice([3, 4, 5]), "no") for _ in range(39)])
    camille.goto(url("fr", "antirumours:results", pk=before.survey_id))
    table = camille.get_by_role("table")
    expect(table).to_contain_text("40, 40")
    expect(table).to_contain_text(fr("Higher in the second wave"))
    expect(table).to_contain_text("p = ")
    assert Strategy.objects.get(city=lyon).diagnosis_status == "in_progress"


def test_a_visitor_reads_rumours_and_facts_in_both_languages(
    new_page: NewPage, secretariat: Persona
) -> None:
    rumour = published_rumour(secretariat.user)
    assert Rumour.objects.filter(status="published").count() == 1
    visitor = new_page()
    visitor.goto(url("en", "antirumours:public-list"))
    visitor.get_by_role("searchbox", name=en("Search the rumours")).fill("aid")
    visitor.get_by_role("button", name=en("Search")).click()
    visitor.get_by_role("link", name=re.compile("They get all the social aid")).click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("They get all the social aid")
    expect(visitor.get_by_role("link", name="Social benefits rules")).to_be_visible()
    visitor.goto(url("fr", "antirumours:public-detail", pk=rumour.pk))
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(
        "Ils touchent toutes les aides sociales"
    )
    expect(visitor.get_by_role("heading", name=fr("The facts"))).to_be_visible()
    expect(visitor.get_by_text("Amina travaille de nuit")).to_be_visible()
