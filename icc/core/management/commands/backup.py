"""Back up the database and the uploaded files into one archive, while the platform runs."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from icc.core.backup import BackupError, back_up


class Command(BaseCommand):
    help = "Write a consistent backup (database and uploaded files) to one .tar archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            help="Archive to write (default: var/backups/icc-<date>-<time>.tar).",
        )

    def handle(self, *args: Any, path: str | None = None, **options: Any) -> None:
        if path is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            destination = Path(settings.VAR_DIR) / "backups" / f"icc-{stamp}.tar"
        else:
            destination = Path(path)
        if destination.exists():
            raise CommandError(f"{destination} exists already: choose another name.")
        started = timezone.now()
        try:
            result = back_up(destination)
        except BackupError as error:
            raise CommandError(str(error)) from None
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            f"Backed up {result.engine} and {result.media_files} uploaded files to "
            f"{result.path} ({result.size / 1e6:.1f} MB) in {seconds:.1f} s."
        )
