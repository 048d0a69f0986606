"""A city's communication kit: only published facts, each figure with edition and year."""

import io
from datetime import date

from PIL import Image
from pypdf import PdfReader

from icc.index.services.results import store_round_results
from icc.index.tests.factories import publish_result, shipped_round
from icc.learning import kit
from icc.learning.models import CityKit


def test_the_kit_says_the_edition_and_year_of_every_figure(
    lyon, lyon_coordinator, django_capture_on_commit_callbacks
):
    index_round = shipped_round("2019")
    with django_capture_on_commit_callbacks(execute=True):
        publish_result(index_round, lyon, 0.7, published_on=date(2025, 3, 1))
    # The round's results are stored (ranks, peers) by the Index's own service.
    store_round_results(index_round)
    found = kit.facts(lyon, "fr")
    assert found.score is not None and found.edition == "2019" and found.year == 2025
    messages = kit.suggested_messages(found, "en")
    assert any("edition 2019, published 2025" in message for message in messages)
    client = lyon_coordinator.client()
    card = client.get("/en/learning/kit/lyon/card.png?lang=fr")
    assert card.status_code == 200 and card["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(card.content)).size == (1200, 630)
    pdf = client.get("/en/learning/kit/lyon/factsheet.pdf?lang=en")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Lyon" in text and "edition 2019, published 2025" in text
    page = client.get("/en/learning/kit/lyon/").content.decode()
    assert "Share card of Lyon" in page


def test_without_published_results_no_figure_is_invented(lyon, lyon_coordinator):
    shipped_round("2019")
    found = kit.facts(lyon, "en")
    assert found.score is None and found.source == ""
    assert all("out of 100" not in message for message in kit.suggested_messages(found, "en"))


def test_edited_messages_are_kept_and_checked(lyon, lyon_coordinator, oslo_coordinator):
    client = lyon_coordinator.client()
    response = client.post(
        "/en/learning/kit/lyon/",
        {
            "version": "1",
            "message_en": ["Lyon welcomes everyone."],
            "message_fr": ["Lyon accueille."],
        },
    )
    assert response.status_code == 302
    assert CityKit.objects.get(city=lyon).messages["en"] == ["Lyon welcomes everyone."]
    refused = client.post(
        "/en/learning/kit/lyon/", {"version": "2", "message_en": ["<script>x</script>"]}
    )
    assert "scripts, frames" in refused.content.decode()
    assert CityKit.objects.get(city=lyon).messages["en"] == ["Lyon welcomes everyone."]
    assert oslo_coordinator.client().get("/en/learning/kit/lyon/").status_code == 404
