"""Check a JSON document against a JSON Schema, reporting every failure with its place.

The checking is ``jsonschema``'s (draft 2020-12); this module turns each of its
errors into a ``Reason`` that reads in the reader's language, placed by a JSON
path such as ``$.areas[0].id``. Only the keywords below have a translated
message, so a schema that uses any other keyword is refused when it is loaded:
the schema file can never ask for a check whose failure nobody can read.
"""

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from jsonschema import Draft202012Validator, ValidationError
from jsonschema.validators import extend

from icc.index.method.reasons import Reason, reason

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "$defs"})
# The keywords with a translated message (or that only lead to other checks), in the
# order failures at one place are listed: the value's own kind first, then its
# contents, the alternatives last.
KEYWORDS_IN_ORDER = (
    "$ref",
    "type",
    "const",
    "enum",
    "maxLength",
    "pattern",
    "minimum",
    "exclusiveMinimum",
    "minItems",
    "uniqueItems",
    "items",
    "required",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "properties",
    "additionalProperties",
    "anyOf",
    "oneOf",
)
KEYWORDS = frozenset(KEYWORDS_IN_ORDER)
TYPE_NAMES = {
    "object": _("an object"),
    "array": _("a list"),
    "string": _("a string"),
    "number": _("a number"),
    "integer": _("a whole number"),
    "boolean": _("true or false"),
    "null": _("null"),
}


@dataclass(frozen=True)
class Failure:
    """One place in a document that breaks the schema, and why (rendered when shown)."""

    path: str
    reason: Reason


def child_path(path: str, key: str | int) -> str:
    """Return the JSON path of ``key`` inside the value at ``path``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
        return f"{path}.{key}"
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def json_type(value: Any) -> str:
    """Name the JSON type of a value decoded by ``json`` (floats decoded as ``Decimal``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float | Decimal):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    raise TypeError(f"not a JSON value: {value!r}")


def has_type(value: Any, name: str) -> bool:
    """Tell whether ``value`` is of the JSON Schema type ``name``."""
    actual = json_type(value)
    if name == "number":
        return actual in ("number", "integer")
    if name == "integer" and actual == "number":
        return Decimal(value) == Decimal(value).to_integral_value()
    return actual == name


# The edition loader decodes fractions as ``Decimal``, which jsonschema does not count
# as a number; its type checks are otherwise ours (a boolean is not a number).
_Validator = extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine_many(
        {
            "number": lambda checker, value: has_type(value, "number"),
            "integer": lambda checker, value: has_type(value, "integer"),
        }
    ),
)
_ORDER = {keyword: rank for rank, keyword in enumerate(KEYWORDS_IN_ORDER)}
_STRING_KEYWORDS = ("maxLength", "pattern")
# Keywords whose one error from jsonschema stands for several failures (or the reverse).
_GROUPED = frozenset({"required", "uniqueItems", "additionalProperties", *_STRING_KEYWORDS})

Path_ = tuple[str | int, ...]


def _json_path(parts: Iterable[str | int]) -> str:
    path = "$"
    for part in parts:
        path = child_path(path, part)
    return path


