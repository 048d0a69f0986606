"""What core checks and measures itself: database, cache, migrations, workers, the task queue."""

import uuid
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily, Metric


def check_database() -> str | None:
    """Return None when the database answers a query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return None


def check_cache() -> str | None:
    """Return None when the shared cache keeps what is written to it."""
    key, value = "readyz:probe", uuid.uuid4().hex
    cache.set(key, value, 30)
    return None if cache.get(key) == value else "the cache did not keep a value"


def check_migrations() -> str | None:
    """Return None when every migration of the code is applied to the database."""
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return f"{len(pending)} migration(s) not applied"
    return None


def task_queue_metrics() -> Iterable[Metric]:
    """Yield the task queue's depth, the age of its oldest waiting task, and failed tasks."""
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    counts = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")).order_by())
    depth = GaugeMetricFamily("icc_tasks", "Background tasks, by status.", labels=["status"])
    for status in TaskResultStatus:
        depth.add_metric([status.value.lower()], counts.get(status.value, 0))
    yield depth
    oldest = DBTaskResult.objects.ready().aggregate(first=Min("enqueued_at"))["first"]
    yield GaugeMetricFamily(
        "icc_tasks_oldest_waiting_seconds",
        "How long the oldest task that may run has waited, in seconds.",
        value=(now - oldest).total_seconds() if oldest else 0,
    )


def check_workers() -> str | None:
    """Return None when a task worker has beaten within the lease, when workers are required."""
    from icc.core.models import WorkerHeartbeat

    if not settings.ICC_READY_REQUIRES_WORKER:
        return None
    since = timezone.now() - timedelta(seconds=settings.TASK_WORKER_LEASE_SECONDS)
    if WorkerHeartbeat.objects.filter(beat_at__gte=since).exists():
        return None
    return f"no task worker has beaten in the last {settings.TASK_WORKER_LEASE_SECONDS} s"
