# ruff: noqa: S311
"""Time the calendar's pages, feed, API and selector over thousands of generated events.

Builds a database of its own in var/bench/events/ (SQLite, or PostgreSQL with
--database-url, which it empties), generates a network of 200 cities in 10 national
networks and --events events (default 5,000: a hundred times a busy year of the
network, spread over ten years, each in English and French), then requests in-process,
as a visitor with the public page cache off, so every request does the work:

- the upcoming events page, a later page of past events, an event's page;
- the iCalendar feed of the whole network (events of the last year and to come) and of
  one national network;
- the API list (100 events a page) and ``upcoming_events(today=…, city=…)``;
- for comparison on the same machine and moment: a bare view and the city directory.

Prints p50/p95/max per request in milliseconds, with the load average of the machine.

    .venv/bin/python benchmarks/events_calendar.py
    .venv/bin/python benchmarks/events_calendar.py --events 1000 --runs 20
    .venv/bin/python benchmarks/events_calendar.py \\
        --database-url postgres://icc:icc@127.0.0.1:5432/icc_bench_events
"""

import argparse
import random
import statistics
import time
from datetime import timedelta
from pathlib import Path

from bench_setup import ROOT, start_on_empty_database

VAR_DIR = ROOT / "var" / "bench" / "events"


def setup(database_url: str | None) -> None:
    start_on_empty_database(VAR_DIR, database_url, {"ICC_PUBLIC_PAGE_CACHE_SECONDS": "0"})
    from django.core.management import call_command

    # Pages name their hashed static files, as in production.
    call_command("collectstatic", interactive=False, verbosity=0)


def generate(count: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from icc.events.models import Event, EventTranslation
    from icc.network.models import City, NationalNetwork

    random.seed(14)
    today = timezone.localdate()
    kinds = list(Event.Kind.values)
    with transaction.atomic():
        NationalNetwork.objects.bulk_create(
            NationalNetwork(name=f"Network {n}", slug=f"network-{n}", country="FR")
            for n in range(10)
        )
        networks = list(NationalNetwork.objects.all())
        City.objects.bulk_create(
            City(
                name=f"City {n}",
                search_name=f"city {n}",
                slug=f"city-{n}",
                country="FR",
                status=City.Status.MEMBER,
                national_network=networks[n % 10] if n % 3 else None,
            )
            for n in range(200)
        )
        cities = list(City.objects.all())
        now = timezone.now()
        events = []
        for n in range(count):
            starts_on = today + timedelta(days=random.randint(-3300, 330))
            network = random.choice(networks) if n % 4 == 0 else None
            city = random.choice(cities)
            events.append(
                Event(
                    kind=random.choice(kinds),
                    starts_on=starts_on,
                    ends_on=starts_on + timedelta(days=random.randint(0, 4)),
                    city=city,
                    host_city=city,
                    venue=f"Hall {n}",
                    audience="national_network" if network else "network",
                    national_network=network,
                    status="cancelled" if n % 50 == 0 else "published",
                    published_at=now,
                )
            )
        Event.objects.bulk_create(events, batch_size=1000)
        EventTranslation.objects.bulk_create(
            (
                EventTranslation(
                    event=event,
                    language=language,
                    title=f"{label} {event.pk}",
                    description=f"**{label}** {event.pk}, with a [link](https://example.org).",
                )
                for event in Event.objects.only("pk")
                for language, label in (("en", "Meeting"), ("fr", "Réunion"))
            ),
            batch_size=2000,
        )


def timed(runs: int, call: object) -> list[float]:
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        durations.append((time.perf_counter() - start) * 1000)
    return durations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    setup(args.database_url)
    start = time.perf_counter()
    generate(args.events)
    print(f"generated {args.events} events in {time.perf_counter() - start:.1f} s")

    from django.test import Client
    from django.utils import timezone

    from icc.events.models import Event
    from icc.events.selectors import upcoming_events
    from icc.network.models import City

    # A host the production settings allow, as a browser on the machine would send.
    client = Client(HTTP_HOST="127.0.0.1")
    today = timezone.localdate()
    event = Event.objects.filter(starts_on__gte=today).first()
    city = City.objects.filter(national_network__isnull=False).first()
    feed = client.get("/en/events/calendar.ics")
    print(f"feed: {feed.content.count(b'BEGIN:VEVENT')} events, {len(feed.content) // 1024} KiB")

    def get(path: str) -> object:
        def call() -> None:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return call

    requests = [
        ("baseline: the health view", get("/healthz")),
        ("baseline: the city directory", get("/en/cities/")),
        ("upcoming events page", get("/en/events/")),
        ("past events, page 50", get("/en/events/past/?page=50")),
        ("upcoming, one network", get("/en/events/?network=network-3")),
        ("event page", get(f"/en/events/{event.pk}/") if event else get("/en/events/")),
        ("iCalendar feed, network", get("/en/events/calendar.ics")),
        ("iCalendar feed, one network", get("/en/events/calendar.ics?network=network-3")),
        ("API list, 100 events", get("/api/v1/events?limit=100")),
        ("upcoming_events(city)", lambda: upcoming_events(today=today, city=city)),
    ]
    print(f"load average: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    print(f"{'request':34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, call in requests:
        call()  # type: ignore[operator]
        durations = sorted(timed(args.runs, call))
        p95 = durations[max(0, round(len(durations) * 0.95) - 1)]
        print(f"{label:34} {statistics.median(durations):8.1f} {p95:8.1f} {durations[-1]:8.1f}")


if __name__ == "__main__":
    main()
