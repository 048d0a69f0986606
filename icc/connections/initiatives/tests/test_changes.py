"""Common initiatives, second part: editing a call, withdrawing, roles, meetings, versions,
French outputs (issue 17, decision 0061)."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from icc.accounts.models import Notification
from icc.accounts.notifications import render_message
from icc.connections.initiatives import selectors, services, workspace
from icc.connections.initiatives.models import DocumentVersion, Initiative, Interest, Member
from icc.core.models import Activity
from icc.core.versions import VersionConflict
from icc.events.tests.conftest import plan_event
from icc.network.models import City

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _open(lyon: City, **extra: Any) -> Initiative:
    fields: dict[str, Any] = {
        "title": "Anti-rumours",
        "title_fr": "Anti-rumeurs",
        "aim": "A joint campaign.",
        "areas": ["language"],
        "deadline": timezone.localdate() + timedelta(days=20),
    }
    return services.open_call(created_by=None, lead_city=lyon, **(fields | extra))


def _running(lyon: City, oslo: City) -> Initiative:
    initiative = _open(lyon)
    services.express_interest(initiative, city=oslo, note="Yes", by=None)
    services.accept_partner(initiative, city=oslo, by=None)
    return services.set_status(initiative, status="running", version=None, by=None)


def _user(persona: Any) -> Any:
    return persona.user


def test_editing_a_call_checks_the_version_and_tells_the_cities_in_their_language(
    lyon, oslo, lyon_coordinator, oslo_coordinator
) -> None:
    initiative = _open(lyon)
    oslo_person = _user(oslo_coordinator)
    oslo_person.language = "fr"
    oslo_person.save(update_fields=["language"])
    services.express_interest(initiative, city=oslo, note="Yes", by=oslo_person)
    version = initiative.version
    services.edit_call(
        initiative, version=version, by=_user(lyon_coordinator), aim="A bigger campaign."
    )
    with pytest.raises(VersionConflict):
        services.edit_call(initiative, version=version, by=_user(lyon_coordinator), aim="Old")
    with pytest.raises(ValidationError, match="past"):
        services.edit_call(
            initiative,
            version=version + 1,
            by=_user(lyon_coordinator),
            deadline=timezone.localdate() - timedelta(days=1),
        )
    initiative.refresh_from_db()
    assert initiative.aim == "A bigger campaign." and initiative.version == version + 1
    assert Activity.objects.filter(verb="initiative.edited").count() == 1
    note = Notification.objects.get(recipient=oslo_person, kind="initiative.edited")
    assert "Anti-rumeurs" in render_message(note, "fr")


def test_the_edit_page_shows_both_versions_on_a_conflict(lyon, lyon_coordinator) -> None:
    initiative = _open(lyon)
    url = reverse("connections:initiative-edit", args=[initiative.pk])
    client = lyon_coordinator.client()
    assert client.get(url).status_code == 200
    data = {
        "title": "New title",
        "aim": "A.",
        "deadline": str(initiative.deadline),
        "version": initiative.version - 1 if initiative.version > 0 else 99,
    }
    with translation.override("en"):
        page = client.post(url, data).content.decode()
    assert "Compare the two versions" in page
    data["version"] = initiative.version
    assert client.post(url, data).status_code == 302
    assert Initiative.objects.get().title == "New title"


def test_withdrawing_interest_tells_the_lead_and_only_while_waiting(
    lyon, oslo, lyon_coordinator, oslo_coordinator
) -> None:
    initiative = _open(lyon)
    services.express_interest(initiative, city=oslo, note="Yes", by=_user(oslo_coordinator))
    client = oslo_coordinator.client()
    url = reverse("connections:initiative-withdraw", args=[initiative.pk])
    assert client.post(url, {"city": oslo.pk}).status_code == 302
    assert not Interest.objects.exists()
    assert Notification.objects.filter(
        recipient=_user(lyon_coordinator), kind="initiative.withdrawn"
    ).exists()
    assert Activity.objects.filter(verb="initiative.interest_withdrawn").exists()
    services.express_interest(initiative, city=oslo, note="Again", by=None)
    services.accept_partner(initiative, city=oslo, by=None)
    with pytest.raises(ValidationError, match="already accepted"):
        services.withdraw_interest(initiative, city=oslo, by=None)
    assert client.post(url, {"city": oslo.pk}).status_code == 403


def test_roles_change_by_the_lead_and_one_lead_is_kept(
    lyon, oslo, lyon_coordinator, oslo_coordinator
) -> None:
    initiative = _running(lyon, oslo)
    with pytest.raises(ValidationError, match="at least one lead"):
        services.change_role(initiative, city=lyon, role="partner", by=None)
    url = reverse("connections:initiative-role", args=[initiative.pk])
    assert oslo_coordinator.client().post(url, {"city": oslo.pk, "role": "lead"}).status_code == 403
    assert lyon_coordinator.client().post(url, {"city": oslo.pk, "role": "lead"}).status_code == 302
    assert Member.objects.get(city=oslo).role == "lead"
    assert Notification.objects.filter(
        recipient=_user(oslo_coordinator), kind="initiative.role"
    ).exists()
    services.change_role(initiative, city=lyon, role="observer", by=_user(oslo_coordinator))
    initiative.refresh_from_db()
    assert initiative.lead_city == oslo
    with pytest.raises(ValidationError, match="at least one lead"):
        services.change_role(initiative, city=oslo, role="partner", by=None)
    assert Activity.objects.filter(verb="initiative.role").count() == 2


def test_meetings_link_published_events_within_their_days(lyon, oslo, oslo_coordinator) -> None:
    initiative = _running(lyon, oslo)
    start = timezone.localdate() + timedelta(days=10)
    event = plan_event("Annual meeting", start, ends_on=start + timedelta(days=2))
    draft = plan_event("Draft event", start, publish=False)
    with pytest.raises(ValidationError, match="published event"):
        workspace.add_meeting(initiative, title="", meets_on=None, event_id=draft.pk, by=None)
    with pytest.raises(ValidationError, match="within its days"):
        workspace.add_meeting(
            initiative, title="", meets_on=start - timedelta(days=1), event_id=event.pk, by=None
        )
    with pytest.raises(ValidationError, match="date"):
        workspace.add_meeting(initiative, title="Call", meets_on=None, by=None)
    response = oslo_coordinator.client().post(
        reverse("connections:initiative-meeting-new", args=[initiative.pk]),
        {"event": event.pk, "place": "Room 4"},
    )
    assert response.status_code == 302
    meeting = initiative.meetings.get()
    assert meeting.title == "Annual meeting" and meeting.meets_on == start
    assert [(r.meeting, r.event) for r in selectors.workspace(initiative).meetings] == [
        (meeting, event)
    ]
    page = oslo_coordinator.client().get(
        reverse("connections:initiative-workspace", args=[initiative.pk])
    )
    assert event.get_absolute_url() in page.content.decode()


def test_a_new_version_is_uploaded_from_the_document_page(lyon, oslo, oslo_coordinator) -> None:
    initiative = _running(lyon, oslo)
    first = workspace.upload_document(
        initiative, upload=SimpleUploadedFile("plan.pdf", PDF), title="Plan", by=None
    )
    url = reverse("connections:initiative-document", args=[first.document.pk])
    client = oslo_coordinator.client()
    bad = client.post(url, {"file": SimpleUploadedFile("plan.pdf", b"<html></html>")})
    assert bad.status_code == 200 and "not a real" in bad.content.decode()
    assert client.post(url, {"file": SimpleUploadedFile("v2.pdf", PDF)}).status_code == 302
    assert list(DocumentVersion.objects.values_list("number", flat=True)) == [2, 1]
    page = client.get(url).content.decode()
    assert "version 2" in page and "version 1" in page


def test_outputs_are_bilingual_and_the_public_page_waits_for_french(
    lyon, oslo, lyon_coordinator, visitor
) -> None:
    initiative = _running(lyon, oslo)
    Initiative.objects.filter(pk=initiative.pk).update(aim_fr="Une campagne commune.")
    output = workspace.add_output(
        initiative, kind="report", title="Report", summary="What we did.", by=None
    )
    initiative.refresh_from_db()
    with pytest.raises(ValidationError, match="in French too"):
        services.publish(initiative, version=None, by=None)
    url = reverse("connections:initiative-output-edit", args=[output.pk])
    data = {
        "kind": "report",
        "title": "Report",
        "summary": "What we did.",
        "title_fr": "Rapport",
        "summary_fr": "Ce que nous avons fait.",
        "version": output.version + 5,
    }
    stale = lyon_coordinator.client().post(url, data)
    assert stale.status_code == 200 and "Compare the two versions" in stale.content.decode()
    data["version"] = output.version
    assert lyon_coordinator.client().post(url, data).status_code == 302
    services.publish(initiative, version=None, by=None)
    public = reverse("connections:initiative-public", args=[initiative.pk])
    with translation.override("fr"):
        public_fr = reverse("connections:initiative-public", args=[initiative.pk])
    assert "Rapport" in visitor.client().get(public_fr).content.decode()
    assert "Report" in visitor.client().get(public).content.decode()
    pdf = visitor.client().get(f"{public_fr}?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    assert "Rapport" in text and "Oslo" in text


def test_ticked_tasks_are_done_together_and_the_workspace_shows_the_next_ones(
    lyon, oslo, oslo_coordinator
) -> None:
    initiative = _running(lyon, oslo)
    package = workspace.add_work_package(initiative, title="Campaign", by=None)
    today = timezone.localdate()
    tasks = [
        workspace.add_task(
            package, title=f"Task {n}", owner=oslo, due_on=today + timedelta(days=n), by=None
        )
        for n in range(selectors.TASKS_SHOWN + 2)
    ]
    row = selectors.workspace(initiative).packages[0]
    assert [t.title for t in row.open_tasks] == [t.title for t in tasks[: selectors.TASKS_SHOWN]]
    assert row.open_not_shown == 2 and row.done_tasks == []
    client = oslo_coordinator.client()
    url = reverse("connections:initiative-package", args=[package.pk])
    page = client.get(url).content.decode()
    assert f"Task {selectors.TASKS_SHOWN + 1}" in page
    ticked = {"action": "done", "tasks": [tasks[0].pk, tasks[1].pk]}
    assert client.post(url, ticked).status_code == 302
    assert client.post(url, ticked).status_code == 302  # refused: already done, nothing changes
    assert initiative.work_packages.get().tasks.filter(done_at__isnull=False).count() == 2
    with pytest.raises(ValidationError, match="Already done"):
        workspace.finish_tasks(initiative, task_ids=[tasks[0].pk, tasks[2].pk], by=None)
    assert not type(tasks[2]).objects.get(pk=tasks[2].pk).done_at
    message = {"action": "message", "package": package.pk, "message-text": "Printed."}
    assert client.post(url, message).status_code == 302
    assert "Printed." in client.get(url).content.decode()
