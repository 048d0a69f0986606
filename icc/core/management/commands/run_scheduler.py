"""Queue the daily jobs of every module once a day, for the task worker to run.

Safe on every server: each job is queued once a day in total (a unique row per job and
day). Each check also recovers the tasks of task workers that died (decision 0023).
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from icc.core.background import enqueue_daily_jobs, recover_abandoned_tasks


class Command(BaseCommand):
    help = "Queue the daily jobs (elections near, renewals due, expiries) once a day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Check once and stop.")
        parser.add_argument(
            "--interval", type=float, default=60.0, help="Seconds between two checks (default 60)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            for path in enqueue_daily_jobs(timezone.localdate()):
                self.stdout.write(f"Queued {path} for {timezone.localdate()}")
            for task_id in recover_abandoned_tasks():
                self.stdout.write(f"Recovered task {task_id}, abandoned by its worker")
            if options["once"]:
                return
            time.sleep(options["interval"])
