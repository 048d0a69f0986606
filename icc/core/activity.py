"""The one activity log: every write in the platform is recorded here."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from icc.core.actors import Person, author
from icc.core.models import Activity, ActivityQuerySet
from icc.core.rows import insert_rows

_VERB_LABELS: dict[str, Promise | str] = {}
# Labels of change keys that are not fields of the changed model, per model label.
_FIELD_LABELS: dict[str, dict[str, Promise | str]] = {}
# How to name the stored values of a change key (codes kept as text), per model label.
_VALUE_LABELS: dict[str, dict[str, Callable[[Any], str]]] = {}
# Records whose entries also belong to the timeline of a parent: model -> its parent's fields.
_TIMELINE_PARENTS: dict[type[models.Model], list[str]] = {}


def register_verbs(labels: Mapping[str, Promise | str]) -> None:
    """Register the translated label shown on timelines for each verb of an app."""
    _VERB_LABELS.update(labels)


def verb_label(verb: str) -> Promise | str:
    """Return the translated label of ``verb``, or the verb itself when unregistered."""
    return _VERB_LABELS.get(verb, verb)


def timeline_entries(obj: models.Model, *, limit: int = 50) -> list[tuple[Activity, str]]:
    """Return the newest entries of ``obj``'s timeline with the label a reader sees.

    An entry about one of ``obj``'s children (a city's practice) names that child, so
    the reader knows which record changed.
    """
    entries = list(timeline_of(obj).select_related("actor")[:limit])
    owner = (ContentType.objects.get_for_model(obj).pk, str(obj.pk))
    children = [entry for entry in entries if (entry.about_type_id, entry.about_id) != owner]
    # One query per kind of child record, none when every entry is about ``obj`` itself.
    prefetch_related_objects(children, "about")
    rows = []
    for entry in entries:
        label = str(verb_label(entry.verb))
        if (entry.about_type_id, entry.about_id) != owner and entry.about is not None:
            label = _("%(action)s: “%(record)s”") % {"action": label, "record": entry.about}
        rows.append((entry, label))
    return rows


def record_activity(
    actor: Person | None,
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
    return Activity.objects.create(
        actor=author(actor),
        verb=verb,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        about_type=ContentType.objects.get_for_model(about),
        about_id=str(about.pk),
        changes={field: [_text(old), _text(new)] for field, (old, new) in (changes or {}).items()},
    )


# A record, or its model and primary key when the caller has no instance of it.
RecordOrKey = models.Model | tuple[type[models.Model], Any]


def record_activities(
    actor: Person | None,
    verb: str,
    targets: Sequence[tuple[RecordOrKey, RecordOrKey]],
) -> None:
    """Record that ``actor`` did ``verb`` to each ``(target, about)`` pair, in one insert.

    For a write that changes many records at once (a whole round published); each entry
    is the one ``record_activity`` would have written. A record may be given as its
    model and key, ``(City, 12)``, when the caller has no instance of it.
    """
    person: Any = author(actor)
    now = timezone.now()
    types: dict[type[models.Model], int] = {}

    def type_and_key(record: RecordOrKey) -> tuple[int, str]:
        model, key = record if isinstance(record, tuple) else (type(record), record.pk)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model).pk
        return types[model], str(key)

    rows: list[tuple[Any, ...]] = []
    for target, about in targets:
        target_type, target_id = type_and_key(target)
        about_type, about_id = type_and_key(about)
        rows.append(
            (
                None if person is None else person.pk,
                verb,
                target_type,
                target_id,
                about_type,
                about_id,
                {},
                now,
            )
        )
    insert_rows(
        Activity,
        (
            "actor",
            "verb",
            "target_type",
            "target_id",
            "about_type",
            "about_id",
            "changes",
            "created_at",
        ),
        rows,
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


def register_change_labels(
    model: type[models.Model],
    *,
    fields: Mapping[str, Promise | str] | None = None,
    values: Mapping[str, Callable[[Any], str]] | None = None,
) -> None:
    """Register how the changes recorded on ``model`` are named for readers.

    ``fields`` names change keys that are not fields of the model (``"experts"``,
    ``"reason"``); ``values`` turns a stored code into its name (an Index area code).
    Fields of the model need nothing: their ``verbose_name`` and choice labels are used.
    """
    _FIELD_LABELS.setdefault(model._meta.label, {}).update(fields or {})
    _VALUE_LABELS.setdefault(model._meta.label, {}).update(values or {})


@dataclass(frozen=True)
class ChangeRow:
    """One recorded change as a reader sees it: the field's name, the old and new values."""

    label: str
    before: str
    after: str