class Schema:
    """A JSON Schema checked by ``jsonschema``, its failures told in the reader's language."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        """Keep ``document`` after refusing any keyword that no translated message covers."""
        self.document = document
        unknown = sorted(set(self._keywords(document)) - KEYWORDS - ANNOTATIONS)
        if unknown:
            raise ValueError(f"the schema uses keywords this checker lacks: {', '.join(unknown)}")
        _Validator.check_schema(document)
        self.validator = _Validator(document)

    @classmethod
    def from_file(cls, path: Path) -> "Schema":
        """Read a schema from a JSON file."""
        return cls(json.loads(path.read_text(encoding="utf-8")))

    def _keywords(self, node: Any) -> Iterator[str]:
        if isinstance(node, list):
            for item in node:
                yield from self._keywords(item)
        elif isinstance(node, dict):
            for key, value in node.items():
                yield key
                if key in ("properties", "$defs"):
                    for subschema in value.values():
                        yield from self._keywords(subschema)
                elif key not in ("enum", "const", "required"):
                    yield from self._keywords(value)

    def resolve(self, reference: str) -> Mapping[str, Any]:
        """Return the subschema that a local ``$ref`` such as ``#/$defs/id`` points to."""
        if not reference.startswith("#/"):
            raise ValueError(f"only local references are supported: {reference}")
        node: Any = self.document
        for part in reference[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def check(self, instance: Any) -> list[Failure]:
        """Return every failure of ``instance``, in document order."""
        failures = self._failures(self.validator.iter_errors(instance), instance)
        return [failure for _key, failure in sorted(failures, key=lambda pair: pair[0])]

    def declared_type(self, schema: Mapping[str, Any]) -> str | None:
        """Return the ``type`` a subschema declares, following ``$ref``."""
        if "type" in schema:
            return schema["type"]
        if "$ref" in schema:
            return self.declared_type(self.resolve(schema["$ref"]))
        return None

    def title(self, schema: Mapping[str, Any]) -> str | None:
        """Return the human title of a subschema, following ``$ref``."""
        if "title" in schema:
            return schema["title"]
        if "$ref" in schema:
            return self.title(self.resolve(schema["$ref"]))
        return None

    def described(self, schema: Mapping[str, Any]) -> "StrPromise | None":
        """Return the title of a subschema in the reader's language, or None.

        Titles are English noun phrases ("a number above zero") looked up in the
        catalogue when shown; the edition schema's titles are marked in
        ``icc.index.method.loader.SCHEMA_TITLES``.
        """
        title = self.title(schema)
        return None if title is None else _(title)

    def _failures(
        self, errors: Iterable[ValidationError], root: Any
    ) -> list[tuple[list[int], Failure]]:
        """Return (order, failure) for ``errors``; ``root`` is the whole checked value."""
        errors = list(errors)
        # A value of the wrong type is reported once: the other keywords of the same
        # subschema say nothing more useful about it.
        mistyped = {_node(error) for error in errors if error.validator == "type"}
        failures: list[tuple[list[int], Failure]] = []
        seen: set[tuple[Any, ...]] = set()
        for error in errors:
            node = _node(error)
            if error.validator != "type" and node in mistyped:
                continue
            if error.validator in _GROUPED:
                group = (
                    "string" if error.validator in _STRING_KEYWORDS else str(error.validator),
                    *node,
                    # Property names are checked at their object: one group per name.
                    error.instance if _property_name_check(error) is not None else None,
                )
                if group in seen:
                    continue
                seen.add(group)
            failures.extend(self._failures_of(error, root))
        return failures

    def _failures_of(
        self, error: ValidationError, root: Any
    ) -> Iterator[tuple[list[int], Failure]]:
        place: Path_ = tuple(error.absolute_path)
        names = _property_name_check(error)
        if names is not None:
            # A property name is checked as a string of its own, placed at its property.
            place = (*place, str(error.instance))
            for reason_ in self._reasons(error):
                wrapped = reason(_("wrong name: %(reason)s"), reason=reason_)
                yield _order(error, root), Failure(_json_path(place), wrapped)
            return
        if error.validator in ("anyOf", "oneOf"):
            yield from self._alternatives(error, place, root)
            return
        extras: dict[str, Callable[[ValidationError], Iterator[tuple[str | int, Reason]]]] = {
            "uniqueItems": self._repeated,
            "additionalProperties": self._unknown_properties,
        }
        extra = extras.get(str(error.validator))
        if extra is not None:
            for key, reason_ in extra(error):
                child = (*place, key)
                yield _order(error, root, child=key), Failure(_json_path(child), reason_)
            return
        for reason_ in self._reasons(error):
            yield _order(error, root), Failure(_json_path(place), reason_)

    def _reasons(self, error: ValidationError) -> Iterator[Reason]:
        """Yield why ``error``'s value breaks its keyword, in the reader's language."""
        keyword, expected, value, schema = (
            error.validator,
            error.validator_value,
            error.instance,
            error.schema,
        )
        assert isinstance(schema, Mapping)
        if keyword == "type":
            what = self.described(schema)
            yield reason(_("must be %(what)s"), what=TYPE_NAMES[expected] if what is None else what)
        elif keyword == "const":
            title = self.described(schema)
            yield reason(
                _("must be %(what)s"), what=json.dumps(expected) if title is None else title
            )
        elif keyword == "enum":
            yield reason(
                _("%(value)s is not one of: %(allowed)s"),
                value=json.dumps(value, default=str),
                allowed=", ".join(json.dumps(allowed) for allowed in expected),
            )
        elif keyword in _STRING_KEYWORDS:
            yield self._string_reason(value, schema)
        elif keyword == "minimum":
            yield reason(_("must be %(minimum)s or more"), minimum=expected)
        elif keyword == "exclusiveMinimum":
            yield reason(_("must be more than %(minimum)s"), minimum=expected)
        elif keyword == "minItems":
            message = ngettext_lazy(
                "needs at least %(count)s item", "needs at least %(count)s items", "count"
            )
            yield reason(message, count=expected)
        elif keyword == "required":
            for name in expected:
                if name not in value:
                    yield reason(_("%(name)s is missing"), name=json.dumps(name))
        elif keyword == "minProperties":
            message = ngettext_lazy(
                "needs at least %(count)s entry", "needs at least %(count)s entries", "count"
            )
            yield reason(message, count=expected)
        elif keyword == "maxProperties":
            message = ngettext_lazy(
                "allows at most %(count)s entry", "allows at most %(count)s entries", "count"
            )
            yield reason(message, count=expected)
        else:  # pragma: no cover - the keywords are checked when the schema is loaded.
            raise ValueError(f"no message for the keyword {keyword}")

    def _string_reason(self, value: str, schema: Mapping[str, Any]) -> Reason:
        # One failure for a string, however many of its keywords it breaks: its
        # title says what it must be; else its length, then its pattern.
        quoted = json.dumps(value, ensure_ascii=False)
        what = self.described(schema)
        if what is not None:
            return reason(_("%(value)s is not %(what)s"), value=quoted, what=what)
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            message = ngettext_lazy(
                "%(value)s is longer than %(count)s character",
                "%(value)s is longer than %(count)s characters",
                "count",
            )
            return reason(message, value=quoted, count=schema["maxLength"])
        message = _("%(value)s does not match the pattern %(pattern)s")
        return reason(message, value=quoted, pattern=schema["pattern"])

    def _repeated(self, error: ValidationError) -> Iterator[tuple[str | int, Reason]]:
        seen: list[Any] = []
        for index, item in enumerate(error.instance):
            if item in seen:
                yield index, reason(_("repeats %(value)s"), value=json.dumps(item, default=str))
            seen.append(item)

    def _unknown_properties(self, error: ValidationError) -> Iterator[tuple[str | int, Reason]]:
        assert isinstance(error.schema, Mapping)
        properties = error.schema.get("properties", {})
        for key in error.instance:
            if key not in properties:
                yield (
                    key,
                    reason(
                        _("unknown property %(name)s (known: %(known)s)"),
                        name=json.dumps(key),
                        known=", ".join(properties),
                    ),
                )

    def _alternatives(
        self, error: ValidationError, place: Path_, root: Any
    ) -> Iterator[tuple[list[int], Failure]]:
        alternatives = error.validator_value
        # Lazy texts are tested against None: their truth would translate them now.
        described = [self.described(branch) for branch in alternatives]
        titles = tuple(_("an alternative") if title is None else title for title in described)
        exactly_one = reason(_("must be exactly one of: %(choices)s"), choices=titles)
        if not error.context:
            # jsonschema reports a oneOf that several alternatives match without context.
            yield _order(error, root), Failure(_json_path(place), exactly_one)
            return
        # When the value's type picks out a single alternative, its own failures are
        # more useful than a list of every alternative.
        typed = [
            index
            for index, branch in enumerate(alternatives)
            if (kind := self.declared_type(branch)) is not None and has_type(error.instance, kind)
        ]
        if len(typed) == 1:
            own = [
                suberror
                for suberror in error.context
                if suberror.relative_schema_path[0] == typed[0]
            ]
            yield from self._failures(own, root)
            return
        choices = (
            exactly_one
            if error.validator == "oneOf"
            else reason(_("must be one of: %(choices)s"), choices=titles)
        )
        yield _order(error, root), Failure(_json_path(place), choices)


def _node(error: ValidationError) -> tuple[Any, ...]:
    """Return where ``error`` is: its place in the value and its subschema."""
    return (tuple(error.absolute_path), tuple(error.absolute_schema_path)[:-1])


def _property_name_check(error: ValidationError) -> int | None:
    """Return where ``propertyNames`` is in ``error``'s schema path, if it checks a name."""
    parts = list(error.absolute_schema_path)
    for index in range(len(parts) - 1, 0, -1):
        if parts[index] == "propertyNames" and parts[index - 1] != "properties":
            return index
    if parts and parts[0] == "propertyNames":
        return 0
    return None


def _order(error: ValidationError, root: Any, child: str | int | None = None) -> list[int]:
    """Return where a failure of ``error`` is listed, as a walk of the value and schema reads.

    A place is checked keyword by keyword (``KEYWORDS_IN_ORDER``): list items in
    order, then each property in the value's order (its name before its value),
    the alternatives last. ``child`` names the item or property a failure of the
    whole list or object (a repeated item, an unknown property) is placed at.
    """
    schema_path = list(error.absolute_schema_path)
    places = list(error.absolute_path)
    node = root
    key: list[int] = []
    index = 0
    while index < len(schema_path):
        part = schema_path[index]
        last = index == len(schema_path) - 1
        if part == "items":
            item = places.pop(0)
            key += [_ORDER["items"], int(item)]
            node = node[item]
        elif part == "properties" or (part == "additionalProperties" and not last):
            if part == "properties":
                index += 1  # The property's name in the schema: the value names it too.
            name = places.pop(0)
            key += [_ORDER["properties"], list(node).index(name), 1]
            node = node[name]
        elif part == "propertyNames":
            key += [_ORDER["properties"], list(node).index(error.instance), 0]
        elif part in ("anyOf", "oneOf"):
            key.append(_ORDER[part])
            if not last:  # Inside one alternative: its number follows.
                index += 1
                key.append(int(schema_path[index]))
        elif part == "additionalProperties":
            key += [_ORDER["properties"], list(node).index(child), 1]
        else:
            key.append(_ORDER.get(str(part), len(_ORDER)))
            if part == "uniqueItems" and isinstance(child, int):
                key.append(child)
        index += 1
    return key
