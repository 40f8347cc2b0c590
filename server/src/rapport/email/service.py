"""Email as the API sees it: threads and emails to read, the forward-in address, the quarantine and
the auto-create policy. The pipeline that stores mail is `email.pipeline`; mailboxes are `mailbox`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activity import service as activity_service
from rapport.auth.actor import Actor
from rapport.email import repository
from rapport.email.summary import email_summary
from rapport.errors import Forbidden, found
from rapport.kit.filters import StringConditions, string_condition
from rapport.kit.listing import Direction, SortKey, fetch_page
from rapport.kit.pagination import Page
from rapport.models import (
    ActivityKind,
    Attachment,
    AutoCreatePolicy,
    Email,
    EmailDirection,
    EmailThread,
    InboundEmail,
    Role,
)
from rapport.workspace import service as workspace_service


async def list_threads(
    session: AsyncSession,
    actor: Actor,
    *,
    first: int,
    after: str | None,
    contact_id: uuid.UUID | None = None,
    company_id: uuid.UUID | None = None,
    deal_id: uuid.UUID | None = None,
    subject: StringConditions | None = None,
) -> Page[EmailThread]:
    """Threads, latest activity first, about the given records and/or with a matching subject."""
    query = repository.threads_query(actor.workspace_id, contact_id=contact_id, company_id=company_id, deal_id=deal_id)
    if subject is not None:
        query = query.where(string_condition(EmailThread.subject, subject))
    keys = [SortKey.timestamp(EmailThread.last_message_at, Direction.DESC_NULLS_LAST)]
    return await fetch_page(session, query, id_column=EmailThread.id, keys=keys, first=first, after=after)


async def get_thread(session: AsyncSession, actor: Actor, *, thread_id: uuid.UUID) -> EmailThread:
    return found(
        await repository.get_thread(session, actor.workspace_id, thread_id),
        "No email thread with this id in your workspace.",
    )


async def get_email(session: AsyncSession, actor: Actor, *, email_id: uuid.UUID) -> Email:
    return found(
        await repository.get_email(session, actor.workspace_id, email_id), "No email with this id in your workspace."
    )


async def inbound_token(session: AsyncSession, actor: Actor) -> str:
    """The token of the forward-in address: members and up (it lets mail in)."""
    actor.require(Role.MEMBER)
    return await repository.inbound_token(session, actor.workspace_id)


async def rotate_inbound_token(session: AsyncSession, actor: Actor) -> str:
    actor.require(Role.ADMIN)
    return await repository.rotate_inbound_token(session, actor.workspace_id)


async def get_auto_create(session: AsyncSession, actor: Actor) -> AutoCreatePolicy:
    return await repository.get_auto_create(session, actor.workspace_id)


async def set_auto_create(session: AsyncSession, actor: Actor, *, policy: AutoCreatePolicy) -> AutoCreatePolicy:
    actor.require(Role.ADMIN)
    await repository.set_auto_create(session, actor.workspace_id, policy)
    return policy


async def list_quarantined(session: AsyncSession, actor: Actor, *, first: int, after: str | None) -> Page[InboundEmail]:
    """Messages set aside, newest first (admins)."""
    actor.require(Role.ADMIN)
    keys = [SortKey.timestamp(InboundEmail.received_at, Direction.DESC_NULLS_LAST)]
    return await fetch_page(
        session, repository.quarantined_query(actor.workspace_id), id_column=InboundEmail.id, keys=keys, first=first,
        after=after,
    )  # fmt: skip


async def workspace_for_token(session: AsyncSession, *, token: str) -> uuid.UUID | None:
    """The workspace whose forward-in token this is, or None (a system-scoped lookup)."""
    if not token or len(token) > 64:
        return None
    return await repository.workspace_for_token(session, token)


async def get_attachment(
    session: AsyncSession, *, workspace_id: uuid.UUID, user_id: uuid.UUID, attachment_id: uuid.UUID
) -> Attachment:
    """An attachment for a download: the user must still be a member of its workspace."""
    if await workspace_service.get_membership(session, workspace_id=workspace_id, user_id=user_id) is None:
        raise Forbidden("You are not a member of this workspace any more.")
    return found(
        await repository.get_attachment(session, workspace_id, attachment_id),
        "No attachment with this id in your workspace.",
    )


async def link_past_emails(
    session: AsyncSession, workspace_id: uuid.UUID, contact_id: uuid.UUID, addresses: Sequence[str]
) -> int:
    """Mail that arrived before its contact existed (or before it had this address): its unmatched
    participants with these addresses point at the contact, its emails link to it and go on its
    timeline. Answers how many emails were newly linked."""
    if not addresses:
        return 0
    linked = await repository.link_participants(session, workspace_id, contact_id, [a.lower() for a in addresses])
    if not linked:
        return 0
    await activity_service.record_many(
        session,
        workspace_id=workspace_id,
        entries=[
            activity_service.Entry(
                kind=ActivityKind.EMAIL,
                subject_type="contact",
                subject_id=contact_id,
                summary=email_summary(EmailDirection(row.direction), row.subject, row.sender, list(row.recipients)),
                occurred_at=row.occurred_at,
                body=row.snippet,
                email_id=row.id,
            )
            for row in await repository.timeline_facts(session, workspace_id, linked)
        ],
        events=[],
    )
    return len(linked)


async def move_links(session: AsyncSession, actor: Actor, *, from_id: uuid.UUID, to_id: uuid.UUID) -> dict[str, Any]:
    """A merge: the merged record's emails (links, and for a contact the participants it matched)
    pass to the primary. Answers what moved, for the undo."""
    actor.require(Role.MEMBER)
    return await repository.move_links(session, actor.workspace_id, from_id=from_id, to_id=to_id)


async def restore_links(
    session: AsyncSession, actor: Actor, *, record_id: uuid.UUID, from_id: uuid.UUID, moved: dict[str, Any]
) -> None:
    """Undoes `move_links`: the emails it moved from `record_id` to `from_id` go back."""
    actor.require(Role.MEMBER)
    await repository.restore_links(session, actor.workspace_id, record_id=record_id, from_id=from_id, moved=moved)
