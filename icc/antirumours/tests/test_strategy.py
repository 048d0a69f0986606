"""A city's strategy: who changes it, suspended cities, personal data, certificates."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from conftest import Persona, make_person
from icc.accounts.personal_data import erase_person, export_person
from icc.antirumours.models import Agent, Organisation
from icc.antirumours.services import strategy as services
from icc.network import services as network_services
from icc.network.models import City


def test_a_suspended_city_reads_but_does_not_act(
    built: dict[str, Any], lyon: City, lyon_coordinator: Persona
) -> None:
    network_services.change_city_status(
        lyon,
        to=City.Status.SUSPENDED,
        reason="Fees",
        changed_on=timezone.localdate(),
        changed_by=None,
    )
    lyon.refresh_from_db()
    client = lyon_coordinator.client()
    assert client.get(reverse("antirumours:strategy", args=["lyon"])).status_code == 200
    assert client.get(reverse("antirumours:agent-add", args=["lyon"])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.add_agent(built["strategy"], Agent(full_name="X"), by=lyon_coordinator.user)


def test_the_national_coordinator_reads_without_personal_data(
    barcelona: City, secretariat: Persona, reci_coordinator: Persona, rumour: Any
) -> None:
    from icc.antirumours.tests.build import full_strategy

    full_strategy(barcelona, secretariat.user, rumour)
    page = reci_coordinator.client().get(reverse("antirumours:strategy", args=["barcelona"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Ana Agent" not in text and "Jo Contact" not in text
    assert (
        "Ana Agent"
        in secretariat.client()
        .get(reverse("antirumours:strategy", args=["barcelona"]))
        .content.decode()
    )


def test_personal_data_is_exported_and_erased(built: dict[str, Any]) -> None:
    person = make_person("ana@example.org", full_name="Ana Agent")
    data = export_person(person, exported_by=None)
    assert data["antirumours"]["agents"][0]["full_name"] == "Ana Agent"
    erase_person(person, erased_by=None)
    agent = Agent.objects.get()
    assert agent.full_name == "(erased)" and agent.email == "" and agent.is_erased
    assert Organisation.objects.get().contact_email == "jo@example.org"  # another person's


def test_certificate_of_attendance(built: dict[str, Any], lyon_coordinator: Persona) -> None:
    response = lyon_coordinator.client().get(
        reverse("antirumours:certificate", args=["lyon", built["agent"].pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_a_district_of_another_city_is_refused(
    built: dict[str, Any], lyon_coordinator: Persona
) -> None:
    from django.core.exceptions import ValidationError

    other = built["strategy"].districts.first()
    other.strategy_id = 0  # not Lyon's
    with pytest.raises(ValidationError):
        services.add_agent(
            built["strategy"], Agent(full_name="Y", district=other), by=lyon_coordinator.user
        )
    assert not Agent.objects.filter(full_name="Y").exists()


def test_campaign_materials_are_checked_and_read_by_the_city_only(
    built: dict[str, Any], lyon_coordinator: Persona, oslo_coordinator: Persona
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from icc.antirumours.models import Material
    from icc.core.downloads import download_url

    client = lyon_coordinator.client()
    page = reverse("antirumours:campaign", args=[built["campaign"].pk])
    fake = SimpleUploadedFile("leaflet.pdf", b"not a pdf at all", content_type="application/pdf")
    refused = client.post(page, {"part": "material", "title": "Leaflet", "file": fake})
    assert refused.status_code == 200 and not Material.objects.exists()
    real = SimpleUploadedFile("leaflet.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    assert (
        client.post(page, {"part": "material", "title": "Leaflet", "file": real}).status_code == 302
    )
    address = download_url(Material.objects.get().file)
    assert client.get(address).status_code == 200
    assert oslo_coordinator.client().get(address).status_code in (403, 404)
