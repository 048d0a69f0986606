"""A coordinator edits the city's key messages and downloads the factsheet and the share card."""

import io
import re
from datetime import date

from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from conftest import Persona
from e2e.conftest import NewPage, in_language, sign_in, url, user_of
from icc.index.services.results import store_round_results
from icc.index.tests.factories import publish_result, shipped_round
from icc.network.models import City


def en(text: str) -> str:
    return in_language("en", text)


def test_a_coordinator_downloads_the_factsheet_and_the_share_card(
    new_page: NewPage, lyon: City, lyon_coordinator: Persona
) -> None:
    index_round = shipped_round("2019")
    publish_result(index_round, lyon, 0.7, published_on=date(2025, 3, 1))
    store_round_results(index_round)

    page = new_page()
    sign_in(page, user_of(lyon_coordinator).email)
    page.goto(url("en", "learning:city-kit", city="lyon"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        en("Communication kit of %(city)s") % {"city": "Lyon"}
    )
    first = page.get_by_role("textbox", name=en("Message %(number)s") % {"number": 1}).first
    first.fill("Lyon: a city where every resident counts.")
    page.get_by_role("button", name=en("Save the key messages")).click()
    expect(page.get_by_text(en("The key messages are saved."))).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name=en("Download the factsheet (PDF)")).first.click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Lyon: a city where every resident counts." in text
    assert re.search(r"edition 2019, published 2025", text)

    with page.expect_download() as download:
        page.get_by_role("link", name=en("Download the share card (PNG, 1200 × 630)")).first.click()
    card = Image.open(io.BytesIO(download.value.path().read_bytes()))
    assert card.size == (1200, 630)
    expect(page.get_by_text(re.compile("Share card of Lyon")).first).to_be_visible()
