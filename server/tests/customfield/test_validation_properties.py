"""Properties of custom field validation over any JSON a client may send: it returns storable values
or raises BAD_USER_INPUT naming the offending keys, never another error, and what it accepts it
accepts again unchanged (validation is idempotent, so a record re-saved keeps its values)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.customfield.service import validate_values
from rapport.errors import BadUserInput
from rapport.kit.text import unsafe_text
from tests.customfield.test_service import DEFINITIONS

PROPERTY_SETTINGS = settings(max_examples=400, deadline=None, derandomize=True, database=None)

JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**20), max_value=10**20),
        st.floats(),
        st.text(max_size=30),
        st.sampled_from(["gold", "silver", "a", "b", "2026-02-30", "2026-11-26", "https://x.io", "a@b.co", "USD"]),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["amountMicros", "currency"]), inner),
    max_leaves=6,
)
VALUES = st.dictionaries(st.one_of(st.sampled_from(sorted(DEFINITIONS)), st.text(max_size=8)), JSON, max_size=5)


@PROPERTY_SETTINGS
@given(st.one_of(VALUES, JSON))
def test_validation_returns_storable_values_or_names_the_bad_keys(values: Any) -> None:
    try:
        stored: dict[str, Any] | None = validate_values(
            DEFINITIONS, values, current=None, path=("input", "customFields")
        )
        refused = None
    except BadUserInput as error:
        stored, refused = None, error
    if refused is not None:
        assert refused.field_errors
        for path in refused.field_errors:
            assert path[:2] == ("input", "customFields")
            assert len(path) == 2 or (len(path) == 3 and path[2] in values)
        return
    assert stored is not None
    assert set(stored) <= set(DEFINITIONS)
    json.dumps(stored, allow_nan=False)  # JSONB holds it: no NaN, no infinity, plain JSON types
    assert unsafe_text(stored) == {}  # nor a NUL or a lone surrogate, which PostgreSQL refuses
    assert validate_values(DEFINITIONS, stored, current=None, path=("customFields",)) == stored


def test_text_that_cannot_be_stored_is_refused_by_name() -> None:
    with pytest.raises(BadUserInput) as refused:
        validate_values(DEFINITIONS, {"note": "a\x00b"}, current=None, path=("customFields",))

    assert refused.value.field_errors == {("customFields", "note"): "must not contain control characters"}
