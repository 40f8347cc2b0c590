"""SQL shared by every table: one row picked by its conditions (or its id in a workspace), one row written,
a piece of work in a savepoint."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, insert, select
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


async def insert_row(session: AsyncSession, model: type[T], values: Mapping[str, Any]) -> T:
    """Writes one row of `model` from its column `values`, and answers it as written."""
    return (await session.execute(insert(model).values(**values).returning(model))).scalar_one()


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
