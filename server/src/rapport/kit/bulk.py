"""Bulk changes of records: one change applied to many, all or none, each through the same service
function as a single change (so the same rules, timeline entries and events)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.actor import Actor
from rapport.errors import AppError, BadUserInput
from rapport.kit.filters import Filter
from rapport.kit.ids import new_id
from rapport.models import Role

MAX_BULK = 500


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
) -> BulkOutcome:
    """Applies `change` to each record in one savepoint: when any is refused, none is changed and the
    outcome lists every refusal."""
    errors: list[ItemError] = []
    try:
        async with session.begin_nested():
            for record_id in ids:
                try:
                    async with session.begin_nested():
                        await change(record_id)
                except AppError as error:
                    errors.append(ItemError(record_id, error.code, error.message))
                except IntegrityError:
                    errors.append(ItemError(record_id, "CONFLICT", "This conflicts with an existing record."))
            if errors:
                raise _Refused
    except _Refused:
        return BulkOutcome(id=new_id(), matched=len(ids), updated=0, errors=errors)
    return BulkOutcome(id=new_id(), matched=len(ids), updated=len(ids))


def updater(
    query: Callable[..., Awaitable[tuple[Select[Any], list[Any]]]],
    id_column: Any,
    update: Callable[..., Awaitable[object]],
    *,
    id_argument: str,
) -> Callable[..., Awaitable[BulkOutcome]]:
    """The bulk change service function of a record type (`contact.service.bulk_update`): `update`
    (called with `id_argument=` each record's id) with the same `data` for each record of `ids` and/or
    matching `filter` in the list's `query`, up to MAX_BULK, all or none: the same rules, timeline
    entries and `<type>.updated` events as a single update."""

    async def bulk_update(
        session: AsyncSession, actor: Actor, *, ids: Sequence[uuid.UUID] | None, filter: Filter | None, data: object
    ) -> BulkOutcome:
        actor.require(Role.MEMBER)
        matching = None if filter is None else (await query(session, actor, filter=filter, order_by=[]))[0]
        targets = await target_ids(session, ids=ids, matching=matching, id_column=id_column)
        return await apply(
            session, targets, lambda record_id: update(session, actor, data=data, **{id_argument: record_id})
        )

    return bulk_update
