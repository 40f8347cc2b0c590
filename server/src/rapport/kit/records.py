"""SQL shared by the record tables (contacts, companies, deals): tenancy, soft delete, batches by id."""

from __future__ import annotations

import enum
import json
import uuid
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, Text, bindparam, cast, column, func, literal, select, text, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from rapport.errors import NotFound
from rapport.kit.filters import datetime_condition, string_condition
from rapport.kit.listing import Column, Direction, ListSpec, SortKey, fetch_page
from rapport.kit.pagination import Page
from rapport.kit.rows import NOW, Also, bound, insert_row, prepared
from rapport.models import Base, Company, ObjectType, WorkspaceMember
from rapport.models.record import RecordMixin

R = TypeVar("R", bound=RecordMixin)
D = TypeVar("D")
T = TypeVar("T", bound=Base)


# Not slots=True: calling `New[ContactData](...)` sets `__orig_class__`, which a slotted frozen
# dataclass refuses with a TypeError (a frozen one without slots refuses it quietly).
@dataclass(frozen=True)
class New(Generic[D]):
    """One record of a bulk create: its input, and its timeline line if not "Created <type> <name>"."""

    data: D
    summary: str | None = None


@dataclass(frozen=True, slots=True)
class Written(Generic[D]):
    """One record a bulk create wrote: its id, its name as stored (a contact's is computed) and the
    input it was made from (its column values are the input's)."""

    id: uuid.UUID
    name: str
    data: D


def list_spec(
    model: type[R],
    object_type: ObjectType,
    *,
    name: Column,
    filters: Mapping[str, Callable[[Any], ColumnElement[bool]]],
    sorts: Mapping[str, Callable[[Direction], SortKey]] | None = None,
    default_order: tuple[str, Direction],
) -> ListSpec:
    """A record table's ListSpec: its own `filters` and `sorts`, and those of every record (the name
    and creation time to filter on; NAME, CREATED_AT, UPDATED_AT and LAST_ACTIVITY_AT to sort by)."""
    return ListSpec(
        object_type=object_type,
        custom_fields=model.custom_fields,
        filters={
            "name": lambda f: string_condition(name, f),
            **filters,
            "created_at": lambda f: datetime_condition(model.created_at, f),
        },
        sorts={
            "NAME": lambda direction: SortKey.text(func.lower(name), direction),
            "CREATED_AT": lambda direction: SortKey.timestamp(model.created_at, direction),
            "UPDATED_AT": lambda direction: SortKey.timestamp(model.updated_at, direction),
            "LAST_ACTIVITY_AT": lambda direction: SortKey.timestamp(model.last_activity_at, direction),
            **(sorts or {}),
        },
        default_order=default_order,
    )


def paged(
    query: Callable[..., Awaitable[tuple[Select[R], list[SortKey]]]], model: type[R]
) -> Callable[..., Awaitable[Page[R]]]:
    """The list service function of a query function (`contacts_query`): the same arguments, and
    `first` and `after`, for one page of the records it selects."""

    async def list_page(
        session: AsyncSession, actor: object, *, first: int, after: str | None, **arguments: object
    ) -> Page[R]:
        selected, keys = await query(session, actor, **arguments)
        return await fetch_page(session, selected, id_column=model.id, keys=keys, first=first, after=after)

    return list_page


def live(model: type[R], workspace_id: uuid.UUID) -> Select[R]:
    return select(model).where(model.workspace_id == workspace_id, model.deleted_at.is_(None))


async def get(
    session: AsyncSession,
    model: type[R],
    workspace_id: uuid.UUID,
    record_id: uuid.UUID,
    *,
    deleted: bool = False,
    for_update: bool = False,
) -> R | None:
    """The live record, or with `deleted=True` the soft-deleted one. `for_update` locks its row to the
    end of the transaction: a read-merge-write then cannot lose a concurrent writer's change."""

    def build() -> Any:
        trash = model.deleted_at.is_not(None) if deleted else model.deleted_at.is_(None)
        query = select(model).where(model.workspace_id == bindparam("workspace_id"), model.id == bindparam("id"), trash)
        if for_update:
            query = query.with_for_update()
        return query.execution_options(populate_existing=True)

    statement = prepared(("get", model, deleted, for_update), build)
    found: R | None = await session.scalar(statement, {"workspace_id": workspace_id, "id": record_id})
    return found


async def lock_any(session: AsyncSession, model: type[R], workspace_id: uuid.UUID, record_id: uuid.UUID) -> bool:
    """Locks the record's row, live or deleted, to the end of the transaction; False when there is none."""

    def build() -> Any:
        return (
            select(model.id)
            .where(model.workspace_id == bindparam("workspace_id"), model.id == bindparam("id"))
            .with_for_update()
        )

    statement = prepared(("lock_any", model), build)
    return await session.scalar(statement, {"workspace_id": workspace_id, "id": record_id}) is not None


