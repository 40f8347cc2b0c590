"""Compiles the typed filter inputs (see graphql/filters.py) into SQL conditions.

Text matching with `contains`/`startsWith` ignores case; `eq`/`neq`/`in` are exact. `neq` also
matches empty values, as a person reading "is not X" expects.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic.alias_generators import to_camel
from sqlalchemy import ColumnElement, and_, cast, false, func, literal, not_, or_, true
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.types import String

from rapport.errors import BadUserInput

Path = tuple[str | int, ...]

# A column or a SQL expression (mapped attributes included).
Column = ColumnElement[Any] | InstrumentedAttribute[Any]


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _given(value: Any) -> bool:
    return value is not None


def string_condition(column: Column, f: Any) -> ColumnElement[bool]:
    parts: list[ColumnElement[bool]] = []
    if _given(f.eq):
        parts.append(column == f.eq)
    if _given(f.neq):
        parts.append(or_(column != f.neq, column.is_(None)))
    if _given(f.in_):
        parts.append(column.in_(f.in_) if f.in_ else false())
    if _given(f.contains):
        parts.append(column.ilike(f"%{escape_like(f.contains)}%", escape="\\"))
    if _given(f.starts_with):
        parts.append(column.ilike(f"{escape_like(f.starts_with)}%", escape="\\"))
    if _given(f.ilike):
        parts.append(column.ilike(f.ilike))
    if _given(f.is_null):
        parts.append(column.is_(None) if f.is_null else column.is_not(None))
    return and_(true(), *parts)


def number_condition(column: Column, f: Any, convert: Callable[[Any], Any] = lambda v: v) -> ColumnElement[bool]:
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
    if _given(f.neq):
        parts.append(or_(column != convert(f.neq), column.is_(None)))
    if _given(f.in_):
        parts.append(or_(false(), *[column == convert(v) for v in f.in_]))
    if _given(f.is_null):
        parts.append(column.is_(None) if f.is_null else column.is_not(None))
    return and_(true(), *parts)


def datetime_condition(column: Column, f: Any, convert: Callable[[Any], Any] = lambda v: v) -> ColumnElement[bool]:
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
    if _given(f.is_null):
        parts.append(column.is_(None) if f.is_null else column.is_not(None))
    return and_(true(), *parts)


def uuid_condition(column: Column, f: Any) -> ColumnElement[bool]:
    parts: list[ColumnElement[bool]] = []
    if _given(f.eq):
        parts.append(column == f.eq)
    if _given(f.in_):
        parts.append(column.in_(f.in_) if f.in_ else false())
    if _given(f.is_null):
        parts.append(column.is_(None) if f.is_null else column.is_not(None))
    return and_(true(), *parts)


def email_array_condition(column: Column, f: Any) -> ColumnElement[bool]:
    """Conditions on a lower-cased array of emails: true when any address matches."""
    parts: list[ColumnElement[bool]] = []
    emails = cast(column, ARRAY(String))

    def any_matching(pattern: str) -> ColumnElement[bool]:
        return func.array_to_string(emails, "\n").ilike(pattern, escape="\\")

    if _given(f.eq):
        parts.append(emails.contains(cast([f.eq.lower()], ARRAY(String))))
    if _given(f.neq):
        parts.append(not_(emails.contains(cast([f.neq.lower()], ARRAY(String)))))
    if _given(f.in_):
        parts.append(emails.overlap(cast([v.lower() for v in f.in_], ARRAY(String))) if f.in_ else false())
    if _given(f.contains):
        parts.append(any_matching(f"%{escape_like(f.contains.lower())}%"))
    if _given(f.starts_with):
        # An address starts the string or follows a newline.
        prefix = escape_like(f.starts_with.lower())
        parts.append(or_(any_matching(f"{prefix}%"), any_matching(f"%\n{prefix}%")))
    if _given(f.ilike):
        parts.append(any_matching(f"%{f.ilike}%") if "\n" not in f.ilike else false())
    if _given(f.is_null):
        empty = func.cardinality(emails) == 0
        parts.append(empty if f.is_null else not_(empty))
    return and_(true(), *parts)


Compiler = Callable[[Any, Path], ColumnElement[bool]]


def compile_filter(
    f: Any, fields: Mapping[str, Compiler], path: Path = ("filter",), depth: int = 0
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


def uses_custom_fields(filter: Any, order_by: Sequence[Any]) -> bool:
    """Whether a list's filter or order names a custom field (only then are definitions loaded)."""
    if any(order.custom_field_key is not None for order in order_by):
        return True
    pending = [filter]
    while pending:
        f = pending.pop()
        if f is None:
            continue
        if getattr(f, "custom_field", None) is not None:
            return True
        pending += [*(f.and_ or []), *(f.or_ or []), f.not_]
    return False
