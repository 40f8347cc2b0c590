"""Compiles the typed filter inputs (see graphql/filters.py) into SQL conditions.

Text matching with `contains`/`startsWith` ignores case; `eq`/`neq`/`in` are exact. `neq` also
matches empty values, as a person reading "is not X" expects.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from pydantic.alias_generators import to_camel
from sqlalchemy import ColumnElement, and_, cast, false, func, literal, not_, or_, true
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.types import String

from rapport.errors import BadUserInput

Path = tuple[str | int, ...]

# A column or a SQL expression (mapped attributes included).
Column = ColumnElement[Any] | InstrumentedAttribute[Any]


# What the conditions read from a filter input (graphql/filters.py); read-only, so the GraphQL
# inputs (and anything else with these attributes) are accepted as they are.


class StringConditions(Protocol):
    @property
    def eq(self) -> str | None: ...
    @property
    def neq(self) -> str | None: ...
    @property
    def in_(self) -> Sequence[str] | None: ...
    @property
    def contains(self) -> str | None: ...
    @property
    def starts_with(self) -> str | None: ...
    @property
    def ilike(self) -> str | None: ...
    @property
    def is_null(self) -> bool | None: ...


class NumberConditions(Protocol):
    @property
    def eq(self) -> float | None: ...
    @property
    def neq(self) -> float | None: ...
    @property
    def in_(self) -> Sequence[float] | None: ...
    @property
    def gt(self) -> float | None: ...
    @property
    def gte(self) -> float | None: ...
    @property
    def lt(self) -> float | None: ...
    @property
    def lte(self) -> float | None: ...
    @property
    def is_null(self) -> bool | None: ...


class DateTimeConditions(Protocol):
    @property
    def eq(self) -> datetime | None: ...
    @property
    def gt(self) -> datetime | None: ...
    @property
    def gte(self) -> datetime | None: ...
    @property
    def lt(self) -> datetime | None: ...
    @property
    def lte(self) -> datetime | None: ...
    @property
    def is_null(self) -> bool | None: ...


class UUIDConditions(Protocol):
    @property
    def eq(self) -> uuid.UUID | None: ...
    @property
    def in_(self) -> Sequence[uuid.UUID] | None: ...
    @property
    def is_null(self) -> bool | None: ...


class CustomFieldConditions(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def string(self) -> StringConditions | None: ...
    @property
    def number(self) -> NumberConditions | None: ...
    @property
    def date(self) -> DateTimeConditions | None: ...
    @property
    def bool(self) -> bool | None: ...


class Filter(Protocol):
    """A list's filter: its own fields (read by name through a ListSpec) composed with and/or/not."""

    @property
    def and_(self) -> Sequence[Filter] | None: ...
    @property
    def or_(self) -> Sequence[Filter] | None: ...
    @property
    def not_(self) -> Filter | None: ...


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _given(value: Any) -> bool:
    return value is not None


def string_condition(column: Column, f: StringConditions, *, with_eq: bool = True) -> ColumnElement[bool]:
    parts: list[ColumnElement[bool]] = []
    if with_eq and f.eq is not None:
        parts.append(column == f.eq)
    if f.neq is not None:
        parts.append(or_(column != f.neq, column.is_(None)))
    if f.in_ is not None:
        parts.append(column.in_(f.in_) if f.in_ else false())
    if f.contains is not None:
        parts.append(column.ilike(f"%{escape_like(f.contains)}%", escape="\\"))
    if f.starts_with is not None:
        parts.append(column.ilike(f"{escape_like(f.starts_with)}%", escape="\\"))
    if f.ilike is not None:
        parts.append(column.ilike(f.ilike))
    if f.is_null is not None:
        parts.append(column.is_(None) if f.is_null else column.is_not(None))
    return and_(true(), *parts)


def number_condition(
    column: Column, f: NumberConditions, convert: Callable[[Any], Any] = lambda v: v
) -> ColumnElement[bool]:
    parts: list[ColumnElement[bool]] = []
    for op in ("eq", "gt", "gte", "lt", "lte"):
        value = getattr(f, op)
        if _given(value):
            target = convert(value)
            parts.append(
                {
                    "eq": column == target,
                    "gt": column > target,
                    "gte": column >= target,
                    "lt": column < target,
                    "lte": column <= target,
                }[op]
            )
    if f.neq is not None:
        parts.append(or_(column != convert(f.neq), column.is_(None)))
    if f.in_ is not None:
        parts.append(or_(false(), *[column == convert(v) for v in f.in_]))
    if f.is_null is not None:
        parts.append(column.is_(None) if f.is_null else column.is_not(None))
    return and_(true(), *parts)


