"""Content written per language (decision 0004): choose the text to show, write the texts.

A translated record keeps one row per language in a model of its own (``PracticeTranslation``,
``EventTranslation``…), each with a ``language`` field and the text fields it lists in
``TEXT_FIELDS``; the record itself keeps its ``original_language``.
"""

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from django.db import models
from django.utils.translation import get_language


class _HasLanguage(Protocol):
    @property
    def language(self) -> str: ...


def pick_text[Text: _HasLanguage](
    texts: Iterable[Text], language: str | None, original: str
) -> Text | None:
    """Return the text in ``language`` (active by default), else the original, else any."""
    language = (language or get_language() or "en")[:2]
    by_language = {text.language: text for text in texts}
    return (
        by_language.get(language)
        or by_language.get(original)
        or next(iter(by_language.values()), None)
    )


def write_texts(
    owner: models.Model,
    model: type[models.Model],
    owner_field: str,
    texts: Mapping[str, Mapping[str, str]],
) -> dict[str, tuple[Any, Any]]:
    """Write the texts given per language and return the changes for the activity log.

    An empty title removes that language. Each text is validated before it is saved, so a
    ``ValidationError`` leaves the caller's transaction to roll everything back.
    """
    changes: dict[str, tuple[Any, Any]] = {}
    rows: Iterable[Any] = model._default_manager.filter(**{owner_field: owner})
    existing = {text.language: text for text in rows}
    for language, fields in texts.items():
        text = existing.get(language)
        if not fields.get("title"):
            if text is not None:
                text.delete()
                changes[f"{language}.title"] = (text.title, None)
            continue
        text = text or model(**{owner_field: owner, "language": language})
        for name in model.TEXT_FIELDS:  # type: ignore[attr-defined]
            old, new = getattr(text, name) if text.pk else None, fields.get(name, "")
            if old != new:
                changes[f"{language}.{name}"] = (old, new)
            setattr(text, name, new)
        text.full_clean(exclude=[owner_field])
        text.save()
    return changes
