"""The workflow draft → submitted → published, and who may move a practice along it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from icc.core.models import Activity
from icc.network.models import City
from icc.practices import permissions, services
from icc.practices.models import Practice
from icc.practices.tests.conftest import write_practice

pytestmark = pytest.mark.django_db


def test_a_coordinator_writes_a_practice_in_french_and_submits_it(lyon_coordinator, lyon) -> None:
    client = lyon_coordinator.client()
    response = client.post(
        reverse("practices:practice-create"),
        {
            "level": "local",
            "city": lyon.pk,
            "original_language": "fr",
            "started_year": "2021",
            "areas": ["welcoming"],
            "target_groups": ["refugees"],
            "contacts": "Camille Martin; coordinatrice; camille@lyon.test",
            "links": "https://www.lyon.fr Ville de Lyon",
            "fr-title": "Accueil des réfugiés",
            "fr-summary": "Un **guichet** unique.",
            "en-title": "",
        },
    )
    practice = Practice.objects.get()
    assert response.status_code == 302 and response["Location"] == practice.get_absolute_url()
    assert practice.status == Practice.Status.DRAFT and practice.country == "FR"
    assert practice.languages == ["fr"] and practice.area_codes == ["welcoming"]
    assert practice.contacts[0]["email"] == "camille@lyon.test"
    client.post(reverse("practices:practice-submit", args=[practice.slug]))
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED
    assert Activity.objects.about(practice).filter(verb="practice.submitted").exists()


def test_a_local_practice_needs_a_city(lyon_coordinator) -> None:
    response = lyon_coordinator.client().post(
        reverse("practices:practice-create"),
        {
            "level": "local",
            "original_language": "en",
            "started_year": "2021",
            "en-title": "No city",
            "en-summary": "x",
        },
    )
    assert response.status_code == 200 and not Practice.objects.exists()


def test_a_practice_needs_one_language(lyon_coordinator, lyon) -> None:
    response = lyon_coordinator.client().post(
        reverse("practices:practice-create"),
        {
            "level": "local",
            "city": lyon.pk,
            "original_language": "en",
            "started_year": "2021",
        },
    )
    assert response.status_code == 200 and not Practice.objects.exists()


def test_a_coordinator_cannot_write_for_another_city(oslo_coordinator, lyon) -> None:
    response = oslo_coordinator.client().post(
        reverse("practices:practice-create"),
        {
            "level": "local",
            "city": lyon.pk,
            "original_language": "en",
            "started_year": "2021",
            "en-title": "Not mine",
            "en-summary": "x",
        },
    )
    assert response.status_code == 200 and not Practice.objects.exists()


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("secretariat", True),
        ("reci_coordinator", True),
        ("lyon_coordinator", False),
        ("oslo_coordinator", False),
        ("expert", False),
    ],
)
def test_moderation_of_a_network_city(
    request, personas, barcelona: City, persona: str, allowed: bool
) -> None:
    practice = write_practice(barcelona, en={"title": "Anti-rumour agents"})
    services.submit_practice(practice, submitted_by=None)
    user = personas[persona].user
    assert permissions.can_moderate_practice(user, practice) is allowed
    response = (
        personas[persona].client().post(reverse("practices:practice-publish", args=[practice.slug]))
    )
    practice.refresh_from_db()
    if allowed:
        assert response.status_code == 302 and practice.status == Practice.Status.PUBLISHED
        assert practice.published_at is not None
    else:
        assert response.status_code == 404 and practice.status == Practice.Status.SUBMITTED


def test_a_network_coordinator_does_not_moderate_cities_outside_the_network(
    reci_coordinator, lyon: City
) -> None:
    practice = write_practice(lyon, en={"title": "Lyon's own"})
    services.submit_practice(practice, submitted_by=None)
    assert not permissions.can_moderate_practice(reci_coordinator.user, practice)
    assert permissions.can_moderate_practice(reci_coordinator.user, practice) is False


def test_sending_back_needs_a_reason_and_returns_a_draft(secretariat, lyon: City) -> None:
    practice = write_practice(lyon, en={"title": "Half done"})
    services.submit_practice(practice, submitted_by=None)
    client = secretariat.client()
    url = reverse("practices:practice-reject", args=[practice.slug])
    assert client.post(url, {"reason": ""}).status_code == 200
    response = client.post(url, {"reason": "Add the results, with figures."})
    practice.refresh_from_db()
    assert response.status_code == 302 and practice.status == Practice.Status.DRAFT
    assert practice.rejection_reason == "Add the results, with figures."
    entry = Activity.objects.about(practice).get(verb="practice.rejected")
    assert entry.changes["rejection_reason"] == [None, "Add the results, with figures."]


def test_owners_cannot_change_a_practice_under_review(lyon_coordinator, lyon: City) -> None:
    practice = write_practice(lyon, en={"title": "Under review"})
    services.submit_practice(practice, submitted_by=None)
    response = lyon_coordinator.client().get(
        reverse("practices:practice-edit", args=[practice.slug])
    )
    assert response.status_code == 403


def test_workflow_steps_out_of_order_are_refused(lyon: City) -> None:
    practice = write_practice(lyon, en={"title": "Order"})
    with pytest.raises(ValidationError):
        services.publish_practice(practice, published_by=None)
    services.submit_practice(practice, submitted_by=None)
    with pytest.raises(ValidationError):
        services.submit_practice(practice, submitted_by=None)
    with pytest.raises(ValidationError):
        services.reject_practice(practice, rejected_by=None, reason=" ")


def test_every_edit_is_kept_in_the_history(lyon_coordinator, lyon: City) -> None:
    practice = write_practice(lyon, en={"title": "First title", "summary": "One."})
    services.update_practice(
        practice,
        changed_by=lyon_coordinator.user,
        expected_version=practice.version,
        texts={"en": {"title": "Second title", "summary": "One."}},
        areas=["education"],
    )
    entry = Activity.objects.about(practice).get(verb="practice.updated")
    assert entry.changes["en.title"] == ["First title", "Second title"]
    assert entry.changes["areas"] == [[], ["education"]]
    response = lyon_coordinator.client().get(
        reverse("practices:practice-history", args=[practice.slug])
    )
    assert "Second title" in response.content.decode()


def test_drafts_are_hidden_from_visitors_and_other_cities(
    visitor, oslo_coordinator, lyon: City
) -> None:
    practice = write_practice(lyon, en={"title": "Draft"})
    url = practice.get_absolute_url()
    assert visitor.client().get(url).status_code == 404
    assert oslo_coordinator.client().get(url).status_code == 404


def test_owners_may_delete_a_draft_but_not_a_published_practice(
    lyon_coordinator, lyon: City
) -> None:
    draft = write_practice(lyon, en={"title": "Draft"})
    published = write_practice(lyon, en={"title": "Public"}, publish=True)
    client = lyon_coordinator.client()
    assert client.post(reverse("practices:practice-delete", args=[draft.slug])).status_code == 302
    assert not Practice.objects.filter(pk=draft.pk).exists()
    response = client.post(reverse("practices:practice-delete", args=[published.slug]))
    assert response.status_code == 403


def test_the_moderation_queue_lists_what_awaits_the_person(
    reci_coordinator, barcelona, lyon
) -> None:
    mine = write_practice(barcelona, en={"title": "Barcelona waits"})
    other = write_practice(lyon, en={"title": "Lyon waits"})
    for practice in (mine, other):
        services.submit_practice(practice, submitted_by=None)
    response = reci_coordinator.client().get(reverse("practices:workspace"))
    assert "Barcelona waits" in response.content.decode()
    assert "Lyon waits" not in response.content.decode()


def test_a_suspended_city_cannot_send_a_practice_for_review(
    lyon, lyon_coordinator, secretariat
) -> None:
    from datetime import date

    from icc.network.services import change_city_status

    practice = write_practice(lyon, en={"title": "Welcome desks"}, by=lyon_coordinator.user)
    assert permissions.can_submit_practice(lyon_coordinator.user, practice)
    change_city_status(
        lyon,
        to="suspended",
        reason="Fees unpaid",
        changed_on=date(2026, 1, 1),
        changed_by=secretariat.user,
    )
    assert practice.city is not None
    practice.city.refresh_from_db()
    assert not permissions.can_submit_practice(lyon_coordinator.user, practice)
    assert permissions.can_submit_practice(secretariat.user, practice)
