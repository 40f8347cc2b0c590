"""The email pipeline after ingest: parse → dedupe → thread → link → store → timeline, in batches.

One call handles the PENDING inbound rows of one workspace in one transaction: the rows are locked
(SKIP LOCKED, so two workers never take the same message), parsed in the parser's process pool,
and everything they produce is written with a few multi-row statements. A message that cannot be
parsed is quarantined with its reason and the rest go on. Processing the same id twice is a no-op:
only PENDING rows are taken, and the unique Message-ID index turns a late duplicate into a link.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, cast

from sqlalchemy import Table, bindparam, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.email.addresses import base_address, domain_of, is_public_domain
from rapport.email.parse import ParsedEmail, ParseError
from rapport.kit.clock import utcnow
from rapport.kit.ids import new_id
from rapport.models import (
    Activity,
    ActivityKind,
    Attachment,
    AutoCreatePolicy,
    Company,
    Contact,
    Email,
    EmailDirection,
    EmailLink,
    EmailMailbox,
    EmailParticipant,
    EmailThread,
    InboundEmail,
    InboundState,
    ObjectType,
    OutboxEvent,
    ParticipantRole,
)

# Core tables, for executemany UPDATEs keyed by a bound id.
INBOUND = cast(Table, InboundEmail.__table__)
THREADS = cast(Table, EmailThread.__table__)

# A reply whose References are unknown joins a thread with the same subject and a shared
# participant, when that thread had a message within this window.
SUBJECT_WINDOW = timedelta(days=30)
# Addresses that never become contacts, whatever the policy.
_ROBOT_LOCAL_PARTS = ("noreply", "no-reply", "donotreply", "do-not-reply", "mailer-daemon", "postmaster", "bounce")


class Parser(Protocol):
    async def parse_many(self, raws: Sequence[bytes]) -> list[ParsedEmail | ParseError]: ...


@dataclass(slots=True)
class Outcome:
    stored: int = 0
    duplicates: int = 0
    quarantined: int = 0

    def add(self, other: Outcome) -> None:
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.quarantined += other.quarantined


@dataclass(slots=True)
class _Message:
    inbound_id: uuid.UUID
    mailbox_id: uuid.UUID | None
    received_at: datetime
    parsed: ParsedEmail
    email_id: uuid.UUID = field(default_factory=new_id)
    thread_id: uuid.UUID | None = None
    direction: EmailDirection = EmailDirection.INBOUND
    participants: list[tuple[ParticipantRole, str, str | None]] = field(default_factory=list)

    @property
    def when(self) -> datetime:
        return self.parsed.sent_at or self.received_at

    @property
    def key(self) -> str:
        return self.parsed.message_id or f"sha256:{self.parsed.fingerprint}"


@dataclass(slots=True)
class _Workspace:
    """What linking needs to know about the workspace: who is "us"."""

    policy: AutoCreatePolicy
    member_users: dict[str, uuid.UUID]  # address -> user id
    mailbox_addresses: dict[uuid.UUID, str]
    own_domains: frozenset[str]

    def is_internal(self, address: str) -> bool:
        return (
            address in self.member_users
            or address in self.mailbox_addresses.values()
            or domain_of(address) in self.own_domains
        )


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


async def process_workspace_batch(
    session: AsyncSession, parser: Parser, files_dir: Path, workspace_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> Outcome:
    """Processes the PENDING rows among `ids`, in a transaction scoped to `workspace_id`."""
    rows = (
        await session.execute(
            select(InboundEmail.id, InboundEmail.mailbox_id, InboundEmail.received_at, InboundEmail.raw)
            .where(InboundEmail.id.in_(ids), InboundEmail.state == InboundState.PENDING)
            .order_by(InboundEmail.received_at, InboundEmail.id)
            .with_for_update(skip_locked=True)
        )
    ).all()
    outcome = Outcome()
    if not rows:
        return outcome
    results = await parser.parse_many([row.raw for row in rows])
    now = utcnow()
    messages: list[_Message] = []
    quarantined: list[dict[str, Any]] = []
    for row, result in zip(rows, results, strict=True):
        if isinstance(result, ParseError):
            quarantined.append({"b_id": row.id, "b_reason": result.reason[:1000]})
        else:
            messages.append(_Message(row.id, row.mailbox_id, row.received_at, _bounded(result)))
    if quarantined:
        await session.execute(
            update(INBOUND)
            .where(INBOUND.c.id == bindparam("b_id"))
            .values(state=InboundState.QUARANTINED, reason=bindparam("b_reason"), processed_at=now),
            quarantined,
        )
        outcome.quarantined = len(quarantined)
    if not messages:
        return outcome

    # Batches of one workspace store one at a time (parsing above runs in parallel): a reply must
    # see the original committed by the batch before it, and dedupe must see every stored Message-ID.
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": f"email:{workspace_id}"}
    )
    workspace = await _load_workspace(session, workspace_id)
    fresh, duplicates = await _dedupe(session, workspace_id, messages)
    mailbox_links = await _mark_duplicates(session, workspace_id, duplicates, now)
    outcome.duplicates = len(duplicates)
    if fresh:
        fresh.sort(key=lambda m: (m.when, m.email_id))
        for message in fresh:
            message.participants = _participants(message.parsed)
            message.direction = _direction(workspace, message)
        await _thread(session, workspace_id, fresh)
        links = await _link(session, workspace_id, workspace, fresh)
        await _store(session, workspace_id, workspace, fresh, links, files_dir, now)
        await _adopt_replies(session, workspace_id, fresh)
        outcome.stored = len(fresh)
        mailbox_links.extend(
            {"workspace_id": workspace_id, "email_id": m.email_id, "mailbox_id": m.mailbox_id}
            for m in fresh
            if m.mailbox_id is not None
        )
    if mailbox_links:
        # The same mail from a second mailbox is one email linked to both.
        await session.execute(pg_insert(EmailMailbox).on_conflict_do_nothing(), mailbox_links)
    return outcome


# Indexed text must fit a btree entry (~2.7 kB); an id or subject longer than this is not a real one.
MAX_ID_LENGTH = 900
MAX_SUBJECT_KEY_LENGTH = 500


def _bounded(parsed: ParsedEmail) -> ParsedEmail:
    """Drops ids too long to index (the mail is then known by its hash) and shortens the subject key."""

    def fits(value: str | None) -> str | None:
        return value if value is not None and len(value) <= MAX_ID_LENGTH else None

    references = tuple(r for r in parsed.references if len(r) <= MAX_ID_LENGTH)
    if (
        fits(parsed.message_id) == parsed.message_id
        and fits(parsed.in_reply_to) == parsed.in_reply_to
        and references == parsed.references
        and len(parsed.normalized_subject) <= MAX_SUBJECT_KEY_LENGTH
    ):
        return parsed
    return replace(
        parsed,
        message_id=fits(parsed.message_id),
        in_reply_to=fits(parsed.in_reply_to),
        references=references,
        normalized_subject=parsed.normalized_subject[:MAX_SUBJECT_KEY_LENGTH],
    )


# ---------------------------------------------------------------- workspace facts


async def _load_workspace(session: AsyncSession, workspace_id: uuid.UUID) -> _Workspace:
    policy = await session.scalar(
        text("SELECT contact_auto_create FROM workspaces WHERE id = :ws"), {"ws": workspace_id}
    )
    members = await session.execute(
        text(
            "SELECT lower(u.email), u.id FROM workspace_members m JOIN users u ON u.id = m.user_id"
            " WHERE m.workspace_id = :ws"
        ),
        {"ws": workspace_id},
    )
    member_users = {address: user_id for address, user_id in members}
    mailboxes = await session.execute(
        text("SELECT id, lower(address) FROM mailboxes WHERE workspace_id = :ws"), {"ws": workspace_id}
    )
    mailbox_addresses = {mailbox_id: address for mailbox_id, address in mailboxes}
    own = {domain_of(a) for a in (*member_users, *mailbox_addresses.values())}
    return _Workspace(
        policy=AutoCreatePolicy(policy or AutoCreatePolicy.OFF),
        member_users=member_users,
        mailbox_addresses=mailbox_addresses,
        own_domains=frozenset(d for d in own if d and not is_public_domain(d)),
    )


# ---------------------------------------------------------------- dedupe


async def _dedupe(
    session: AsyncSession, workspace_id: uuid.UUID, messages: list[_Message]
) -> tuple[list[_Message], list[tuple[_Message, uuid.UUID]]]:
    """Splits the batch into new messages and duplicates (of a stored email or of one earlier in the batch)."""
    message_ids = [m.parsed.message_id for m in messages if m.parsed.message_id]
    # Without a Message-ID, the same mail is known by the hash of what it says (sender, recipients,
    # date, subject, bodies): transport headers differ between two mailboxes' copies.
    hashes = [bytes.fromhex(m.parsed.fingerprint) for m in messages if not m.parsed.message_id]
    existing: dict[str, uuid.UUID] = {}
    if message_ids or hashes:
        rows = await session.execute(
            text(
                "SELECT id, message_id, content_hash FROM emails WHERE workspace_id = :ws AND"
                " (message_id = ANY(:mids) OR (message_id IS NULL AND content_hash = ANY(:hashes)))"
            ),
            {"ws": workspace_id, "mids": message_ids, "hashes": hashes},
        )
        for email_id, message_id, content_hash in rows:
            existing[message_id or f"sha256:{bytes(content_hash).hex()}"] = email_id
    fresh: list[_Message] = []
    duplicates: list[tuple[_Message, uuid.UUID]] = []
    for message in messages:
        known = existing.get(message.key)
        if known is not None:
            duplicates.append((message, known))
        else:
            existing[message.key] = message.email_id
            fresh.append(message)
    return fresh, duplicates


async def _mark_duplicates(
    session: AsyncSession, workspace_id: uuid.UUID, duplicates: list[tuple[_Message, uuid.UUID]], now: datetime
) -> list[dict[str, Any]]:
    """Marks the rows DUPLICATE and answers the mailbox links they add (written after the emails)."""
    if not duplicates:
        return []
    await session.execute(
        update(INBOUND)
        .where(INBOUND.c.id == bindparam("b_id"))
        .values(state=InboundState.DUPLICATE, email_id=bindparam("b_email"), processed_at=now),
        [{"b_id": m.inbound_id, "b_email": email_id} for m, email_id in duplicates],
    )
    return [
        {"workspace_id": workspace_id, "email_id": email_id, "mailbox_id": m.mailbox_id}
        for m, email_id in duplicates
        if m.mailbox_id is not None
    ]


# ---------------------------------------------------------------- participants and direction


def _participants(parsed: ParsedEmail) -> list[tuple[ParticipantRole, str, str | None]]:
    found: list[tuple[ParticipantRole, str, str | None]] = []
    seen: set[tuple[ParticipantRole, str]] = set()
    groups: list[tuple[ParticipantRole, Iterable[Any]]] = [
        (ParticipantRole.FROM, [parsed.sender] if parsed.sender else []),
        (ParticipantRole.TO, parsed.to),
        (ParticipantRole.CC, parsed.cc),
        (ParticipantRole.BCC, parsed.bcc),
        (ParticipantRole.REPLY_TO, parsed.reply_to),
    ]
    for role, addresses in groups:
        for address in addresses:
            value = address.address.strip().lower()[:320]
            if not value or (role, value) in seen:
                continue
            seen.add((role, value))
            found.append((role, value, (address.name or None) and address.name[:500]))
    return found[:500]


def _direction(workspace: _Workspace, message: _Message) -> EmailDirection:
    sender = message.parsed.sender.address.lower() if message.parsed.sender else None
    mailbox_address = workspace.mailbox_addresses.get(message.mailbox_id) if message.mailbox_id else None
    from_us = sender is not None and (sender == mailbox_address or workspace.is_internal(sender))
    if not from_us:
        return EmailDirection.INBOUND
    others = [a for role, a, _ in message.participants if role is not ParticipantRole.FROM]
    if others and all(workspace.is_internal(a) for a in others):
        return EmailDirection.INTERNAL
    return EmailDirection.OUTBOUND


# ---------------------------------------------------------------- threading


async def _thread(session: AsyncSession, workspace_id: uuid.UUID, messages: list[_Message]) -> None:
    """Sets thread_id on each message: by References/In-Reply-To, else by subject, else a new thread."""
    wanted = {ref for m in messages for ref in (*m.parsed.references, m.parsed.in_reply_to) if ref}
    by_message_id: dict[str, uuid.UUID] = {}
    if wanted:
        rows = await session.execute(
            text("SELECT message_id, thread_id FROM emails WHERE workspace_id = :ws AND message_id = ANY(:ids)"),
            {"ws": workspace_id, "ids": list(wanted)},
        )
        by_message_id = {message_id: thread_id for message_id, thread_id in rows}
    subject_threads = await _subject_candidates(session, workspace_id, messages)
    new_threads: dict[uuid.UUID, tuple[str, frozenset[str], datetime]] = {}
    for message in messages:
        refs = [r for r in (message.parsed.in_reply_to, *reversed(message.parsed.references)) if r]
        thread_id = next((by_message_id[r] for r in refs if r in by_message_id), None)
        addresses = frozenset(a for _, a, _ in message.participants)
        subject = message.parsed.normalized_subject
        if thread_id is None and subject and _is_reply(message.parsed):
            for candidate, (candidate_subject, people, last) in (*new_threads.items(), *subject_threads.items()):
                if candidate_subject == subject and people & addresses and message.when - last <= SUBJECT_WINDOW:
                    thread_id = candidate
                    break
        if thread_id is None:
            thread_id = new_id()
        message.thread_id = thread_id
        if message.parsed.message_id:
            by_message_id[message.parsed.message_id] = thread_id
        previous = new_threads.get(thread_id)
        people = addresses | (previous[1] if previous else frozenset())
        new_threads[thread_id] = (subject, people, message.when)


async def _adopt_replies(session: AsyncSession, workspace_id: uuid.UUID, messages: list[_Message]) -> None:
    """Replies that arrived before their original started threads of their own: now that the
    original is stored, those threads join the original's.

    Replies are found by In-Reply-To (one index lookup per new message). A reply that names the
    original only in References (its own parent never arrived) keeps its thread: matching
    References here would cost a scan of the workspace's emails per message.
    """
    new = [(m.parsed.message_id, m.thread_id) for m in messages if m.parsed.message_id]
    if not new:
        return
    rows = await session.execute(
        text(
            "SELECT DISTINCT e.thread_id AS source, n.thread_id AS target"
            " FROM unnest(CAST(:message_ids AS text[]), CAST(:thread_ids AS uuid[])) AS n (message_id, thread_id)"
            " JOIN emails e ON e.workspace_id = :ws AND e.in_reply_to = n.message_id"
            " WHERE e.thread_id <> n.thread_id"
        ),
        {"ws": workspace_id, "message_ids": [mid for mid, _ in new], "thread_ids": [tid for _, tid in new]},
    )
    parent: dict[uuid.UUID, uuid.UUID] = {}

    def root(thread_id: uuid.UUID) -> uuid.UUID:
        while thread_id in parent:
            thread_id = parent[thread_id]
        return thread_id

    for source, target in rows:
        source, target = root(source), root(target)
        if source != target:
            parent[source] = target
    if not parent:
        return
    merges = [{"ws": workspace_id, "source": source, "target": root(source)} for source in parent]
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
        {"ws": workspace_id, "targets": list({root(source) for source in parent})},
    )


def _is_reply(parsed: ParsedEmail) -> bool:
    subject = (parsed.subject or "").strip().lower()
    return bool(subject) and subject != parsed.normalized_subject


async def _subject_candidates(
    session: AsyncSession, workspace_id: uuid.UUID, messages: list[_Message]
) -> dict[uuid.UUID, tuple[str, frozenset[str], datetime]]:
    subjects = {m.parsed.normalized_subject for m in messages if m.parsed.normalized_subject and _is_reply(m.parsed)}
    if not subjects:
        return {}
    earliest = min(m.when for m in messages) - SUBJECT_WINDOW
    rows = await session.execute(
        text(
            "SELECT t.id, t.normalized_subject, t.last_message_at,"
            " array(SELECT DISTINCT p.address FROM emails e JOIN email_participants p ON p.email_id = e.id"
            "       WHERE e.workspace_id = t.workspace_id AND e.thread_id = t.id LIMIT 200) AS people"
            " FROM email_threads t WHERE t.workspace_id = :ws AND t.normalized_subject = ANY(:subjects)"
            " AND t.last_message_at >= :earliest ORDER BY t.last_message_at DESC LIMIT 500"
        ),
        {"ws": workspace_id, "subjects": list(subjects), "earliest": earliest},
    )
    return {row.id: (row.normalized_subject, frozenset(row.people), row.last_message_at) for row in rows}


# ---------------------------------------------------------------- linking


@dataclass(slots=True)
class _Links:
    contact_by_address: dict[str, uuid.UUID]
    company_by_domain: dict[str, uuid.UUID]
    company_of_contact: dict[uuid.UUID, uuid.UUID | None]
    deals_by_company: dict[uuid.UUID, list[uuid.UUID]]
    deals_by_contact: dict[uuid.UUID, list[uuid.UUID]]
    created_contacts: list[tuple[uuid.UUID, str]]
    created_companies: list[tuple[uuid.UUID, str]]


async def _link(
    session: AsyncSession, workspace_id: uuid.UUID, workspace: _Workspace, messages: list[_Message]
) -> _Links:
    external = {a for m in messages for _, a, _ in m.participants if not workspace.is_internal(a)}
    contact_by_address, company_of_contact = await _match_contacts(session, workspace_id, external)
    domains = {domain_of(a) for a in external} - {""}
    domains = {d for d in domains if not is_public_domain(d)}
    company_by_domain = await _companies_by_domain(session, workspace_id, domains)
    created_contacts: list[tuple[uuid.UUID, str]] = []
    created_companies: list[tuple[uuid.UUID, str]] = []
    if workspace.policy is not AutoCreatePolicy.OFF:
        wanted = _auto_create_candidates(workspace, messages, contact_by_address)
        missing_domains = {domain_of(a) for a in wanted} & domains - set(company_by_domain)
        if missing_domains:
            created_companies = await _create_companies(session, workspace_id, sorted(missing_domains))
            company_by_domain.update(await _companies_by_domain(session, workspace_id, missing_domains))
        names = {a: n for m in messages for _, a, n in m.participants if n}
        new_contacts: list[dict[str, Any]] = []
        for address in sorted(wanted):
            contact_id = new_id()
            company_id = company_by_domain.get(domain_of(address))
            first, last = _split_name(names.get(address))
            created_contacts.append((contact_id, address))
            contact_by_address[address] = contact_id
            company_of_contact[contact_id] = company_id
            new_contacts.append(
                {
                    "id": contact_id,
                    "workspace_id": workspace_id,
                    "first_name": first,
                    "last_name": last,
                    "emails": [address],
                    "company_id": company_id,
                }
            )
        if new_contacts:
            await session.execute(_bulk(Contact), new_contacts)
    companies = set(company_by_domain.values()) | {c for c in company_of_contact.values() if c}
    contacts = set(contact_by_address.values())
    deals_by_company: dict[uuid.UUID, list[uuid.UUID]] = {}
    deals_by_contact: dict[uuid.UUID, list[uuid.UUID]] = {}
    if companies or contacts:
        rows = await session.execute(
            text(
                "SELECT d.id, d.company_id, dc.contact_id FROM deals d"
                " LEFT JOIN deal_contacts dc ON dc.workspace_id = d.workspace_id AND dc.deal_id = d.id"
                "   AND dc.contact_id = ANY(:contacts)"
                " WHERE d.workspace_id = :ws AND d.deleted_at IS NULL AND d.status = 'OPEN'"
                " AND (d.company_id = ANY(:companies) OR dc.contact_id IS NOT NULL)"
            ),
            {"ws": workspace_id, "companies": list(companies), "contacts": list(contacts)},
        )
        for deal_id, company_id, contact_id in rows:
            if company_id in companies:
                deals_by_company.setdefault(company_id, []).append(deal_id)
            if contact_id is not None:
                deals_by_contact.setdefault(contact_id, []).append(deal_id)
    return _Links(
        contact_by_address,
        company_by_domain,
        company_of_contact,
        deals_by_company,
        deals_by_contact,
        created_contacts,
        created_companies,
    )


async def _match_contacts(
    session: AsyncSession, workspace_id: uuid.UUID, addresses: set[str]
) -> tuple[dict[str, uuid.UUID], dict[uuid.UUID, uuid.UUID | None]]:
    """Contacts by address: an exact match first, else the same address without its +tag."""
    if not addresses:
        return {}, {}
    candidates = addresses | {base_address(a) for a in addresses}
    rows = await session.execute(
        text(
            "SELECT id, emails, company_id FROM contacts WHERE workspace_id = :ws AND deleted_at IS NULL"
            " AND emails && CAST(:addresses AS varchar[]) ORDER BY created_at, id"
        ),
        {"ws": workspace_id, "addresses": sorted(candidates)},
    )
    exact: dict[str, uuid.UUID] = {}
    by_base: dict[str, uuid.UUID] = {}
    company_of: dict[uuid.UUID, uuid.UUID | None] = {}
    for contact_id, emails, company_id in rows:
        company_of[contact_id] = company_id
        for email in emails:
            exact.setdefault(email, contact_id)
            by_base.setdefault(base_address(email), contact_id)
    matched: dict[str, uuid.UUID] = {}
    for address in addresses:
        contact_id = exact.get(address) or by_base.get(base_address(address))
        if contact_id is not None:
            matched[address] = contact_id
    return matched, company_of


async def _companies_by_domain(
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


def _auto_create_candidates(workspace: _Workspace, messages: list[_Message], known: dict[str, uuid.UUID]) -> set[str]:
    wanted: set[str] = set()
    for message in messages:
        if message.parsed.is_automated:  # bounces, auto-replies, bulk mail
            continue
        outbound = message.direction is EmailDirection.OUTBOUND
        if workspace.policy is AutoCreatePolicy.SENT_ONLY and not outbound:
            continue
        for role, address, _ in message.participants:
            if role is ParticipantRole.REPLY_TO or workspace.is_internal(address) or address in known:
                continue
            if outbound and role is ParticipantRole.FROM:
                continue
            if _is_robot(address):
                continue
            wanted.add(address)
    return wanted


def _is_robot(address: str) -> bool:
    """Not a person to keep as a contact: a no-reply or bounce address, or not a plain address at all."""
    local, at, domain = address.partition("@")
    if not at or not local or "." not in domain or len(address) > 254 or any(c.isspace() for c in address):
        return True
    return any(local.startswith(prefix) for prefix in _ROBOT_LOCAL_PARTS)


async def _create_companies(
    session: AsyncSession, workspace_id: uuid.UUID, domains: list[str]
) -> list[tuple[uuid.UUID, str]]:
    rows = [
        {"id": new_id(), "workspace_id": workspace_id, "name": _company_name(domain), "domain": domain}
        for domain in domains
    ]
    statement = (
        pg_insert(Company)
        .on_conflict_do_nothing(
            index_elements=["workspace_id", "domain"],
            index_where=text("deleted_at IS NULL AND domain IS NOT NULL"),
        )
        .returning(Company.id, Company.domain)
    )
    result = await session.execute(statement, rows)
    return [(company_id, str(domain)) for company_id, domain in result]


def _company_name(domain: str) -> str:
    label = domain.split(".")[-2] if domain.count(".") >= 1 else domain
    return label.replace("-", " ").title()[:200]


def _split_name(name: str | None) -> tuple[str | None, str | None]:
    if not name or "@" in name:
        return None, None
    name = name.strip().strip("'\"")
    if "," in name:  # "Lovelace, Ada"
        last, _, first = name.partition(",")
        return (first.strip()[:100] or None), (last.strip()[:100] or None)
    first, _, last = name.partition(" ")
    return (first[:100] or None), (last.strip()[:100] or None)


# ---------------------------------------------------------------- storing


def _targets(message: _Message, workspace: _Workspace, links: _Links) -> list[tuple[ObjectType, uuid.UUID]]:
    targets: dict[uuid.UUID, ObjectType] = {}
    for _, address, _ in message.participants:
        contact_id = links.contact_by_address.get(address)
        if contact_id is not None:
            targets.setdefault(contact_id, ObjectType.CONTACT)
            company_id = links.company_of_contact.get(contact_id)
            if company_id is not None:
                targets.setdefault(company_id, ObjectType.COMPANY)
            for deal_id in links.deals_by_contact.get(contact_id, ()):
                targets.setdefault(deal_id, ObjectType.DEAL)
        if not workspace.is_internal(address):
            company_id = links.company_by_domain.get(domain_of(address))
            if company_id is not None:
                targets.setdefault(company_id, ObjectType.COMPANY)
    for company_id in [t for t, kind in targets.items() if kind is ObjectType.COMPANY]:
        for deal_id in links.deals_by_company.get(company_id, ()):
            targets.setdefault(deal_id, ObjectType.DEAL)
    return [(kind, target) for target, kind in targets.items()]


def _summary(message: _Message) -> str:
    parsed = message.parsed
    sender = (parsed.sender.name or parsed.sender.address) if parsed.sender else None
    recipients = [a.name or a.address for a in (*parsed.to, *parsed.cc)]
    return email_summary(message.direction, parsed.subject, sender, recipients)


def email_summary(direction: EmailDirection, subject: str | None, sender: str | None, recipients: list[str]) -> str:
    """The timeline's line for an email: who it is from (inbound) or to (outbound), and its subject."""
    subject = (subject or "(no subject)").strip()
    if direction is EmailDirection.INBOUND:
        line = f"Email from {sender or 'unknown sender'}: {subject}"
    else:
        who = ", ".join(recipients[:3]) + (f" and {len(recipients) - 3} more" if len(recipients) > 3 else "")
        line = f"Email to {who or 'undisclosed recipients'}: {subject}"
    return line if len(line) <= 200 else line[:199] + "…"


