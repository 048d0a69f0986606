"""Lyon changes the dates of its study visit to Oslo, then writes the report afterwards."""

from datetime import date

from playwright.sync_api import expect

from conftest import Persona
from e2e.conftest import NewPage, field_name, in_language, sign_in, url, user_of
from icc.connections import services
from icc.connections.models import StudyVisit
from icc.network.models import City


def test_a_participant_changes_the_visit_and_writes_its_report(
    new_page: NewPage, lyon: City, oslo: City, lyon_coordinator: Persona
) -> None:
    connection = services.propose_connection(
        proposed_by=None, from_city=lyon, to_cities=[oslo], topic="Language cafés"
    )
    services.answer_invitation(connection, city=oslo, accept=True, answered_by=None)
    services.plan_study_visit(
        connection,
        planned_by=None,
        host=oslo,
        starts_on=date(2026, 3, 2),
        ends_on=date(2026, 3, 4),
        participants="Camille Martin",
        programme="Visit the libraries.",
    )

    page = new_page()
    sign_in(page, user_of(lyon_coordinator).email)
    page.goto(url("en", "connections:connection-detail", pk=connection.pk))
    page.get_by_role(
        "link", name=in_language("en", "Change the visit to %(host)s") % {"host": "Oslo"}
    ).click()
    page.get_by_label(field_name("en", "Last day")).fill("2026-03-05")
    page.get_by_role("textbox", name=field_name("en", "Participants", required=True)).fill(
        "Camille Martin\nIngrid Berg"
    )
    page.get_by_role("button", name=in_language("en", "Save"), exact=True).click()
    expect(page.get_by_role("status")).to_have_text(in_language("en", "The study visit is saved."))
    visit = StudyVisit.objects.get()
    assert visit.ends_on == date(2026, 3, 5) and "Ingrid Berg" in visit.participants

    page.get_by_role(
        "link",
        name=in_language("en", "Write the report of the visit to %(host)s") % {"host": "Oslo"},
    ).click()
    page.get_by_role("textbox", name=field_name("en", "Report", required=True)).fill(
        "**Two language cafés open in Lyon.**\n\n<script>window.reported = true</script>"
    )
    page.get_by_role("button", name=in_language("en", "Save the report")).click()
    expect(page.get_by_role("status")).to_have_text(in_language("en", "The report is saved."))
    visits = page.get_by_role("region", name=in_language("en", "Study visits"))
    expect(visits.locator("strong", has_text="Two language cafés open in Lyon.")).to_be_visible()
    assert page.evaluate("window.reported === undefined")
