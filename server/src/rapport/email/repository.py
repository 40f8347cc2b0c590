"""Reads for the email API. Every query names the workspace (row-level security also holds)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Row, Select, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.models import (
    Attachment,
    AutoCreatePolicy,
    Company,
    Contact,
    Email,
    EmailLink,
    EmailParticipant,
    EmailThread,
    InboundEmail,
    InboundState,
    ObjectType,
    Workspace,
)


def threads_query(
    workspace_id: uuid.UUID,
    *,
    contact_id: uuid.UUID | None = None,
    company_id: uuid.UUID | None = None,
    deal_id: uuid.UUID | None = None,
) -> Select[Any]:
    query = select(EmailThread).where(EmailThread.workspace_id == workspace_id)
    for target in (contact_id, company_id, deal_id):
        if target is not None:
            linked = select(EmailLink.thread_id).where(
                EmailLink.workspace_id == workspace_id, EmailLink.target_id == target
            )
            query = query.where(EmailThread.id.in_(linked))
    return query


async def get_thread(session: AsyncSession, workspace_id: uuid.UUID, thread_id: uuid.UUID) -> EmailThread | None:
    return await session.scalar(
        select(EmailThread).where(EmailThread.workspace_id == workspace_id, EmailThread.id == thread_id)
    )


async def get_email(session: AsyncSession, workspace_id: uuid.UUID, email_id: uuid.UUID) -> Email | None:
    return await session.scalar(select(Email).where(Email.workspace_id == workspace_id, Email.id == email_id))


T = TypeVar("T")


async def _rows(session: AsyncSession, query: Select[T]) -> Sequence[T]:
    return (await session.scalars(query)).all()


async def list_emails(session: AsyncSession, workspace_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> Sequence[Email]:
    return await _rows(session, select(Email).where(Email.workspace_id == workspace_id, Email.id.in_(ids)))


async def list_threads(
    session: AsyncSession, workspace_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> Sequence[EmailThread]:
    return await _rows(
        session, select(EmailThread).where(EmailThread.workspace_id == workspace_id, EmailThread.id.in_(ids))
    )


async def emails_of_threads(
    session: AsyncSession, workspace_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> Sequence[Email]:
    """Oldest first, as a conversation reads."""
    where = (Email.workspace_id == workspace_id, Email.thread_id.in_(ids))
    return await _rows(
        session, select(Email).where(*where).order_by(func.coalesce(Email.sent_at, Email.received_at), Email.id)
    )


async def participants_of(
    session: AsyncSession, workspace_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> Sequence[EmailParticipant]:
    where = (EmailParticipant.workspace_id == workspace_id, EmailParticipant.email_id.in_(ids))
    return await _rows(
        session, select(EmailParticipant).where(*where).order_by(EmailParticipant.email_id, EmailParticipant.position)
    )


async def attachments_of(
    session: AsyncSession, workspace_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> Sequence[Attachment]:
    where = (Attachment.workspace_id == workspace_id, Attachment.email_id.in_(ids))
    return await _rows(session, select(Attachment).where(*where).order_by(Attachment.email_id, Attachment.id))


async def linked_records(
    session: AsyncSession, workspace_id: uuid.UUID, thread_ids: Sequence[uuid.UUID], target_type: ObjectType
) -> list[tuple[uuid.UUID, Any]]:
    """(thread id, live contact or company) pairs for the threads' links of one kind."""
    model: Any = Contact if target_type is ObjectType.CONTACT else Company
    query = (
        select(EmailLink.thread_id, model)
        .join(model, (model.workspace_id == EmailLink.workspace_id) & (model.id == EmailLink.target_id))
        .where(
            EmailLink.workspace_id == workspace_id,
            EmailLink.thread_id.in_(thread_ids),
            EmailLink.target_type == target_type,
            model.deleted_at.is_(None),
        )
        .distinct()
        .order_by(EmailLink.thread_id, model.name)
    )
    return [(thread_id, record) for thread_id, record in (await session.execute(query)).all()]