async def _store(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    workspace: _Workspace,
    messages: list[_Message],
    links: _Links,
    files_dir: Path,
    now: datetime,
) -> None:
    await _store_threads(session, workspace_id, messages)
    await session.execute(
        _bulk(Email),
        [
            {
                "id": m.email_id,
                "workspace_id": workspace_id,
                "thread_id": m.thread_id,
                "message_id": m.parsed.message_id,
                "content_hash": bytes.fromhex(m.parsed.fingerprint),
                "in_reply_to": m.parsed.in_reply_to,
                "references": list(m.parsed.references),
                "subject": m.parsed.subject,
                "sent_at": m.parsed.sent_at,
                "received_at": m.received_at,
                "direction": m.direction,
                "snippet": m.parsed.snippet,
                "body_text": m.parsed.text,
                "body_html": m.parsed.html,
                "size": m.parsed.size,
                "inbound_id": m.inbound_id,
            }
            for m in messages
        ],
    )
    participants = [
        {
            "workspace_id": workspace_id,
            "email_id": m.email_id,
            "position": position,
            "role": role,
            "address": address,
            "name": name,
            "contact_id": links.contact_by_address.get(address),
        }
        for m in messages
        for position, (role, address, name) in enumerate(m.participants)
    ]
    if participants:
        await session.execute(_bulk(EmailParticipant), participants)

    email_links: list[dict[str, Any]] = []
    activities: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for m in messages:
        targets = _targets(m, workspace, links)
        sender = m.parsed.sender.address.lower() if m.parsed.sender else None
        actor = workspace.member_users.get(sender) if sender and m.direction is not EmailDirection.INBOUND else None
        summary = _summary(m)
        for kind, target in targets:
            email_links.append(
                {
                    "workspace_id": workspace_id,
                    "email_id": m.email_id,
                    "thread_id": m.thread_id,
                    "target_type": kind,
                    "target_id": target,
                }
            )
            activities.append(
                {
                    "id": new_id(),
                    "occurred_at": m.when,
                    "workspace_id": workspace_id,
                    "kind": ActivityKind.EMAIL,
                    "actor_user_id": actor,
                    "subject_type": kind.value.lower(),
                    "subject_id": target,
                    "summary": summary,
                    "body": m.parsed.snippet,
                    "email_id": m.email_id,
                }
            )
        events.append(
            {
                "id": new_id(),
                "workspace_id": workspace_id,
                "type": "email.received",
                "actor_user_id": None,
                "payload": {
                    "emailId": str(m.email_id),
                    "threadId": str(m.thread_id),
                    "direction": m.direction.value,
                    "contactIds": [str(t) for k, t in targets if k is ObjectType.CONTACT],
                    "companyIds": [str(t) for k, t in targets if k is ObjectType.COMPANY],
                    "dealIds": [str(t) for k, t in targets if k is ObjectType.DEAL],
                },
            }
        )
    for contact_id, address in links.created_contacts:
        activities.append(_created_entry(workspace_id, "contact", contact_id, f"Created from email with {address}"))
        events.append(_created_event(workspace_id, "contact.created", contact_id))
    for company_id, domain in links.created_companies:
        activities.append(_created_entry(workspace_id, "company", company_id, f"Created from email with {domain}"))
        events.append(_created_event(workspace_id, "company.created", company_id))
    if email_links:
        await session.execute(_bulk(EmailLink), email_links)
    if activities:
        await session.execute(_bulk(Activity), activities)
    await session.execute(_bulk(OutboxEvent), events)

    attachments = [(m, a) for m in messages for a in m.parsed.attachments]
    if attachments:
        rows = []
        writes: dict[str, bytes] = {}
        for m, a in attachments:
            digest = hashlib.sha256(a.content).hexdigest()
            writes[digest] = a.content
            rows.append(
                {
                    "id": new_id(),
                    "workspace_id": workspace_id,
                    "email_id": m.email_id,
                    "filename": (a.filename or "attachment")[:255],
                    "content_type": (a.content_type or "application/octet-stream")[:255],
                    "size": a.size,
                    "sha256": bytes.fromhex(digest),
                    "content_id": a.content_id[:255] if a.content_id else None,
                    "inline": a.inline,
                }
            )
        await asyncio.to_thread(_write_files, files_dir / str(workspace_id), writes)
        await session.execute(_bulk(Attachment), rows)

    await session.execute(
        update(INBOUND)
        .where(INBOUND.c.id == bindparam("b_id"))
        .values(state=InboundState.STORED, email_id=bindparam("b_email"), processed_at=now),
        [{"b_id": m.inbound_id, "b_email": m.email_id} for m in messages],
    )


