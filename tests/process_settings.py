"""Settings of the processes that tests start beside themselves (``tests/live_database.py``).

The test settings, with the database-backed task queue that real workers read. The
worker's heartbeat and lease come from the environment, as in production, so a test can
make them short (``TASK_WORKER_HEARTBEAT_SECONDS``, ``TASK_WORKER_LEASE_SECONDS``).
"""

from config.settings_test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Tasks render pages for the site's own address (SITE_URL) without the test runner's hosts.
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
