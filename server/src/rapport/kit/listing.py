"""Keyset pagination over any sort order, with explicit null ordering and an `id` tie-breaker.

A cursor is the sort values of the last row seen plus its id, so pages stay stable while rows are
inserted concurrently (an insert lands before or after the cursor, never shifts a page).
"""

from __future__ import annotations

import enum
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Integer, Select, and_, cast, false, func, literal, literal_column, or_, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from rapport.errors import BadUserInput
from rapport.kit.filters import CustomFieldConditions, Filter, Path, compile_filter
from rapport.kit.pagination import Page, check_page_size, decode_cursor, encode_cursor
from rapport.models import ObjectType

# A column or a SQL expression (mapped attributes included).
Column = ColumnElement[Any] | InstrumentedAttribute[Any]
# What a list is scoped to (a company's contacts): an id, or on the compiled read path the id
# column of the parent row, to correlate with.
ScopeId = uuid.UUID | ColumnElement[Any] | InstrumentedAttribute[Any]


class Direction(enum.StrEnum):
    ASC_NULLS_FIRST = "ASC_NULLS_FIRST"
    ASC_NULLS_LAST = "ASC_NULLS_LAST"
    DESC_NULLS_FIRST = "DESC_NULLS_FIRST"
    DESC_NULLS_LAST = "DESC_NULLS_LAST"

    @property
    def descending(self) -> bool:
        return self.value.startswith("DESC")

    @property
    def nulls_first(self) -> bool:
        return self.value.endswith("NULLS_FIRST")


def _identity(value: Any) -> Any:
    return value


def _text(value: Any) -> Any:
    return str(value)


def _timestamp_out(value: Any) -> Any:
    # Always with microseconds, as the compiled path's cursors print it (a call logged at 10:00:00 sharp).
    return value.astimezone(UTC).isoformat(timespec="microseconds") if isinstance(value, datetime) else value


def _timestamp_in(value: Any) -> Any:
    return datetime.fromisoformat(str(value))


def _jsonb_in(value: Any) -> Any:
    return cast(literal(json.dumps(value)), JSONB)


@dataclass(frozen=True)
class SortKey:
    expression: Column
    direction: Direction
    # How the key's value goes into a cursor and comes back out as a SQL value.
    to_cursor: Callable[[Any], Any] = _identity
    from_cursor: Callable[[Any], Any] = _identity
    is_timestamp: bool = False

    @classmethod
    def text(cls, expression: Column, direction: Direction) -> SortKey:
        return cls(expression, direction, _text, _text)

    @classmethod
    def timestamp(cls, expression: Column, direction: Direction) -> SortKey:
        return cls(expression, direction, _timestamp_out, _timestamp_in, is_timestamp=True)

    @classmethod
    def jsonb(cls, expression: Column, direction: Direction) -> SortKey:
        return cls(expression, direction, _identity, _jsonb_in)

    def ordering(self) -> ColumnElement[Any]:
        ordered = self.expression.desc() if self.direction.descending else self.expression.asc()
        return ordered.nulls_first() if self.direction.nulls_first else ordered.nulls_last()

    def strictly_after(self, value: Any) -> ColumnElement[bool]:
        if value is None:
            # Nulls first: every non-null value comes after; nulls last: nothing but nulls does.
            return self.expression.is_not(None) if self.direction.nulls_first else false()
        sql_value = self.from_cursor(value)
        beyond = self.expression < sql_value if self.direction.descending else self.expression > sql_value
        return beyond if self.direction.nulls_first else or_(beyond, self.expression.is_(None))

    def equal(self, value: Any) -> ColumnElement[bool]:
        return self.expression.is_(None) if value is None else self.expression == self.from_cursor(value)


def _after(
    keys: Sequence[SortKey],
    values: Sequence[Any],
    id_column: Column,
    last_id: uuid.UUID,
    descending_id: bool,
) -> ColumnElement[bool]:
    condition: ColumnElement[bool] = id_column < last_id if descending_id else id_column > last_id
    for key, value in reversed(list(zip(keys, values, strict=True))):
        condition = or_(key.strictly_after(value), and_(key.equal(value), condition))
    return condition


