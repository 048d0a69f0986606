"""What a published course is made of, and what changed between two versions (pure).

A snapshot is the JSON a ``CourseVersion`` keeps: the course's texts and its modules,
each with its lessons, each lesson with its texts, files, questions and the hash of what
a learner reads (``models.content_hash``).
"""

from typing import Any

from django.utils.translation import gettext as _

from icc.learning.models import LANGUAGES


def missing_texts(snapshot: dict[str, Any]) -> list[str]:
    """Return, in the reader's language, every text a snapshot lacks to be published.

    French and English are both required: a course, each module, each lesson (title and
    text, or its questions' prompts and options' labels).
    """
    problems: list[str] = []
    names = {"en": _("English"), "fr": _("French")}

    def need(texts: dict[str, Any], fields: tuple[str, ...], what: str) -> None:
        for language in LANGUAGES:
            if not all((texts.get(language) or {}).get(name, "").strip() for name in fields):
                problems.append(
                    _("%(what)s: the %(language)s text is missing.")
                    % {"what": what, "language": names.get(language, language)}
                )

    need(snapshot["texts"], ("title",), _("The course"))
    if not snapshot["modules"]:
        problems.append(_("The course has no module."))
    for m, module in enumerate(snapshot["modules"], start=1):
        module_name = _("Module %(number)s") % {"number": m}
        need(module["texts"], ("title",), module_name)
        if not module["lessons"]:
            problems.append(_("%(module)s has no lesson.") % {"module": module_name})
        for n, lesson in enumerate(module["lessons"], start=1):
            name = _("%(module)s, lesson %(number)s") % {"module": module_name, "number": n}
            if lesson["kind"] == "check":
                need(lesson["texts"], ("title",), name)
                if not lesson["questions"]:
                    problems.append(_("%(lesson)s: the check has no question.") % {"lesson": name})
                for question in lesson["questions"]:
                    need(question["texts"], ("prompt",), name)
                    for option in question["options"]:
                        need(option["texts"], ("label",), name)
            else:
                need(lesson["texts"], ("title", "body"), name)
    return problems


def _lesson_map(snapshot: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    if not snapshot:
        return {}
    return {lesson["key"]: lesson for module in snapshot["modules"] for lesson in module["lessons"]}


def _title(lesson: dict[str, Any]) -> dict[str, str]:
    return {language: (texts or {}).get("title", "") for language, texts in lesson["texts"].items()}


def changes_between(old: dict[str, Any] | None, new: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the lessons added, changed or removed from ``old`` to ``new``, in course order.

    Each change is ``{"change": "added"|"changed"|"removed", "key", "titles"}``; a lesson
    only moved or re-sequenced is not a change (learners keep their progress on it).
    """
    before, after = _lesson_map(old), _lesson_map(new)
    changes = []
    for key, lesson in after.items():
        if key not in before:
            changes.append({"change": "added", "key": key, "titles": _title(lesson)})
        elif before[key]["hash"] != lesson["hash"]:
            changes.append({"change": "changed", "key": key, "titles": _title(lesson)})
    for key, lesson in before.items():
        if key not in after:
            changes.append({"change": "removed", "key": key, "titles": _title(lesson)})
    return changes


def ordered_lessons(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the snapshot's lessons in course order, each with its module's key."""
    return [
        lesson | {"module": module["key"]}
        for module in snapshot["modules"]
        for lesson in module["lessons"]
    ]


def score_answers(
    lesson: dict[str, Any], answers: dict[str, list[str]]
) -> tuple[int, list[dict[str, Any]]]:
    """Return the percentage of questions answered right and, per question, what was chosen.

    A question is right when exactly its right options are chosen. Each result row is
    ``{"key", "is_right", "chosen": [option keys]}``; unknown option keys are ignored.
    """
    results = []
    right = 0
    for question in lesson["questions"]:
        known = {option["key"] for option in question["options"]}
        chosen = [key for key in answers.get(question["key"], []) if key in known]
        correct = {option["key"] for option in question["options"] if option["is_correct"]}
        is_right = set(chosen) == correct
        right += is_right
        results.append({"key": question["key"], "is_right": is_right, "chosen": chosen})
    total = len(lesson["questions"]) or 1
    return round(100 * right / total), results