async def _store_threads(session: AsyncSession, workspace_id: uuid.UUID, messages: list[_Message]) -> None:
    """Creates the new threads and moves the counts and last-message time of the existing ones."""
    per_thread: dict[uuid.UUID, list[_Message]] = {}
    for m in messages:
        assert m.thread_id is not None
        per_thread.setdefault(m.thread_id, []).append(m)
    existing = set(
        (
            await session.scalars(
                select(EmailThread.id)
                .where(EmailThread.workspace_id == workspace_id, EmailThread.id.in_(list(per_thread)))
                .with_for_update()
            )
        ).all()
    )
    new_rows = []
    for thread_id, members in per_thread.items():
        if thread_id in existing:
            continue
        first = members[0].parsed
        new_rows.append(
            {
                "id": thread_id,
                "workspace_id": workspace_id,
                "subject": first.subject,
                "normalized_subject": first.normalized_subject,
                "message_count": len(members),
                "first_message_at": min(m.when for m in members),
                "last_message_at": max(m.when for m in members),
            }
        )
    if new_rows:
        await session.execute(_bulk(EmailThread), new_rows)
    updates = [
        {
            "b_id": thread_id,
            "b_count": len(members),
            "b_first": min(m.when for m in members),
            "b_last": max(m.when for m in members),
        }
        for thread_id, members in per_thread.items()
        if thread_id in existing
    ]
    if updates:
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


