"""Triggers: a new office-holder or a near election opens a task, mails the coordinator
in their language and produces the briefing pack in the city's language."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from icc.commitment import services
from icc.commitment.daily import run_daily_checks
from icc.commitment.models import ReengagementTask
from icc.index.tests.factories import publish_result, shipped_round
from icc.network import services as network_services


def pdf_text(task: ReengagementTask) -> str:
    with task.briefing_pack.open("rb") as handle:
        reader = PdfReader(BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def lyon_result(lyon):
    """Publish a Lyon Index result through the Index services."""
    from icc.index.results.selectors import latest_published_results

    publish_result(shipped_round(label="Round 2024"), lyon, level=0.7)
    return latest_published_results([lyon.pk])[lyon.pk]


def test_new_mayor_opens_a_task_mails_the_coordinator_and_builds_the_pack(
    lyon, lyon_coordinator, secretariat, lyon_result, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        term = services.record_office_term(
            lyon,
            kind="mayor",
            holder_name="Nouvelle Maire",
            starts_on=timezone.localdate(),
            recorded_by=secretariat.user,
        )
    task = ReengagementTask.objects.get(trigger_key=f"term:{term.pk}")
    assert task.reason == ReengagementTask.Reason.NEW_OFFICE_HOLDER
    assert task.assignee == secretariat.user
    assert task.due_on == timezone.localdate() + timedelta(days=services.TASK_DAYS)
    assert [item[2] for item in task.checklist] == [False, False, False]
    # The coordinator reads French: the mail is in French, with a plain-text part.
    [message] = mail.outbox
    assert message.to == ["coordinator@lyon.test"]
    assert "Nouvelle Maire" in message.body
    assert isinstance(message, EmailMultiAlternatives)
    assert message.alternatives[0][1] == "text/html"
    # The briefing pack is in the city's language and holds its overall Index score.
    task.refresh_from_db()
    assert task.briefing_pack_language == "fr"
    text = pdf_text(task)
    with translation.override("fr"):
        french_score = formats.localize(lyon_result.overall)  # "82,37": a French decimal comma
    assert french_score in text
    assert "Lyon" in text


def test_the_mail_follows_each_coordinators_language(
    oslo, oslo_coordinator, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.record_office_term(
            oslo,
            kind="mayor",
            holder_name="Ny Ordfører",
            starts_on=timezone.localdate(),
            recorded_by=None,
        )
    [message] = mail.outbox
    assert message.to == ["coordinator@oslo.test"]
    assert message.subject == "Oslo: renewing the intercultural commitment"


def test_a_past_term_opens_no_task(lyon) -> None:
    services.record_office_term(
        lyon,
        kind="mayor",
        holder_name="Old",
        recorded_by=None,
        starts_on=date(2001, 1, 1),
        ends_on=date(2008, 1, 1),
    )
    assert not ReengagementTask.objects.exists()


def test_daily_checks_open_one_task_per_near_election_however_often_they_run(
    lyon, oslo, secretariat, django_capture_on_commit_callbacks
) -> None:
    today = timezone.localdate()
    near = services.record_election(
        lyon, office_kind="mayor", held_on=today + timedelta(days=30), recorded_by=secretariat.user
    )
    services.record_election(
        oslo, office_kind="mayor", held_on=today + timedelta(days=200), recorded_by=secretariat.user
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_daily_checks.enqueue(day=today.isoformat())
        run_daily_checks.enqueue(day=today.isoformat())
    task = ReengagementTask.objects.get()
    assert task.trigger_key == f"election:{near.pk}"
    assert task.due_on == today + timedelta(days=16)


def test_daily_checks_open_a_renewal_task_for_an_agreement_ending(lyon, secretariat) -> None:
    today = timezone.localdate()
    network_services.record_financial_agreement(
        lyon,
        recorded_by=secretariat.user,
        amount=5000,
        currency="EUR",
        starts_on=today - timedelta(days=300),
        ends_on=today + timedelta(days=20),
    )
    assert services.run_daily_checks(today) == {"elections": 0, "renewals": 1}
    assert services.run_daily_checks(today) == {"elections": 0, "renewals": 0}
    assert ReengagementTask.objects.get().reason == ReengagementTask.Reason.RENEWAL


def test_secretariat_ticks_the_checklist_and_closes_the_task(lyon, secretariat) -> None:
    term = services.record_office_term(
        lyon, kind="mayor", holder_name="M", starts_on=timezone.localdate(), recorded_by=None
    )
    task = ReengagementTask.objects.get(trigger_key=f"term:{term.pk}")
    response = secretariat.client().post(
        f"/en/commitment/tasks/{task.pk}/",
        {
            "assignee": secretariat.user.pk,
            "due_on": task.due_on.isoformat(),
            "briefing_meeting_done": "on",
            "commitment_letter_done": "on",
            "event_invitation_done": "on",
            "close": "on",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.briefing_meeting_done and task.closed_at is not None


def test_a_coordinator_cannot_open_the_tasks(lyon, lyon_coordinator) -> None:
    term = services.record_office_term(
        lyon, kind="mayor", holder_name="M", starts_on=timezone.localdate(), recorded_by=None
    )
    task = ReengagementTask.objects.get(trigger_key=f"term:{term.pk}")
    client = lyon_coordinator.client()
    assert client.get(f"/en/commitment/tasks/{task.pk}/").status_code == 403
    assert client.post(f"/en/commitment/tasks/{task.pk}/", {"close": "on"}).status_code == 403
    task.refresh_from_db()
    assert task.closed_at is None


def test_an_old_running_term_filled_in_late_opens_no_task(lyon) -> None:
    services.record_office_term(
        lyon, kind="mayor", holder_name="Since 2020", recorded_by=None, starts_on=date(2020, 7, 4)
    )
    assert not ReengagementTask.objects.exists()


def test_pack_of_a_city_the_platform_does_not_speak_follows_its_coordinator(
    barcelona, lyon_result, django_capture_on_commit_callbacks
) -> None:
    from conftest import make_person
    from icc.accounts.models import Role
    from icc.accounts.services import grant_role

    network_services.update_city(
        barcelona, changed_by=None, data={"languages": ["ca", "es"], "names": {"fr": "Barcelone"}}
    )
    coordinator = make_person("coordinator@barcelona.test", language="fr")
    grant_role(coordinator, Role.CITY_COORDINATOR, city=barcelona, granted_by=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_office_term(
            barcelona,
            kind="mayor",
            holder_name="Nova Alcaldessa",
            starts_on=timezone.localdate(),
            recorded_by=None,
        )
    task = ReengagementTask.objects.get(city=barcelona)
    assert task.briefing_pack_language == "fr"
    text = pdf_text(task)
    assert "Dossier d’information" in text
    # The city is named as French readers know it.
    assert "Barcelone" in text
    # French typography: a no-break space before the colon of each label.
    assert "Statut d’adhésion\u00a0:" in text or "Statut d’adhésion :" in text
