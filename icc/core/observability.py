"""What an operator sees: a request id on every log line, readiness, and metrics.

``RequestObservationMiddleware`` runs first. It gives each request an id (the one the
reverse proxy sent in ``X-Request-ID`` when it is well formed, else a new one), puts it
on every log line written while the request is handled (``RequestIdFilter``), sends it
back in the ``X-Request-ID`` header and shows it on the error page, so a person's report
leads to the log. It also counts requests and their latency per view for the metrics
endpoint. Apps add readiness checks (``register_readiness_check``) and metrics read at
scrape time (``register_metrics_collector``) without core importing them.

With several server processes, ``PROMETHEUS_MULTIPROC_DIR`` (set by config/gunicorn.py)
makes the counters of every worker add up in one scrape.
"""

import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Iterable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import Metric

_request_id: ContextVar[str] = ContextVar("request_id", default="-")
# An id from the proxy is kept only if it cannot forge a log line.
_WELL_FORMED_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

REQUESTS = Counter(
    "icc_http_requests",
    "HTTP requests answered, by view, method and status class.",
    ["view", "method", "status"],
)
LATENCY = Histogram(
    "icc_http_request_duration_seconds",
    "Time to answer a request, by view.",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10),
)

type ReadinessCheck = Callable[[], str | None]
_readiness_checks: dict[str, ReadinessCheck] = {}
_collectors: list[Callable[[], Iterable[Metric]]] = []


def current_request_id() -> str:
    """Return the id of the request being handled, or ``-`` outside a request."""
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    """Add ``request_id`` to every log record, for the log format to print."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class RequestObservationMiddleware:
    """Give each request an id, and count it and its latency by view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _WELL_FORMED_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        view = _view_label(request, response)
        REQUESTS.labels(view, request.method or "-", f"{response.status_code // 100}xx").inc()
        LATENCY.labels(view).observe(time.perf_counter() - started)
        return response


def _view_label(request: HttpRequest, response: HttpResponse) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.view_name or match._func_path
    if getattr(response, "is_cached_copy", False):
        return "cached-public-page"
    return "static-or-unresolved"


def register_readiness_check(name: str, check: ReadinessCheck) -> None:
    """Add a check to ``/readyz``: it returns None when ready, else what is wrong."""
    _readiness_checks[name] = check


def readiness() -> dict[str, str]:
    """Run every readiness check and return ``{name: "ok" or the problem}``."""
    results = {}
    for name, check in sorted(_readiness_checks.items()):
        try:
            problem = check()
        except Exception as error:  # a failing check is a finding, not a crash
            problem = f"{type(error).__name__}: {error}"
        results[name] = problem or "ok"
    return results


def register_metrics_collector(collect: Callable[[], Iterable[Metric]]) -> None:
    """Add metrics computed at scrape time (e.g. from the database) to ``/metrics``."""
    _collectors.append(collect)


class _ScrapeTimeCollector:
    def collect(self) -> Iterable[Metric]:
        for collect in _collectors:
            yield from collect()


def metrics_registry() -> CollectorRegistry:
    """Return a registry with every process's counters and the scrape-time metrics."""
    from prometheus_client import REGISTRY, multiprocess

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = CollectorRegistry()
        for collector in list(REGISTRY._collector_to_names):
            registry.register(collector)
    registry.register(_ScrapeTimeCollector())
    return registry
