"""The secretariat pairs Lyon with a pilot city; both accept (Lyon in French), set a goal
from Lyon's weak areas (Barcelona raises its target), log a check-in, close with
evaluations, and Lyon's next published result shows on the goal."""

import re
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from conftest import Persona, make_person
from e2e.conftest import NewPage, field_name, in_language, sign_in, url, user_of
from icc.accounts.models import Role
from icc.accounts.services import grant_role
from icc.connections.mentoring import services
from icc.connections.models import Scheme
from icc.connections.tests.conftest import publish_with_areas
from icc.index.tests.factories import shipped_round
from icc.network.models import City


def test_a_pair_from_proposal_to_measured_effect(
    new_page: NewPage,
    lyon: City,
    barcelona: City,
    secretariat: Persona,
    secretariat_totp_secret: str,
    lyon_coordinator: Persona,
) -> None:
    first_round = shipped_round(label="2024")
    publish_with_areas(first_round, lyon, 0.7, {"language": 0.3})
    publish_with_areas(first_round, barcelona, 0.6, {"language": 1.0})
    services.save_mentor(barcelona, saved_by=None, areas=["language"], languages=[], capacity=1)
    jordi = make_person("coordinator@barcelona.test", full_name="Jordi Puig")
    grant_role(jordi, Role.CITY_COORDINATOR, granted_by=None, city=barcelona)

    # The secretariat proposes the pair from the matching list.
    office = new_page()
    sign_in(office, user_of(secretariat).email, totp_secret=secretariat_totp_secret)
    office.goto(url("en", "connections:mentor-proposals", slug="lyon"))
    expect(office.get_by_text("Strong where Lyon is weakest")).to_be_visible()
    office.get_by_role("link", name="Propose a pair: Barcelona mentors Lyon").click()
    office.get_by_role("textbox", name=field_name("en", "Theme", required=True)).fill(
        "Language cafés"
    )
    office.get_by_role("button", name="Propose the scheme").click()
    expect(office.get_by_role("status")).to_have_text("The scheme is proposed to its cities.")
    scheme = Scheme.objects.get()

    # Lyon accepts in French, Barcelona in English.
    lyon_page = new_page()
    sign_in(lyon_page, user_of(lyon_coordinator).email)
    lyon_page.goto(url("fr", "connections:scheme-detail", pk=scheme.pk))
    lyon_page.get_by_role("radio", name=in_language("fr", "Accept")).check()
    lyon_page.get_by_role(
        "button", name=in_language("fr", "Send the answer for %(city)s") % {"city": "Lyon"}
    ).click()
    expect(lyon_page.get_by_role("status")).to_have_text(
        in_language("fr", "Your answer is recorded.")
    )
    mentor_page = new_page()
    sign_in(mentor_page, jordi.email)
    mentor_page.goto(url("en", "connections:scheme-detail", pk=scheme.pk))
    mentor_page.get_by_role("radio", name="Accept").check()
    mentor_page.get_by_role("button", name="Send the answer for Barcelona").click()
    expect(mentor_page.get_by_role("status")).to_have_text("Your answer is recorded.")
    scheme.refresh_from_db()
    assert scheme.status == Scheme.Status.ACTIVE

    # Lyon sets a goal on its weakest area, first below its baseline, then above.
    lyon_page.goto(url("fr", "connections:goal-create", pk=scheme.pk))
    area = lyon_page.get_by_role("combobox", name=field_name("fr", "Index area", required=True))
    area.select_option("language")
    target = lyon_page.get_by_role("spinbutton", name=field_name("fr", "Target", required=True))
    target.fill("1")
    lyon_page.get_by_role("button", name=in_language("fr", "Save")).click()
    expect(lyon_page.get_by_role("alert")).to_be_visible()
    expect(lyon_page.locator(".errorlist")).to_contain_text("(1)")
    lyon_page.get_by_role("spinbutton", name=field_name("fr", "Target", required=True)).fill("60")
    lyon_page.get_by_role("button", name=in_language("fr", "Save")).click()
    expect(lyon_page.get_by_role("status")).to_have_text(in_language("fr", "The goal is added."))

    # Barcelona raises the target before signing; the goal keeps its baseline.
    mentor_page.goto(url("en", "connections:scheme-detail", pk=scheme.pk))
    mentor_page.get_by_role("link", name=re.compile("^Change or remove the goal on")).click()
    mentor_page.get_by_role("spinbutton", name=field_name("en", "Target", required=True)).fill("65")
    mentor_page.get_by_role("button", name="Save").click()
    expect(mentor_page.get_by_role("status")).to_have_text("The goal is saved.")

    # A check-in, today.
    lyon_page.get_by_role("link", name=in_language("fr", "Log a check-in")).click()
    # A date field has no textbox role: found by its label's target.
    lyon_page.locator("#id_held_on").fill(timezone.localdate().isoformat())
    lyon_page.get_by_role("textbox", name=field_name("fr", "Notes", required=True)).fill(
        "Première rencontre en ligne."
    )
    lyon_page.get_by_role("button", name=in_language("fr", "Save")).click()
    expect(lyon_page.get_by_text("Première rencontre en ligne.")).to_be_visible()

    # Both evaluate; the scheme closes.
    for page, language, city in ((lyon_page, "fr", "Lyon"), (mentor_page, "en", "Barcelona")):
        page.goto(url(language, "connections:scheme-detail", pk=scheme.pk))
        page.get_by_role(
            "link", name=in_language(language, "Write the evaluation of %(city)s") % {"city": city}
        ).click()
        page.get_by_role("radio", name=in_language(language, "Goals partly met")).check()
        page.get_by_role("textbox", name=field_name(language, "What worked", required=True)).fill(
            "Visits"
        )
        page.get_by_role(
            "textbox", name=field_name(language, "What to change", required=True)
        ).fill("More time")
        page.get_by_role("button", name=in_language(language, "Save")).click()
        expect(page.get_by_role("status")).to_have_text(
            in_language(language, "The evaluation is saved.")
        )
    scheme.refresh_from_db()
    assert scheme.status == Scheme.Status.CLOSED

    # Lyon's next result is published: the goal shows baseline, new score and target.
    publish_with_areas(
        shipped_round(label="2026", opens_on=timezone.localdate()), lyon, 0.7, {"language": 0.8}
    )
    lyon_page.goto(url("fr", "connections:closing-report", pk=scheme.pk))
    row = lyon_page.get_by_role("row").filter(has_text="2026")
    expect(row).to_contain_text(in_language("fr", "target reached"))
    goal = scheme.goals.get()
    assert goal.target == Decimal(65) and goal.baseline < goal.target and goal.version == 1
