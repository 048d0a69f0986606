"""One editor who keeps saving the same practice through the edit form, in a process of its own.

Run by the concurrency test and by ``benchmarks/practices_lost_updates.py``: each save
reads the form (the version it carries and the summary it shows), then sends it back with
a summary no other save writes. Prints one JSON line per save: the summary it started
from, the summary sent and the answer (``saved`` after a redirect, ``conflict`` after a
409, ``other`` for anything else). Needs ``DJANGO_SETTINGS_MODULE`` and a
database shared with the caller.

    python -m icc.practices.tests.concurrent_editor SLUG EMAIL NAME [--saves N] [--seconds S]
"""

import argparse
import html
import json
import re
import sys
import time
from pathlib import Path


def lost_updates(saves: list[dict[str, str]], final_summary: str) -> tuple[int, int]:
    """Return how many saves were answered "saved" and how many of them were kept.

    A saved edit is kept when the next saved edit started from it, or when it is what
    the practice says now; any other saved edit was overwritten by someone who never saw it.
    """
    saved = [save for save in saves if save["answer"] == "saved"]
    bases = {save["base"] for save in saved}
    kept = sum(1 for save in saved if save["summary"] in bases or save["summary"] == final_summary)
    return len(saved), kept


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("slug")
    parser.add_argument("email")
    parser.add_argument("name")
    parser.add_argument("--saves", type=int, default=0, help="stop after this many saves")
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long")
    parser.add_argument(
        "--barrier", help="a folder: say ready in it, then start when a file named go appears"
    )
    options = parser.parse_args()

    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import translation

    from icc.accounts.models import User
    from icc.practices.models import Practice

    setup_test_environment()  # lets the test client's host in
    translation.activate("en")
    client = Client()
    client.force_login(User.objects.get(email=options.email))
    practice = Practice.objects.select_related("city").get(slug=options.slug)
    url = reverse("practices:practice-edit", args=[practice.slug])
    if options.barrier:
        folder = Path(options.barrier)
        (folder / f"ready-{options.name}").touch()
        while not (folder / "go").exists():
            time.sleep(0.01)
    deadline = time.monotonic() + options.seconds if options.seconds else None
    count = 0
    while True:
        if options.saves and count >= options.saves:
            break
        if deadline is not None and time.monotonic() >= deadline:
            break
        count += 1
        page = client.get(url).content.decode()
        found = re.search(r'name="version" value="(\d+)"', page)
        version = found.group(1) if found else ""
        shown = re.search(r'name="en-summary"[^>]*>\s*(.*?)</textarea>', page, re.S)
        base = html.unescape(shown.group(1)) if shown else ""
        summary = f"{options.name} save {count}"
        response = client.post(
            url,
            {
                "version": version,
                "level": "local",
                "city": practice.city_id,
                "original_language": "en",
                "started_year": "2020",
                "en-title": practice.slug,
                "en-summary": summary,
            },
        )
        answer = {302: "saved", 409: "conflict"}.get(response.status_code, "other")
        print(
            json.dumps(
                {
                    "base": base,
                    "summary": summary,
                    "answer": answer,
                    "status": response.status_code,
                }
            )
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
