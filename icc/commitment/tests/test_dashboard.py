"""The secretariat's dashboard: its figures, its charts with tables, its CSV export."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone, translation

from icc.commitment import dashboard, services
from icc.commitment.models import ReengagementTask
from icc.commitment.tasks import build_briefing_pack
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
    assert '<strong class="overdue">late</strong>' in page


def test_growth_counts_members_at_the_end_of_each_year(lyon, oslo, barcelona) -> None:
    rows = dict(dashboard.growth(date(2026, 1, 1)))
    assert rows["2008"] == 3
    assert rows["2026"] == 3


def test_growth_ends_on_the_home_pages_member_count(lyon, oslo, barcelona, secretariat) -> None:
    from icc.network import services as network_services
    from icc.network.models import City
    from icc.network.selectors import network_figures

    network_services.change_city_status(
        oslo, to=City.Status.SUSPENDED, reason="Fees unpaid.", changed_on=date(2025, 3, 1),
        changed_by=secretariat.user,
    )  # fmt: skip
    # A city recorded as having left when it was added, with the year it had joined.
    network_services.create_city(
        created_by=None, name="Izhevsk", slug="izhevsk", country="RU",
        status=City.Status.LEFT, joined_on="2008-01-15",
    )  # fmt: skip
    rows = dict(dashboard.growth(date(2026, 6, 1)))
    assert rows["2024"] == 3
    assert rows["2026"] == network_figures()["members"] == 2


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


def test_dashboard_is_rendered_once_then_read_from_the_cache(
    lyon, oslo, secretariat, django_assert_max_num_queries
) -> None:
    client = secretariat.client()
    client.get("/en/dashboard/")
    # Session, user, role grants, the latest activity entry, the figures' generation,
    # the unread notifications, the mentoring section's counts and the anti-rumours
    # section's two counts (sections of other apps are drawn fresh, decision 0043): no
    # figure is read again.
    with django_assert_max_num_queries(9):
        again = client.get("/en/dashboard/").content.decode()
    assert again.count("<svg") == 2 and "Lyon" in again


def test_dashboard_shows_a_commitment_write_at_once(lyon, secretariat) -> None:
    client = secretariat.client()
    assert "Nouvelle Maire" not in client.get("/en/dashboard/").content.decode()
    services.record_office_term(
        lyon,
        kind="mayor",
        holder_name="Nouvelle Maire",
        starts_on=timezone.localdate(),
        recorded_by=secretariat.user,
    )
    assert "Nouvelle Maire took office" in client.get("/en/dashboard/").content.decode()


def test_dashboard_shows_a_membership_write_at_once(oslo, secretariat) -> None:
    client = secretariat.client()
    today = timezone.localdate()
    assert "OSL-9" not in client.get("/en/dashboard/").content.decode()
    agreement = network_services.record_financial_agreement(
        oslo,
        recorded_by=secretariat.user,
        amount=Decimal("5000"),
        currency="EUR",
        starts_on=today - timedelta(days=100),
        ends_on=today + timedelta(days=265),
    )
    network_services.record_invoice(
        agreement,
        recorded_by=secretariat.user,
        number="OSL-9",
        amount=Decimal("5000"),
        issued_on=today - timedelta(days=40),
        due_on=today - timedelta(days=10),
    )
    assert "OSL-9" in client.get("/en/dashboard/").content.decode()


def test_a_briefing_pack_built_in_the_background_appears_on_the_dashboard(
    lyon, secretariat, django_capture_on_commit_callbacks
) -> None:
    """The pack is saved without an activity entry; the generation bumped on commit tells."""
    term = services.record_office_term(
        lyon,
        kind="mayor",
        holder_name="Nouvelle Maire",
        starts_on=timezone.localdate(),
        recorded_by=secretariat.user,
    )
    task = ReengagementTask.objects.get(trigger_key=f"term:{term.pk}")
    client = secretariat.client()
    assert "being prepared" in client.get("/en/dashboard/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        build_briefing_pack.call(task_id=task.pk)
    page = client.get("/en/dashboard/").content.decode()
    assert "Briefing pack for Lyon (PDF)" in page and "being prepared" not in page


def test_day_based_figures_roll_over_with_the_date(lyon, secretariat) -> None:
    today = timezone.localdate()
    services.open_reengagement_task(
        lyon,
        reason=ReengagementTask.Reason.RENEWAL,
        trigger_key="renewal:test",
        detail={"ends_on": today.isoformat()},
        due_on=today,
        queue=False,
    )
    with translation.override("en"):
        assert "0 overdue" in dashboard.rendered_sections(today=today)
        assert "1 overdue" in dashboard.rendered_sections(today=today + timedelta(days=1))
