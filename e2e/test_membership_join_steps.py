"""The secretariat takes an applicant city through the join steps, in the network's current
order, to membership and beyond."""

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from conftest import Persona
from e2e.conftest import in_language, sign_in, url, user_of
from icc.network import services
from icc.network.models import City, JoinStep


def en(text: str) -> str:
    return in_language("en", text)


def field(form: Locator, label: str) -> Locator:
    """Return the form field labelled ``label`` (an English msgid), required or not."""
    text = re.escape(en(label)[:1].upper() + en(label)[1:])
    required = re.escape(en("(required)"))
    return form.get_by_label(re.compile(rf"^{text}\s*\*?\s*({required})?\s*$"))


def record_step(
    page: Page, city: City, kind: JoinStep.Kind, day: str, document: Path | None = None
) -> None:
    page.goto(url("en", "network:city-membership", slug=city.slug))
    steps = page.get_by_role("table").first
    steps.get_by_role("link", name=re.compile(re.escape(str(kind.label)))).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(str(kind.label))
    form = page.get_by_role("main")
    field(form, "State").select_option(label=str(JoinStep.State.DONE.label))
    field(form, "Date").fill(day)
    if document is not None:
        field(form, "Document").set_input_files(str(document))
    form.get_by_role("button", name=en("Save")).click()
    expect(page.get_by_role("main").get_by_role("status")).to_have_text(
        en("The join step is saved.")
    )


def test_secretariat_takes_an_applicant_city_to_membership(
    page: Page, tmp_path: Path, secretariat: Persona, secretariat_totp_secret: str
) -> None:
    city = services.create_city(created_by=None, name="Bergen", slug="bergen", country="NO")
    document = tmp_path / "signed.pdf"
    document.write_bytes(b"%PDF-1.4 signed document")
    sign_in(page, user_of(secretariat).email, totp_secret=secretariat_totp_secret)

    # Asking too early is refused, with the missing steps named, and nothing changes.
    page.goto(url("en", "network:city-status-change", slug="bergen"))
    form = page.get_by_role("main")
    field(form, "New status").select_option(label=str(City.Status.MEMBER.label))
    field(form, "Date of the decision").fill("2026-06-01")
    field(form, "Reason").fill("Council vote")
    form.get_by_role("button", name=en("Save")).click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(form).to_contain_text(str(JoinStep.Kind.EXPRESSION_OF_INTEREST.label))

    # The network's current order: interest, then the statement that makes membership official.
    record_step(page, city, JoinStep.Kind.EXPRESSION_OF_INTEREST, "2026-01-15", document)
    record_step(page, city, JoinStep.Kind.STATEMENT_OF_INTENT, "2026-03-20", document)

    page.goto(url("en", "network:city-membership", slug="bergen"))
    page.get_by_role("link", name=en("Change the membership status")).click()
    form = page.get_by_role("main")
    field(form, "New status").select_option(label=str(City.Status.MEMBER.label))
    field(form, "Date of the decision").fill("2026-06-01")
    field(form, "Reason").fill("Statement of intent signed")
    form.get_by_role("button", name=en("Save")).click()
    expect(page.get_by_role("main").get_by_role("status")).to_have_text(
        en("The membership status of %(city)s is changed.") % {"city": "Bergen"}
    )
    expect(
        page.get_by_role(
            "row", name=re.compile(re.escape(str(JoinStep.Kind.MEMBERSHIP_DECISION.label)))
        )
    ).to_contain_text(str(JoinStep.State.DONE.label))
    city.refresh_from_db()
    assert city.status == City.Status.MEMBER
    assert city.status_changes.filter(
        to_status="member", reason="Statement of intent signed"
    ).exists()

    # The Index questionnaire and the expert visit follow as a member.
    record_step(page, city, JoinStep.Kind.INDEX_QUESTIONNAIRE, "2026-09-01")
    page.get_by_role("link", name=en("Record the expert visit")).click()
    form = page.get_by_role("main")
    field(form, "First day").fill("2026-11-04")
    field(form, "Last day").fill("2026-11-05")
    field(form, "Intercultural Profile report").set_input_files(str(document))
    form.get_by_role("button", name=en("Save")).click()
    expect(page.get_by_role("main").get_by_role("status")).to_have_text(
        en("The expert visit is recorded.")
    )
    record_step(page, city, JoinStep.Kind.EXPERT_VISIT, "2026-11-05")
