"""The city report as a PDF, in English and in French, read by its extracted text."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from icc.index.results import selectors
from icc.index.tests.factories import publish_result, shipped_round

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


@pytest.fixture
def published(lyon, oslo, barcelona):
    index_round = shipped_round("2019", label="2022")
    publish_result(index_round, lyon, 0.7, spread=0.3)
    publish_result(index_round, oslo, 0.9, spread=0.3)
    publish_result(index_round, barcelona, 0.4, spread=0.3)
    return index_round


def test_pdf_holds_the_title_the_sample_and_the_overall_score(client, published, lyon):
    response = client.get(f"/en/index/results/lyon/?round={published.pk}&format=pdf")

    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    overall = selectors.latest_published_results([lyon.pk])[lyon.pk].overall
    assert "Lyon: Results of the Intercultural Cities Index" in text
    assert "A comparison between 3 cities" in text
    assert f"{overall}%" in text
    assert "Barcelona" in text and "Oslo" in text  # the list of the sample
    assert "Score per area" in text  # the chart's own title, drawn in the PDF
    assert "1 / " in text  # numbered by the report's print stylesheet


def test_french_pdf_names_the_areas_in_french(client, published):
    with translation.override("fr"):
        url = reverse("index:city-report", args=["lyon"])
    text = pdf_text(client.get(f"{url}?round={published.pk}&format=pdf").content)
    assert "Langue" in text


def test_the_report_rendered_without_a_request_reads_as_the_pages_pdf(client, published, lyon):
    from icc.index.results import reports

    with translation.override("fr"):
        url = reverse("index:city-report", args=["lyon"])
        report = reports.build_city_report(lyon, published)
        assert report is not None
        rendered = reports.render_report_pdf(report)
    served = client.get(f"{url}?round={published.pk}&format=pdf").content
    assert pdf_text(rendered) == pdf_text(served)
    assert "Langue" in pdf_text(rendered)
