"""The Index API: editions and published results for everyone, a city's answers by token."""

import pytest

from icc.accounts.services import create_api_token
from icc.index.services.answers import start_response
from icc.index.services.editions import ensure_shipped_editions
from icc.index.tests.factories import publish_result, shipped_round

pytestmark = pytest.mark.django_db


def bearer(persona):
    _token, key = create_api_token(persona.user, name="test")
    return {"Authorization": f"Bearer {key}"}


def test_published_results_are_open(client, lyon, oslo):
    index_round = shipped_round("2019", label="2022")
    publish_result(index_round, lyon, 0.8)
    publish_result(index_round, oslo, 0.5)

    body = client.get(f"/api/v1/index/results?round_id={index_round.pk}").json()
    history = client.get("/api/v1/index/cities/lyon/results").json()

    assert [(r["city"], r["rank"], r["sample_size"]) for r in body] == [
        ("lyon", 1, 2),
        ("oslo", 2, 2),
    ]
    assert history[0]["round_label"] == "2022" and "language" in history[0]["areas"]


def test_editions_are_open(client):
    ensure_shipped_editions()
    editions = client.get("/api/v1/index/editions").json()
    assert {(e["code"], e["earlier"]) for e in editions} == {("v1", None), ("2019", "v1")}
    assert client.get("/api/v1/index/editions/2019").json()["id"] == "2019"


def test_a_city_reads_and_writes_its_draft_by_token(
    client, lyon, lyon_coordinator, oslo_coordinator
):
    draft = start_response(shipped_round(), lyon, started_by=None)
    url = f"/api/v1/index/responses/{draft.pk}/answers/language.mother_tongues"

    saved = client.patch(
        url,
        {"version": 0, "value": "yes"},
        content_type="application/json",
        headers=bearer(lyon_coordinator),
    )
    stale = client.patch(
        url,
        {"version": 0, "value": "no"},
        content_type="application/json",
        headers=bearer(lyon_coordinator),
    )
    read = client.get(f"/api/v1/index/responses/{draft.pk}", headers=bearer(lyon_coordinator))

    assert saved.status_code == 200 and saved.json()["version"] == 1
    assert stale.status_code == 409 and stale.json()["theirs"]["value"] == "yes"
    assert read.json()["answers"][0]["value"] == "yes"
    refused = client.get(f"/api/v1/index/responses/{draft.pk}", headers=bearer(oslo_coordinator))
    assert refused.status_code == 404
    assert client.get(f"/api/v1/index/responses/{draft.pk}").status_code == 401
