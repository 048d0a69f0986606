"""Restore a backup into an empty database and media folder, then check it."""

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import Client, override_settings
from django.utils import timezone

from icc.core.backup import BackupError, restore

# Pages every restored platform must answer; a smoke test, not a crawl of everything.
SMOKE_PAGES = ["/en/", "/fr/", "/en/cities/", "/en/index/results/", "/en/practices/", "/healthz"]


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and media folder, then check it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The .tar archive written by `manage.py backup`.")
        parser.add_argument(
            "--no-smoke", action="store_true", help="Do not open the main pages afterwards."
        )

    def handle(self, *args: Any, path: str, no_smoke: bool = False, **options: Any) -> None:
        started = timezone.now()
        try:
            manifest = restore(Path(path))
        except BackupError as error:
            raise CommandError(str(error)) from None
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} ({manifest['media_files']} "
            f"uploaded files) in {seconds:.1f} s; integrity checked, migrations applied."
        )
        if not no_smoke:
            self._smoke()

    def _smoke(self) -> None:
        host = next((h for h in settings.ALLOWED_HOSTS if h not in ("*", "")), "localhost")
        client = Client(HTTP_HOST=host.lstrip("."))
        failures = []
        # The smoke test is about the restored data: it must pass before collectstatic
        # has run on this machine, so static files are named without their hashes.
        plain_static = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        seconds = {}
        with override_settings(STORAGES=plain_static):
            for page in SMOKE_PAGES:
                started = time.monotonic()
                response = client.get(page, secure=settings.SECURE_SSL_REDIRECT)
                seconds[page] = time.monotonic() - started
                if response.status_code != 200:
                    failures.append(f"{page}: {response.status_code}")
        if failures:
            raise CommandError("The restored platform does not answer: " + ", ".join(failures))
        slowest = max(seconds, key=lambda page: seconds[page])
        self.stdout.write(
            f"Smoke test: {len(SMOKE_PAGES)} pages answer 200 in {sum(seconds.values()):.1f} s "
            f"(the slowest, {slowest}, {seconds[slowest]:.1f} s)."
        )
