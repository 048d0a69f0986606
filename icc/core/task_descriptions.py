"""How a background task is named to people: what it does and what it was about.

Each app registers its tasks here, so a page listing tasks (the failed tasks of the
secretariat) speaks of "Build the briefing pack — Lyon", not of a Python path.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.tasks import Task
from django.utils.functional import Promise

# What a task's arguments were about, as a name and an optional page, or None.
About = Callable[[Mapping[str, Any]], tuple[str, str] | None]


@dataclass(frozen=True)
class _Registered:
    label: Promise | str
    about: About | None


_TASKS: dict[str, _Registered] = {}


@dataclass(frozen=True)
class TaskDescription:
    """A task as a reader sees it: its label, and the record it was about, if known."""

    label: str
    about: str
    about_url: str


def describe_task_as(task: Task, label: Promise | str, *, about: About | None = None) -> None:
    """Register the translated ``label`` of ``task`` and how to name the record it is about.

    ``about`` receives the task's keyword arguments and returns ``(name, url)``.
    """
    _TASKS[task.module_path] = _Registered(label, about)


def describe_task(path: str, kwargs: Mapping[str, Any]) -> TaskDescription | None:
    """Return how to name the task at ``path`` run with ``kwargs``, or None if unregistered."""
    registered = _TASKS.get(path)
    if registered is None:
        return None
    about = None
    if registered.about is not None:
        try:
            about = registered.about(kwargs)
        except Exception:  # The record may be gone; the label still helps.
            about = None
    name, url = about or ("", "")
    return TaskDescription(label=str(registered.label), about=name, about_url=url)
