# ruff: noqa: S311
"""Measure practice search on 100,000 generated practices, on SQLite and PostgreSQL.

Builds a database of its own (SQLite under var/bench/, or the PostgreSQL
database named by --database-url, which it empties), fills it with generated
practices in English and French through bulk inserts, times the index build
through ``icc.practices.search.rebuild_index`` (one transaction), then times
queries of five kinds through ``icc.practices.search.search`` (one page of
results with its snippets plus the five facet counts, as the search page asks):

- single words, phrases, common words (in most documents), words with facets, and
  facets without words (browsing: no filter, one, two and three facets chosen).

Prints p50/p95/max per kind, how many of its searches were capped (more
matches than ``MAX_MATCHES``: ranked and counted on the newest), and checks
the goals of the practices issue: p95 under 30 ms on SQLite for typical
queries (all but the common words), and under 100 ms for any query.

    .venv/bin/python benchmarks/practices_search.py                       # SQLite, 100,000
    .venv/bin/python benchmarks/practices_search.py --count 10000 --runs 20
    .venv/bin/python benchmarks/practices_search.py --reuse              # keep the generated data
    .venv/bin/python benchmarks/practices_search.py --reuse --no-build   # queries only
    .venv/bin/python benchmarks/practices_search.py \\
        --database-url postgres://icc:icc@127.0.0.1:5432/icc_bench_practices   # created if missing
"""

import argparse
import itertools
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EN_WORDS = [
    "city",
    "council",
    "residents",
    "migrants",
    "refugees",
    "newcomers",
    "schools",
    "teachers",
    "parents",
    "youth",
    "library",
    "neighbourhood",
    "mediation",
    "housing",
    "employment",
    "language",
    "courses",
    "volunteers",
    "festival",
    "museum",
    "sport",
    "football",
    "diversity",
    "dialogue",
    "anti-rumour",
    "campaign",
    "media",
    "training",
    "police",
    "health",
    "services",
    "women",
    "businesses",
    "entrepreneurs",
    "market",
    "culture",
    "theatre",
    "music",
    "welcome",
    "desk",
    "reception",
    "integration",
    "participation",
    "citizenship",
    "elections",
    "advisory",
    "board",
    "survey",
    "results",
    "figures",
    "budget",
    "cost",
    "evaluation",
    "network",
    "partners",
    "associations",
    "churches",
    "mosques",
]
FR_WORDS = [
    "ville",
    "conseil",
    "habitants",
    "migrants",
    "réfugiés",
    "nouveaux",
    "arrivants",
    "écoles",
    "enseignants",
    "parents",
    "jeunes",
    "bibliothèque",
    "quartier",
    "médiation",
    "logement",
    "emploi",
    "langue",
    "cours",
    "bénévoles",
    "festival",
    "musée",
    "sport",
    "football",
    "diversité",
    "dialogue",
    "anti-rumeurs",
    "campagne",
    "médias",
    "formation",
    "police",
    "santé",
    "services",
    "femmes",
    "entreprises",
    "entrepreneurs",
    "marché",
    "culture",
    "théâtre",
    "musique",
    "accueil",
    "guichet",
    "intégration",
    "participation",
    "citoyenneté",
    "élections",
    "conseil",
    "consultatif",
    "enquête",
    "résultats",
    "chiffres",
    "budget",
    "coût",
    "évaluation",
    "réseau",
    "partenaires",
    "associations",
    "églises",
]
AREAS = [
    "commitment",
    "education",
    "neighbourhoods",
    "public_services",
    "business",
    "cultural_civil",
    "public_space",
    "mediation",
    "language",
    "media",
    "international",
    "intelligence",
    "welcoming",
    "leadership",
    "anti_discrimination",
]
QUERIES = {
    "single word": [
        "library",
        "mediation",
        "bibliothèque",
        "accueillir",
        "football",
        "enquête",
        "theatre",
        "logements",
        "volunteer",
        "réfugié",
    ],
    "phrase": [
        '"language courses"',
        '"welcome desk"',
        '"conseil consultatif"',
        '"anti-rumour campaign"',
        '"nouveaux arrivants"',
    ],
    "common word": ["city", "residents", "ville", "habitants", "services"],
    "with facets": ["library", "accueil", "mediation", "football", "réfugiés"],
    # Browsing by facet: every published practice matches; counted and listed newest first.
    "facets only": ["", "", "", "", ""],
}
TYPICAL = ("single word", "phrase", "with facets", "facets only")
# The filters of the searches "with facets", and of each search "facets only" in turn.
WITH_FACETS = {"country": ("FR", "ES"), "year": (2019, 2020, 2021, 2022), "area": ("welcoming",)}
FACETS_ONLY = [
    {},
    {"country": ("FR",)},
    {"area": ("welcoming", "language")},
    {"country": ("FR", "ES"), "year": (2019, 2020, 2021, 2022)},
    WITH_FACETS,
]


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("ICC_HTTPS", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django

    django.setup()


SYLLABLES = [
    "ba",
    "ce",
    "di",
    "fo",
    "gu",
    "la",
    "me",
    "ni",
    "po",
    "ru",
    "sa",
    "te",
    "vi",
    "zo",
    "ka",
    "lu",
    "mi",
    "no",
    "pe",
    "ri",
    "so",
    "tu",
]


def vocabulary(topical: list[str], seed: int) -> tuple[list[str], list[float]]:
    """Return 5,000 words and their Zipf weights: the topical words first, as in real text.

    The first topical words ("city", "residents") come out in most documents; a word
    further down the list in a few hundred of 100,000, like the words people search.
    """
    rng = random.Random(seed)
    invented = {
        "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(6000)
    } - set(topical)
    words = topical[:4] + sorted(invented)[: 4996 - len(topical)] + topical[4:]
    rng.shuffle(middle := words[4:])
    words = words[:4] + middle
    return words, list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))


