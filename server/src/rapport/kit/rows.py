"""SQL shared by every table: one row picked by its conditions (or its id in a workspace), one row written,
a piece of work in a savepoint."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import CTE, ClauseElement, ColumnElement, bindparam, func, insert, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.errors import AppError, Conflict

T = TypeVar("T")  # a mapped class


async def one_row(
    session: AsyncSession,
    model: type[T],
    *conditions: ColumnElement[bool],
    for_update: bool = False,
    fresh: bool = False,
) -> T | None:
    """The row of `model` that `conditions` pick, or None. `for_update` locks it to the end of the
    transaction; `fresh` reads its columns again over the copy the session may hold."""
    query = select(model).where(*conditions)
    if for_update:
        query = query.with_for_update()
    if fresh:
        query = query.execution_options(populate_existing=True)
    return await session.scalar(query)


async def in_workspace(
    session: AsyncSession,
    model: type[T],
    workspace_id: uuid.UUID,
    row_id: uuid.UUID,
    *conditions: ColumnElement[bool],
    for_update: bool = False,
    fresh: bool = False,
) -> T | None:
    """`one_row` of `model` with this id in this workspace (and `conditions`)."""
    table: Any = model  # a table of workspace data: its `id` and `workspace_id` columns
    scoped = (table.workspace_id == workspace_id, table.id == row_id, *conditions)
    return await one_row(session, model, *scoped, for_update=for_update, fresh=fresh)


@dataclass(frozen=True)
class Also:
    """Other writes made by one statement (INSERTs in its WITH: a change's timeline entry and event).
    `build`, a module-level function, makes them once per `shape` with bind parameters only, from the CTE
    of the row the statement inserts (None for an UPDATE); `params` are their values for this statement."""

    build: Callable[[CTE | None, Hashable], Sequence[CTE]]
    shape: Hashable
    params: Mapping[str, Any]


# Statements built once per shape (the model, the columns given, the other writes): building one and its
# cache key costs a millisecond or two of Python each time, executing a built one with new values almost nothing.
_STATEMENTS: dict[Hashable, Any] = {}


def prepared(key: Hashable, build: Callable[[], Any]) -> Any:
    """The statement `build` makes, built once per `key` (it must take its values as bind parameters). A key
    holding an SQL expression other than `NOW` (one made for this statement) is built each time instead."""
    if not _constant(key):
        return build()
    statement = _STATEMENTS.get(key)
    if statement is None:
        statement = _STATEMENTS[key] = build()
    return statement


def bound(
    model: type[object], values: Mapping[str, Any], prefix: str
) -> tuple[Hashable, dict[str, Any], dict[str, Any]]:
    """`values` for a prepared statement: their shape (the keys, and an SQL expression given as a value, which
    must then be a constant such as `NOW`), the values as bind parameters typed as the table's columns (named
    `prefix` + column) and the parameters."""
    table: Any = getattr(model, "__table__")  # noqa: B009 - any mapped class
    shape = tuple((key, value if isinstance(value, ClauseElement) else None) for key, value in values.items())
    clauses = {
        key: value if isinstance(value, ClauseElement) else bindparam(prefix + key, type_=table.c[key].type)
        for key, value in values.items()
    }
    params = {prefix + key: value for key, value in values.items() if not isinstance(value, ClauseElement)}
    return shape, clauses, params


NOW = func.now()


def _constant(key: Hashable) -> bool:
    if isinstance(key, tuple):
        return all(_constant(part) for part in key)
    return not isinstance(key, ClauseElement) or key is NOW


async def insert_row(
    session: AsyncSession, model: type[T], values: Mapping[str, Any], *, also: Also | None = None
) -> T:
    """Writes one row of `model` from its column `values`, and answers it as written. `also` are the other
    writes of the same statement, made from the row written (a CTE of its columns): a record, its timeline
    entry and its event in one round trip."""
    if also is None:
        return (await session.execute(insert(model).values(**values).returning(model))).scalar_one()
    shape, clauses, params = bound(model, values, "r_")

    def build() -> Any:
        # The columns the model loads (a deferred one, as the search vector, stays in the table).
        columns = [attribute.columns[0] for attribute in inspect(model).column_attrs if not attribute.deferred]
        written = insert(model).values(clauses).returning(*columns).cte("written")
        writes = also.build(written, also.shape)
        return select(model).from_statement(select(*(written.c[c.name] for c in columns)).add_cte(*writes))

    statement = prepared(("insert", model, shape, also.build, also.shape), build)
    row: T = (await session.execute(statement, {**params, **also.params})).scalar_one()
    return row


async def in_savepoint(session: AsyncSession, work: Callable[[], Awaitable[T]]) -> T | AppError:
    """`work` in a savepoint: what it answered, or the refusal that rolled it back (its expected error,
    or CONFLICT when a constraint refused a row). One item of a batch fails without the others."""
    try:
        async with session.begin_nested():
            return await work()
    except AppError as error:
        return error
    except IntegrityError:
        return Conflict("This conflicts with an existing record.")
