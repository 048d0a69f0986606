"""The secretariat's dashboard: its figures, its charts with tables, its CSV export."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from icc.commitment import dashboard, services
from icc.network import services as network_services


def test_dashboard_shows_tasks_risks_fees_and_charts(lyon, oslo, secretariat) -> None:
    today = timezone.localdate()
    services.record_office_term(
        lyon,
        kind="mayor",
        holder_name="Nouvelle Maire",
        starts_on=today,
        recorded_by=secretariat.user,
    )
    agreement = network_services.record_financial_agreement(
        oslo,
        recorded_by=secretariat.user,
        amount=Decimal("5000"),
        currency="EUR",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    network_services.record_invoice(
        agreement,
        recorded_by=secretariat.user,
        number="OSL-1",
        amount=Decimal("5000"),
        issued_on=today - timedelta(days=60),
        due_on=today - timedelta(days=30),
    )
    response = secretariat.client().get("/en/dashboard/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nouvelle Maire took office as Mayor" in page
    assert "OSL-1" in page and "5000.00 EUR" in page
    assert "<svg" in page and "Member cities at the end of each year" in page
    assert response.context["late_invoices"][0].number == "OSL-1"


def test_growth_counts_members_at_the_end_of_each_year(lyon, oslo, barcelona) -> None:
    rows = dict(dashboard.growth(date(2026, 1, 1)))
    assert rows["2008"] == 3
    assert rows["2026"] == 3


def test_csv_export_lists_every_city_with_its_concerns(lyon, oslo, secretariat) -> None:
    response = secretariat.client().get("/en/dashboard/export.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "City"
    lyon_row = next(row for row in rows if row[0] == "Lyon")
    assert lyon_row[2] == "member"
    assert "No Index answer on record." in lyon_row[6]


def test_city_coordinator_may_not_open_the_dashboard(lyon_coordinator) -> None:
    client = lyon_coordinator.client()
    assert client.get("/en/dashboard/").status_code == 403
    assert client.get("/en/dashboard/export.csv").status_code == 403


def test_dashboard_query_count_does_not_grow_with_the_network(
    lyon, oslo, secretariat, django_assert_max_num_queries
) -> None:
    client = secretariat.client()
    client.get("/en/dashboard/")
    for number in range(10):
        network_services.create_city(
            created_by=None, name=f"City {number}", slug=f"city-{number}", country="FR"
        )
    with django_assert_max_num_queries(40):
        client.get("/en/dashboard/")
