"""The ``icc index`` commands: check an edition file, score answers without the web application."""

import argparse
import functools
import sys
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.utils import translation

from icc.index.method.loader import EDITIONS_DIR, EditionError, load_edition
from icc.index.method.parts import Method
from icc.index.method.scoring import ScoringError, score_members
from icc.index.method.tables import (
    TableError,
    attributes_read_by,
    read_answers,
    read_members,
    results_as_csv,
    results_as_json,
)

BAD_INPUT = 2


class BadInput(Exception):
    """Input a command cannot use, with every problem found in it."""

    def __init__(self, problems: list[object]) -> None:
        self.problems = problems
        super().__init__(problems)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def in_english(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Run a command with the problems it reports written in English.

    The checkers mark their messages for translation, and rendering one needs Django's
    settings: alone on the command line, the command sets up Django without
    translations, so each message prints as written.
    """

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        if not settings.configured:
            settings.configure(USE_I18N=False)
        with translation.override("en"):
            return handler(args)

    return run


def add_commands(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    """Register ``icc index check`` and ``icc index score``."""
    index = subparsers.add_parser("index", help="the Intercultural Cities Index")
    commands = index.add_subparsers(dest="command", required=True)

    check = commands.add_parser("check", help="check an edition file and report every problem")
    check.add_argument("edition", help="an edition file, or the id of a shipped edition (v1, 2019)")
    check.add_argument("--earlier", help="the earlier edition, to check the mapping against")
    check.set_defaults(handler=run_check)

    score = commands.add_parser(
        "score",
        help="score every member's answers",
        description="Write every member's scores per question, area, composite and overall. "
        "The file formats are described in docs/index-format.md. Bad files are reported by "
        "row and column, nothing is written, and the exit status is 2.",
    )
    score.add_argument("--edition", required=True, help="an edition file, or a shipped edition id")
    score.add_argument("--answers", required=True, type=Path, help="the answers, as CSV")
    score.add_argument("--members", type=Path, help="the members and their attributes, as CSV")
    score.add_argument("--format", choices=("csv", "json"), default="csv", help="default: csv")
    score.add_argument("--output", type=Path, help="the file to write (default: standard output)")
    score.set_defaults(handler=run_score)


def read_edition(name: str, *, earlier: Method | None = None) -> Method:
    """Load an edition given as a file name or as the id of a shipped edition."""
    path = Path(name)
    shipped = EDITIONS_DIR / f"{name}.json"
    if not path.exists() and "/" not in name and shipped.is_file():
        path = shipped
    if not path.is_file():
        raise BadInput([f"{name}: no such file, nor a shipped edition"])
    try:
        return load_edition(path, earlier=earlier)
    except EditionError as error:
        raise BadInput(list(error.errors)) from None


@in_english
def run_check(args: argparse.Namespace) -> int:
    """Check an edition file; print a summary, or every problem."""
    try:
        earlier = read_edition(args.earlier) if args.earlier else None
        edition = read_edition(args.edition, earlier=earlier)
    except BadInput as error:
        return report(error)
    print(
        f"{edition.id}: {len(edition.areas)} areas, {len(edition.composites)} composite(s), "
        f"{len(edition.questions)} questions: correct."
    )
    return 0


@in_english
def run_score(args: argparse.Namespace) -> int:
    """Score the answers file and write the results; write nothing if any input is wrong."""
    try:
        edition = read_edition(args.edition)
        missing = [path for path in (args.answers, args.members) if path and not path.is_file()]
        if missing:
            raise BadInput([f"{path}: no such file" for path in missing])
        members = read_members(args.members, edition) if args.members else None
        needed = sorted(attributes_read_by(edition))
        if members is None and needed:
            raise BadInput(
                [
                    f"edition {edition.id} reads the member attribute(s) {', '.join(needed)}: "
                    "give them in a members file with --members"
                ]
            )
        sheet = read_answers(args.answers, edition, members)
        results = score_members(edition, sheet.members, sheet.answers)
    except TableError as error:
        return report(BadInput(list(error.errors)))
    except ScoringError as error:
        return report(BadInput([error]))
    except BadInput as error:
        return report(error)
    if args.format == "json":
        text = results_as_json(results, edition)
    else:
        text = results_as_csv(results, edition)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:
        return report(BadInput([f"{args.output}: cannot write the results ({error.strerror})"]))
    return 0


def report(error: BadInput) -> int:
    """Print every problem on standard error and return the exit status for bad input."""
    for problem in error.problems:
        print(problem, file=sys.stderr)
    return BAD_INPUT
