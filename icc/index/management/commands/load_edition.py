"""``manage.py load_edition FILE [--check] [--new-version]``: load an Index edition file."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from icc.index.method.loader import EditionError
from icc.index.services.editions import Existing, check_edition_text, load_edition_text


class Command(BaseCommand):
    help = (
        "Check an Index edition file (JSON or YAML) completely and store it as a new edition. "
        "Every problem is written on standard error with its file, place and reason; then "
        "nothing is loaded and the exit status is 1. The format: docs/index-format.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the edition file (.json, .yaml or .yml)")
        parser.add_argument(
            "--check", action="store_true", help="check the file only; store nothing"
        )
        parser.add_argument(
            "--new-version",
            action="store_true",
            help="the file corrects an edition already loaded: add it as a new version",
        )

    # The command line reads in English, as ``icc index check`` does.
    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror})") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path}: not UTF-8 text") from None
        existing = Existing.NEW_VERSION if options["new_version"] else (Existing.REFUSE)
        try:
            if options["check"]:
                checked = check_edition_text(text, name=str(path), existing=existing)
            else:
                edition = load_edition_text(text, name=str(path), existing=existing)
        except EditionError as error:
            for problem in error.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(error.errors)} problem(s) in {path}: nothing was loaded."
            ) from None
        except ValidationError as error:
            raise CommandError(f"{path}: {' '.join(error.messages)}") from None
        if options["check"]:
            method = checked.method
            self.stdout.write(
                f"{path}: correct: edition {method.id}, {len(method.areas)} areas, "
                f"{len(method.questions)} questions; loading it adds version {checked.version}."
            )
            return
        method = edition.method
        self.stdout.write(
            f"Loaded edition {edition.code}, version {edition.version}: {len(method.areas)} "
            f"areas, {len(method.questions)} questions."
        )
