"""Merging duplicate contacts or companies into one, and undoing a merge.

A merge moves onto the primary, through the owning domains' services: the timeline (changes,
notes, tasks, email entries), deal roles (contacts) or deals and people (companies), email links
and matched participants; fills the primary's blank fields and custom fields from the duplicates
(the primary wins), adds a contact's emails and phones; soft-deletes the duplicates with a MERGED
entry that records what moved. All of it or nothing: any refusal raises before the request commits.

`undo_merge(id)` of a merged record restores it as it was (a merge never changes the duplicate's
own fields) and moves back what the merge moved from it (timeline entries, deal roles, deals,
people, email links and participants), and takes back from the primary what the duplicate gave it
where the primary still holds that value unchanged (filled fields, custom fields, added emails and
phones). Changes made to the primary after the merge stay.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activity import service as activity_service
from rapport.auth.actor import Actor
from rapport.company import service as company_service
from rapport.contact import service as contact_service
from rapport.deal import service as deal_service
from rapport.email import service as email_service
from rapport.errors import BadUserInput, NotFound
from rapport.models import Company, Contact, Role

MAX_DUPLICATES = 20

R = TypeVar("R", Contact, Company)


def _check_ids(primary_id: uuid.UUID, duplicate_ids: Sequence[uuid.UUID]) -> list[uuid.UUID]:
    ids = list(dict.fromkeys(duplicate_ids))
    if not ids or len(ids) > MAX_DUPLICATES:
        raise BadUserInput(
            f"Merge 1 to {MAX_DUPLICATES} duplicates at once.", field_errors={("duplicateIds",): "1 to 20 ids"}
        )
    if primary_id in ids:
        raise BadUserInput(
            "The primary record cannot be one of its duplicates.",
            field_errors={("duplicateIds",): "must not hold primaryId"},
        )
    return ids


_Moves = Callable[[uuid.UUID, uuid.UUID], Awaitable[dict[str, Any]]]


async def _merge(
    session: AsyncSession,
    actor: Actor,
    *,
    primary_id: uuid.UUID,
    duplicate_ids: Sequence[uuid.UUID],
    get: Callable[..., Awaitable[R]],
    merge: Callable[..., Awaitable[R]],
    own_moves: _Moves,
) -> R:
    """The steps both merges share: checks, locks, per duplicate its own moves (`own_moves(from, to)`,
    answering their undo parts) then email links and timeline, and the owning service's `merge`."""
    actor.require(Role.MEMBER)
    ids = _check_ids(primary_id, duplicate_ids)
    primary = await get(session, actor, id=primary_id, for_update=True)
    duplicates = [await get(session, actor, id=i, for_update=True) for i in ids]
    undo: dict[uuid.UUID, dict[str, Any]] = {}
    for duplicate in duplicates:
        undo[duplicate.id] = {
            **await own_moves(duplicate.id, primary.id),
            "emails": await email_service.move_links(session, actor, from_id=duplicate.id, to_id=primary.id),
            "timeline": await activity_service.move_timeline(session, actor, from_id=duplicate.id, to_id=primary.id),
        }
    return await merge(session, actor, primary=primary, duplicates=duplicates, undo=undo)


async def merge_contacts(
    session: AsyncSession, actor: Actor, *, primary_id: uuid.UUID, duplicate_ids: Sequence[uuid.UUID]
) -> Contact:
    async def moves(from_id: uuid.UUID, to_id: uuid.UUID) -> dict[str, Any]:
        return {"dealRoles": await deal_service.move_contact_roles(session, actor, from_id=from_id, to_id=to_id)}

    return await _merge(
        session,
        actor,
        primary_id=primary_id,
        duplicate_ids=duplicate_ids,
        get=contact_service.get,
        merge=contact_service.merge,
        own_moves=moves,
    )


async def merge_companies(
    session: AsyncSession, actor: Actor, *, primary_id: uuid.UUID, duplicate_ids: Sequence[uuid.UUID]
) -> Company:
    async def moves(from_id: uuid.UUID, to_id: uuid.UUID) -> dict[str, Any]:
        return {
            "deals": await deal_service.move_company(session, actor, from_id=from_id, to_id=to_id),
            "contacts": await contact_service.move_company(session, actor, from_id=from_id, to_id=to_id),
        }

    return await _merge(
        session,
        actor,
        primary_id=primary_id,
        duplicate_ids=duplicate_ids,
        get=company_service.get,
        merge=company_service.merge,
        own_moves=moves,
    )


async def undo_merge(session: AsyncSession, actor: Actor, *, record_id: uuid.UUID) -> Contact | Company:
    """Restores a merged contact or company and moves back what its merge moved (see the module doc).
    NOT_FOUND when no record with this id is merged now (never merged, or restored since)."""
    actor.require(Role.MEMBER)
    entry = await activity_service.merged_into(session, actor, subject_id=record_id)
    if entry is None or entry.changes is None or entry.subject_type not in ("contact", "company"):
        raise NotFound("No merged contact or company with this id in this workspace.")
    undo: dict[str, Any] = dict(entry.changes)
    into = uuid.UUID(undo["into"])
    await activity_service.move_timeline(session, actor, from_id=into, to_id=record_id, only=undo["timeline"])
    await email_service.restore_links(session, actor, record_id=record_id, from_id=into, moved=undo["emails"])
    restored: Contact | Company
    if entry.subject_type == "contact":
        await deal_service.restore_contact_roles(
            session, actor, contact_id=record_id, from_id=into, moved=undo["dealRoles"]
        )
        restored = await contact_service.unmerge(session, actor, contact_id=record_id, undo=undo)
    else:
        await deal_service.move_company(session, actor, from_id=into, to_id=record_id, only=undo["deals"])
        await contact_service.move_company(session, actor, from_id=into, to_id=record_id, only=undo["contacts"])
        restored = await company_service.unmerge(session, actor, company_id=record_id, undo=undo)
    return restored
