"""The send job's side of written email (system and job scope): claim a QUEUED message, hand it to
the mailbox's SMTP server (the mailbox domain holds the credentials), record the outcome."""

from __future__ import annotations

import uuid
from datetime import timedelta

import structlog
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.config import Settings
from rapport.email import compose_repository as repository
from rapport.mailbox import service as mailbox_service
from rapport.mailbox.smtp import SmtpFailed
from rapport.models import OutboundState

log = structlog.get_logger("rapport.email")
SWEEP_LIMIT = 500


async def send_queued(
    session: AsyncSession, settings: Settings, *, workspace_id: uuid.UUID, email_id: uuid.UUID
) -> str | None:
    """Sends the message if it is QUEUED; answers its state after, or None when there is no such row
    (not committed yet). A message another job is sending now, or already sent, is left alone."""
    outbound = await repository.claim_queued(session, workspace_id, email_id)
    if outbound is None:
        existing = await repository.get_outbound(session, workspace_id, email_id)
        return None if existing is None else existing.state.value
    attempts = outbound.attempts + 1
    try:
        answer = await mailbox_service.send(
            session,
            settings,
            workspace_id=workspace_id,
            mailbox_id=outbound.mailbox_id,
            sender=outbound.sender,
            recipients=list(outbound.recipients),
            raw=outbound.raw,
        )
    except SmtpFailed as error:
        log.info("email.send_failed", email_id=str(email_id), reason=error.reason)
        await repository.update_outbound(
            session, email_id, {"state": OutboundState.FAILED, "error": error.reason[:1000], "attempts": attempts}
        )
        return OutboundState.FAILED.value
    await repository.update_outbound(
        session,
        email_id,
        {"state": OutboundState.SENT, "error": None, "attempts": attempts, "sent_at": func.now()},
    )
    log.info("email.sent", email_id=str(email_id), answer=answer[:200])
    return OutboundState.SENT.value


async def stale_queued(session: AsyncSession, *, older_than: timedelta) -> list[tuple[uuid.UUID, uuid.UUID]]:
    return await repository.stale_queued(session, older_than=older_than, limit=SWEEP_LIMIT)
