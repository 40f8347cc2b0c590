"""The pipeline's SQL: every statement a batch runs, most of them one per batch whatever its size."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Row, Table, bindparam, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.kit.clock import utcnow
from rapport.models import (
    Attachment,
    AutoCreatePolicy,
    EmailMailbox,
    EmailThread,
    InboundEmail,
    InboundSource,
    InboundState,
)

# Core tables, for executemany UPDATEs keyed by a bound id.
INBOUND = cast(Table, InboundEmail.__table__)
THREADS = cast(Table, EmailThread.__table__)


def _bulk(model: Any) -> Any:
    """A multi-row INSERT that keeps None values in the statement: without this the ORM splits the
    rows into one statement per pattern of NULL columns (hundreds per batch instead of one)."""
    return insert(model).execution_options(render_nulls=True)


async def insert_rows(session: AsyncSession, model: Any, rows: list[dict[str, Any]]) -> None:
    await session.execute(_bulk(model), rows)


# ---------------------------------------------------------------- inbound rows


async def pending_by_workspace(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[uuid.UUID]]:
    """Groups still-PENDING inbound ids by workspace (run in a system-scoped transaction)."""
    rows = await session.execute(
        select(InboundEmail.workspace_id, InboundEmail.id).where(
            InboundEmail.id.in_(ids), InboundEmail.state == InboundState.PENDING
        )
    )
    groups: dict[uuid.UUID, list[uuid.UUID]] = {}
    for workspace_id, inbound_id in rows:
        groups.setdefault(workspace_id, []).append(inbound_id)
    return groups


async def stale_pending(session: AsyncSession, *, older_than: timedelta, limit: int) -> list[uuid.UUID]:
    """PENDING rows nobody sent on (a process died between ingest and submit), oldest first."""
    rows = await session.scalars(
        select(InboundEmail.id)
        .where(InboundEmail.state == InboundState.PENDING, InboundEmail.received_at < utcnow() - older_than)
        .order_by(InboundEmail.received_at)
        .limit(limit)
    )
    return list(rows)


async def lock_pending(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> Sequence[Row[uuid.UUID, uuid.UUID | None, datetime, bytes, InboundSource]]:
    """The PENDING rows among `ids`, locked; rows another worker holds are skipped."""
    return (
        await session.execute(
            select(
                InboundEmail.id,
                InboundEmail.mailbox_id,
                InboundEmail.received_at,
                InboundEmail.raw,
                InboundEmail.source,
            )
            .where(InboundEmail.id.in_(ids), InboundEmail.state == InboundState.PENDING)
            .order_by(InboundEmail.received_at, InboundEmail.id)
            .with_for_update(skip_locked=True)
        )
    ).all()


async def mark_quarantined(session: AsyncSession, reasons: list[tuple[uuid.UUID, str]], now: datetime) -> None:
    await session.execute(
        update(INBOUND)
        .where(INBOUND.c.id == bindparam("b_id"))
        .values(state=InboundState.QUARANTINED, reason=bindparam("b_reason"), processed_at=now),
        [{"b_id": inbound_id, "b_reason": reason} for inbound_id, reason in reasons],
    )


async def quarantine_if_pending(session: AsyncSession, inbound_id: uuid.UUID, reason: str) -> None:
    await session.execute(
        update(INBOUND)
        .where(INBOUND.c.id == bindparam("b_id"), INBOUND.c.state == InboundState.PENDING)
        .values(state=InboundState.QUARANTINED, reason=reason, processed_at=utcnow()),
        [{"b_id": inbound_id}],
    )


async def mark_processed(
    session: AsyncSession, state: InboundState, emails: list[tuple[uuid.UUID, uuid.UUID]], now: datetime
) -> None:
    """Sets the inbound rows STORED or DUPLICATE, each with the email it became or repeats."""
    await session.execute(
        update(INBOUND)
        .where(INBOUND.c.id == bindparam("b_id"))
        .values(state=state, email_id=bindparam("b_email"), processed_at=now),
        [{"b_id": inbound_id, "b_email": email_id} for inbound_id, email_id in emails],
    )


async def link_mailboxes(session: AsyncSession, links: list[dict[str, Any]]) -> None:
    """The same mail from a second mailbox is one email linked to both."""
    await session.execute(pg_insert(EmailMailbox).on_conflict_do_nothing(), links)


# ---------------------------------------------------------------- workspace facts


async def lock_and_load_workspace(
    session: AsyncSession, workspace_id: uuid.UUID
) -> tuple[AutoCreatePolicy, dict[str, uuid.UUID], dict[uuid.UUID, str]]:
    """Takes the workspace's email lock (to the end of the transaction) and answers its policy, its
    members' addresses and its mailboxes' addresses: one round trip.

    Batches of one workspace store one at a time (parsing runs in parallel before this): a reply
    must see the original committed by the batch before it, and dedupe every stored Message-ID.
    """
    row = (
        await session.execute(
            text(
                "SELECT pg_advisory_xact_lock(hashtextextended(:key, 0)) AS locked,"
                " (SELECT contact_auto_create FROM workspaces WHERE id = :ws) AS policy,"
                " array(SELECT lower(u.email) FROM workspace_members m JOIN users u ON u.id = m.user_id"
                "   WHERE m.workspace_id = :ws ORDER BY m.id) AS member_addresses,"
                " array(SELECT u.id FROM workspace_members m JOIN users u ON u.id = m.user_id"
                "   WHERE m.workspace_id = :ws ORDER BY m.id) AS member_users,"
                " array(SELECT id FROM mailboxes WHERE workspace_id = :ws ORDER BY id) AS mailbox_ids,"
                " array(SELECT lower(address) FROM mailboxes WHERE workspace_id = :ws ORDER BY id) AS mailbox_addresses"
            ),
            {"key": f"email:{workspace_id}", "ws": workspace_id},
        )
    ).one()
    return (
        AutoCreatePolicy(row.policy or AutoCreatePolicy.OFF),
        dict(zip(row.member_addresses, row.member_users, strict=True)),
        dict(zip(row.mailbox_ids, row.mailbox_addresses, strict=True)),
    )


# ---------------------------------------------------------------- dedupe


async def stored_keys(
    session: AsyncSession, workspace_id: uuid.UUID, message_ids: list[str], hashes: list[bytes]
) -> dict[str, uuid.UUID]:
    """Stored emails by their key: the Message-ID, or "sha256:<hash>" for mail without one."""
    if not message_ids and not hashes:
        return {}
    rows = await session.execute(
        text(
            "SELECT id, message_id, content_hash FROM emails WHERE workspace_id = :ws AND"
            " (message_id = ANY(:mids) OR (message_id IS NULL AND content_hash = ANY(:hashes)))"
        ),
        {"ws": workspace_id, "mids": message_ids, "hashes": hashes},
    )
    return {
        message_id or f"sha256:{bytes(content_hash).hex()}": email_id for email_id, message_id, content_hash in rows
    }


# ---------------------------------------------------------------- threading


async def threads_by_message_id(
    session: AsyncSession, workspace_id: uuid.UUID, message_ids: list[str]
) -> dict[str, uuid.UUID]:
    rows = await session.execute(
        text("SELECT message_id, thread_id FROM emails WHERE workspace_id = :ws AND message_id = ANY(:ids)"),
        {"ws": workspace_id, "ids": message_ids},
    )
    return {message_id: thread_id for message_id, thread_id in rows}


async def recent_threads_by_subject(
    session: AsyncSession, workspace_id: uuid.UUID, subjects: list[str], earliest: datetime
) -> dict[uuid.UUID, tuple[str, frozenset[str], datetime]]:
    """Threads with one of these subjects and a message since `earliest`: subject, people, last message."""
    rows = await session.execute(
        text(
            "SELECT t.id, t.normalized_subject, t.last_message_at,"
            " array(SELECT DISTINCT p.address FROM emails e JOIN email_participants p ON p.email_id = e.id"
            "       WHERE e.workspace_id = t.workspace_id AND e.thread_id = t.id LIMIT 200) AS people"
            " FROM email_threads t WHERE t.workspace_id = :ws AND t.normalized_subject = ANY(:subjects)"
            " AND t.last_message_at >= :earliest ORDER BY t.last_message_at DESC LIMIT 500"
        ),
        {"ws": workspace_id, "subjects": subjects, "earliest": earliest},
    )
    return {row.id: (row.normalized_subject, frozenset(row.people), row.last_message_at) for row in rows}


async def orphaned_reply_threads(
    session: AsyncSession, workspace_id: uuid.UUID, new: list[tuple[str, uuid.UUID]]
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(thread of a stored reply, thread of its original) for the new originals among `new`."""
    rows = await session.execute(
        text(
            "SELECT DISTINCT e.thread_id AS source, n.thread_id AS target"
            " FROM unnest(CAST(:message_ids AS text[]), CAST(:thread_ids AS uuid[])) AS n (message_id, thread_id)"
            " JOIN emails e ON e.workspace_id = :ws AND e.in_reply_to = n.message_id"
            " WHERE e.thread_id <> n.thread_id"
        ),
        {"ws": workspace_id, "message_ids": [mid for mid, _ in new], "thread_ids": [tid for _, tid in new]},
    )
    return [(source, target) for source, target in rows]


