"""A city's results page shows its dimension scores under each area, as a data table."""

import pytest
from django.urls import reverse
from django.utils import translation

from icc.index.method.loader import EDITIONS_DIR
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
