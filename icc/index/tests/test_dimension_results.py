"""A city's results page shows its dimension scores under each area, as a data table."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from icc.index.method.loader import EDITIONS_DIR
from icc.index.tests.factories import publish_result, shipped_round
from icc.index.tests.test_mipex_example import ANSWERS
from icc.index.tests.test_stored_options import publish
from icc.network.models import City

pytestmark = pytest.mark.django_db


def test_the_results_page_shows_each_areas_dimensions_in_a_table(client, lyon: City) -> None:
    """The figures of test_mipex_example: political.bodies 83.33, labour.access 75."""
    text = (EDITIONS_DIR / "mipex-example.json").read_text(encoding="utf-8")
    response = publish(text, "mipex-example.json", lyon, ANSWERS)

    with translation.override("en"):
        url = reverse("index:city-report", args=["lyon"]) + f"?round={response.round_id}"
    html = client.get(url).content.decode()
    political = html[html.index('id="area-political"') :]
    political = political[: political.index("</section>")]

    assert 'aria-labelledby="area-political-dimensions"' in political
    assert '<caption id="area-political-dimensions">' in political
    assert "<table" in political and '<th scope="row">' in political
    assert "83.33" in political
    labour = html[html.index('id="area-labour"') :]
    assert "75.00" in labour[: labour.index("</section>")]


def published_mipex(lyon: City):
    text = (EDITIONS_DIR / "mipex-example.json").read_text(encoding="utf-8")
    return publish(text, "mipex-example.json", lyon, ANSWERS)


def test_the_results_table_and_its_exports_give_each_dimension(client, lyon: City) -> None:
    response = published_mipex(lyon)
    with translation.override("en"):
        url = reverse("index:results") + f"?round={response.round_id}"

    html = client.get(url).content.decode()
    heading = "Political participation: Consultative bodies"
    assert f'<th scope="col" class="num dimension">{heading}</th>' in html
    assert "83.33" in html and "75.00" in html

    lines = client.get(url + "&format=csv").content.decode().splitlines()
    header, row = lines[0].split(","), lines[1].split(",")
    assert header[-6:] == [
        "labour.access",
        "labour.support",
        "education.access",
        "education.intercultural",
        "political.electoral",
        "political.bodies",
    ]
    assert dict(zip(header, row, strict=True))["political.bodies"] == "83.33"
    assert dict(zip(header, row, strict=True))["labour.access"] == "75.00"

    sheet = load_workbook(BytesIO(client.get(url + "&format=xlsx").content)).active
    titles, values = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert dict(zip(titles, values, strict=True))[
        "Political participation: Consultative bodies"
    ] == pytest.approx(83.33)


def test_the_api_gives_dimensions_only_for_an_edition_with_dimensions(client, lyon, oslo) -> None:
    response = published_mipex(lyon)
    found = client.get(f"/api/v1/index/results?round_id={response.round_id}").json()
    assert found[0]["dimensions"]["political.bodies"] == "83.33"
    assert found[0]["dimensions"]["labour.access"] == "75.00"
    history = client.get("/api/v1/index/cities/lyon/results").json()
    assert history[0]["dimensions"]["political.bodies"] == "83.33"

    plain = shipped_round(label="2024")
    publish_result(plain, oslo, 0.7)
    found = client.get(f"/api/v1/index/results?round_id={plain.pk}").json()
    assert "dimensions" not in found[0]
    assert found[0]["published_on"] is not None