async def list_contacts(session: AsyncSession, workspace_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> Sequence[Contact]:
    query = select(Contact).where(
        Contact.workspace_id == workspace_id, Contact.id.in_(ids), Contact.deleted_at.is_(None)
    )
    return (await session.scalars(query)).all()


def quarantined_query(workspace_id: uuid.UUID) -> Select[Any]:
    return select(InboundEmail).where(
        InboundEmail.workspace_id == workspace_id, InboundEmail.state == InboundState.QUARANTINED
    )


async def inbound_token(session: AsyncSession, workspace_id: uuid.UUID) -> str:
    token = await session.scalar(select(Workspace.inbound_token).where(Workspace.id == workspace_id))
    assert token is not None
    return token


async def rotate_inbound_token(session: AsyncSession, workspace_id: uuid.UUID) -> str:
    token = await session.scalar(
        update(Workspace)
        .where(Workspace.id == workspace_id)
        .values(inbound_token=text("replace(gen_random_uuid()::text, '-', '')"))
        .returning(Workspace.inbound_token)
    )
    assert token is not None
    return str(token)


async def set_auto_create(session: AsyncSession, workspace_id: uuid.UUID, policy: AutoCreatePolicy) -> None:
    await session.execute(update(Workspace).where(Workspace.id == workspace_id).values(contact_auto_create=policy))


async def get_auto_create(session: AsyncSession, workspace_id: uuid.UUID) -> AutoCreatePolicy:
    policy = await session.scalar(select(Workspace.contact_auto_create).where(Workspace.id == workspace_id))
    return AutoCreatePolicy(policy or AutoCreatePolicy.OFF)


async def link_participants(
    session: AsyncSession, workspace_id: uuid.UUID, contact_id: uuid.UUID, addresses: list[str]
) -> list[uuid.UUID]:
    """Points the unmatched participants with these addresses at the contact and links their emails
    to it; answers the emails newly linked. One statement: the participants it points (the UPDATE's
    RETURNING, which the INSERT's snapshot would not see otherwise) and those already pointing at it."""
    linked = await session.scalars(
        text(
            "WITH matched AS ("
            " UPDATE email_participants SET contact_id = :contact WHERE workspace_id = :ws"
            " AND address = ANY(:addresses) AND contact_id IS NULL RETURNING email_id)"
            " INSERT INTO email_links (workspace_id, email_id, thread_id, target_type, target_id)"
            " SELECT e.workspace_id, e.id, e.thread_id, 'CONTACT'::object_type, CAST(:contact AS uuid)"
            " FROM emails e WHERE e.workspace_id = :ws AND e.id IN ("
            "   SELECT email_id FROM matched UNION"
            "   SELECT email_id FROM email_participants WHERE workspace_id = :ws AND contact_id = :contact)"
            " ON CONFLICT DO NOTHING RETURNING email_id"
        ),
        {"ws": workspace_id, "contact": contact_id, "addresses": addresses},
    )
    return list(linked.all())


async def timeline_facts(session: AsyncSession, workspace_id: uuid.UUID, email_ids: list[uuid.UUID]) -> list[Row[Any]]:
    """What a timeline entry of each email says: subject, direction, time, snippet, sender, recipients."""
    rows = await session.execute(
        text(
            "SELECT e.id, e.subject, e.direction, coalesce(e.sent_at, e.received_at) AS occurred_at, e.snippet,"
            " (SELECT coalesce(p.name, p.address) FROM email_participants p"
            "   WHERE p.email_id = e.id AND p.role = 'FROM' LIMIT 1) AS sender,"
            " array(SELECT coalesce(p.name, p.address) FROM email_participants p"
            "   WHERE p.email_id = e.id AND p.role IN ('TO', 'CC') ORDER BY p.position) AS recipients"
            " FROM emails e WHERE e.workspace_id = :ws AND e.id = ANY(:ids)"
        ),
        {"ws": workspace_id, "ids": email_ids},
    )
    return list(rows.all())


async def workspace_for_token(session: AsyncSession, token: str) -> uuid.UUID | None:
    workspace_id = await session.scalar(text("SELECT rapport_workspace_by_inbound_token(:t)"), {"t": token})
    return workspace_id if isinstance(workspace_id, uuid.UUID) else None


async def get_attachment(session: AsyncSession, workspace_id: uuid.UUID, attachment_id: uuid.UUID) -> Attachment | None:
    return await session.scalar(
        select(Attachment).where(Attachment.workspace_id == workspace_id, Attachment.id == attachment_id)
    )


async def move_links(
    session: AsyncSession, workspace_id: uuid.UUID, *, from_id: uuid.UUID, to_id: uuid.UUID
) -> dict[str, Any]:
    """Points the email links and matched participants of a merged record at the primary. Answers
    what changed: links moved, links dropped (the primary had them), participants re-pointed."""
    parameters = {"ws": workspace_id, "from": from_id, "to": to_id}
    dropped = await session.scalars(
        text(
            "DELETE FROM email_links l WHERE l.workspace_id = :ws AND l.target_id = :from AND EXISTS"
            " (SELECT 1 FROM email_links p WHERE p.workspace_id = :ws AND p.email_id = l.email_id"
            " AND p.target_id = :to) RETURNING l.email_id"
        ),
        parameters,
    )
    dropped_ids = sorted(str(row) for row in dropped)
    moved = await session.scalars(
        text(
            "UPDATE email_links SET target_id = :to WHERE workspace_id = :ws AND target_id = :from RETURNING email_id"
        ),
        parameters,
    )
    moved_ids = sorted(str(row) for row in moved)
    participants = await session.execute(
        text(
            "UPDATE email_participants SET contact_id = :to WHERE workspace_id = :ws AND contact_id = :from"
            " RETURNING email_id, position"
        ),
        parameters,
    )
    return {
        "moved": moved_ids,
        "dropped": dropped_ids,
        "participants": sorted([str(row[0]), int(row[1])] for row in participants),
    }


async def restore_links(
    session: AsyncSession, workspace_id: uuid.UUID, *, record_id: uuid.UUID, from_id: uuid.UUID, moved: dict[str, Any]
) -> None:
    """Undoes `move_links` (which answered `moved`)."""
    parameters: dict[str, Any] = {"ws": workspace_id, "record": record_id, "from": from_id}
    await session.execute(
        text(
            "UPDATE email_links SET target_id = :record WHERE workspace_id = :ws AND target_id = :from"
            " AND email_id = ANY(CAST(:moved AS uuid[]))"
        ),
        {**parameters, "moved": moved["moved"]},
    )
    await session.execute(
        text(
            "INSERT INTO email_links (workspace_id, email_id, thread_id, target_type, target_id)"
            " SELECT l.workspace_id, l.email_id, l.thread_id, l.target_type, :record FROM email_links l"
            " WHERE l.workspace_id = :ws AND l.target_id = :from AND l.email_id = ANY(CAST(:dropped AS uuid[]))"
            " ON CONFLICT DO NOTHING"
        ),
        {**parameters, "dropped": moved["dropped"]},
    )
    for email_id, position in moved["participants"]:
        await session.execute(
            text(
                "UPDATE email_participants SET contact_id = :record WHERE workspace_id = :ws AND email_id = :email"
                " AND position = :position AND contact_id = :from"
            ),
            {**parameters, "email": uuid.UUID(email_id), "position": position},
        )