def page_query(
    query: Select[Any],
    *,
    id_column: Column,
    keys: Sequence[SortKey],
    first: int,
    after: str | None,
) -> Select[Any]:
    """`query` restricted to one page (one row more than `first`, to tell whether more follow),
    with the sort values labelled `sort_0`, `sort_1`, … for the cursors."""
    check_page_size(first)
    descending_id = keys[0].direction.descending if keys else False
    if after is not None:
        raw = decode_cursor(after, arity=len(keys) + 1)
        try:
            last_id = uuid.UUID(str(raw[-1]))
            condition = _after(keys, raw[:-1], id_column, last_id, descending_id)
        except (ValueError, TypeError) as error:
            raise BadUserInput("The cursor is not valid.", field_errors={("after",): "not a cursor"}) from error
        query = query.where(condition)
    labelled = [key.expression.label(f"sort_{index}") for index, key in enumerate(keys)]
    return query.add_columns(*labelled).order_by(*orderings(keys, id_column)).limit(inline(first + 1))


def inline(number: int) -> ColumnElement[int]:
    """A LIMIT (or another count) written into the statement rather than bound. PostgreSQL estimates a
    prepared statement's generic plan without its parameters' values: a bound LIMIT is guessed at a tenth
    of the rows, which made the generic plan look twice as costly as a custom one, so every execution was
    planned again (0.8 ms of PostgreSQL's 2.2 for a contacts page). Known, the estimates agree and the
    plan is kept. Page sizes are bounded (check_page_size), so the statements stay few."""
    return literal_column(str(int(number)), Integer)


def orderings(keys: Sequence[SortKey], id_column: Column) -> list[ColumnElement[Any]]:
    descending_id = keys[0].direction.descending if keys else False
    return [key.ordering() for key in keys] + [id_column.desc() if descending_id else id_column.asc()]


async def fetch_page(
    session: AsyncSession,
    query: Select[Any],
    *,
    id_column: Column,
    keys: Sequence[SortKey],
    first: int,
    after: str | None,
) -> Page[Any]:
    """Runs `query` (a select of one entity, already filtered) one page at a time."""
    rows = (await session.execute(page_query(query, id_column=id_column, keys=keys, first=first, after=after))).all()
    items = []
    for row in rows[:first]:
        entity = row[0]
        cursor_values = [key.to_cursor(row[index + 1]) for index, key in enumerate(keys)]
        items.append((encode_cursor([*cursor_values, str(entity.id)]), entity))

    async def count() -> int:
        return int(await session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0)

    return Page(items=items, has_next_page=len(rows) > first, count=count)


class Order(Protocol):
    """One sort key as a list's `orderBy` gives it: a built-in field or a custom field's key."""

    @property
    def field(self) -> str | None: ...
    @property
    def custom_field_key(self) -> str | None: ...
    @property
    def direction(self) -> Direction: ...


def _at_any_path(build: Callable[[Any], ColumnElement[bool]]) -> Callable[[Any, Path], ColumnElement[bool]]:
    return lambda value, _: build(value)


CustomCondition = Callable[[CustomFieldConditions, Path], ColumnElement[bool]]
CustomSortKey = Callable[[str, Direction, Path], SortKey]


@dataclass(frozen=True)
class ListSpec:
    """What one entity's lists filter and sort by. Its service builds every list of the entity from
    this (customfield.service.list_conditions adds the custom fields), and both the executor and the
    compiled read path page through what the service builds."""

    object_type: ObjectType  # whose custom field definitions apply
    custom_fields: Column  # the JSONB column of custom field values
    # A filter input field (python name) -> the condition its value sets.
    filters: Mapping[str, Callable[[Any], ColumnElement[bool]]]
    # An `orderBy` field -> its sort key in a direction.
    sorts: Mapping[str, Callable[[Direction], SortKey]]
    default_order: tuple[str, Direction]

    def condition(self, filter: Filter | None, custom: CustomCondition) -> ColumnElement[bool]:
        fields = {name: _at_any_path(build) for name, build in self.filters.items()}
        return compile_filter(filter, {**fields, "custom_field": custom})

    def sort_keys(
        self, order_by: Sequence[Order], custom: CustomSortKey, default: tuple[str, Direction] | None = None
    ) -> list[SortKey]:
        keys = []
        for index, order in enumerate(order_by):
            path: Path = ("orderBy", index)
            if order.custom_field_key is not None:
                keys.append(custom(order.custom_field_key, order.direction, path))
            elif order.field is not None and str(order.field) in self.sorts:
                keys.append(self.sorts[str(order.field)](order.direction))
            else:
                raise BadUserInput(
                    "Order by a field or a custom field key.", field_errors={path: "give field or customFieldKey"}
                )
        field, direction = default or self.default_order
        return keys or [self.sorts[field](direction)]
