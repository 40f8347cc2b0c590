"""The email pipeline after ingest: parse → dedupe → thread → link → store → timeline, in batches.

One call handles the PENDING inbound rows of one workspace in one transaction: the rows are locked
(SKIP LOCKED, so two workers never take the same message), parsed in the parser's process pool,
and everything they produce is written with a few multi-row statements. A message that cannot be
parsed is quarantined with its reason and the rest go on. Processing the same id twice is a no-op:
only PENDING rows are taken, and the unique Message-ID index turns a late duplicate into a link.
Each stage is a module of this package; their SQL is in `repository`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.email import authresults
from rapport.email.addresses import domain_of, is_public_domain
from rapport.email.parse import ParseError
from rapport.email.pipeline import dedupe, linking, repository, store, threading
from rapport.email.pipeline.message import (
    FORWARDED,
    Message,
    Outcome,
    Parser,
    Workspace,
    bounded,
    direction,
    participants,
)
from rapport.kit.clock import utcnow
from rapport.kit.filestore import Store

__all__ = ["Outcome", "Parser", "process_workspace_batch"]


async def process_workspace_batch(
    session: AsyncSession,
    parser: Parser,
    files_dir: Path,
    workspace_id: uuid.UUID,
    ids: Sequence[uuid.UUID],
    *,
    files: Store | None = None,
    trusted_authserv_ids: frozenset[str] = frozenset(),
) -> Outcome:
    """Processes the PENDING rows among `ids`, in a transaction scoped to `workspace_id`; attachments
    become files on `files` (the file domain's store) when given, else content-addressed files under
    `files_dir`. Forwarded-in mail is authenticated by the `Authentication-Results` headers whose
    authserv-id is in `trusted_authserv_ids` (`email.authresults`)."""
    rows = await repository.lock_pending(session, ids)
    outcome = Outcome()
    if not rows:
        return outcome
    results = await parser.parse_many([row.raw for row in rows])
    now = utcnow()
    messages: list[Message] = []
    quarantined: list[tuple[uuid.UUID, str]] = []
    for row, result in zip(rows, results, strict=True):
        if isinstance(result, ParseError):
            quarantined.append((row.id, result.reason[:1000]))
        else:
            message = Message(row.id, row.mailbox_id, row.received_at, bounded(result))
            if row.source in FORWARDED:
                sender = result.sender.address.lower() if result.sender else None
                message.authentication = authresults.verdict(
                    result.authentication_results, sender, trusted_authserv_ids
                )
            messages.append(message)
    if quarantined:
        await repository.mark_quarantined(session, quarantined, now)
        outcome.quarantined = len(quarantined)
    if not messages:
        return outcome

    workspace = await _lock_and_load_workspace(session, workspace_id)
    fresh, duplicates = await dedupe.split(session, workspace_id, messages)
    mailbox_links = await dedupe.mark_duplicates(session, workspace_id, duplicates, now)
    outcome.duplicates = len(duplicates)
    if fresh:
        fresh.sort(key=lambda m: (m.when, m.email_id))
        for message in fresh:
            message.participants = participants(message.parsed)
            message.direction = direction(workspace, message)
        await threading.thread(session, workspace_id, fresh)
        links = await linking.link(session, workspace_id, workspace, fresh)
        await store.store(session, workspace_id, workspace, fresh, links, files_dir, now, files=files)
        await threading.adopt_replies(session, workspace_id, fresh)
        outcome.stored = len(fresh)
        outcome.received = [m.received_at for m in fresh]
        mailbox_links.extend(
            {"workspace_id": workspace_id, "email_id": m.email_id, "mailbox_id": m.mailbox_id}
            for m in fresh
            if m.mailbox_id is not None
        )
    if mailbox_links:
        await repository.link_mailboxes(session, mailbox_links)
    return outcome


async def _lock_and_load_workspace(session: AsyncSession, workspace_id: uuid.UUID) -> Workspace:
    policy, member_users, mailbox_addresses = await repository.lock_and_load_workspace(session, workspace_id)
    own = {domain_of(a) for a in (*member_users, *mailbox_addresses.values())}
    return Workspace(
        policy=policy,
        member_users=member_users,
        mailbox_addresses=mailbox_addresses,
        own_domains=frozenset(d for d in own if d and not is_public_domain(d)),
    )