async def get_live(
    session: AsyncSession,
    model: type[R],
    workspace_id: uuid.UUID,
    record_id: uuid.UUID,
    *,
    noun: str,
    for_update: bool = False,
) -> R:
    """The live record, or NOT_FOUND "No <noun> with this id in this workspace."."""
    record = await get(session, model, workspace_id, record_id, for_update=for_update)
    if record is None:
        raise NotFound(f"No {noun} with this id in this workspace.")
    return record


async def list_by_ids(
    session: AsyncSession, model: type[R], workspace_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> Sequence[R]:
    return (await session.scalars(live(model, workspace_id).where(model.id.in_(ids)))).all()


async def list_named(
    session: AsyncSession,
    model: type[R],
    name: InstrumentedAttribute[str],
    workspace_id: uuid.UUID,
    names: Sequence[str],
) -> Sequence[R]:
    """Live records whose `name` column is one of `names`, case aside, oldest first."""
    if not names:
        return []
    lowered = [given.lower() for given in names]
    query = live(model, workspace_id).where(func.lower(name).in_(lowered)).order_by(model.created_at, model.id)
    return (await session.scalars(query)).all()


async def count_live_by(
    session: AsyncSession,
    model: type[R],
    key: InstrumentedAttribute[uuid.UUID | None],
    workspace_id: uuid.UUID,
    keys: Sequence[uuid.UUID],
) -> dict[uuid.UUID, int]:
    """How many live `model` records have each of `keys` in their `key` column (a key none has is absent)."""
    query = (
        select(key, func.count())
        .where(model.workspace_id == workspace_id, key.in_(keys), model.deleted_at.is_(None))
        .group_by(key)
    )
    return {row[0]: int(row[1]) for row in (await session.execute(query)).all() if row[0] is not None}


async def insert_one(session: AsyncSession, model: type[R], values: dict[str, Any], *, also: Also | None = None) -> R:
    """Writes a record (and with `also`, the writes made from it in the same statement: see `insert_row`)."""
    return await insert_row(session, model, values, also=also)


def _json_value(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    raise TypeError(f"{type(value).__name__} is not a column value")


def _recordset(table: Any, keys: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> Any:
    """The rows as one `jsonb_to_recordset` parameter typed as the table's columns: one statement and
    one bind parameter however many rows (no per-row, per-column parameters to build or bind)."""
    document = json.dumps([{key: row[key] for key in keys} for row in rows], default=_json_value)
    return (
        func.jsonb_to_recordset(cast(bindparam(None, document, type_=Text), JSONB))
        .table_valued(*(column(key, table.c[key].type) for key in keys))
        .render_derived(name="r", with_types=True)
    )


# `skip_conflicts` of `insert_rows` for a conflict with any unique index.
ANY_CONFLICT = (None, None)


async def insert_rows(
    session: AsyncSession,
    model: type[object],
    rows: Sequence[Mapping[str, Any]],
    *,
    returning: Sequence[str] = (),
    skip_conflicts: Any = None,
) -> list[tuple[Any, ...]]:
    """Inserts the rows (all with the same keys) in one statement and answers the `returning` columns of
    each row written (none when `returning` is empty), in no particular order. `skip_conflicts`, an
    `(index_elements, index_where)` pair, drops the rows that conflict with that unique index
    (ANY_CONFLICT: with any)."""
    if not rows:
        return []
    table: Any = getattr(model, "__table__")  # noqa: B009 - any mapped class
    keys = list(rows[0])
    source = _recordset(table, keys, rows)
    statement: Any = pg_insert(model).from_select(keys, select(*(source.c[key] for key in keys)))
    if skip_conflicts is not None:
        index_elements, index_where = skip_conflicts
        statement = statement.on_conflict_do_nothing(index_elements=index_elements, index_where=index_where)
    if not returning:
        await session.execute(statement)
        return []
    return [tuple(row) for row in await session.execute(statement.returning(*(table.c[key] for key in returning)))]


async def update_one(
    session: AsyncSession, model: type[R], record: R, values: dict[str, Any], *, also: Also | None = None
) -> R:
    """Writes `values` on the record and answers it as stored now; `also` are other writes (its timeline
    entry and event) made by the same statement. Built once per shape (see `rows.prepared`)."""
    shape, clauses, params = bound(model, values, "v_")

    def build() -> Any:
        statement = (
            update(model)
            .where(model.workspace_id == bindparam("w_workspace_id"), model.id == bindparam("w_id"))
            .values(**clauses, updated_at=func.now())
            .returning(model)
            .execution_options(populate_existing=True, synchronize_session=False)
        )
        return statement if also is None else statement.add_cte(*also.build(None, also.shape))

    key = ("update", model, shape, None if also is None else (also.build, also.shape))
    statement = prepared(key, build)
    params |= {"w_workspace_id": record.workspace_id, "w_id": record.id, **(also.params if also else {})}
    row: R = (await session.execute(statement, params)).scalar_one()
    return row


async def update_row(
    session: AsyncSession, model: type[T], row_id: uuid.UUID, values: Mapping[str, object], *, touch: bool = True
) -> T:
    """Sets `values` on the row of `model` with the id `row_id` (and `updated_at` to now, unless `touch`
    is False) and answers that row as it is stored now."""
    table: Any = model
    changes = {**values, "updated_at": func.now()} if touch else dict(values)
    statement = (
        update(model)
        .where(table.id == row_id)
        .values(changes)
        .returning(model)
        .execution_options(populate_existing=True, synchronize_session=False)
    )
    return (await session.execute(statement)).scalar_one()


async def set_deleted(
    session: AsyncSession, model: type[R], record: R, *, deleted: bool, also: Also | None = None
) -> R:
    return await update_one(session, model, record, {"deleted_at": NOW if deleted else None}, also=also)


async def live_ids(
    session: AsyncSession, model: type[R], workspace_id: uuid.UUID, ids: Collection[uuid.UUID]
) -> set[uuid.UUID]:
    """Those of `ids` that name a live record of `model` in the workspace."""
    if not ids:
        return set()
    query = live(model, workspace_id).with_only_columns(model.id).where(model.id.in_(list(ids)))
    return set(await session.scalars(query))


async def member_ids(session: AsyncSession, workspace_id: uuid.UUID, ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
    """Those of `ids` that name a member of the workspace (owners, assignees, attendees)."""
    if not ids:
        return set()
    query = select(WorkspaceMember.id).where(
        WorkspaceMember.workspace_id == workspace_id, WorkspaceMember.id.in_(list(ids))
    )
    return set(await session.scalars(query))


async def is_member(session: AsyncSession, workspace_id: uuid.UUID, member_id: uuid.UUID) -> bool:
    """Whether `member_id` names a member of the workspace (owners, assignees)."""
    return bool(await member_ids(session, workspace_id, [member_id]))


async def check_references(session: AsyncSession, workspace_id: uuid.UUID, values: dict[str, Any]) -> None:
    """A record's `company_id` and `owner_id` must name a live company and a member of its workspace."""
    await check_references_many(session, workspace_id, [values])


async def check_references_many(session: AsyncSession, workspace_id: uuid.UUID, rows: Sequence[dict[str, Any]]) -> None:
    """`check_references` for many records: one statement counts what the rows refer to (the ids are
    keys: as many found as referred to, or one is missing)."""
    company_ids = list({row["company_id"] for row in rows if row.get("company_id") is not None})
    owner_ids = list({row["owner_id"] for row in rows if row.get("owner_id") is not None})
    if not company_ids and not owner_ids:
        return

    def build() -> Any:
        workspace: Any = bindparam("workspace_id")
        companies = (
            select(func.count())
            .where(Company.workspace_id == workspace, Company.deleted_at.is_(None))
            .where(Company.id.in_(bindparam("company_ids", expanding=True)))
        )
        owners = select(func.count()).where(
            WorkspaceMember.workspace_id == workspace, WorkspaceMember.id.in_(bindparam("owner_ids", expanding=True))
        )
        return select(
            companies.scalar_subquery() if company_ids else literal(0),
            owners.scalar_subquery() if owner_ids else literal(0),
        )

    found = prepared(("references", bool(company_ids), bool(owner_ids)), build)
    parameters = {"workspace_id": workspace_id, "company_ids": company_ids, "owner_ids": owner_ids}
    found_companies, found_owners = (await session.execute(found, parameters)).one()
    if found_companies != len(company_ids):
        raise NotFound("No company with this id in this workspace (companyId).")
    if found_owners != len(owner_ids):
        raise NotFound("No member with this id in this workspace (ownerId).")


async def repoint(
    session: AsyncSession,
    table: str,
    column: str,
    workspace_id: uuid.UUID,
    *,
    from_id: uuid.UUID,
    to_id: uuid.UUID,
    ids: Sequence[str] | None,
    touch: bool = False,
    live_only: bool = False,
) -> list[str]:
    """Points the rows of `table` whose `column` is `from_id` (all, or those of `ids`) at `to_id`;
    answers their ids, sorted. `touch` also sets updated_at; `live_only` skips soft-deleted rows.
    `table` and `column` are names from our own code, never user input."""
    sets = f"{column} = :to" + (", updated_at = now()" if touch else "")
    conditions = f" AND {column} = :from" + (" AND deleted_at IS NULL" if live_only else "")
    if ids is not None:
        conditions += " AND id = ANY(CAST(:ids AS uuid[]))"
    rows = await session.scalars(
        text(f"UPDATE {table} SET {sets} WHERE workspace_id = :ws{conditions} RETURNING id"),
        {"ws": workspace_id, "from": from_id, "to": to_id, "ids": list(ids or [])},
    )
    return sorted(str(row) for row in rows)
