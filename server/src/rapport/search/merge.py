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
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activity import service as activity_service
from rapport.auth.actor import Actor
from rapport.company import service as company_service
from rapport.contact import service as contact_service
from rapport.deal import service as deal_service
from rapport.email import service as email_service
from rapport.errors import BadUserInput, Conflict, NotFound
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


async def _contact_moves(session: AsyncSession, actor: Actor, from_id: uuid.UUID, to_id: uuid.UUID) -> dict[str, Any]:
    return {"dealRoles": await deal_service.move_contact_roles(session, actor, from_id=from_id, to_id=to_id)}


async def _company_moves(session: AsyncSession, actor: Actor, from_id: uuid.UUID, to_id: uuid.UUID) -> dict[str, Any]:
    return {
        "deals": await deal_service.move_company(session, actor, from_id=from_id, to_id=to_id),
        "contacts": await contact_service.move_company(session, actor, from_id=from_id, to_id=to_id),
    }


@dataclass(frozen=True)
class _Merge(Generic[R]):
    """The merge of one kind of record: its owning service's `get` and `merge`, and `own_moves(session,
    actor, from, to)`, what moves off a duplicate besides email links and timeline (answering their
    undo parts)."""

    get: Callable[..., Awaitable[R]]
    merge: Callable[..., Awaitable[R]]
    own_moves: Callable[[AsyncSession, Actor, uuid.UUID, uuid.UUID], Awaitable[dict[str, Any]]]

    async def __call__(
        self, session: AsyncSession, actor: Actor, *, primary_id: uuid.UUID, duplicate_ids: Sequence[uuid.UUID]
    ) -> R:
        """Checks, locks, per duplicate its own moves then email links and timeline, and the owning
        service's `merge`."""
        actor.require(Role.MEMBER)
        ids: list[uuid.UUID] = _check_ids(primary_id, duplicate_ids)
        # Every record locked in id order (an undo locks its two so too): two merges of overlapping records
        # at once wait for each other, never deadlock; the later then finds what the first left.
        locked: dict[uuid.UUID, R] = {}
        for record_id in sorted({primary_id, *ids}):
            try:
                locked[record_id] = await self.get(session, actor, id=record_id, for_update=True)
            except NotFound:
                if await activity_service.merged_into(session, actor, subject_id=record_id) is None:
                    raise
                # Merged already (perhaps by a merge that ran at the same time and held the lock first).
                raise Conflict(
                    "One of these records has been merged into another already; reload the duplicates and choose again."
                ) from None
        primary = locked[primary_id]
        duplicates = [locked[i] for i in ids]
        undo: dict[uuid.UUID, dict[str, Any]] = {}
        for duplicate in duplicates:
            undo[duplicate.id] = {
                **await self.own_moves(session, actor, duplicate.id, primary.id),
                "emails": await email_service.move_links(session, actor, from_id=duplicate.id, to_id=primary.id),
                "timeline": await activity_service.move_timeline(
                    session, actor, from_id=duplicate.id, to_id=primary.id
                ),
            }
        return await self.merge(session, actor, primary=primary, duplicates=duplicates, undo=undo)


merge_contacts: _Merge[Contact] = _Merge(contact_service.get, contact_service.merge, _contact_moves)
merge_companies: _Merge[Company] = _Merge(company_service.get, company_service.merge, _company_moves)


async def undo_merge(session: AsyncSession, actor: Actor, *, record_id: uuid.UUID) -> Contact | Company:
    """Restores a merged contact or company and moves back what its merge moved (see the module doc).
    NOT_FOUND when no record with this id is merged now (never merged, or restored since)."""
    actor.require(Role.MEMBER)
    entry = await activity_service.merged_into(session, actor, subject_id=record_id)
    if entry is None or entry.changes is None or entry.subject_type not in ("contact", "company"):
        raise NotFound("No merged contact or company with this id in this workspace.")
    undo: dict[str, Any] = dict(entry.changes)
    into = uuid.UUID(undo["into"])
    # Both records locked in id order, as a merge locks its records, then the entry read again: an undo or a
    # merge of either that ran at the same time has committed by then, and what it did is seen (a second
    # undo of the same merge is NOT_FOUND, not done twice).
    lock = contact_service.lock if entry.subject_type == "contact" else company_service.lock
    for locked in sorted({record_id, into}):
        await lock(session, actor, id=locked)
    again = await activity_service.merged_into(session, actor, subject_id=record_id)
    if again is None or again.id != entry.id:
        raise NotFound("No merged contact or company with this id in this workspace.")
    if await activity_service.merged_into(session, actor, subject_id=into) is not None:
        # What the merge moved is now on the record that one was merged into: undone here, it would take
        # back only part of it and say it had all.
        raise Conflict(
            f"The {entry.subject_type} this one was merged into has been merged into another since; "
            "undo that merge first."
        )
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
