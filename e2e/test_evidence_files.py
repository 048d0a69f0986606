"""A city attaches evidence in the browser; the expert who reviews it opens it.

Lyon's coordinator attaches a scan to an answer from the French questionnaire, then
submits; the expert opens the scan from the answers page. Oslo's coordinator, given the
same address, is told nothing exists; a visitor is asked to sign in first.
"""

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from conftest import Persona
from e2e.conftest import NewPage, in_language, sign_in, url, user_of
from icc.index.models import EvidenceFile
from icc.index.services.answers import start_response
from icc.index.tests.factories import shipped_round
from icc.network.models import City

QUESTION = "language.mother_tongues"


@pytest.fixture(autouse=True)
def _media(tmp_path: Path, settings) -> None:
    settings.MEDIA_ROOT = tmp_path


def _scan(tmp_path: Path) -> Path:
    # Outside the folder of stored files, as on the coordinator's own computer.
    path = tmp_path / "desk" / "délibération-scan.png"
    path.parent.mkdir()
    output = io.BytesIO()
    Image.new("RGB", (320, 200), "teal").save(output, format="PNG")
    path.write_bytes(output.getvalue())
    return path


def test_the_expert_opens_the_scan_the_city_attached(
    new_page: NewPage,
    lyon: City,
    lyon_coordinator: Persona,
    oslo_coordinator: Persona,
    expert: Persona,
    tmp_path: Path,
) -> None:
    index_round = shipped_round("2019", label="2025")
    response = start_response(index_round, lyon, started_by=None)
    area = url("fr", "index:response-area", pk=response.pk, area="language")
    scan = _scan(tmp_path)

    city = new_page()
    sign_in(city, user_of(lyon_coordinator).email, language="fr")
    city.goto(area)
    # The start of the question names its region, and avoids French non-breaking spaces.
    start = index_round.edition.method.question(QUESTION).text.in_language("fr")[:30]
    region = city.get_by_role("region", name=re.compile(re.escape(start)))
    # The label and button words are the Index's own, tested with its questionnaire.
    upload = region.locator("form.file-form")
    upload.locator('input[type="file"]').set_input_files(scan)
    upload.locator("button[type=submit]").click()
    expect(
        city.get_by_role("status").filter(has_text=in_language("fr", "File attached."))
    ).to_be_visible()
    evidence = EvidenceFile.objects.get()
    assert evidence.content_type == "image/png"

    reviewer = new_page()
    sign_in(reviewer, user_of(expert).email)
    reviewer.goto(url("en", "index:response-area", pk=response.pk, area="language"))
    link = reviewer.get_by_role("link", name=scan.name)
    with reviewer.expect_response(re.compile(r"/files/index-evidence/")) as answer:
        link.click()
    assert answer.value.status == 200
    assert answer.value.headers["content-type"] == "image/png"
    assert answer.value.headers["x-content-type-options"] == "nosniff"
    assert answer.value.body() == scan.read_bytes()
    # Chromium shows the picture in the page's place.
    picture = reviewer.locator("img")
    expect(picture).to_be_visible()
    assert picture.evaluate("image => image.naturalWidth") == 320
    address = reviewer.url

    outsider = new_page()
    sign_in(outsider, user_of(oslo_coordinator).email)
    refused = outsider.goto(address)
    assert refused is not None and refused.status == 404

    visitor = new_page()
    visitor.goto(address)
    expect(visitor).to_have_url(re.compile(re.escape(url("en", "account_login"))))
