"""Settings of the processes that tests start beside themselves (``tests/live_database.py``).

The test settings, with the database-backed task queue that real workers read, and the
worker's heartbeat and lease taken from the environment so a test can make them short.
"""

import os

from config.settings_test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TASK_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("TASK_WORKER_HEARTBEAT_SECONDS", "10"))
TASK_WORKER_LEASE_SECONDS = float(os.environ.get("TASK_WORKER_LEASE_SECONDS", "60"))
