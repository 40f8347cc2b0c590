"""Properties of the keyset cursors: what the api encodes decodes to the same values, and any text a
client sends as a cursor is either one of ours or refused with BAD_USER_INPUT (never another error)."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.errors import BadUserInput
from rapport.kit.pagination import decode_cursor, encode_cursor

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None)
JSON_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text()
)


@PROPERTY_SETTINGS
@given(st.lists(JSON_SCALARS, max_size=4))
def test_a_cursor_decodes_to_the_values_it_encodes(values: list[object]) -> None:
    cursor = encode_cursor(values)

    assert decode_cursor(cursor, arity=len(values)) == values
    assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@PROPERTY_SETTINGS
@given(st.text(), st.integers(min_value=0, max_value=4))
def test_any_text_is_a_cursor_or_bad_user_input(text: str, arity: int) -> None:
    try:
        values: list[object] | None = decode_cursor(text, arity=arity)
        refused = None
    except BadUserInput as error:
        values, refused = None, error
    if refused is not None:
        assert refused.field_errors == {("after",): "not a cursor from this list"}
    else:
        assert values is not None
        assert len(values) == arity


@PROPERTY_SETTINGS
@given(st.recursive(JSON_SCALARS, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=8))
def test_forged_json_cursors_are_refused_unless_well_formed(payload: object) -> None:
    cursor = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()
    well_formed = isinstance(payload, list) and len(payload) == 3 and payload[0] == "v1"

    if well_formed:
        assert decode_cursor(cursor, arity=2) == payload[1:]  # type: ignore[index]
    else:
        with pytest.raises(BadUserInput):
            decode_cursor(cursor, arity=2)


@pytest.mark.parametrize(
    "payload",
    [
        b"[" * 1000 + b"]" * 1000,  # json.loads recurses once a level: past Python's limit, RecursionError
        json.dumps(["v1", "x" * 100_000, 1]).encode(),  # longer than any cursor a list gives out
    ],
)
def test_a_cursor_nested_too_deep_or_too_long_is_refused(payload: bytes) -> None:
    with pytest.raises(BadUserInput) as refused:
        decode_cursor(base64.urlsafe_b64encode(payload).decode(), arity=2)
    assert refused.value.field_errors == {("after",): "not a cursor from this list"}
