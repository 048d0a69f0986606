"""The secretariat adds an event to the calendar and publishes it; a visitor finds it."""

import re
from datetime import timedelta

from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import Persona
from e2e.conftest import NewPage, field_name, in_language, sign_in, url, user_of, verbose_name
from icc.events.models import Event, EventTranslation
from icc.network.models import City


def en(text: str) -> str:
    return in_language("en", text)


def test_the_secretariat_publishes_an_event_that_a_visitor_finds(
    new_page: NewPage, lyon: City, secretariat: Persona, secretariat_totp_secret: str
) -> None:
    first_day = timezone.localdate() + timedelta(days=30)

    # The secretariat writes the event; it is saved as a draft.
    page = new_page()
    sign_in(page, user_of(secretariat).email, totp_secret=secretariat_totp_secret)
    page.goto(url("en", "events:event-list"))
    page.get_by_role("link", name=en("Add an event")).click()
    page.get_by_role(
        "combobox", name=field_name("en", "Kind of event", required=True)
    ).select_option(Event.Kind.ACADEMY)
    # A date input has no role; its label starts with the field's name.
    page.get_by_label(re.compile("^" + re.escape(en("First day")))).fill(first_day.isoformat())
    page.get_by_label(re.compile("^" + re.escape(en("Last day")))).fill(
        (first_day + timedelta(days=2)).isoformat()
    )
    page.get_by_role("combobox", name=field_name("en", "City where it takes place")).select_option(
        label="Lyon"
    )
    english = page.get_by_role(
        "group", name=en("Texts in %(language)s") % {"language": en("English")}
    )
    english.get_by_label(
        field_name("en", verbose_name(EventTranslation, "title")), exact=True
    ).fill("Academy on intercultural mediation")
    english.get_by_label(
        field_name("en", verbose_name(EventTranslation, "description")), exact=True
    ).fill("Three days with **mediators** from five cities.")
    page.get_by_role("button", name=en("Save"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Academy on intercultural mediation")
    assert Event.objects.get().status == Event.Status.DRAFT

    # It is published from its page.
    page.get_by_role("button", name=en("Publish"), exact=True).click()
    expect(page.get_by_role("status").first).to_have_text(en("The event is published."))

    # A visitor sees it among the upcoming events and opens it; both pages pass axe-core.
    visitor = new_page()
    visitor.goto(url("en", "events:event-list"))
    assert_no_serious_violation(visitor)
    visitor.get_by_role("link", name="Academy on intercultural mediation").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Academy on intercultural mediation"
    )
    expect(visitor.get_by_text("mediators", exact=True)).to_be_visible()
    assert_no_serious_violation(visitor)


def assert_no_serious_violation(page: Page) -> None:
    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not blocking, f"axe-core found on {page.url}: {[v['id'] for v in blocking]}"
