"""Bulk changes of records: one change applied to many, all or none, each through the same service
function as a single change (so the same rules, timeline entries and events), and their undo.

A bulk update or delete that changed its records remembers, in its transaction, what it did (a
`bulk_changes` row): per record the fields it changed with their values before and after, or the id
of a record it moved to the trash. `undo` gives the records their earlier values back (or restores
them from the trash) through the same service functions, all or none, once, within UNDO_WINDOW; a
record someone changed since (or restored, or deleted) is not overwritten: it is refused with
CHANGED_SINCE (or NOT_FOUND), and then nothing is undone."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.actor import Actor
from rapport.errors import AppError, BadUserInput, Conflict, NotFound
from rapport.kit.clock import utcnow
from rapport.kit.filters import Filter
from rapport.kit.ids import new_id
from rapport.kit.rows import in_savepoint
from rapport.models import BulkChange, ObjectType, Role

MAX_BULK = 500
# How long a bulk change can be undone; its record is removed at the workspace's next bulk change after.
UNDO_WINDOW = timedelta(hours=24)
CUSTOM = "custom:"


@dataclass(frozen=True)
class ItemError:
    id: uuid.UUID
    code: str
    message: str


@dataclass(frozen=True)
class BulkOutcome:
    """What a bulk change did: how many records it addressed, how many it changed (0 when any was
    refused: then nothing is written), and why each refused one was."""

    id: uuid.UUID
    matched: int
    updated: int
    errors: list[ItemError] = field(default_factory=list)


class ChangedSince(AppError):
    """An undo would overwrite a change made after the bulk change."""

    code = "CHANGED_SINCE"


class _Refused(Exception):
    """Rolls the bulk change's savepoint back."""


async def target_ids(
    session: AsyncSession,
    *,
    ids: Sequence[uuid.UUID] | None,
    matching: Select[Any] | None,
    id_column: Any,
) -> list[uuid.UUID]:
    """The records a bulk change addresses: `ids` (in order, once each), or every record `matching`
    selects (a list's filtered query), or those of `ids` it selects when both are given. At most MAX_BULK."""
    if ids is None and matching is None:
        raise BadUserInput("Give the ids or a filter of the records to change.", field_errors={("ids",): "required"})
    if ids is not None and len(set(ids)) > MAX_BULK:
        raise BadUserInput(
            f"At most {MAX_BULK} records per bulk change.", field_errors={("ids",): f"at most {MAX_BULK}"}
        )
    chosen = list(dict.fromkeys(ids)) if ids is not None else None
    if matching is None:
        assert chosen is not None
        return chosen
    query = matching.with_only_columns(id_column).order_by(None).order_by(id_column)
    if chosen is not None:
        query = query.where(id_column.in_(chosen))
    found = list((await session.scalars(query.limit(MAX_BULK + 1))).all())
    if len(found) > MAX_BULK:
        raise BadUserInput(
            f"The filter matches more than {MAX_BULK} records: narrow it, or change them in steps.",
            field_errors={("filter",): f"matches more than {MAX_BULK}"},
        )
    if chosen is not None:
        order = {record_id: index for index, record_id in enumerate(chosen)}
        found.sort(key=lambda record_id: order[record_id])
    return found


async def apply(
    session: AsyncSession, ids: Sequence[uuid.UUID], change: Callable[[uuid.UUID], Awaitable[object]]
) -> tuple[BulkOutcome, list[object]]:
    """Applies `change` to each record in one savepoint: when any is refused, none is changed and the
    outcome lists every refusal. Answers the outcome and what `change` answered for each record."""
    errors: list[ItemError] = []
    answers: list[object] = []
    try:
        async with session.begin_nested():
            for record_id in ids:
                answer = await in_savepoint(session, partial(change, record_id))
                if isinstance(answer, AppError):
                    errors.append(ItemError(record_id, answer.code, answer.message))
                else:
                    answers.append(answer)
            if errors:
                raise _Refused
    except _Refused:
        return BulkOutcome(id=new_id(), matched=len(ids), updated=0, errors=errors), []
    return BulkOutcome(id=new_id(), matched=len(ids), updated=len(ids)), answers


