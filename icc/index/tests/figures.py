"""Read the figures the public pages, the API and the PDF give for the published Index results.

``demo_figures(client)`` walks the open API, the network's results table and every
city's report (and one PDF) as a visitor, and returns what they say as plain JSON:
scores, ranks, sample sizes, the rows of every table, the cities to learn from. The
figures of the demo network were captured with it before the results were stored at
publication (``demo_figures.json``); ``test_demo_figures`` compares them to today's.
"""

import json
import re
from html.parser import HTMLParser
from io import BytesIO
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import translation

SPACES = re.compile(r"\s+")
# The numbers of a PDF's text: scores, ranks, counts (dates and years included).
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


class _Tables(HTMLParser):
    """Collect each table's rows as cell texts, and the text of chosen sections."""

    def __init__(self, sections: tuple[str, ...] = ()) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.sections = {name: "" for name in sections}
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._open_sections: list[tuple[str, int]] = []
        self._depth = 0
        self._in_svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self._in_svg += 1
        if self._in_svg:
            return
        self._depth += 1
        attributes = dict(attrs)
        if tag == "section" and attributes.get("aria-labelledby") in self.sections:
            self._open_sections.append((str(attributes["aria-labelledby"]), self._depth))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._row = []
            self.tables[-1].append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._in_svg -= 1
            return
        if self._in_svg:
            return
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(SPACES.sub(" ", "".join(self._cell)).strip())
            self._cell = None
        if self._open_sections and self._open_sections[-1][1] == self._depth and tag == "section":
            self._open_sections.pop()
        self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_svg:
            return
        if self._cell is not None:
            self._cell.append(data)
        for name, _depth in self._open_sections:
            self.sections[name] += data


def page_tables(html: str, sections: tuple[str, ...] = ()) -> tuple[list[Any], dict[str, str]]:
    """Return the page's tables (rows of cell texts) and the words of the named sections."""
    parser = _Tables(sections)
    parser.feed(html)
    texts = {name: SPACES.sub(" ", text).strip() for name, text in parser.sections.items()}
    return parser.tables, texts


def _get(client: Client, path: str, **params: Any) -> Any:
    response = client.get(path, params)
    assert response.status_code == 200, (path, params, response.status_code)
    return response


def write_figures(figures: dict[str, Any], path: Any) -> None:
    """Write the figures as JSON, one key a line, so that a difference reads as a line."""
    lines = [
        f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False, separators=(',', ':'))}"
        for key, value in sorted(figures.items())
    ]
    path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


def demo_figures(client: Client, *, pdf_cities: tuple[str, ...] = ("lyon",)) -> dict[str, Any]:
    """Return every figure the visitor's pages, the API and a PDF give, keyed by where."""
    figures: dict[str, Any] = {}
    default = _get(client, "/api/v1/index/results").json()
    figures["api default round"] = default
    rounds: dict[int, str] = {}
    slugs: set[str] = {row["city"] for row in default}
    table, _texts = page_tables(_get(client, "/en/index/results/").content.decode())
    figures["results table default round"] = table
    for row in default:
        rounds[row["round_id"]] = row["round_label"]
    for slug in sorted(slugs):
        history = _get(client, f"/api/v1/index/cities/{slug}/results").json()
        figures[f"api city {slug}"] = history
        for row in history:
            rounds[row["round_id"]] = row["round_label"]
    for round_id, label in sorted(rounds.items(), key=lambda item: item[1]):
        results = _get(client, "/api/v1/index/results", round_id=round_id).json()
        figures[f"api round {label}"] = results
        html = _get(client, "/en/index/results/", round=round_id).content.decode()
        figures[f"results table {label}"] = page_tables(html)[0]
        csv = _get(client, "/en/index/results/", round=round_id, format="csv")
        figures[f"results csv {label}"] = csv.content.decode().splitlines()
        for sort in ("name",):
            html = _get(client, "/en/index/results/", round=round_id, sort=sort).content.decode()
            figures[f"results table {label} by {sort}"] = page_tables(html)[0]
        for row in results:
            html = _get(
                client, f"/en/index/results/{row['city']}/", round=round_id
            ).content.decode()
            tables, texts = page_tables(html, ("overall-title", "learn-title", "areas-title"))
            figures[f"report {label} {row['city']}"] = {"tables": tables, "texts": texts}
    for slug in sorted(slugs)[:2]:
        # The report of the default round, and with cities the reader picked.
        html = _get(client, f"/en/index/results/{slug}/").content.decode()
        figures[f"report default {slug}"] = page_tables(html, ("overall-title",))[0]
    picked = [row["city"] for row in default[:4]]
    ids = _city_ids(picked)
    html = _get(client, f"/en/index/results/{picked[0]}/", peers=ids[1:]).content.decode()
    figures[f"report {picked[0]} with picked peers"] = page_tables(html)[0]
    with translation.override("fr"):
        french = reverse("index:city-report", args=[picked[0]])
    html = _get(client, french).content.decode()
    figures[f"report fr {picked[0]}"] = page_tables(html, ("learn-title",))
    for slug in pdf_cities:
        figures[f"pdf {slug}"] = pdf_numbers(
            _get(client, f"/en/index/results/{slug}/", format="pdf").content
        )
    return figures


def _city_ids(slugs: list[str]) -> list[int]:
    from icc.network.models import City

    by_slug = dict(City.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    return [by_slug[slug] for slug in slugs]


def pdf_numbers(content: bytes) -> list[str]:
    """Return the numbers of a PDF's text, in order (scores, ranks, counts)."""
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return NUMBER.findall(text)