async def merge_threads(session: AsyncSession, workspace_id: uuid.UUID, into: dict[uuid.UUID, uuid.UUID]) -> None:
    """Moves each source thread's emails and links to its target, drops the source, recounts the targets."""
    merges = [{"ws": workspace_id, "source": source, "target": target} for source, target in into.items()]
    for statement in (
        "UPDATE emails SET thread_id = :target WHERE workspace_id = :ws AND thread_id = :source",
        "UPDATE email_links SET thread_id = :target WHERE workspace_id = :ws AND thread_id = :source",
        "DELETE FROM email_threads WHERE workspace_id = :ws AND id = :source",
    ):
        await session.execute(text(statement), merges)
    # Recounted per thread through the (workspace, thread) index: a join here was planned as scans of
    # the workspace's emails when the table's statistics lagged behind a burst (70 s per batch).
    await session.execute(
        text(
            "UPDATE email_threads t SET message_count = s.n, first_message_at = s.first, last_message_at = s.last"
            " FROM (SELECT tid,"
            "   (SELECT count(*) FROM emails e WHERE e.workspace_id = :ws AND e.thread_id = tid) AS n,"
            "   (SELECT min(coalesce(e.sent_at, e.received_at)) FROM emails e"
            "     WHERE e.workspace_id = :ws AND e.thread_id = tid) AS first,"
            "   (SELECT max(coalesce(e.sent_at, e.received_at)) FROM emails e"
            "     WHERE e.workspace_id = :ws AND e.thread_id = tid) AS last"
            "   FROM unnest(CAST(:targets AS uuid[])) AS tid) s"
            " WHERE t.workspace_id = :ws AND t.id = s.tid"
        ),
        {"ws": workspace_id, "targets": list(set(into.values()))},
    )


