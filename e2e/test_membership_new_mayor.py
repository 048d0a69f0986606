"""The secretariat records Lyon's new mayor, then finds the re-engagement task and the
briefing pack on the dashboard."""

import re

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from conftest import Persona
from e2e.conftest import in_language, sign_in, url, user_of
from icc.commitment.models import ReengagementTask
from icc.network.models import City


def en(text: str) -> str:
    return in_language("en", text)


def field(form: Locator, label: str) -> Locator:
    """Return the form field labelled ``label`` (an English msgid), required or not."""
    text = re.escape(en(label)[:1].upper() + en(label)[1:])
    required = re.escape(en("(required)"))
    return form.get_by_label(re.compile(rf"^{text}\s*\*?\s*({required})?\s*$"))


def test_secretariat_records_a_new_mayor_and_finds_the_task_and_the_pack(
    page: Page,
    lyon: City,
    lyon_coordinator: Persona,
    secretariat: Persona,
    secretariat_totp_secret: str,
) -> None:
    sign_in(page, user_of(secretariat).email, totp_secret=secretariat_totp_secret)
    page.goto(url("en", "commitment:city-commitment", slug="lyon"))
    page.get_by_role("link", name=en("Record an office-holder")).click()
    form = page.get_by_role("main")
    field(form, "Office").select_option(label="Mayor")
    field(form, "Office-holder").fill("Nouvelle Maire")
    field(form, "Term start").fill(timezone.localdate().isoformat())
    form.get_by_role("button", name=en("Save")).click()
    expect(page.get_by_role("status")).to_have_text(en("The office-holder is recorded."))

    page.goto(url("en", "commitment:dashboard"))
    tasks = page.get_by_role("region", name=re.compile(re.escape(en("Open re-engagement tasks"))))
    row = tasks.get_by_role("row", name=re.compile("Nouvelle Maire"))
    expect(row).to_contain_text("Lyon")
    pack = row.get_by_role("link", name=re.compile(re.escape("Lyon (PDF)")))
    response = page.request.get(pack.get_attribute("href") or "")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    row.get_by_role("link", name=re.compile("Nouvelle Maire")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lyon")
    task = ReengagementTask.objects.get(city=lyon)
    assert task.briefing_pack_language == "fr"
    assert [message.to for message in mail.outbox] == [["coordinator@lyon.test"]]
