"""Operators see readiness, metrics for a scraper, and one request id from log to error page."""

import logging

import pytest
from django.test import Client, override_settings
from django.urls import path

from icc.core import observability
from icc.core.observability import register_readiness_check


def test_readyz_reports_every_check(db) -> None:
    response = Client().get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["ready"] is True
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"
    assert body["checks"]["migrations"] == "ok"
    assert "no-cache" in response["Cache-Control"]


@override_settings(ICC_READY_REQUIRES_WORKER=True)
def test_readyz_needs_a_live_task_worker(db) -> None:
    from django.utils import timezone

    from icc.core.models import WorkerHeartbeat

    response = Client().get("/readyz")
    assert response.status_code == 503
    assert "no task worker" in response.json()["checks"]["workers"]
    now = timezone.now()
    WorkerHeartbeat.objects.create(
        worker_id="w1", host="app-1", pid=42, started_at=now, beat_at=now
    )
    assert Client().get("/readyz").status_code == 200


def test_readyz_answers_503_when_a_check_fails(db, monkeypatch) -> None:
    monkeypatch.setattr(observability, "_readiness_checks", dict(observability._readiness_checks))
    register_readiness_check("workers", lambda: "no worker seen for 120 s")
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["workers"] == "no worker seen for 120 s"


@override_settings(ICC_METRICS_TOKEN="")
def test_metrics_are_hidden_when_no_token_is_set(db) -> None:
    assert Client().get("/metrics").status_code == 404


@override_settings(ICC_METRICS_TOKEN="scraper-secret")
def test_metrics_are_hidden_from_the_public(db) -> None:
    assert Client().get("/metrics").status_code == 404
    assert Client().get("/metrics", headers={"authorization": "Bearer wrong"}).status_code == 404


@override_settings(ICC_METRICS_TOKEN="scraper-secret")
def test_metrics_count_requests_per_view_and_the_task_queue(lyon) -> None:
    Client().get("/en/cities/lyon/")
    response = Client().get("/metrics", headers={"authorization": "Bearer scraper-secret"})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'icc_http_requests_total{method="GET",status="2xx",view="network:city-detail"}' in text
    assert 'icc_http_request_duration_seconds_bucket{le="0.1",view="network:city-detail"}' in text
    assert 'icc_tasks{status="ready"}' in text
    assert "icc_tasks_oldest_waiting_seconds" in text


def test_every_response_carries_a_request_id(db) -> None:
    first = Client().get("/healthz")
    second = Client().get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]
    # The proxy's id is kept when well formed, replaced when it could forge a log line.
    assert (
        Client().get("/healthz", headers={"x-request-id": "edge-1234abcd"})["X-Request-ID"]
        == "edge-1234abcd"
    )
    assert (
        Client().get("/healthz", headers={"x-request-id": "bad\nline"})["X-Request-ID"]
        != "bad\nline"
    )


def _broken(request):
    logging.getLogger("icc.test").error("about to fail")
    raise RuntimeError("boom")


urlpatterns = [path("broken", _broken)]
handler500 = "icc.core.views.server_error"


@pytest.mark.urls("icc.core.tests.test_observability")
def test_the_error_page_and_the_log_show_the_same_id(db, caplog) -> None:
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR):
        response = client.get("/broken")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert request_id in response.content.decode()
    logged = [r for r in caplog.records if r.name == "icc.test"]
    assert logged and logged[0].request_id == request_id  # type: ignore[attr-defined]
