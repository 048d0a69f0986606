"""Gunicorn settings for `make demo` and production; each can be overridden by environment.

Synchronous workers, two per CPU, by default (decision 0009): each takes a connection
only when it is free, so requests wait in the kernel's queue in arrival order instead of
in one busy worker's threads. Behind a reverse proxy, slow clients never hold a worker.
"""

import os
import shutil
from pathlib import Path
from typing import Any

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1))))
worker_class = os.environ.get("WEB_WORKER_CLASS", "sync")
threads = int(os.environ.get("WEB_THREADS", "1"))
accesslog = os.environ.get("ACCESS_LOG") or None
# The request id ties an access-log line to the application's own log lines.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'
graceful_timeout = 5
timeout = 30

# Each worker writes its metrics to files here, so one scrape adds up every worker's.
_metrics_dir = Path(os.environ.get("ICC_VAR_DIR", "var")) / "metrics"
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(_metrics_dir))


def on_starting(server: Any) -> None:
    """Start from empty metric files, and import WeasyPrint once for every worker.

    Importing WeasyPrint costs seconds of CPU; done in each worker at its first PDF, on a
    saturated machine it pushed that request past ``timeout`` and the worker was killed
    (benchmarks/README.md, long load). Imported here, in the master, the workers forked
    from it share the loaded modules.
    """
    directory = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True, exist_ok=True)
    if os.environ.get("ICC_PRELOAD_WEASYPRINT", "1") == "1":
        import weasyprint  # noqa: F401


def post_worker_init(worker: Any) -> None:
    """Render one tiny PDF in each new worker, before it takes requests.

    The master's import leaves each worker's first render to set up its fonts (Pango's
    font map is per thread): about 0.1–0.2 s of CPU, and most of a second of waiting on a
    loaded machine, which the first person to download a certificate or a report paid
    (benchmarks/certification_register.py). Paid here, at start-up, instead.
    """
    if os.environ.get("ICC_PRELOAD_WEASYPRINT", "1") == "1":
        from icc.core.pdf import warm_up

        warm_up()


def child_exit(server: Any, worker: Any) -> None:
    """Drop the live gauges of a worker that stopped."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
