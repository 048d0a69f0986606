"""Time the resource library's search at thousands of resources (one search engine).

Builds a database of its own in var/bench/learning_library/ (SQLite, or PostgreSQL with
--database-url, which it empties) with --resources resources (default 5,000), each with
a current version in English and French made of words drawn from a small vocabulary
(some words in most resources, some in a few), indexed in the library's full-text tables
by the practices' search code (decision 0059). Then, in-process with the public page
cache off, signed in as a coordinator of a member city:

- the library page with a search for a rare word, a common word, a French verb found by
  its stem (« accueillir » → « accueil »), a phrase, and two words;
- the library page without a search (first and last page of 30).

Prints p50/p95/max wall-clock milliseconds and the p50/p95 CPU milliseconds of the process,
with the machine's load average.

    .venv/bin/python benchmarks/learning_library.py
    .venv/bin/python benchmarks/learning_library.py --database-url postgres://icc:icc@127.0.0.1:5432/icc_bench
"""

import argparse
import random
import statistics
import time
from pathlib import Path

from bench_setup import ROOT, start_on_empty_database

VAR_DIR = ROOT / "var" / "bench" / "learning_library"

ENGLISH = [
    "city",
    "welcome",
    "newcomers",
    "diversity",
    "advantage",
    "equality",
    "interaction",
    "participation",
    "language",
    "school",
    "housing",
    "neighbourhood",
    "library",
    "festival",
    "museum",
    "sport",
    "police",
    "media",
    "rumour",
    "narrative",
    "campaign",
    "poster",
    "logo",
    "template",
    "press",
    "kit",
    "message",
    "leaflet",
    "video",
    "women",
    "youth",
    "elders",
    "business",
    "employment",
    "training",
    "mediation",
    "dialogue",
    "council",
    "plan",
]
FRENCH = [
    "ville",
    "accueil",
    "nouveaux",
    "arrivants",
    "diversité",
    "avantage",
    "égalité",
    "interaction",
    "participation",
    "langue",
    "école",
    "logement",
    "quartier",
    "bibliothèque",
    "festival",
    "musée",
    "sport",
    "police",
    "médias",
    "rumeur",
    "récit",
    "campagne",
    "affiche",
    "logo",
    "modèle",
    "dossier",
    "presse",
    "message",
    "dépliant",
    "vidéo",
    "femmes",
    "jeunes",
    "aînés",
    "entreprise",
    "emploi",
    "formation",
    "médiation",
    "dialogue",
    "conseil",
    "plan",
]
RARE = ("lighthouse", "phare")


def generate(count: int) -> None:
    from django.db import transaction

    from icc.learning.models import Resource, ResourceVersion
    from icc.learning.services.library import index_resource_texts

    random.seed(15)
    categories = Resource.Category.values
    with transaction.atomic():
        resources = Resource.objects.bulk_create(
            Resource(
                slug=f"resource-{number}",
                category=categories[number % len(categories)],
                audience=Resource.Audience.values[0],
                kind=Resource.Kind.TEXT,
                visibility="public" if number % 3 else "members",
            )
            for number in range(count)
        )
        versions = []
        for number, resource in enumerate(resources):
            rare = number % 500 == 0  # ten resources in 5,000
            texts = {}
            for language, words, extra in (("en", ENGLISH, RARE[0]), ("fr", FRENCH, RARE[1])):
                # The first words of the vocabulary are common: "city", "welcome"...
                chosen = random.sample(words[:6], 2) + random.sample(words, 10)
                body = " ".join(chosen * 3) + (f" {extra}" if rare else "")
                title = " ".join(random.sample(words, 3)).capitalize()
                texts[language] = {"title": title, "summary": " ".join(chosen[:6]), "body": body}
            versions.append(ResourceVersion(resource=resource, number=1, texts=texts, note=""))
        ResourceVersion.objects.bulk_create(versions)
        for resource, version in zip(resources, versions, strict=True):
            resource.current = version
        Resource.objects.bulk_update(resources, ["current"], batch_size=1000)
        index_resource_texts([(v.resource_id, v.texts) for v in versions])


def timed(call, runs: int) -> tuple[list[float], list[float]]:
    """Return the sorted wall-clock and CPU milliseconds of ``runs`` calls (after one warm-up).

    The CPU time of this process (SQLite runs in it) hardly moves with the load of a shared
    machine; the wall time does. With PostgreSQL, the server's own time is not in it.
    """
    call()
    durations, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        durations.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return sorted(durations), sorted(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    start_on_empty_database(VAR_DIR, args.database_url, {"ICC_PUBLIC_PAGE_CACHE_SECONDS": "0"})
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    start = time.perf_counter()
    generate(args.resources)
    print(
        f"generated and indexed {args.resources} resources in {time.perf_counter() - start:.1f} s"
    )

    from django.db import connection
    from django.test import Client

    from icc.accounts.models import Role, User
    from icc.accounts.services import grant_role
    from icc.network import services as network_services
    from icc.network.models import City

    city = network_services.create_city(
        created_by=None,
        name="Lyon",
        slug="lyon",
        country="FR",
        status=City.Status.MEMBER,
        joined_on="2008-01-15",
    )
    person = User.objects.create_user("coordinator@bench.test", "x", full_name="Coordinator")
    grant_role(person, Role.CITY_COORDINATOR, granted_by=None, city=city)
    reader = Client(HTTP_HOST="127.0.0.1")
    reader.force_login(person)

    def page(path: str, expected: str | None = None):
        def call() -> None:
            response = reader.get(path)
            assert response.status_code == 200, (path, response.status_code)
            if expected is not None:
                assert expected in response.content.decode(), (path, expected)

        return call

    last_page = -(-args.resources // 30)
    requests = [
        ("baseline: the health view", page("/healthz")),
        ("search, rare word (10 found)", page("/en/learning/library/?q=lighthouse", "resource-0/")),
        ("search, common word (most)", page("/en/learning/library/?q=city")),
        ("search, « accueillir » (stem)", page("/fr/formation/bibliotheque/?q=accueillir")),
        ("search, a phrase", page('/en/learning/library/?q="press+kit"')),
        ("search, two words", page("/en/learning/library/?q=rumour+campaign")),
        ("list, first page", page("/en/learning/library/")),
        ("list, last page", page(f"/en/learning/library/?page={last_page}")),
    ]
    print(f"database: {connection.vendor}")
    print(f"load average: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    print(f"{'request':34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'CPU p50':>8} {'CPU p95':>8}")
    for label, call in requests:
        durations, cpu = timed(call, args.runs)
        at95 = max(0, round(len(durations) * 0.95) - 1)
        print(
            f"{label:34} {statistics.median(durations):8.1f} {durations[at95]:8.1f} "
            f"{durations[-1]:8.1f} {statistics.median(cpu):8.1f} {cpu[at95]:8.1f}"
        )


if __name__ == "__main__":
    main()