def sentence(rng: random.Random, vocab: tuple[list[str], list[float]], length: int) -> str:
    words, cumulative = vocab
    return " ".join(rng.choices(words, cum_weights=cumulative, k=length)).capitalize() + "."


class Writer:
    """Write texts from a pool of Zipf-distributed sentences: fast enough for 100,000."""

    def __init__(self, rng: random.Random, vocab: tuple[list[str], list[float]]) -> None:
        self.rng = rng
        self.pool = [sentence(rng, vocab, rng.randint(8, 20)) for _ in range(20_000)]
        self.titles = [sentence(rng, vocab, rng.randint(3, 7))[:-1] for _ in range(20_000)]

    def text(self, sentences: int) -> str:
        return " ".join(self.rng.choices(self.pool, k=sentences))

    def title(self) -> str:
        return self.rng.choice(self.titles)


def generate(count: int, seed: int = 4) -> None:
    """Insert ``count`` published practices, two thirds in both languages."""
    from django.db import transaction
    from django.utils import timezone

    from icc.network.models import City
    from icc.practices.models import Challenge, Practice, PracticeArea, PracticeTranslation

    rng = random.Random(seed)
    writers = {
        "en": Writer(rng, vocabulary(EN_WORDS, seed)),
        "fr": Writer(rng, vocabulary(FR_WORDS, seed + 1)),
    }
    cities = []
    for number in range(50):
        city, _ = City.objects.get_or_create(
            slug=f"bench-city-{number}",
            defaults={
                "name": f"Bench city {number}",
                "country": rng.choice(["FR", "NO", "ES", "IT", "DE", "PT", "UA", "GB"]),
                "status": "member",
            },
        )
        cities.append(city)
    challenges = [
        Challenge.objects.get_or_create(
            slug=f"bench-{number}",
            defaults={"names": {"en": f"Challenge {number}", "fr": f"Défi {number}"}},
        )[0]
        for number in range(12)
    ]
    Through = Practice.challenges.through
    now = timezone.now()
    batch = 2000
    for start in range(0, count, batch):
        with transaction.atomic():
            practices = []
            for number in range(start, min(start + batch, count)):
                city = rng.choice(cities)
                practices.append(
                    Practice(
                        slug=f"bench-{number}",
                        level=rng.choice(["local"] * 8 + ["regional"]),
                        city=city,
                        country=city.country,
                        original_language=rng.choice(["en", "fr"]),
                        started_year=rng.randint(2008, 2025),
                        status="published",
                        published_at=now,
                    )
                )
            Practice.objects.bulk_create(practices)
            texts, areas, links = [], [], []
            for practice in practices:
                languages = rng.choice([["en"], ["fr"], ["en", "fr"], ["en", "fr"]])
                for language in languages:
                    writer = writers[language]
                    texts.append(
                        PracticeTranslation(
                            practice=practice,
                            language=language,
                            title=writer.title(),
                            summary=writer.text(2),
                            problem=writer.text(3),
                            actions=writer.text(6),
                            results=writer.text(3),
                            resources=writer.text(1),
                        )
                    )
                for area in rng.sample(AREAS, rng.randint(1, 3)):
                    areas.append(PracticeArea(practice=practice, area=area))
                for challenge in rng.sample(challenges, rng.randint(0, 2)):
                    links.append(Through(practice=practice, challenge=challenge))
            PracticeTranslation.objects.bulk_create(texts)
            PracticeArea.objects.bulk_create(areas)
            Through.objects.bulk_create(links)
        print(f"  generated {min(start + batch, count):>7,} practices", end="\r", flush=True)
    print()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each query")
    parser.add_argument(
        "--database-url",
        "--postgres",
        dest="database_url",
        help="PostgreSQL URL of a database the script may empty (SQLite under var/bench/ if unset)",
    )
    parser.add_argument("--reuse", action="store_true", help="keep the generated data if present")
    parser.add_argument(
        "--no-build", action="store_true", help="with --reuse: time the queries on the index as is"
    )
    parser.add_argument(
        "--max-matches",
        type=int,
        help="rank and count at most this many matches (default: the site's)",
    )
    args = parser.parse_args()

    if args.database_url:
        url, engine = args.database_url, "PostgreSQL"
        ensure_postgres_database(url)
    else:
        path = ROOT / "var" / "bench" / f"practices-{args.count}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        url, engine = f"sqlite:///{path}", "SQLite"
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection, transaction

    from icc.practices import search
    from icc.practices.models import Practice

    call_command("migrate", verbosity=0)
    existing = Practice.objects.count()
    if existing != args.count or not args.reuse:
        if existing:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM practices_practicetranslation")
                cursor.execute("DELETE FROM practices_practicearea")
                cursor.execute("DELETE FROM practices_practice_challenges")
                cursor.execute("DELETE FROM practices_practice")
        print(f"{engine}: generating {args.count:,} practices…")
        started = time.perf_counter()
        generate(args.count)
        print(f"  generation: {time.perf_counter() - started:.1f} s")
    documents = Practice.objects.count()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # For the bulk load only: the site keeps its own settings (config/settings.py).
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -262144")
            cursor.execute("PRAGMA temp_store = MEMORY")
        else:
            cursor.execute("SET maintenance_work_mem = '256MB'")
    if not args.no_build:
        load_before = os.getloadavg()
        started = time.perf_counter()
        cpu = time.process_time()
        with transaction.atomic():
            indexed = search.rebuild_index()
        build = time.perf_counter() - started
        cpu = time.process_time() - cpu
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"\n{engine}: {documents:,} practices, {indexed:,} documents (one per language)")
        print(
            f"  index build: {build:.1f} s ({indexed / build:,.0f} documents/s; "
            f"{cpu:.1f} s CPU in Python and SQLite; load average {load_before[0]:.2f})\n"
        )

    print(
        f"  {'kind':<14}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'CPU p95':>9}"
        f"{'hits (median)':>15}{'capped':>8}"
    )
    all_ok = True
    for kind, queries in QUERIES.items():
        timings, cpu_times, totals, capped = [], [], [], 0
        for number, query in enumerate(queries):
            if kind == "facets only":
                filters = search.Filters(**FACETS_ONLY[number])
            else:
                filters = search.Filters(**(WITH_FACETS if kind == "with facets" else {}))
            for run in range(args.runs + 1):
                started, cpu = time.perf_counter(), time.process_time()
                results = search.search(
                    query,
                    language="fr" if run % 2 else "en",
                    filters=filters,
                    max_matches=args.max_matches,
                )
                hits = results.hits
                elapsed = (time.perf_counter() - started) * 1000
                if run:  # the first run warms the caches
                    timings.append(elapsed)
                    cpu_times.append((time.process_time() - cpu) * 1000)
                    totals.append(results.total)
                    capped += results.is_capped
                assert len(hits) <= search.PAGE_SIZE
        p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
        goal = 30 if (engine == "SQLite" and kind in TYPICAL) else 100
        ok = p95 < goal
        all_ok &= ok
        print(
            f"  {kind:<14}{p50:>9.1f}{p95:>9.1f}{max(timings):>9.1f}"
            f"{percentile(cpu_times, 0.95):>9.1f}"
            f"{statistics.median(totals):>15,.0f}{capped:>8}   goal p95 < {goal} ms: "
            f"{'met' if ok else 'MISSED'}"
        )
    print(
        f"\n  load average {os.getloadavg()[0]:.2f} (machine with {os.cpu_count()} CPUs). "
        "CPU: time this process ran (on SQLite the database's work too; on PostgreSQL\n"
        "  only the client's), a guide to the latency of an idle machine when the load is high."
    )
    return 0 if all_ok else 1


def ensure_postgres_database(url: str) -> None:
    """Create the benchmark database when it does not exist yet."""
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not found:
            connection.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    sys.exit(main())