async def lock_threads(session: AsyncSession, workspace_id: uuid.UUID, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """The existing threads among `ids`, locked to the end of the transaction."""
    rows = await session.scalars(
        select(EmailThread.id)
        .where(EmailThread.workspace_id == workspace_id, EmailThread.id.in_(ids))
        .with_for_update()
    )
    return set(rows.all())


async def insert_threads(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    await session.execute(_bulk(EmailThread), rows)


async def grow_threads(session: AsyncSession, updates: list[dict[str, Any]]) -> None:
    await session.execute(
        update(THREADS)
        .where(THREADS.c.id == bindparam("b_id"))
        .values(
            message_count=THREADS.c.message_count + bindparam("b_count"),
            first_message_at=func.least(THREADS.c.first_message_at, bindparam("b_first")),
            last_message_at=func.greatest(THREADS.c.last_message_at, bindparam("b_last")),
        ),
        updates,
    )


# ---------------------------------------------------------------- linking


async def contacts_with_addresses(
    session: AsyncSession, workspace_id: uuid.UUID, addresses: list[str]
) -> list[tuple[uuid.UUID, list[str], uuid.UUID | None]]:
    """Live contacts with any of these addresses, oldest first: (id, emails, company id). Through
    `contact_emails`, one probe of its primary key per address: `emails && ARRAY[...]` cannot use the GIN
    index under row-level security (`&&` is not leakproof), so it read every contact of the workspace
    (0.4 s a batch at 100,000 contacts, under the workspace's ingestion lock). The contacts found are
    read by primary key only, as `contact.repository.find_by_emails` reads them: with the workspace's
    conditions in the statement, statistics that lag behind a burst of new contacts (a new workspace's
    first mail) planned a scan of the workspace testing each row against the lookup, 1-4 s a batch
    under that lock until autovacuum analysed the table. The workspace and liveness are checked on the
    rows found (and RLS holds)."""
    rows = await session.execute(
        text(
            "SELECT c.id, c.emails, c.company_id, c.workspace_id, c.deleted_at FROM contacts c"
            " WHERE c.id = ANY(ARRAY(SELECT found.contact_id FROM unnest(CAST(:addresses AS text[])) AS wanted(email),"
            "   LATERAL (SELECT ce.contact_id FROM contact_emails ce"
            "     WHERE ce.workspace_id = :ws AND ce.email = wanted.email OFFSET 0) AS found))"
            " ORDER BY c.created_at, c.id"
        ),
        {"ws": workspace_id, "addresses": addresses},
    )
    return [
        (contact_id, list(emails), company_id)
        for contact_id, emails, company_id, workspace, deleted_at in rows
        if workspace == workspace_id and deleted_at is None
    ]


async def companies_by_domain(
    session: AsyncSession, workspace_id: uuid.UUID, domains: set[str]
) -> dict[str, uuid.UUID]:
    if not domains:
        return {}
    rows = await session.execute(
        text(
            "SELECT domain, id FROM companies WHERE workspace_id = :ws AND deleted_at IS NULL"
            " AND domain = ANY(:domains)"
        ),
        {"ws": workspace_id, "domains": sorted(domains)},
    )
    return {domain: company_id for domain, company_id in rows}


async def open_deals(
    session: AsyncSession, workspace_id: uuid.UUID, companies: set[uuid.UUID], contacts: set[uuid.UUID]
) -> list[tuple[uuid.UUID, uuid.UUID | None, uuid.UUID | None]]:
    """Open deals of these companies or with these contacts: (deal id, its company, the matched contact).
    The candidates come from the two indexes (deals by company, deal contacts by contact) first: the `OR`
    alone read every open deal of the workspace."""
    rows = await session.execute(
        text(
            "SELECT d.id, d.company_id, dc.contact_id FROM deals d"
            " LEFT JOIN deal_contacts dc ON dc.workspace_id = d.workspace_id AND dc.deal_id = d.id"
            "   AND dc.contact_id = ANY(:contacts)"
            " WHERE d.workspace_id = :ws AND d.deleted_at IS NULL AND d.status = 'OPEN'"
            " AND d.id IN (SELECT m.id FROM deals m"
            "   WHERE m.workspace_id = :ws AND m.deleted_at IS NULL AND m.company_id = ANY(:companies)"
            "   UNION SELECT c.deal_id FROM deal_contacts c"
            "   WHERE c.workspace_id = :ws AND c.contact_id = ANY(:contacts))"
            " AND (d.company_id = ANY(:companies) OR dc.contact_id IS NOT NULL)"
        ),
        {"ws": workspace_id, "companies": list(companies), "contacts": list(contacts)},
    )
    return [(deal_id, company_id, contact_id) for deal_id, company_id, contact_id in rows]


# ---------------------------------------------------------------- storing


async def insert_attachments(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    await session.execute(_bulk(Attachment), rows)
