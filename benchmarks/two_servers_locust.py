"""The two-server benchmark's load: each request goes to the next server in turn.

Read by ``two_servers.py``, which names the servers in ``BENCH_SERVERS`` (comma
separated) and a coordinator's session cookie in ``BENCH_COOKIE``. Every simulated
person asks again as soon as answered; the pages mix anonymous public pages (mostly
from the shared page cache), a search with a varying word, and signed-in pages (never
cached), each named by its kind.
"""

import itertools
import os
import random

from locust import FastHttpUser, constant, task

SERVERS = itertools.cycle(os.environ["BENCH_SERVERS"].split(","))
COOKIE = {"Cookie": os.environ["BENCH_COOKIE"]}
PROFILES = ("/en/cities/lyon/", "/en/cities/oslo/", "/en/cities/bergen/", "/en/cities/")
WORDS = ("refugees", "school", "language", "sport", "women", "youth", "housing", "culture")
RNG = random.Random()  # noqa: S311 (load choices, not secrets)


class Person(FastHttpUser):
    """Half a visitor, half a signed-in coordinator, without pause."""

    wait_time = constant(0)

    @task(4)
    def public_page(self) -> None:
        """A public page, as an anonymous visitor."""
        self.client.get(next(SERVERS) + RNG.choice(PROFILES), name="public page")

    @task(1)
    def search(self) -> None:
        """The practice search with a varying word, as an anonymous visitor."""
        word = RNG.choice(WORDS)
        self.client.get(f"{next(SERVERS)}/en/practices/?q={word}", name="search, varying")

    @task(2)
    def signed_in(self) -> None:
        """A city profile as a signed-in coordinator (never from the page cache)."""
        self.client.get(
            next(SERVERS) + "/en/cities/lyon/", headers=COOKIE, name="profile, signed in"
        )