def _bulk(model: Any) -> Any:
    """A multi-row INSERT that keeps None values in the statement: without this the ORM splits the
    rows into one statement per pattern of NULL columns (hundreds per batch instead of one)."""
    return insert(model).execution_options(render_nulls=True)


def _created_entry(workspace_id: uuid.UUID, subject_type: str, subject_id: uuid.UUID, summary: str) -> dict[str, Any]:
    return {
        "id": new_id(),
        "occurred_at": utcnow(),
        "body": None,
        "email_id": None,
        "workspace_id": workspace_id,
        "kind": ActivityKind.CREATED,
        "actor_user_id": None,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "summary": summary,
    }


def _created_event(workspace_id: uuid.UUID, type: str, record_id: uuid.UUID) -> dict[str, Any]:
    return {
        "id": new_id(),
        "workspace_id": workspace_id,
        "type": type,
        "actor_user_id": None,
        "payload": {"id": str(record_id), "source": "email"},
    }


def attachment_path(files_dir: Path, workspace_id: uuid.UUID, sha256: bytes) -> Path:
    return _content_path(files_dir / str(workspace_id), sha256.hex())


def _content_path(directory: Path, digest: str) -> Path:
    return directory / digest[:2] / digest


def _write_files(directory: Path, files: dict[str, bytes]) -> None:
    """Content-addressed: a file that exists already has these bytes. Written to a temporary name
    and renamed, so a reader never sees half a file."""
    for digest, content in files.items():
        path = _content_path(directory, digest)
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{digest}.{os.getpid()}.{new_id().hex}")
        temporary.write_bytes(content)
        temporary.replace(path)
