"""The one activity log: every write in the platform is recorded here."""

from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import Promise

from icc.core.models import Activity

_VERB_LABELS: dict[str, Promise | str] = {}


def register_verbs(labels: Mapping[str, Promise | str]) -> None:
    """Register the translated label shown on timelines for each verb of an app."""
    _VERB_LABELS.update(labels)


def verb_label(verb: str) -> Promise | str:
    """Return the translated label of ``verb``, or the verb itself when unregistered."""
    return _VERB_LABELS.get(verb, verb)


def record_activity(
    actor: Any,
    verb: str,
    target: models.Model,
    *,
    about: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
) -> Activity:
    """Record that ``actor`` did ``verb`` to ``target`` and return the entry.

    ``about`` names the timeline that shows the entry (``target`` by default);
    ``changes`` maps a field to its ``[old, new]`` values, stored as text.
    """
    about = about if about is not None else target
    user = actor if getattr(actor, "is_authenticated", False) else None
    return Activity.objects.create(
        actor=user,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        about_type=ContentType.objects.get_for_model(about),
        about_id=str(about.pk),
        changes={field: [_text(old), _text(new)] for field, (old, new) in (changes or {}).items()},
    )


def field_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, tuple]:
    """Return ``{field: (old, new)}`` for every field whose value differs."""
    return {
        name: (before.get(name), value)
        for name, value in after.items()
        if before.get(name) != value
    }


def _text(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_text(item) for item in value]
    return str(value)


def apply_changes(instance: models.Model, data: Mapping[str, Any]) -> dict[str, tuple]:
    """Set ``data`` on ``instance``, validate it, and return ``{field: (old, new)}``.

    Raises ``ValidationError`` before anything is saved when the result is invalid;
    the caller saves and records the returned changes.
    """
    from django.forms.models import model_to_dict

    before = model_to_dict(instance, fields=list(data))
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    return field_changes(before, model_to_dict(instance, fields=list(data)))
