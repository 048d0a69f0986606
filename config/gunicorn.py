"""Gunicorn settings for `make demo` and production; each can be overridden by environment.

Synchronous workers, two per CPU, by default (decision 0009): each takes a connection
only when it is free, so requests wait in the kernel's queue in arrival order instead of
in one busy worker's threads. Behind a reverse proxy, slow clients never hold a worker.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1))))
worker_class = os.environ.get("WEB_WORKER_CLASS", "sync")
threads = int(os.environ.get("WEB_THREADS", "1"))
accesslog = os.environ.get("ACCESS_LOG") or None
graceful_timeout = 5
timeout = 30
