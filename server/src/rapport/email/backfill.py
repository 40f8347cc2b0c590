"""Mail that arrived before its contact existed: linked when the contact is created or given an address."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.email.summary import email_summary
from rapport.kit.ids import new_id
from rapport.models import Activity, ActivityKind, EmailDirection


async def link_past_emails(
    session: AsyncSession, workspace_id: uuid.UUID, contact_id: uuid.UUID, addresses: Sequence[str]
) -> int:
    """Points unmatched participants with these addresses at the contact, links their emails to it
    and puts them on its timeline. Answers how many emails were newly linked."""
    if not addresses:
        return 0
    await session.execute(
        text(
            "UPDATE email_participants SET contact_id = :contact WHERE workspace_id = :ws"
            " AND address = ANY(:addresses) AND contact_id IS NULL"
        ),
        {"ws": workspace_id, "contact": contact_id, "addresses": [a.lower() for a in addresses]},
    )
    linked = (
        (
            await session.execute(
                text(
                    "INSERT INTO email_links (workspace_id, email_id, thread_id, target_type, target_id)"
                    " SELECT DISTINCT e.workspace_id, e.id, e.thread_id, 'CONTACT'::object_type, CAST(:contact AS uuid)"
                    " FROM email_participants p JOIN emails e ON e.workspace_id = p.workspace_id AND e.id = p.email_id"
                    " WHERE p.workspace_id = :ws AND p.contact_id = :contact"
                    " ON CONFLICT DO NOTHING RETURNING email_id"
                ),
                {"ws": workspace_id, "contact": contact_id},
            )
        )
        .scalars()
        .all()
    )
    if not linked:
        return 0
    rows = await session.execute(
        text(
            "SELECT e.id, e.subject, e.direction, coalesce(e.sent_at, e.received_at) AS occurred_at, e.snippet,"
            " (SELECT coalesce(p.name, p.address) FROM email_participants p"
            "   WHERE p.email_id = e.id AND p.role = 'FROM' LIMIT 1) AS sender,"
            " array(SELECT coalesce(p.name, p.address) FROM email_participants p"
            "   WHERE p.email_id = e.id AND p.role IN ('TO', 'CC') ORDER BY p.position) AS recipients"
            " FROM emails e WHERE e.workspace_id = :ws AND e.id = ANY(:ids)"
        ),
        {"ws": workspace_id, "ids": list(linked)},
    )
    await session.execute(
        insert(Activity),
        [
            {
                "id": new_id(),
                "occurred_at": row.occurred_at,
                "workspace_id": workspace_id,
                "kind": ActivityKind.EMAIL,
                "subject_type": "contact",
                "subject_id": contact_id,
                "summary": email_summary(EmailDirection(row.direction), row.subject, row.sender, list(row.recipients)),
                "body": row.snippet,
                "email_id": row.id,
            }
            for row in rows
        ],
    )
    return len(linked)
