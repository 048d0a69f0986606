"""Gunicorn settings for `make demo` and production; each can be overridden by environment."""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = os.environ.get("WEB_WORKER_CLASS", "gthread")
threads = int(os.environ.get("WEB_THREADS", "2"))
accesslog = os.environ.get("ACCESS_LOG") or None
graceful_timeout = 5
timeout = 30
