"""Check a JSON document against a JSON Schema, reporting every failure with its place.

Only the subset of JSON Schema (draft 2020-12) that the edition schema uses is
implemented; a schema that uses any other keyword is refused when it is
loaded, so the schema file can never ask for a check that silently does not
happen. The platform carries no JSON Schema library (see
docs/decisions/0006-scoring-engine.md); if one is added, this module is the
one to replace.
"""

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from icc.index.reasons import Reason, reason

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "$defs"})
KEYWORDS = frozenset(
    {
        "$ref",
        "type",
        "enum",
        "const",
        "properties",
        "required",
        "additionalProperties",
        "propertyNames",
        "minProperties",
        "maxProperties",
        "items",
        "minItems",
        "uniqueItems",
        "pattern",
        "maxLength",
        "minimum",
        "exclusiveMinimum",
        "anyOf",
        "oneOf",
    }
)
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


class Schema:
    """A JSON Schema restricted to the keywords this module implements."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        """Keep ``document`` after refusing any keyword that would not be checked."""
        self.document = document
        unknown = sorted(set(self._keywords(document)) - KEYWORDS - ANNOTATIONS)
        if unknown:
            raise ValueError(f"the schema uses keywords this checker lacks: {', '.join(unknown)}")

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
        return list(self._check(instance, self.document, "$"))

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
        ``icc.index.methodology.SCHEMA_TITLES``.
        """
        title = self.title(schema)
        return None if title is None else _(title)

    def _check(self, instance: Any, schema: Mapping[str, Any], path: str) -> Iterator[Failure]:
        if "$ref" in schema:
            failures = list(self._check(instance, self.resolve(schema["$ref"]), path))
            yield from failures
            if failures:
                return
        if "type" in schema and not has_type(instance, schema["type"]):
            what = self.described(schema)
            if what is None:
                what = TYPE_NAMES[schema["type"]]
            yield Failure(path, reason(_("must be %(what)s"), what=what))
            return
        if "const" in schema and instance != schema["const"]:
            title = self.described(schema)
            what_value = json.dumps(schema["const"]) if title is None else title
            yield Failure(path, reason(_("must be %(what)s"), what=what_value))
        if "enum" in schema and instance not in schema["enum"]:
            yield Failure(
                path,
                reason(
                    _("%(value)s is not one of: %(allowed)s"),
                    value=json.dumps(instance, default=str),
                    allowed=", ".join(json.dumps(value) for value in schema["enum"]),
                ),
            )
        if isinstance(instance, str):
            yield from self._check_string(instance, schema, path)
        if has_type(instance, "number") and not isinstance(instance, bool):
            yield from self._check_number(instance, schema, path)
        if isinstance(instance, list):
            yield from self._check_array(instance, schema, path)
        if isinstance(instance, dict):
            yield from self._check_object(instance, schema, path)
        for keyword in ("anyOf", "oneOf"):
            if keyword in schema:
                yield from self._check_alternatives(instance, schema[keyword], keyword, path)

    def _check_string(self, value: str, schema: Mapping[str, Any], path: str) -> Iterator[Failure]:
        too_long = "maxLength" in schema and len(value) > schema["maxLength"]
        mismatch = "pattern" in schema and not re.search(schema["pattern"], value)
        quoted = json.dumps(value, ensure_ascii=False)
        what = self.described(schema)
        if (too_long or mismatch) and what is not None:
            yield Failure(path, reason(_("%(value)s is not %(what)s"), value=quoted, what=what))
        elif too_long:
            message = ngettext_lazy(
                "%(value)s is longer than %(count)s character",
                "%(value)s is longer than %(count)s characters",
                "count",
            )
            yield Failure(path, reason(message, value=quoted, count=schema["maxLength"]))
        elif mismatch:
            message = _("%(value)s does not match the pattern %(pattern)s")
            yield Failure(path, reason(message, value=quoted, pattern=schema["pattern"]))

    def _check_number(self, value: Any, schema: Mapping[str, Any], path: str) -> Iterator[Failure]:
        if "minimum" in schema and value < schema["minimum"]:
            yield Failure(path, reason(_("must be %(minimum)s or more"), minimum=schema["minimum"]))
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            minimum = schema["exclusiveMinimum"]
            yield Failure(path, reason(_("must be more than %(minimum)s"), minimum=minimum))

    def _check_array(
        self, items: list[Any], schema: Mapping[str, Any], path: str
    ) -> Iterator[Failure]:
        if "minItems" in schema and len(items) < schema["minItems"]:
            message = ngettext_lazy(
                "needs at least %(count)s item", "needs at least %(count)s items", "count"
            )
            yield Failure(path, reason(message, count=schema["minItems"]))
        if schema.get("uniqueItems"):
            seen: list[Any] = []
            for index, item in enumerate(items):
                if item in seen:
                    repeated = json.dumps(item, default=str)
                    yield Failure(
                        child_path(path, index), reason(_("repeats %(value)s"), value=repeated)
                    )
                seen.append(item)
        if "items" in schema:
            for index, item in enumerate(items):
                yield from self._check(item, schema["items"], child_path(path, index))

    def _check_object(
        self, instance: dict[str, Any], schema: Mapping[str, Any], path: str
    ) -> Iterator[Failure]:
        for name in schema.get("required", ()):
            if name not in instance:
                yield Failure(path, reason(_("%(name)s is missing"), name=json.dumps(name)))
        if "minProperties" in schema and len(instance) < schema["minProperties"]:
            message = ngettext_lazy(
                "needs at least %(count)s entry", "needs at least %(count)s entries", "count"
            )
            yield Failure(path, reason(message, count=schema["minProperties"]))
        if "maxProperties" in schema and len(instance) > schema["maxProperties"]:
            message = ngettext_lazy(
                "allows at most %(count)s entry", "allows at most %(count)s entries", "count"
            )
            yield Failure(path, reason(message, count=schema["maxProperties"]))
        properties = schema.get("properties", {})
        additional = schema.get("additionalProperties", True)
        for key, value in instance.items():
            place = child_path(path, key)
            if "propertyNames" in schema:
                for failure in self._check(key, schema["propertyNames"], place):
                    yield Failure(place, reason(_("wrong name: %(reason)s"), reason=failure.reason))
            if key in properties:
                yield from self._check(value, properties[key], place)
            elif additional is False:
                yield Failure(
                    place,
                    reason(
                        _("unknown property %(name)s (known: %(known)s)"),
                        name=json.dumps(key),
                        known=", ".join(properties),
                    ),
                )
            elif isinstance(additional, dict):
                yield from self._check(value, additional, place)

    def _check_alternatives(
        self, instance: Any, alternatives: list[Mapping[str, Any]], keyword: str, path: str
    ) -> Iterator[Failure]:
        results = [list(self._check(instance, branch, path)) for branch in alternatives]
        matches = sum(1 for failures in results if not failures)
        if matches == 1 or (keyword == "anyOf" and matches > 1):
            return
        # Lazy texts are tested against None: their truth would translate them now.
        described = [self.described(branch) for branch in alternatives]
        titles = tuple(_("an alternative") if title is None else title for title in described)
        exactly_one = reason(_("must be exactly one of: %(choices)s"), choices=titles)
        if matches > 1:
            yield Failure(path, exactly_one)
            return
        # When the value's type picks out a single alternative, its own failures are
        # more useful than a list of every alternative.
        typed = [
            failures
            for branch, failures in zip(alternatives, results, strict=True)
            if self.declared_type(branch) is not None
            and has_type(instance, self.declared_type(branch) or "")
        ]
        if len(typed) == 1:
            yield from typed[0]
        else:
            yield Failure(
                path,
                exactly_one
                if keyword == "oneOf"
                else reason(_("must be one of: %(choices)s"), choices=titles),
            )
