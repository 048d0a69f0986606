"""Dates are written out with month names in each language, « 1er » in French."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from icc.core.dates import format_date

FIRST_OF_DECEMBER = datetime.date(2026, 12, 1)
MID_JANUARY = datetime.date(2008, 1, 15)


def render(source: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "day", "expected"),
    [
        ("en", MID_JANUARY, "15 January 2008"),
        ("en", FIRST_OF_DECEMBER, "1 December 2026"),
        ("fr", MID_JANUARY, "15 janvier 2008"),
        ("fr", FIRST_OF_DECEMBER, "1er décembre 2026"),
    ],
)
def test_long_date_in_each_language(language: str, day: datetime.date, expected: str) -> None:
    with translation.override(language):
        assert format_date(day) == expected
    assert render("{{ day|date }}", language, day=day) == expected
    assert render('{{ day|date:"DATE_FORMAT" }}', language, day=day) == expected


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "15 Jan 2008"), ("fr", "15 janvier 2008")]
)
def test_short_date_has_a_month_name_not_us_figures(language: str, expected: str) -> None:
    assert render('{{ day|date:"SHORT_DATE_FORMAT" }}', language, day=MID_JANUARY) == expected


def test_french_ordinal_also_in_short_dates_and_date_times() -> None:
    moment = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC)
    assert render('{{ day|date:"SHORT_DATE_FORMAT" }}', "fr", day=FIRST_OF_DECEMBER) == (
        "1er décembre 2026"
    )
    assert render('{{ moment|date:"DATETIME_FORMAT" }}', "fr", moment=moment).startswith(
        "1er décembre 2026"
    )


def test_membership_page_shows_long_dates_in_english(client, lyon, secretariat) -> None:
    page = secretariat.client().get("/en/cities/lyon/membership/").content.decode()
    assert "15 Jan 2008" in page
    assert "01/15/2008" not in page
