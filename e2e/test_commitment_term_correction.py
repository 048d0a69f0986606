"""Lyon's coordinator corrects a term of office: an overlap is refused, a fix is saved."""

import re
from datetime import date

from playwright.sync_api import Page, expect

from conftest import Persona
from e2e.conftest import field_name, in_language, sign_in, url, user_of
from icc.commitment import services
from icc.commitment.models import OfficeTerm
from icc.core.models import Activity
from icc.network.models import City


def fr(text: str) -> str:
    return in_language("fr", text)


def test_coordinator_corrects_a_term_after_a_refused_overlap(
    page: Page, lyon: City, lyon_coordinator: Persona
) -> None:
    services.record_office_term(
        lyon,
        kind="mayor",
        holder_name="Gérard Collomb",
        starts_on=date(2001, 3, 25),
        ends_on=date(2020, 7, 3),
        recorded_by=None,
    )
    term = services.record_office_term(
        lyon,
        kind="mayor",
        holder_name="Gregory Doucet",
        starts_on=date(2020, 7, 4),
        recorded_by=None,
    )
    sign_in(page, user_of(lyon_coordinator).email)
    page.goto(url("fr", "commitment:city-commitment", slug="lyon"))
    page.get_by_role("link", name=re.compile("Gregory Doucet")).click()

    form = page.get_by_role("main")
    start = form.get_by_role("textbox", name=field_name("fr", "Term start", required=True))
    # A start in 2019 would make two mayors at once: refused, nothing saved.
    start.fill("2019-01-01")
    form.get_by_role("button", name=fr("Save")).click()
    expect(form).to_contain_text("Gérard Collomb")
    term.refresh_from_db()
    assert term.starts_on == date(2020, 7, 4)

    start.fill("2020-07-04")
    form.get_by_role("textbox", name=field_name("fr", "Office-holder", required=True)).fill(
        "Grégory Doucet"
    )
    form.get_by_role("button", name=fr("Save")).click()
    expect(page.get_by_role("status")).to_have_text(fr("The term of office is corrected."))
    expect(page.get_by_role("table").first).to_contain_text("Grégory Doucet")
    assert OfficeTerm.objects.get(pk=term.pk).holder_name == "Grégory Doucet"
    assert Activity.objects.filter(verb="office_term.corrected").count() == 1
