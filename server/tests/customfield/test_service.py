"""Validation of custom field values, type by type (pure functions: no database needed)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from rapport.customfield.service import validate_values
from rapport.errors import BadUserInput
from rapport.models import FieldDefinition, FieldType, ObjectType


def definition(
    key: str, kind: FieldType, *, options: list[str] | None = None, required: bool = False
) -> FieldDefinition:
    return FieldDefinition(
        id=uuid.uuid4(),
        workspace_id=uuid.uuid4(),
        object_type=ObjectType.CONTACT,
        key=key,
        label=key,
        type=kind,
        options=options,
        required=required,
        position=0,
    )


DEFINITIONS = {
    d.key: d
    for d in (
        definition("note", FieldType.TEXT),
        definition("score", FieldType.NUMBER),
        definition("vip", FieldType.BOOLEAN),
        definition("renewal", FieldType.DATE),
        definition("tier", FieldType.SELECT, options=["gold", "silver"]),
        definition("tags", FieldType.MULTI_SELECT, options=["a", "b"]),
        definition("site", FieldType.URL),
        definition("billing", FieldType.EMAIL),
        definition("arr", FieldType.CURRENCY),
    )
}


@pytest.mark.parametrize(
    ("values", "stored"),
    [
        ({"note": "hello"}, {"note": "hello"}),
        ({"score": 3}, {"score": 3}),
        ({"score": -2.5}, {"score": -2.5}),
        ({"vip": False}, {"vip": False}),
        ({"renewal": "2027-02-28"}, {"renewal": "2027-02-28"}),
        ({"tier": "gold"}, {"tier": "gold"}),
        ({"tags": ["b", "a", "b"]}, {"tags": ["b", "a"]}),
        ({"site": "https://example.com/x"}, {"site": "https://example.com/x"}),
        ({"billing": "Ops@Example.COM"}, {"billing": "ops@example.com"}),
        (
            {"arr": {"amountMicros": "1200000000", "currency": "EUR"}},
            {"arr": {"amountMicros": 1200000000, "currency": "EUR"}},
        ),
        ({}, {}),
    ],
)
def test_valid_values_are_normalised(values: dict[str, Any], stored: dict[str, Any]) -> None:
    assert validate_values(DEFINITIONS, values, current=None, path=("customFields",)) == stored


@pytest.mark.parametrize(
    ("values", "key"),
    [
        ({"note": 5}, "note"),
        ({"note": "x" * 10_001}, "note"),
        ({"score": "5"}, "score"),
        ({"score": True}, "score"),
        ({"score": float("inf")}, "score"),
        ({"vip": "yes"}, "vip"),
        ({"renewal": "2027-02-30"}, "renewal"),
        ({"renewal": "28/02/2027"}, "renewal"),
        ({"tier": "bronze"}, "tier"),
        ({"tags": "a"}, "tags"),
        ({"tags": ["c"]}, "tags"),
        ({"site": "ftp://example.com"}, "site"),
        ({"site": "example.com"}, "site"),
        ({"billing": "nope"}, "billing"),
        ({"arr": {"amountMicros": "1.5", "currency": "EUR"}}, "arr"),
        ({"arr": {"amountMicros": "1", "currency": "euro"}}, "arr"),
        ({"arr": 100}, "arr"),
        ({"unknown": 1}, "unknown"),
    ],
)
def test_invalid_values_name_the_field(values: dict[str, Any], key: str) -> None:
    with pytest.raises(BadUserInput) as raised:
        validate_values(DEFINITIONS, values, current=None, path=("input", "customFields"))
    assert list(raised.value.field_errors) == [("input", "customFields", key)]


def test_null_unsets_and_required_fields_must_stay_set() -> None:
    required = {**DEFINITIONS, "tier": definition("tier", FieldType.SELECT, options=["gold"], required=True)}

    kept = validate_values(required, {"score": None}, current={"tier": "gold", "score": 2}, path=())
    with pytest.raises(BadUserInput) as missing:
        validate_values(required, {"score": 1}, current=None, path=())
    with pytest.raises(BadUserInput) as cleared:
        validate_values(required, {"tier": None}, current={"tier": "gold"}, path=())

    assert kept == {"tier": "gold"}
    assert missing.value.field_errors == {("tier",): "required"}
    assert cleared.value.field_errors == {("tier",): "required"}
