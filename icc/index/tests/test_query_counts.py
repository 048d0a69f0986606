"""The results pages and the round page ask the database as often for 12 cities as for 3.

Each page reads the results stored at publication (and the round page the counts kept
for each response), so the number of queries does not grow with the round.
"""

from io import BytesIO

import pytest
from django.db import connection
from django.http import FileResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from icc.index.models import ReportFile, Round
from icc.index.services.answers import save_answer, start_response
from icc.index.tests.factories import answers_at_level, publish_result, shipped_round
from icc.network import services as network_services
from icc.network.models import City

pytestmark = pytest.mark.django_db


def _city(number: int) -> City:
    return network_services.create_city(
        created_by=None,
        name=f"Town {number:02d}",
        slug=f"town-{number:02d}",
        country="FR",
        population=50_000 * number,
        status=City.Status.MEMBER,
        joined_on="2010-01-15",
    )


def _queries(client: Client, path: str) -> int:
    client.get(path)  # the first view fills what is kept between views
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def _grow(index_round: Round, first: int, last: int) -> None:
    for number in range(first, last + 1):
        publish_result(index_round, _city(number), 0.3 + number / 30, spread=0.2)


@pytest.fixture
def published() -> Round:
    index_round = shipped_round(label="2024")
    _grow(index_round, 1, 3)
    return index_round


def _same_count_with_more_cities(published: Round, client: Client, *paths: str) -> None:
    with_three = [_queries(client, path) for path in paths]
    _grow(published, 4, 12)
    assert [_queries(client, path) for path in paths] == with_three


def test_results_table_queries_do_not_grow_with_the_cities(published, lyon_coordinator):
    url = f"{reverse('index:results')}?round={published.pk}"

    _same_count_with_more_cities(
        published, lyon_coordinator.client(), url, f"{url}&sort=name&q=town", f"{url}&sort=language"
    )


def test_city_report_queries_do_not_grow_with_the_cities(published, lyon_coordinator):
    client = lyon_coordinator.client()
    url = reverse("index:city-report", args=["town-02"])

    _same_count_with_more_cities(published, client, f"{url}?round={published.pk}")


def test_report_with_picked_peers_queries_do_not_grow_with_the_cities(published, lyon_coordinator):
    client = lyon_coordinator.client()
    url = reverse("index:city-report", args=["town-02"])
    picked = list(City.objects.filter(slug__in=["town-01", "town-03"]).values_list("pk", flat=True))

    _same_count_with_more_cities(
        published,
        client,
        f"{url}?round={published.pk}&" + "&".join(f"peers={pk}" for pk in picked),
    )


@override_settings(ICC_INDEX_REPORTS_AT_PUBLICATION=True)
def test_published_report_pdf_is_rendered_once_and_served_from_its_file(
    lyon, oslo, lyon_coordinator, django_capture_on_commit_callbacks
):
    index_round = shipped_round(label="2023")
    publish_result(index_round, lyon, 0.5)
    with django_capture_on_commit_callbacks(execute=True):
        publish_result(index_round, oslo, 0.6)
    assert ReportFile.objects.filter(round=index_round).count() == 4  # 2 cities, 2 languages
    client = lyon_coordinator.client()
    url = reverse("index:city-report", args=["lyon"])

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"round": index_round.pk, "format": "pdf"})

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert isinstance(response, FileResponse)  # the stored file, not a new rendering
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.getvalue())).pages)
    assert "Lyon" in text and "2 cities" in text
    assert len(queries) < 15
    with override_settings(ICC_PUBLIC_PAGE_CACHE_SECONDS=600):
        visitor = Client().get(url, {"round": index_round.pk, "format": "pdf"})
    assert isinstance(visitor, FileResponse) and "public" in visitor["Cache-Control"]


def test_round_page_queries_do_not_grow_with_the_responses(secretariat):
    index_round = shipped_round(label="2025")
    method = index_round.edition.method

    def start(first: int, last: int) -> None:
        for number in range(first, last + 1):
            response = start_response(index_round, _city(number), started_by=None)
            for question, value in list(answers_at_level(method, 0.5).items())[:5]:
                save_answer(response, question, saved_by=None, value=value, expected_version=0)

    start(1, 3)
    client = secretariat.client()
    url = reverse("index:round-detail", args=[index_round.pk])
    with_three = _queries(client, url)
    start(4, 12)

    assert _queries(client, url) == with_three
