"""Survey items on their own form, a survey of one district, statements in other
languages, and the read-only API."""

from typing import Any

from django.urls import reverse

from conftest import Persona
from icc.antirumours.models import Item, Rumour, Survey
from icc.antirumours.tests.build import answers


def test_an_item_changes_on_its_form_until_the_first_answer(
    built: dict[str, Any], lyon_coordinator: Persona, rumour: Rumour
) -> None:
    survey = built["survey"]
    item = survey.items.get(code="trust")
    client = lyon_coordinator.client()
    url = reverse("antirumours:item-edit", args=[item.pk])
    fields = {"kind": "likert", "code": "trust", "text_en": "I trust", "text_fr": "J’ai confiance"}
    stale = client.post(url, fields | {"version": item.version + 5})
    assert stale.status_code == 409 and "changed this item meanwhile" in stale.content.decode()
    taken = client.post(url, fields | {"code": "aid", "version": item.version})
    assert "Another item of the survey has this code" in taken.content.decode()
    saved = client.post(url, fields | {"rumour": rumour.pk, "version": item.version})
    assert saved.status_code == 302
    item.refresh_from_db()
    assert (item.text_fr, item.rumour, item.version) == ("J’ai confiance", rumour, 1)
    added = client.post(
        reverse("antirumours:item-add", args=[survey.pk]),
        {"kind": "yes_no", "code": "heard", "text_en": "Heard it", "text_fr": "Entendu"},
    )
    assert added.status_code == 302 and survey.items.filter(code="heard").exists()
    client.post(reverse("antirumours:item-remove", args=[survey.items.get(code="heard").pk]))
    assert not survey.items.filter(code="heard").exists()
    answers(built["before"], [("North", "16-29", "woman", 3, "yes")])
    fixed = client.post(url, fields | {"version": item.version})
    assert "its items can no longer change" in fixed.content.decode()
    page = client.get(survey.get_absolute_url()).content.decode()
    assert "its items can no longer change" in page and "item-edit" not in page
    assert Item.objects.get(pk=item.pk).text_en == "I trust"


def test_a_survey_of_one_district(built: dict[str, Any], lyon_coordinator: Persona) -> None:
    north = built["strategy"].districts.get(name="North")
    response = lyon_coordinator.client().post(
        reverse("antirumours:survey-add", args=["lyon"]),
        {"title": "North", "district": north.pk, "items": "yes_no | a | A | A"},
    )
    assert response.status_code == 302
    assert Survey.objects.get(title="North").district == north
    page = lyon_coordinator.client().get(response["Location"]).content.decode()
    assert "District surveyed: North" in page


def test_statements_in_other_languages(secretariat: Persona, rumour: Rumour) -> None:
    client = secretariat.client()
    url = reverse("antirumours:rumour-edit", args=[rumour.pk])
    base = {
        "version": rumour.version,
        "theme": rumour.theme.pk,
        "statement_en": rumour.statement_en,
        "statement_fr": rumour.statement_fr,
    }
    half = client.post(url, base | {"other_statement_1": "Se llevan las ayudas"})
    assert "Choose the statement" in half.content.decode()
    saved = client.post(
        url, base | {"other_language_1": "es", "other_statement_1": "Se llevan las ayudas"}
    )
    assert saved.status_code == 302
    rumour.refresh_from_db()
    assert rumour.other_statements == {"es": "Se llevan las ayudas"}
    public = client.get(reverse("antirumours:public-detail", args=[rumour.pk])).content.decode()
    assert '<span lang="es">« Se llevan las ayudas »</span>' in public
    form = client.get(url).content.decode()
    assert 'name="other_language_2"' in form and "Se llevan las ayudas" in form


def test_the_api_reads_the_catalogue_openly_and_results_with_a_token(
    built: dict[str, Any], rumour: Rumour, lyon_coordinator: Persona, oslo_coordinator: Persona
) -> None:
    from icc.accounts.services import create_api_token

    visitor = Persona("visitor", None).client()
    listed = visitor.get(reverse("api-v1:list_rumours")).json()
    assert [r["id"] for r in listed["items"]] == [rumour.pk]
    detail = visitor.get(reverse("api-v1:get_rumour", args=[rumour.pk])).json()
    assert detail["counter_arguments"][0]["source_url"].startswith("https://")
    url = reverse("api-v1:get_survey_results", args=[built["survey"].pk])
    assert visitor.get(url).status_code == 401
    answers(built["before"], [("North", "16-29", "woman", 2, "no")] * 40)
    answers(built["after"], [("South", "65+", "man", 4, "yes")] * 35)
    assert lyon_coordinator.user and oslo_coordinator.user
    _row, key = create_api_token(lyon_coordinator.user, name="t")
    found = visitor.get(url, headers={"Authorization": f"Bearer {key}"}).json()
    trust = next(i for i in found["items"] if i["code"] == "trust")
    assert (trust["n_before"], trust["n_after"], trust["said"]) == (40, 35, "higher")
    assert trust["p_adjusted"] is not None
    _row, other = create_api_token(oslo_coordinator.user, name="t")
    assert visitor.get(url, headers={"Authorization": f"Bearer {other}"}).status_code == 403
    mine = visitor.get(
        reverse("api-v1:list_surveys"), headers={"Authorization": f"Bearer {key}"}
    ).json()
    assert [s["id"] for s in mine["items"]] == [built["survey"].pk]


def test_the_dashboard_shows_the_proposals_to_decide(
    built: dict[str, Any], secretariat: Persona, lyon_coordinator: Persona
) -> None:
    from icc.antirumours.models import Theme
    from icc.antirumours.services import catalogue

    catalogue.create_rumour(
        by=lyon_coordinator.user,
        theme=Theme.classic("labour"),
        statement_en="They take our jobs",
        statement_fr="Ils prennent nos emplois",
        city=built["strategy"].city,
    )
    page = secretariat.client().get(reverse("commitment:dashboard")).content.decode()
    assert "1 city strategy, 0 with its five steps done; 1 rumours published" in page
    assert "1 rumour proposed by a city waits for a decision" in page
    assert "They take our jobs" in page


def test_the_secretariat_adds_a_theme(secretariat: Persona, lyon_coordinator: Persona) -> None:
    from icc.antirumours.models import Theme

    url = reverse("antirumours:theme-add")
    assert lyon_coordinator.client().get(url).status_code == 403
    client = secretariat.client()
    empty = client.post(url, {"name_en": "Housing", "name_fr": " "})
    assert "This field is required" in empty.content.decode()
    assert client.post(url, {"name_en": "Housing", "name_fr": "Logement"}).status_code == 302
    assert Theme.objects.get(slug="housing").name_fr == "Logement"
    again = client.post(url, {"name_en": "housing", "name_fr": "Logement"})
    assert "The catalogue has a theme of this name." in again.content.decode()


def test_the_diagnosis_names_the_survey_that_measured_a_rumour(
    built: dict[str, Any], rumour: Rumour, lyon_coordinator: Persona
) -> None:
    survey = built["survey"]
    survey.items.filter(code="aid").update(rumour=rumour)
    page = lyon_coordinator.client().get(reverse("antirumours:strategy", args=["lyon"]))
    text = page.content.decode()
    assert "Measured by the survey" in text
    assert "2 hours of training" in text  # the agent attended one session of a 2-hour module
    assert f'<a href="{survey.get_absolute_url()}">{survey}</a>' in text
