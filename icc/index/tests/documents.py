"""Build edition documents (decoded JSON) for tests, with every text in both languages."""

from typing import Any


def text(words: str) -> dict[str, str]:
    """Return a text whose French is marked, so tests can tell the two apart."""
    return {"en": words, "fr": f"{words} (fr)"}


def option(option_id: str, points: int | None = None) -> dict[str, Any]:
    """Return an answer option, worth ``points`` when given."""
    data: dict[str, Any] = {"id": option_id, "label": text(option_id)}
    if points is not None:
        data["points"] = points
    return data


def question(question_id: str, kind: str = "single_choice", **fields: Any) -> dict[str, Any]:
    """Return a question; ``fields`` are added as they are (options, weight, rules…)."""
    data: dict[str, Any] = {
        "id": question_id,
        "text": text(f"Question {question_id}?"),
        "kind": kind,
        "data": "input",
    }
    data.update(fields)
    return data


def choice(question_id: str, *points: int, **fields: Any) -> dict[str, Any]:
    """Return a single-choice question whose options ``o0``, ``o1``… are worth ``points``."""
    options = [option(f"o{index}", value) for index, value in enumerate(points)]
    return question(question_id, "single_choice", options=options, **fields)


def yes_no(question_id: str, yes: int = 1, no: int = 0, **fields: Any) -> dict[str, Any]:
    """Return a scored yes/no question."""
    return question(question_id, "yes_no", points={"yes": yes, "no": no}, **fields)


def area(area_id: str, *questions: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """Return an area holding ``questions``."""
    return {"id": area_id, "title": text(area_id), "questions": list(questions), **fields}


def part(ref: str, weight: Any = None) -> dict[str, Any]:
    """Return a weighted reference to an area or composite."""
    return {"part": ref} if weight is None else {"part": ref, "weight": weight}


def edition(
    *areas: dict[str, Any],
    overall: list[dict[str, Any]] | None = None,
    composites: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """Return an edition; by default every area counts in the overall score with weight 1."""
    data: dict[str, Any] = {
        "format": "icc-index-edition/1",
        "id": "test",
        "title": text("Test edition"),
        "areas": list(areas),
        "overall": {"parts": overall if overall is not None else [part(a["id"]) for a in areas]},
    }
    if composites is not None:
        data["composites"] = composites
    data.update(fields)
    return data
