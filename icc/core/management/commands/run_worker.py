"""Run the task worker with a heartbeat, and recover the tasks of workers that died.

``run_worker`` is django-tasks-db's ``db_worker`` (same options) plus a thread that writes
the worker's heartbeat every ``TASK_WORKER_HEARTBEAT_SECONDS`` and, each time, fails
into the retries the running tasks of workers silent for longer than the lease
(``core.background.recover_abandoned_tasks``, decision 0023). Run it on every server
that runs tasks; several workers take each task once.
"""

import logging
import os
import socket
import threading
import time
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from icc.core import background

logger = logging.getLogger(__name__)


def _beat_and_recover(worker_id: str, started_at: datetime) -> None:
    background.beat(worker_id, started_at=started_at, host=socket.gethostname(), pid=os.getpid())
    recovered = background.recover_abandoned_tasks()
    if recovered:
        logger.warning("Recovered %d abandoned task(s): %s", len(recovered), ", ".join(recovered))


def _keep_beating(worker_id: str, started_at: datetime) -> None:
    while True:
        time.sleep(settings.TASK_WORKER_HEARTBEAT_SECONDS)
        try:
            close_old_connections()
            _beat_and_recover(worker_id, started_at)
        except Exception:
            # A locked or lost database this time; the next beat tries again.
            logger.exception("The heartbeat of worker %s failed", worker_id)
            connection.close()


class Command(DbWorkerCommand):
    help = "Run the database task worker with a heartbeat, recovering tasks of dead workers."

    def handle(self, *args: Any, **options: Any) -> None:
        # With --reload the parent only watches files; the child runs tasks and beats.
        if not options.get("reload") or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            worker_id, started_at = options["worker_id"], timezone.now()
            # The first beat comes before the first task is claimed, so every task this
            # worker runs belongs to a worker known to be alive.
            _beat_and_recover(worker_id, started_at)
            connection.close()
            threading.Thread(
                target=_keep_beating, args=(worker_id, started_at), name="heartbeat", daemon=True
            ).start()
        super().handle(*args, **options)
