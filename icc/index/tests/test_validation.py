"""The JSON Schema checker: the keywords it implements and the places it reports."""

from decimal import Decimal

import pytest

from icc.index.method.schema import Schema, child_path


def reasons(schema: Schema, instance: object) -> list[tuple[str, str]]:
    """Return (path, reason as read in the active language) for every failure."""
    return [(failure.path, str(failure.reason)) for failure in schema.check(instance)]


WEIGHT = {
    "$defs": {
        "positive": {"title": "a number above zero", "type": "number", "exclusiveMinimum": 0}
    },
    "type": "object",
    "properties": {
        "weight": {
            "anyOf": [
                {"title": "a number above zero", "$ref": "#/$defs/positive"},
                {
                    "title": "weights by attribute",
                    "type": "object",
                    "required": ["by"],
                    "additionalProperties": False,
                    "properties": {"by": {"type": "string"}},
                },
            ]
        },
        "rule": {
            "oneOf": [
                {"title": "members", "required": ["members"]},
                {"title": "answer", "required": ["answer"]},
            ]
        },
    },
}


def test_a_schema_with_a_keyword_the_checker_lacks_is_refused() -> None:
    with pytest.raises(ValueError, match="keywords this checker lacks: if, then"):
        Schema({"type": "object", "if": {}, "then": {}})


def test_an_alternative_picked_by_the_value_type_reports_its_own_failures() -> None:
    schema = Schema(WEIGHT)

    assert schema.check({"weight": Decimal("0.5")}) == []
    assert reasons(schema, {"weight": -1}) == [("$.weight", "must be more than 0")]
    assert reasons(schema, {"weight": {"by": "type", "valeus": {}}}) == [
        ("$.weight.valeus", 'unknown property "valeus" (known: by)')
    ]
    assert reasons(schema, {"weight": "heavy"}) == [
        ("$.weight", "must be one of: a number above zero; weights by attribute")
    ]


def test_exactly_one_alternative_must_match_a_one_of() -> None:
    schema = Schema(WEIGHT)

    assert schema.check({"rule": {"members": 1}}) == []
    assert reasons(schema, {"rule": {"members": 1, "answer": 2}}) == [
        ("$.rule", "must be exactly one of: members; answer")
    ]
    assert reasons(schema, {"rule": {}}) == [("$.rule", "must be exactly one of: members; answer")]


def test_booleans_are_not_numbers() -> None:
    assert reasons(Schema({"type": "number"}), True) == [("$", "must be a number")]


def test_paths_quote_keys_that_are_not_identifiers() -> None:
    assert child_path("$", "areas") == "$.areas"
    assert child_path("$.areas", 3) == "$.areas[3]"
    assert child_path("$.values", "under-100k") == '$.values["under-100k"]'