def _plain(value: object) -> object:
    """A column value as JSON keeps it (and compares it)."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return copy.deepcopy(value)


def snapshot(record: object, columns: Sequence[str]) -> dict[str, object]:
    """A record's `columns` and custom fields (as "custom:<key>") as JSON values."""
    values = {column: _plain(getattr(record, column)) for column in columns}
    custom: Mapping[str, object] = getattr(record, "custom_fields", None) or {}
    for key, value in custom.items():
        values[f"{CUSTOM}{key}"] = copy.deepcopy(value)
    return values


def split(values: Mapping[str, object]) -> tuple[dict[str, object], dict[str, object] | None]:
    """Snapshot values as an update's column values and custom fields (None: none of those)."""
    columns = {key: value for key, value in values.items() if not key.startswith(CUSTOM)}
    custom = {key.removeprefix(CUSTOM): value for key, value in values.items() if key.startswith(CUSTOM)}
    return columns, custom or None


DataOf = Callable[[dict[str, object], dict[str, object] | None], object]


def model_data(model: type[BaseModel]) -> DataOf:
    """`data_of` for a record type whose update data takes its columns as they are and its custom fields
    as `custom_fields`."""

    def data_of(columns: dict[str, object], custom: dict[str, object] | None) -> BaseModel:
        return model.model_validate(columns | ({} if custom is None else {"custom_fields": custom}))

    return data_of


@dataclass(frozen=True)
class BulkKind:
    """The bulk changes of a record type (`contact.service.BULK`), through its service functions:
    `get` (live, or NOT_FOUND), `update` (called with `id_argument=` the record's id), `delete` and
    `restore`; `query` is its list's filtered query; `columns` the columns an update can change, kept
    for undo; `together` groups of columns an undo gives back together (a deal's amount and currency);
    `data_of` makes an update's data of column values and custom fields (None: leave them)."""

    object_type: ObjectType
    noun: str
    id_column: Any
    columns: tuple[str, ...]
    query: Callable[..., Awaitable[tuple[Select[Any], list[Any]]]]
    get: Callable[..., Awaitable[Any]]
    update: Callable[..., Awaitable[Any]]
    delete: Callable[..., Awaitable[bool]]
    restore: Callable[..., Awaitable[Any]]
    data_of: DataOf
    together: tuple[tuple[str, ...], ...] = ()

    @property
    def id_argument(self) -> str:
        """The keyword `update` takes the record's id by (`contact_id`)."""
        return f"{self.noun}_id"

    async def targets(
        self, session: AsyncSession, actor: Actor, *, ids: Sequence[uuid.UUID] | None, filter: Filter | None
    ) -> list[uuid.UUID]:
        matching = None if filter is None else (await self.query(session, actor, filter=filter, order_by=[]))[0]
        return await target_ids(session, ids=ids, matching=matching, id_column=self.id_column)

    def _changed(self, before: Mapping[str, object], after: Mapping[str, object]) -> list[str]:
        keys = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
        for group in self.together:
            if keys & set(group):
                keys |= set(group)
        return sorted(keys)

    async def bulk_update(
        self,
        session: AsyncSession,
        actor: Actor,
        *,
        ids: Sequence[uuid.UUID] | None,
        filter: Filter | None,
        data: object,
    ) -> BulkOutcome:
        """`update` with the same `data` for each record of `ids` and/or matching `filter` in the list's
        query, up to MAX_BULK, all or none: the same rules, timeline entries and `<type>.updated` events
        as a single update; remembered for `undo`."""
        actor.require(Role.MEMBER)
        targets = await self.targets(session, actor, ids=ids, filter=filter)

        async def change(record_id: uuid.UUID) -> dict[str, object]:
            before = snapshot(await self.get(session, actor, id=record_id, for_update=True), self.columns)
            updated = await self.update(session, actor, data=data, **{self.id_argument: record_id})
            after = snapshot(updated, self.columns)
            keys = self._changed(before, after)
            return {
                "id": str(record_id),
                "before": {key: before.get(key) for key in keys},
                "after": {key: after.get(key) for key in keys},
            }

        outcome, items = await apply(session, targets, change)
        changed = [item for item in items if isinstance(item, dict) and item["before"]]
        if outcome.updated and changed:
            await _remember(session, actor, outcome.id, self.object_type, "UPDATE", changed)
        return outcome

    async def bulk_delete(
        self, session: AsyncSession, actor: Actor, *, ids: Sequence[uuid.UUID] | None, filter: Filter | None
    ) -> BulkOutcome:
        """Moves the records of `ids` and/or matching `filter` to the trash as `delete` does each (its
        timeline entry and `<type>.deleted` event), up to MAX_BULK, all or none; remembered for `undo`."""
        actor.require(Role.MEMBER)
        targets = await self.targets(session, actor, ids=ids, filter=filter)

        async def change(record_id: uuid.UUID) -> dict[str, object]:
            await self.delete(session, actor, id=record_id)
            return {"id": str(record_id)}

        outcome, items = await apply(session, targets, change)
        if outcome.updated:
            deleted = [item for item in items if isinstance(item, dict)]
            await _remember(session, actor, outcome.id, self.object_type, "DELETE", deleted)
        return outcome

    async def undo_item(self, session: AsyncSession, actor: Actor, action: str, item: Mapping[str, Any]) -> None:
        """Undoes what a bulk change did to one record, or refuses (CHANGED_SINCE, NOT_FOUND, …)."""
        record_id = uuid.UUID(item["id"])
        if action == "DELETE":
            try:
                await self.get(session, actor, id=record_id)
            except NotFound:
                await self.restore(session, actor, id=record_id)
                return
            raise ChangedSince(f"This {self.noun} was restored from the trash since.")
        record = await self.get(session, actor, id=record_id, for_update=True)
        now = snapshot(record, self.columns)
        after: Mapping[str, object] = item["after"]
        if any(now.get(key) != value for key, value in after.items()):
            raise ChangedSince(f"This {self.noun} was changed after the bulk change: it is left as it is now.")
        columns, custom = split(item["before"])
        await self.update(session, actor, data=self.data_of(columns, custom), **{self.id_argument: record_id})