def describe_changes(entry: Activity) -> list[ChangeRow]:
    """Return the entry's changes named in the reader's language, leaving out empty ones.

    A field is named by its ``verbose_name`` (or a registered label), a text kept per
    language by the field and the language, a choice by its label, a list item by item.
    """
    model = ContentType.objects.get_for_id(entry.target_type_id).model_class()
    rows = []
    for key, values in (entry.changes or {}).items():
        old, new = [*values, None, None][:2] if isinstance(values, list) else (None, values)
        if _is_empty(old) and _is_empty(new):
            continue
        language, _dot, name = key.rpartition(".")
        label = _field_label(model, name)
        if language in dict(settings.LANGUAGES):
            label = f"{label} ({get_language_info(language)['name_translated']})"
        rows.append(
            ChangeRow(
                label=label,
                before=_value_label(model, name, old),
                after=_value_label(model, name, new),
            )
        )
    return rows


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _field_label(model: type[models.Model] | None, name: str) -> str:
    if model is not None:
        registered = _FIELD_LABELS.get(model._meta.label, {}).get(name)
        if registered is not None:
            return capfirst(str(registered))
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            pass
        else:
            return capfirst(str(getattr(field, "verbose_name", name)))
    return capfirst(name.replace("_", " "))


def _value_label(model: type[models.Model] | None, name: str, value: Any) -> str:
    if _is_empty(value):
        return "—"
    if isinstance(value, list):
        return ", ".join(_value_label(model, name, item) for item in value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if model is not None:
        named = _VALUE_LABELS.get(model._meta.label, {}).get(name)
        if named is not None:
            return str(named(value))
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        choices = getattr(field, "flatchoices", None)
        if choices:
            return str(dict(choices).get(value, value))
        if isinstance(field, models.ForeignKey) and isinstance(value, int | str):
            # Some entries name the related record (a network's name, an office's kind)
            # instead of its key: shown as written rather than failing the page.
            try:
                related = field.related_model._default_manager.filter(pk=value).first()
            except (ValueError, ValidationError):
                return str(value)
            return str(related) if related is not None else str(value)
    return str(value)


def register_timeline_parent(model: type[models.Model], field: str) -> None:
    """Show the entries about a ``model`` record on the timeline of its ``field`` too.

    A practice's changes stay on the practice's history and also appear on its city's
    timeline, without recording them twice.
    """
    _TIMELINE_PARENTS.setdefault(model, []).append(field)


def timeline_of(obj: models.Model) -> ActivityQuerySet:
    """Return the entries of ``obj``'s timeline: about it, or about its registered children."""
    condition = Q(about_type=ContentType.objects.get_for_model(obj), about_id=str(obj.pk))
    for model, fields in _TIMELINE_PARENTS.items():
        for field in fields:
            parent = model._meta.get_field(field)
            if getattr(parent, "related_model", None) is not type(obj):
                continue
            children = (
                model._default_manager.filter(**{field: obj})
                .annotate(key=Cast("pk", models.CharField()))
                .values("key")
            )
            condition |= Q(
                about_type=ContentType.objects.get_for_model(model), about_id__in=children
            )
    return Activity.objects.filter(condition)
