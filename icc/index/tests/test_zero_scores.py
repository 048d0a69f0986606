"""A score of 0 is a score: every page, export and PDF shows it, never the "no score" dash."""

import re
from io import BytesIO

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from icc.index.models import Score
from icc.index.tests.factories import publish_result, shipped_round

pytestmark = pytest.mark.django_db


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def fr(name, *args):
    with translation.override("fr"):
        return reverse(name, args=args)


@pytest.fixture
def zero_round(lyon, oslo):
    """A round where Lyon earns no point at all, and Oslo does well."""
    index_round = shipped_round("2019", label="2022")
    publish_result(index_round, lyon, 0.0)
    publish_result(index_round, oslo, 0.8)
    return index_round


def row_of(html: str, city: str) -> str:
    return next(row for row in re.findall(r"<tr>.*?</tr>", html, re.DOTALL) if city in row)


def test_the_score_filter_shows_zero_and_a_dash_only_for_none():
    template = Template("{% load index_tags %}[{{ a|score }}|{{ b|score }}|{{ c|score }}]")
    from decimal import Decimal

    context = Context({"a": Decimal("0.00"), "b": None, "c": Decimal("72.50")})
    assert template.render(context) == "[0.00|—|72.50]"
    with translation.override("fr"):
        assert template.render(context) == "[0,00|—|72,50]"


def test_the_results_table_shows_a_zero_score(zero_round, lyon, visitor):
    overall = Score.objects.get(response__city=lyon, level=Score.Level.OVERALL).score
    assert overall == 0

    page = visitor.client().get(en("index:results"))

    lyon_row = row_of(page.content.decode(), "Lyon")
    assert "<strong>0.00</strong>" in lyon_row
    assert "—" not in lyon_row
    assert ">0.00<" in lyon_row.split("</strong>", 1)[1]  # the areas too


def test_sorting_by_an_area_keeps_a_zero_above_no_score(zero_round, lyon, oslo, visitor):
    page = visitor.client().get(en("index:results") + "?sort=commitment")
    html = page.content.decode()
    assert html.index(">Oslo<") < html.index(">Lyon<")


def test_the_city_report_shows_zero_scores_with_their_ranks_in_both_languages(
    zero_round, lyon, visitor
):
    english = visitor.client().get(en("index:city-report", "lyon")).content.decode()
    area_table = english.split("Score per area, 0 to 100", 1)[1].split("</table>", 1)[0]
    assert "—" not in area_table
    assert "<strong>0.00</strong></td>" in area_table
    assert "with an aggregate index of 0.00%" in english
    progress = english.split('id="progress-title"', 1)[1].split("</table>", 1)[0]
    assert "—" not in progress and "0.00" in progress

    french = visitor.client().get(fr("index:city-report", "lyon")).content.decode()
    area_table = french.split('id="profile-title"', 1)[1].split("<caption>", 1)[1]
    area_table = area_table.split("</table>", 1)[0]
    assert "—" not in area_table and "<strong>0,00</strong>" in area_table


def test_the_pdf_shows_a_zero_score(zero_round, lyon, visitor):
    from pypdf import PdfReader

    pdf = visitor.client().get(en("index:city-report", "lyon") + "?format=pdf")

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    assert "aggregate index of\n0.00%" in text
    assert "—" not in text.split("Score per area, 0 to 100", 1)[1].split("Comparison", 1)[0]
