"""One anonymous visitor asking for BENCH_PATH without pause; used when wrk is not installed.

Locust runs in one Python process here, so on a small machine it saturates before
the server does: compare its figures with each other, not with wrk's.
"""

import os

from locust import FastHttpUser, constant, task


class Visitor(FastHttpUser):
    """Fetch the page under test again as soon as the previous answer arrives."""

    wait_time = constant(0)

    @task
    def fetch(self) -> None:
        """Ask for the page; anything but a 200 counts as a failure."""
        self.client.get(os.environ["BENCH_PATH"], name="target")