def datetime_condition(
    column: Column, f: DateTimeConditions, convert: Callable[[Any], Any] = lambda v: v
) -> ColumnElement[bool]:
    parts: list[ColumnElement[bool]] = []
    operators: dict[str, Callable[[Any, Any], ColumnElement[bool]]] = {
        "eq": lambda c, v: c == v,
        "gt": lambda c, v: c > v,
        "gte": lambda c, v: c >= v,
        "lt": lambda c, v: c < v,
        "lte": lambda c, v: c <= v,
    }
    for op, build in operators.items():
        value = getattr(f, op)
        if _given(value):
            parts.append(build(column, convert(value)))
    if f.is_null is not None:
        parts.append(column.is_(None) if f.is_null else column.is_not(None))
    return and_(true(), *parts)


def uuid_condition(column: Column, f: UUIDConditions) -> ColumnElement[bool]:
    parts: list[ColumnElement[bool]] = []
    if f.eq is not None:
        parts.append(column == f.eq)
    if f.in_ is not None:
        parts.append(column.in_(f.in_) if f.in_ else false())
    if f.is_null is not None:
        parts.append(column.is_(None) if f.is_null else column.is_not(None))
    return and_(true(), *parts)


def email_array_condition(column: Column, f: StringConditions) -> ColumnElement[bool]:
    """Conditions on a lower-cased array of emails: true when any address matches."""
    parts: list[ColumnElement[bool]] = []
    emails = cast(column, ARRAY(String))

    def any_matching(pattern: str) -> ColumnElement[bool]:
        return func.array_to_string(emails, "\n").ilike(pattern, escape="\\")

    if f.eq is not None:
        parts.append(emails.contains(cast([f.eq.lower()], ARRAY(String))))
    if f.neq is not None:
        parts.append(not_(emails.contains(cast([f.neq.lower()], ARRAY(String)))))
    if f.in_ is not None:
        parts.append(emails.overlap(cast([v.lower() for v in f.in_], ARRAY(String))) if f.in_ else false())
    if f.contains is not None:
        parts.append(any_matching(f"%{escape_like(f.contains.lower())}%"))
    if f.starts_with is not None:
        # An address starts the string or follows a newline.
        prefix = escape_like(f.starts_with.lower())
        parts.append(or_(any_matching(f"{prefix}%"), any_matching(f"%\n{prefix}%")))
    if f.ilike is not None:
        parts.append(any_matching(f"%{f.ilike}%") if "\n" not in f.ilike else false())
    if f.is_null is not None:
        empty = func.cardinality(emails) == 0
        parts.append(empty if f.is_null else not_(empty))
    return and_(true(), *parts)


Compiler = Callable[[Any, Path], ColumnElement[bool]]


def compile_filter(
    f: Filter | None, fields: Mapping[str, Compiler], path: Path = ("filter",), depth: int = 0
) -> ColumnElement[bool]:
    """`fields` maps an input field name (python name) to a compiler of its condition."""
    if f is None:
        return true()
    if depth > 8:
        raise BadUserInput("The filter nests too deep.", field_errors={path: "at most 8 levels of and/or/not"})
    parts: list[ColumnElement[bool]] = []
    if f.and_:
        parts.append(
            and_(true(), *[compile_filter(g, fields, (*path, "and", i), depth + 1) for i, g in enumerate(f.and_)])
        )
    if f.or_:
        parts.append(
            or_(false(), *[compile_filter(g, fields, (*path, "or", i), depth + 1) for i, g in enumerate(f.or_)])
        )
    if f.not_ is not None:
        parts.append(not_(compile_filter(f.not_, fields, (*path, "not"), depth + 1)))
    for name, compiler in fields.items():
        value = getattr(f, name, None)
        if value is not None:
            parts.append(compiler(value, (*path, to_camel(name))))
    return and_(true(), *parts)


def jsonb_literal(value: Any) -> ColumnElement[Any]:
    return cast(literal(json.dumps(value)), JSONB)


def uses_custom_fields(filter: Filter | None, order_by: Sequence[Any]) -> bool:
    """Whether a list's filter or order names a custom field (only then are definitions loaded)."""
    if any(order.custom_field_key is not None for order in order_by):
        return True
    pending: list[Filter | None] = [filter]
    while pending:
        f = pending.pop()
        if f is None:
            continue
        if getattr(f, "custom_field", None) is not None:
            return True
        pending += [*(f.and_ or []), *(f.or_ or []), f.not_]
    return False
