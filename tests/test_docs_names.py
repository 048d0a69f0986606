"""The docs name only what exists: modules, objects, files, commands and settings.

Every inline code span of README.md, docs/*.md and docs/decisions/*.md is read; those
that look like a Python path (``core.page_cache.cache_public_page``), a file
(``icc/index/method/scoring.py``), a command (``manage.py run_worker``, ``make demo``) or a
setting (``SITE_URL``) must name something the code has.
"""

import importlib
import re
from functools import cache
from pathlib import Path

from django.apps import apps
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
# This file names what does not exist, to show the check refuses it: it is not read.
THIS_FILE = Path(__file__).resolve()
DOCS = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    *sorted((ROOT / "docs" / "decisions").glob("*.md")),
]
APPS = ("core", "accounts", "network", "index", "commitment", "practices", "connections", "events")
SUFFIXES = ("py", "html", "md", "json", "css", "js", "yaml", "yml", "toml", "sh", "txt", "po")

PYTHON_PATH = re.compile(rf"^(icc|config|{'|'.join(APPS)})(\.[A-Za-z_]\w*)+$")
CHECK_ID = re.compile(r"^icc\.[EWI]\d{3}$")
FILE_PATH = re.compile(rf"^[\w.\-/]+\.({'|'.join(SUFFIXES)})$")
FOLDERS = ("icc/", "config/", "docs/", "tests/", "e2e/", "benchmarks/", "scripts/", "locale/")
# A function, class or field named alone: ``people_of_city``, ``InputSchema``.
IDENTIFIER = re.compile(r"^(?:[a-z][a-z0-9]*_[a-z0-9_]+|_?[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*)$")
SETTING = re.compile(r"^[A-Z][A-Z0-9]*_[A-Z0-9_]*\*?$")


def _spans(path: Path) -> list[str]:
    """Return the inline code spans of a Markdown file, fenced blocks left out."""
    text = re.sub(r"```.*?```", "", path.read_text(), flags=re.DOTALL)
    return re.findall(r"`([^`\n]+)`", text)


def _cases() -> list[tuple[str, str]]:
    return [(path.relative_to(ROOT).as_posix(), span) for path in DOCS for span in _spans(path)]


@cache
def _code_text() -> str:
    """Return the text of every Python file of the project (for constants and check ids)."""
    files = [
        path
        for tree in ("icc", "config", "tests", "e2e")
        for path in (ROOT / tree).rglob("*.py")
        if "migrations" not in path.parts and path != THIS_FILE
    ]
    return "\n".join(path.read_text() for path in files)


@cache
def _words() -> frozenset[str]:
    """Return every word of the code, templates, scripts and schemas (migrations left out)."""
    suffixes = {".py", ".html", ".txt", ".js", ".json", ".sh"}
    files = [
        path
        for tree in ("icc", "config", "tests", "e2e", "benchmarks", "scripts")
        for path in (ROOT / tree).rglob("*")
        if path.suffix in suffixes
        and "migrations" not in path.parts
        and path.is_file()
        and path != THIS_FILE
    ]
    return frozenset(word for path in files for word in re.findall(r"\w+", path.read_text()))


def _python_object_exists(dotted: str) -> bool:
    """Import the longest module prefix of ``dotted`` and find the rest as attributes."""
    parts = dotted.split(".")
    if parts[0] in APPS:
        # "network.City": a model by its app label, as foreign keys name it.
        if len(parts) == 2 and parts[1][:1].isupper():
            try:
                apps.get_model(parts[0], parts[1])
                return True
            except LookupError:
                pass
        parts = ["icc", *parts]
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for name in parts[split:]:
            if not hasattr(found, name):
                return False
            found = getattr(found, name)
        return True
    return False


# Django's conventions, named by the docs as an analogy, not as files of ours.
CONVENTIONS = {"admin.py"}
# Names of other software that a record weighs (SQLite's and PostgreSQL's options).
EXTERNAL = {"contentless_delete", "ts_headline"}
# Where a bare file name ("selectors.py", "django.po") is looked for.
TREES = ("icc", "config", "locale", "docs", "tests", "e2e", "benchmarks", "scripts")


def _file_exists(name: str) -> bool:
    """Find a path as written, under icc/, or inside an app (its templates too)."""
    if "/" not in name:
        # A file every app may have ("selectors.py"): at least one must.
        return (
            name in CONVENTIONS
            or (ROOT / name).exists()
            or any(any((ROOT / tree).rglob(name)) for tree in TREES if (ROOT / tree).is_dir())
        )
    candidates = [ROOT / name, ROOT / "icc" / name, ROOT / "icc" / "templates" / name]
    for app in (ROOT / "icc").iterdir():
        candidates += [app / name, app / "templates" / name]
    return any(candidate.exists() for candidate in candidates)


def _make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text()
    return set(re.findall(r"^([a-z][\w-]*):", text, flags=re.MULTILINE))


def _problem(span: str) -> str | None:
    """Return what is missing for the span, or None if it names something that exists."""
    words = span.split()
    if len(words) >= 2 and words[0] == "manage.py":
        return None if words[1] in get_commands() else f"no command {words[1]}"
    if len(words) >= 2 and words[0] == "make":
        return None if words[1] in _make_targets() else f"no make target {words[1]}"
    name = span.removeprefix("@").split("(")[0]
    if CHECK_ID.match(name):
        return None if f'"{name}"' in _code_text() else f"no check {name}"
    if PYTHON_PATH.match(name) and not FILE_PATH.match(name):
        # Or a dotted key the code spells out: a notification kind, an activity verb.
        if _python_object_exists(name) or f'"{name}"' in _code_text():
            return None
        return f"nothing at {name}"
    if span.endswith("/") and span.startswith(FOLDERS) and " " not in span:
        return None if (ROOT / span).is_dir() else f"no folder {span}"
    if FILE_PATH.match(span) and not span.startswith(("http", "/")):
        return None if _file_exists(span) else f"no file {span}"
    if IDENTIFIER.match(name):
        return None if name in _words() or name in EXTERNAL else f"nothing named {name}"
    if SETTING.match(span):
        name = span.rstrip("*")
        settings_text = "\n".join(
            (ROOT / "config" / f).read_text() for f in ("settings.py", "env.py", "gunicorn.py")
        )
        if name in settings_text or re.search(rf"^\s*{name}\w* ?[:=]", _code_text(), re.M):
            return None
        return f"no setting or constant {name}"
    return None


def test_every_documented_name_exists() -> None:
    problems = []
    for doc, span in _cases():
        problem = _problem(span)
        if problem is not None:
            problems.append(f"{doc}: `{span}`: {problem}")
    assert not problems, "The docs name what the code no longer has:\n" + "\n".join(problems)


def test_the_check_finds_a_missing_module_command_file_and_setting() -> None:
    assert _problem("core.page_cache.cache_public_page") is None
    assert _problem("core.page_cache.no_such_function") is not None
    assert _problem("icc.no_such_app.selectors") is not None
    assert _problem("manage.py run_worker") is None
    assert _problem("manage.py no_such_command") is not None
    assert _problem("icc/index/method/scoring.py") is None
    assert _problem("icc/index/no_such_module.py") is not None
    assert _problem("people_of_city") is None
    assert _problem("get_editable_cities_of_nobody") is not None
    assert _problem("SITE_URL") is None
    assert _problem("ICC_NO_SUCH_SETTING") is not None