async def _remember(
    session: AsyncSession,
    actor: Actor,
    change_id: uuid.UUID,
    object_type: ObjectType,
    action: str,
    items: list[dict[str, object]],
) -> None:
    """Keeps what a bulk change did for its undo, and drops the workspace's changes too old to undo."""
    await session.execute(
        delete(BulkChange).where(BulkChange.workspace_id == actor.workspace_id, BulkChange.expires_at < func.now())
    )
    await session.execute(
        insert(BulkChange).values(
            id=change_id,
            workspace_id=actor.workspace_id,
            object_type=object_type,
            action=action,
            role=Role.MEMBER.value,
            created_by=actor.user_id,
            items=items,
            expires_at=utcnow() + UNDO_WINDOW,
        )
    )


async def undo(
    session: AsyncSession, actor: Actor, *, id: uuid.UUID, kinds: Mapping[ObjectType, BulkKind]
) -> BulkOutcome:
    """Undoes the bulk change `id` of the actor's workspace (see the module doc), all or none. NOT_FOUND
    when there is none (or it changed nothing); it needs the role the change needed; CONFLICT when it
    was undone already or is older than UNDO_WINDOW."""
    change = await session.scalar(
        select(BulkChange)
        .where(BulkChange.workspace_id == actor.workspace_id, BulkChange.id == id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if change is None:
        raise NotFound("No bulk change with this id in this workspace.")
    actor.require(Role(change.role))
    if change.undone_at is not None:
        raise Conflict("This bulk change was undone already.")
    if change.expires_at <= utcnow():
        hours = int(UNDO_WINDOW.total_seconds() // 3600)
        raise Conflict(f"A bulk change can be undone for {hours} hours; this one is older.")
    kind = kinds[change.object_type]
    items = {uuid.UUID(item["id"]): item for item in change.items}
    action = change.action

    async def restore(record_id: uuid.UUID) -> None:
        await kind.undo_item(session, actor, action, items[record_id])

    outcome, _ = await apply(session, list(items), restore)
    if outcome.updated:
        await session.execute(
            update(BulkChange)
            .where(BulkChange.workspace_id == actor.workspace_id, BulkChange.id == id)
            .values(undone_at=func.now())
        )
    return BulkOutcome(id=change.id, matched=outcome.matched, updated=outcome.updated, errors=outcome.errors)
