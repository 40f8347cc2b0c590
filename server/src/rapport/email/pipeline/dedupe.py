"""Dedupe: a message already stored (or earlier in the batch) becomes a link, not a second email."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.email.pipeline import repository
from rapport.email.pipeline.message import Message
from rapport.models import InboundState


async def split(
    session: AsyncSession, workspace_id: uuid.UUID, messages: list[Message]
) -> tuple[list[Message], list[tuple[Message, uuid.UUID]]]:
    """Splits the batch into new messages and duplicates (of a stored email or of one earlier in the batch)."""
    message_ids = [m.parsed.message_id for m in messages if m.parsed.message_id]
    # Without a Message-ID, the same mail is known by the hash of what it says (sender, recipients,
    # date, subject, bodies): transport headers differ between two mailboxes' copies.
    hashes = [bytes.fromhex(m.parsed.fingerprint) for m in messages if not m.parsed.message_id]
    existing = await repository.stored_keys(session, workspace_id, message_ids, hashes)
    fresh: list[Message] = []
    duplicates: list[tuple[Message, uuid.UUID]] = []
    for message in messages:
        known = existing.get(message.key)
        if known is not None:
            duplicates.append((message, known))
        else:
            existing[message.key] = message.email_id
            fresh.append(message)
    return fresh, duplicates


async def mark_duplicates(
    session: AsyncSession, workspace_id: uuid.UUID, duplicates: list[tuple[Message, uuid.UUID]], now: datetime
) -> list[dict[str, Any]]:
    """Marks the rows DUPLICATE and answers the mailbox links they add (written after the emails)."""
    if not duplicates:
        return []
    await repository.mark_processed(
        session, InboundState.DUPLICATE, [(m.inbound_id, email_id) for m, email_id in duplicates], now
    )
    return [
        {"workspace_id": workspace_id, "email_id": email_id, "mailbox_id": m.mailbox_id}
        for m, email_id in duplicates
        if m.mailbox_id is not None
    ]
