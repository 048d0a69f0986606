"""The secretariat exports everything held about a person, and erases a person."""

import json
from datetime import date

from icc.accounts.models import RoleGrant, User
from icc.accounts.services import create_api_token
from icc.commitment import services as commitment_services
from icc.core.models import Activity
from icc.network import services as network_services


def test_secretariat_exports_everything_held_about_a_person(lyon, lyon_coordinator, secretariat):
    user = lyon_coordinator.user
    create_api_token(user, name="sync")
    network_services.update_city(lyon, changed_by=user, data={"region": "Rhône"})
    commitment_services.record_office_term(
        lyon,
        kind="deputy_mayor",
        holder_name="Camille Martin",
        holder_email=user.email,
        starts_on=date(2020, 7, 4),
        ends_on=date(2026, 3, 1),
        recorded_by=None,
    )
    response = secretariat.client().get(f"/en/accounts/people/{user.pk}/export/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["person"]["email"] == "coordinator@lyon.test"
    assert data["person"]["language"] == "fr"
    assert data["roles"][0]["city"] == "lyon"
    assert data["api_tokens"][0]["name"] == "sync"
    assert any(entry["verb"] == "city.updated" for entry in data["activity"])
    assert data["commitment"]["terms_of_office"][0]["office"] == "deputy_mayor"
    assert Activity.objects.filter(verb="person.exported", actor=secretariat.user).exists()


def test_erasure_anonymises_the_person_and_keeps_the_activity_log(
    lyon, lyon_coordinator, secretariat
) -> None:
    user = lyon_coordinator.user
    network_services.update_city(lyon, changed_by=user, data={"region": "Rhône"})
    term = commitment_services.record_office_term(
        lyon,
        kind="deputy_mayor",
        holder_name="Camille Martin",
        holder_email=user.email,
        starts_on=date(2020, 7, 4),
        ends_on=date(2026, 3, 1),
        recorded_by=None,
    )
    entries_before = Activity.objects.filter(actor=user).count()
    response = secretariat.client().post(f"/en/accounts/people/{user.pk}/erase/")
    assert response.status_code == 302
    user = User.objects.get(pk=user.pk)
    assert user.email == f"erased-{user.pk}@erased.invalid"
    assert user.full_name == ""
    assert not user.is_active and not user.has_usable_password()
    assert not RoleGrant.objects.active().filter(user=user).exists()
    # The log keeps its entries, now pointing to the anonymised record.
    assert Activity.objects.filter(actor=user).count() == entries_before
    assert Activity.objects.filter(verb="person.erased", target_id=str(user.pk)).exists()
    term.refresh_from_db()
    assert term.holder_email == "" and term.holder_name == "Camille Martin"
    assert lyon_coordinator.client().get("/en/cities/lyon/edit/").status_code != 200


def test_a_coordinator_may_not_export_or_erase_anyone(lyon_coordinator, lyon_editor) -> None:
    client = lyon_coordinator.client()
    assert client.get(f"/en/accounts/people/{lyon_editor.user.pk}/export/").status_code == 403
    assert client.post(f"/en/accounts/people/{lyon_editor.user.pk}/erase/").status_code == 403
    lyon_editor.user.refresh_from_db()
    assert lyon_editor.user.is_active and lyon_editor.user.email == "editor@lyon.test"


def test_the_secretariat_cannot_erase_itself(secretariat) -> None:
    response = secretariat.client().post(f"/en/accounts/people/{secretariat.user.pk}/erase/")
    assert response.status_code == 403
