"""Storing: threads, emails, participants, links, timeline entries, events and attachments, each
kind in one multi-row statement for the whole batch."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activity import service as activity_service
from rapport.email.addresses import domain_of
from rapport.email.pipeline import repository
from rapport.email.pipeline.linking import Links
from rapport.email.pipeline.message import Message, Workspace
from rapport.email.summary import email_summary
from rapport.file import service as file_service
from rapport.kit import filestore
from rapport.kit.filestore import Store
from rapport.kit.ids import new_id
from rapport.models import (
    ActivityKind,
    Email,
    EmailDirection,
    EmailLink,
    EmailParticipant,
    File,
    InboundState,
    ObjectType,
)


def _targets(message: Message, workspace: Workspace, links: Links) -> list[tuple[ObjectType, uuid.UUID]]:
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


def _summary(message: Message) -> str:
    parsed = message.parsed
    sender = (parsed.sender.name or parsed.sender.address) if parsed.sender else None
    recipients = [a.name or a.address for a in (*parsed.to, *parsed.cc)]
    return email_summary(message.direction, parsed.subject, sender, recipients)


async def store(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    workspace: Workspace,
    messages: list[Message],
    links: Links,
    files_dir: Path,
    now: datetime,
    *,
    files: Store | None = None,
) -> None:
    await _store_threads(session, workspace_id, messages)
    await repository.insert_rows(
        session,
        Email,
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
                "authentication": m.authentication,
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
        await repository.insert_rows(session, EmailParticipant, participants)

    email_links: list[dict[str, Any]] = []
    entries: list[activity_service.Entry] = []
    events: list[activity_service.Event] = []
    targets_of: dict[uuid.UUID, list[tuple[ObjectType, uuid.UUID]]] = {}
    for m in messages:
        targets = targets_of[m.email_id] = _targets(m, workspace, links)
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
            entries.append(
                activity_service.Entry(
                    kind=ActivityKind.EMAIL,
                    subject_type=kind.value.lower(),
                    subject_id=target,
                    summary=summary,
                    occurred_at=m.when,
                    actor_user_id=actor,
                    body=m.parsed.snippet,
                    email_id=m.email_id,
                )
            )
        events.append(
            activity_service.Event(
                type="email.received",
                payload={
                    "emailId": str(m.email_id),
                    "threadId": str(m.thread_id),
                    "direction": m.direction.value,
                    "contactIds": [str(t) for k, t in targets if k is ObjectType.CONTACT],
                    "companyIds": [str(t) for k, t in targets if k is ObjectType.COMPANY],
                    "dealIds": [str(t) for k, t in targets if k is ObjectType.DEAL],
                },
            )
        )
    if email_links:
        await repository.insert_rows(session, EmailLink, email_links)
    await activity_service.record_many(session, workspace_id=workspace_id, entries=entries, events=events)

    attachments = [(m, a) for m in messages for a in m.parsed.attachments]
    if attachments:
        rows = []
        writes: dict[str, bytes] = {}
        file_entries: list[activity_service.Entry] = []
        file_events: list[activity_service.Event] = []
        for m, a in attachments:
            digest = hashlib.sha256(a.content).hexdigest()
            file_id = None
            if files is not None:
                # Each attachment is a file of its email, on the same store as uploads (disk or S3).
                file = await file_service.store_email_attachment(
                    session,
                    store=files,
                    workspace_id=workspace_id,
                    email_id=m.email_id,
                    filename=a.filename or "attachment",
                    content=a.content,
                    spool=files_dir / ".incoming",
                )
                file_id = file.id
                if not a.inline:
                    # On the timeline of each record the email is on, as an upload to it shows (FILE).
                    _file_entries(m, file, targets_of[m.email_id], file_entries, file_events)
            else:
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
                    "file_id": file_id,
                }
            )
        if writes:
            directory = filestore.workspace_directory(files_dir, workspace_id)
            await asyncio.to_thread(filestore.write_files, directory, writes)
        await repository.insert_attachments(session, rows)
        await activity_service.record_many(session, workspace_id=workspace_id, entries=file_entries, events=file_events)

    await repository.mark_processed(session, InboundState.STORED, [(m.inbound_id, m.email_id) for m in messages], now)


def _file_entries(
    m: Message,
    file: File,
    targets: Sequence[tuple[ObjectType, uuid.UUID]],
    entries: list[activity_service.Entry],
    events: list[activity_service.Event],
) -> None:
    """The FILE entries and `file.attached` events of an email's attachment, one per record the email is
    on: what `file.attach` writes for an upload (the entry at the email's time, no member acting)."""
    for kind, target in targets:
        subject_type = kind.value.lower()
        entries.append(
            activity_service.Entry(
                kind=ActivityKind.FILE,
                subject_type=subject_type,
                subject_id=target,
                summary=activity_service.file_summary(file.filename),
                occurred_at=m.when,
                file_id=file.id,
            )
        )
        events.append(
            activity_service.Event(
                type="file.attached",
                payload={"id": str(file.id), "subjectType": subject_type, "subjectId": str(target)},
            )
        )


async def _store_threads(session: AsyncSession, workspace_id: uuid.UUID, messages: list[Message]) -> None:
    """Creates the new threads and moves the counts and last-message time of the existing ones."""
    per_thread: dict[uuid.UUID, list[Message]] = {}
    for m in messages:
        assert m.thread_id is not None
        per_thread.setdefault(m.thread_id, []).append(m)
    existing = await repository.lock_threads(session, workspace_id, list(per_thread))
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
        await repository.insert_threads(session, new_rows)
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
        await repository.grow_threads(session, updates)
