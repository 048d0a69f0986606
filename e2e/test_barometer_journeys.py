"""The barometer in the browser: a company answers in French over two visits, reads its report
with comparisons withheld, takes its PDF and deletes its response; Lyon's coordinator
invites companies from a CSV file and watches the response rate."""

from playwright.sync_api import expect

from conftest import Persona
from e2e.conftest import NewPage, in_language, sign_in, url, user_of
from icc.barometer import services
from icc.barometer.models import Invitation, Response
from icc.barometer.tests.build import invite, open_round, respond, token
from icc.network.models import City


def fr(text: str) -> str:
    return in_language("fr", text)


def en(text: str) -> str:
    return in_language("en", text)


def test_a_company_answers_in_french_over_two_visits_then_deletes(
    new_page: NewPage, lyon: City
) -> None:
    round = open_round()
    for number in range(8):
        respond(invite(round, lyon, f"Peer {number}", sector="C"), number % 3)
    services.publish_round(round, by=None)
    invitation = invite(round, lyon, "Atelier Soie", sector="J", size="lt10", language="fr")
    link = url("fr", "barometer:answer", token=token(invitation))

    first = new_page()
    first.goto(link)
    first.get_by_role("checkbox").check()
    first.get_by_role("button", name=fr("Start answering")).click()
    board = first.get_by_role(
        "group",
        name="Votre conseil d’administration ou votre équipe de direction réunit-il des "
        "personnes d’horizons différents\u00a0? (Diversité du personnel et de la direction)",
    )
    board.get_by_role("radio", name="Oui").check()
    expect(first.locator("[data-save-status]")).to_contain_text("Enregistré")
    first.context.close()

    second = new_page()
    second.goto(url("fr", "barometer:answer", token=token(invitation)))
    expect(second.get_by_role("radio", name="Oui").first).to_be_checked()
    second.get_by_role("radio", name="Tous").check()
    second.get_by_role("button", name=fr("Submit and see the report")).click()
    expect(second.get_by_role("heading", level=1)).to_contain_text("Atelier Soie")
    withheld = second.get_by_role("region", name=fr("Comparisons not shown"))
    expect(withheld).to_contain_text("Non affiché")
    expect(second.get_by_role("table")).to_contain_text(fr("Your company"))
    # Rendering a PDF takes a second or more: longer than a page on a busy machine.
    pdf = second.request.get(second.url + "?format=pdf", timeout=30_000)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"

    second.get_by_role("link", name=fr("Delete your response")).first.click()
    second.get_by_role("button", name=fr("Delete the response")).click()
    second.get_by_role("dialog").get_by_role("button", name=fr("Delete the response")).click()
    expect(second.get_by_role("heading", level=1)).to_have_text(fr("Your response is deleted"))
    assert not Response.objects.filter(invitation=invitation).exists()


def test_the_coordinator_invites_from_a_csv_and_watches_the_rate(
    new_page: NewPage, lyon: City, lyon_coordinator: Persona, tmp_path
) -> None:
    round = open_round()
    page = new_page()
    sign_in(page, user_of(lyon_coordinator).email)
    page.goto(url("en", "barometer:city", pk=round.pk, slug="lyon"))
    page.get_by_role("link", name=en("Invite from a CSV file")).click()
    file = tmp_path / "companies.csv"
    file.write_text(
        "company,sector,size,email,language\n"
        "Soie Martin,C,10-49,soie@company.example,fr\n"
        "Bois Durand,F,lt10,bois@company.example,fr\n"
        "Nordic Care,Q,50-249,care@company.example,en\n",
        encoding="utf-8",
    )
    page.get_by_label(en("CSV file of companies")).set_input_files(str(file))
    page.get_by_role("button", name=en("Invite the companies")).click()
    expect(page.get_by_role("status").first).to_contain_text("3")
    expect(page.locator("#response-rate")).to_contain_text("0 %")
    respond(Invitation.objects.get(company_name="Nordic Care"), 1)
    page.reload()
    expect(page.locator("#response-rate")).to_contain_text("33 %")
