"""Lyon, in French, opens a call; Oslo and Barcelona join; they share a document and a new
version of it, finish a task, and an output becomes a draft good practice of Lyon (issue 17)."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from conftest import Persona, make_person
from e2e.conftest import NewPage, in_language, sign_in, url, user_of
from icc.accounts.models import Role
from icc.accounts.services import grant_role
from icc.connections.initiatives.models import DocumentVersion, Initiative, Task
from icc.network.models import City
from icc.practices.models import Practice

PDF = b"%PDF-1.4\n% a shared plan\n%%EOF\n"


def test_a_call_becomes_a_shared_workspace_and_a_draft_practice(
    new_page: NewPage,
    lyon: City,
    oslo: City,
    barcelona: City,
    lyon_coordinator: Persona,
    oslo_coordinator: Persona,
    tmp_path,
) -> None:
    barcelona_person = make_person("barcelona@example.org")
    grant_role(barcelona_person, Role.CITY_COORDINATOR, granted_by=None, city=barcelona)
    lead = new_page()
    sign_in(lead, user_of(lyon_coordinator).email, language="fr")
    lead.goto(url("fr", "connections:initiative-create"))
    lead.locator("#id_title").fill("Campagne anti-rumeurs")
    lead.locator("#id_aim").fill("Une campagne commune.")
    deadline = (timezone.localdate() + timedelta(days=20)).isoformat()
    lead.locator("#id_deadline").fill(deadline)
    lead.get_by_role("button", name=in_language("fr", "Save")).click()
    expect(lead.get_by_role("status")).to_have_text(
        in_language("fr", "Your call for partners is open.")
    )
    initiative = Initiative.objects.get()

    for email in (user_of(oslo_coordinator).email, "barcelona@example.org"):
        partner = new_page()
        sign_in(partner, email)
        partner.goto(url("en", "connections:initiative-detail", pk=initiative.pk))
        partner.locator("#id_note").fill("We would like to join.")
        partner.get_by_role("button", name="Send my interest").click()
        expect(partner.get_by_role("status")).to_have_text("Your interest is sent to the lead.")

    lead.reload()
    for name in ("Barcelona", "Oslo"):
        label = in_language("fr", "Accept %(name)s") % {"name": name}
        lead.get_by_role("button", name=label).click()
    lead.get_by_role("button", name=in_language("fr", "Close the call and start the work")).click()
    assert initiative.members.count() == 3

    partner = new_page()
    sign_in(partner, user_of(oslo_coordinator).email)
    partner.goto(url("en", "connections:initiative-workspace", pk=initiative.pk))
    partner.locator("#id_package-title").fill("Posters")
    partner.get_by_role("button", name="Add the work package").click()
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(PDF)
    partner.locator("#id_document-title").fill("Campaign plan")
    partner.locator("#id_document-file").set_input_files(str(plan))
    partner.get_by_role("button", name="Share the document").click()
    partner.get_by_role("link", name="Campaign plan").click()
    partner.locator("#id_file").set_input_files(str(plan))
    partner.get_by_role("button", name="Share the new version").click()
    expect(partner.get_by_role("status")).to_have_text("Version 2 is shared.")
    partner.goto(url("en", "connections:initiative-workspace", pk=initiative.pk))
    partner.get_by_role("link", name="“Posters”: add a task, read and write its thread").click()
    partner.locator("#id_task-title").fill("Print the posters")
    partner.get_by_role("button", name="Add the task").click()
    partner.get_by_label("Print the posters").check()
    partner.get_by_role("button", name="Mark the ticked tasks of “Posters” done").click()
    expect(partner.get_by_role("status")).to_have_text("1 task is done.")
    partner.goto(url("en", "connections:initiative-workspace", pk=initiative.pk))
    partner.get_by_role("link", name="Record an output").click()
    partner.locator("#id_title").fill("Poster toolkit")
    partner.locator("#id_summary").fill("Five messages and how to use them.")
    partner.get_by_role("button", name="Save").click()
    expect(partner.get_by_role("status")).to_have_text("The output is recorded.")
    assert DocumentVersion.objects.count() == 2
    assert Task.objects.get().done_at is not None

    lead.goto(url("fr", "connections:initiative-workspace", pk=initiative.pk))
    lead.get_by_role(
        "link",
        name=in_language("fr", "Make “%(title)s” a draft practice of %(name)s")
        % {"title": "Poster toolkit", "name": "Lyon"},
    ).click()
    lead.get_by_role("button", name=in_language("fr", "Save")).click()
    practice = Practice.objects.get()
    assert practice.city == lyon and practice.status == "draft"
