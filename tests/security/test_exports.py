"""Every CSV and XLSX export writes formula-like text as text (the payloads of payloads/)."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook

from conftest import Persona
from icc.core.exports import CsvWriter, is_formula_like, neutralise
from icc.index.tests.factories import publish_result, shipped_round
from icc.network import services as network_services
from icc.network.models import City, NationalNetwork

PAYLOAD_FILE = Path(__file__).parent / "payloads" / "formulas.txt"


def payloads() -> list[str]:
    """Return the formula payloads kept in the repository, escapes decoded."""
    lines = PAYLOAD_FILE.read_text(encoding="utf-8").splitlines()
    return [
        line.replace("\\t", "\t").replace("\\r", "\r")
        for line in lines
        if line and not line.startswith("#")
    ]


@pytest.mark.parametrize("payload", payloads())
def test_payload_is_written_as_text(payload: str) -> None:
    assert is_formula_like(payload)
    buffer = io.StringIO()
    CsvWriter(buffer).writerow([payload, 3, Decimal("-1.50")])
    cells = next(csv.reader(io.StringIO(buffer.getvalue())))
    assert cells == ["'" + payload, "3", "-1.50"]


@pytest.mark.parametrize("value", [0, -3, 2.5, Decimal("0.00"), "-12.5", "+33", "Lyon", "", None])
def test_numbers_and_plain_text_stay_as_they_are(value: object) -> None:
    assert neutralise(value) == value


@pytest.fixture
def planted(lyon: City, oslo: City, secretariat: Persona) -> tuple[str, str]:
    """Plant a formula in a city's name and in a national network's name."""
    city_payload, network_payload = payloads()[0], payloads()[4]
    network = NationalNetwork.objects.create(name=network_payload, slug="planted", country="NO")
    network_services.update_city(
        oslo, changed_by=None, data={"name": city_payload, "national_network": network}
    )
    return city_payload, network_payload


def test_public_results_csv_and_xlsx_hold_no_formula(
    planted: tuple[str, str], lyon: City, oslo: City, secretariat: Persona
) -> None:
    city_payload, _network_payload = planted
    index_round = shipped_round("2019", label="2022", opened_by=secretariat.user)
    publish_result(index_round, lyon, 0.9)
    publish_result(index_round, oslo, 0.4)
    client = Client()

    exported = client.get(f"/en/index/results/?round={index_round.pk}&format=csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode())))
    assert ["'" + city_payload] in [row[:1] for row in rows]
    assert all(not is_formula_like(cell) for row in rows for cell in row)

    workbook = client.get(f"/en/index/results/?round={index_round.pk}&format=xlsx")
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    planted_cell = next(cell for cell in cells if cell.value == city_payload)
    assert planted_cell.data_type == "s" and planted_cell.quotePrefix
    # Scores and ranks stay numbers a spreadsheet can sum.
    assert any(isinstance(cell.value, int | float) for cell in cells)


def test_dashboard_csv_neutralises_a_planted_network_name(
    planted: tuple[str, str], secretariat: Persona
) -> None:
    city_payload, network_payload = planted
    response = secretariat.client().get("/en/dashboard/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    oslo_row = next(row for row in rows if row[0] == "'" + city_payload)
    assert oslo_row[4] == "'" + network_payload
    assert all(not is_formula_like(cell) for row in rows for cell in row)
    assert "no-store" in response["Cache-Control"]
