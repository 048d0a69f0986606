"""A suspended city is told why, by whom, on every page and in the API (issue 10, item 7)."""

import json
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from conftest import Persona
from icc.accounts.services import create_api_token
from icc.network import services
from icc.network.models import City
from icc.practices.models import Practice, Story
from icc.practices.tests.conftest import write_practice

REASON = "Membership fees for 2025 unpaid after three reminders."


def suspend(city: City, by: Persona) -> None:
    services.change_city_status(
        city,
        to=City.Status.SUSPENDED,
        reason=REASON,
        changed_on=date(2026, 3, 3),
        changed_by=by.user,
    )


def path(language: str, name: str, **kwargs: str) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize(("language", "status"), [("en", "Suspended"), ("fr", "Suspendue")])
def test_suspended_citys_people_see_status_reason_and_contact_on_pages_that_withhold(
    lyon: City,
    lyon_coordinator: Persona,
    secretariat: Persona,
    language: str,
    status: str,
) -> None:
    suspend(lyon, secretariat)
    with translation.override(language):
        since = date_format(date(2026, 3, 3), "DATE_FORMAT")
    client = lyon_coordinator.client()

    for name in ("index:home", "practices:workspace", "network:city-detail"):
        kwargs = {"slug": "lyon"} if name == "network:city-detail" else {}
        html = client.get(path(language, name, **kwargs)).content.decode()
        assert "status-notice" in html, name
        assert f"Lyon: {status}" in html or f"Lyon\u00a0: {status}" in html, name
        assert REASON in html, name
        assert since in html, name
        assert "mailto:secretariat@test.example" in html, name


def test_member_citys_people_and_visitors_see_no_notice(
    lyon: City, lyon_coordinator: Persona, oslo_coordinator: Persona, secretariat: Persona
) -> None:
    assert "status-notice" not in lyon_coordinator.client().get("/en/index/").content.decode()
    suspend(lyon, secretariat)
    assert "status-notice" not in oslo_coordinator.client().get("/en/index/").content.decode()
    profile = oslo_coordinator.client().get("/en/cities/lyon/").content.decode()
    assert REASON not in profile


def test_suspended_city_may_not_write_practices_or_stories(
    lyon: City, lyon_coordinator: Persona, secretariat: Persona
) -> None:
    draft = write_practice(lyon, en={"title": "Welcome desk"}, by=lyon_coordinator.user)
    suspend(lyon, secretariat)
    client = lyon_coordinator.client()

    assert client.get(path("en", "practices:practice-create")).status_code == 403
    edit = client.post(path("en", "practices:practice-edit", slug=draft.slug), {"title_en": "X"})
    assert edit.status_code == 403
    delete = client.post(path("en", "practices:practice-delete", slug=draft.slug))
    assert delete.status_code == 403
    assert client.get(path("en", "practices:story-create")).status_code == 403
    workspace = client.get(path("en", "practices:workspace"))
    assert workspace.status_code == 200
    assert "Welcome desk" in workspace.content.decode()
    assert path("en", "practices:practice-create") not in workspace.content.decode()
    assert str(Practice.objects.get(pk=draft.pk)) == "Welcome desk"
    assert not Story.objects.exists()


def test_member_city_still_writes_practices(lyon: City, lyon_coordinator: Persona) -> None:
    assert lyon_coordinator.client().get(path("en", "practices:practice-create")).status_code == 200


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Lyon is suspended"), ("fr", "Lyon est suspendue")],
)
def test_api_refusal_gives_the_reason_in_the_readers_language(
    client,
    lyon: City,
    lyon_coordinator: Persona,
    secretariat: Persona,
    language: str,
    expected: str,
) -> None:
    assert lyon_coordinator.user is not None
    key = create_api_token(lyon_coordinator.user, name="sync")[1]
    suspend(lyon, secretariat)

    response = client.patch(
        "/api/v1/cities/lyon",
        data=json.dumps({"website": "https://lyon.example"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}", "Accept-Language": language},
    )

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "city_may_not_act"
    assert expected in error["message"]
    assert REASON in error["message"]
    assert "secretariat@test.example" in error["message"]
    lyon.refresh_from_db()
    assert lyon.website == ""


def test_api_refusal_to_an_outsider_reveals_no_reason(
    client, lyon: City, oslo_coordinator: Persona, secretariat: Persona
) -> None:
    assert oslo_coordinator.user is not None
    key = create_api_token(oslo_coordinator.user, name="sync")[1]
    suspend(lyon, secretariat)
    response = client.patch(
        "/api/v1/cities/lyon",
        data=json.dumps({"website": "https://lyon.example"}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert REASON not in response.content.decode()


def test_suspended_citys_people_ask_questions_as_themselves_not_in_its_name(
    lyon: City, lyon_coordinator: Persona, secretariat: Persona
) -> None:
    from icc.practices.models import Question

    suspend(lyon, secretariat)
    client = lyon_coordinator.client()
    form = client.get(path("en", "practices:question-create"))
    assert form.status_code == 200
    assert f'value="{lyon.pk}"' not in form.content.decode()
    refused = client.post(
        path("en", "practices:question-create"),
        {"title": "Housing?", "body": "How?", "language": "en", "city": lyon.pk},
    )
    assert refused.status_code == 200  # the form again, with the city refused
    assert not Question.objects.filter(city=lyon).exists()
