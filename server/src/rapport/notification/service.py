"""Notifications: what a member reads in the bell, and how Rapport makes them.

They are made by the worker, never by the request that caused them: the notifier reads committed
outbox events in publish order (jobs.py) and turns the few kinds it knows into rows, and schedules
look for tasks falling due and meetings about to start. Each row is keyed by its cause (`dedupe_key`),
so an event read twice (a worker that died before saving its cursor) inserts nothing new. Each new row writes a
`notification.created` event, which the real-time hub hands to the recipient's sockets as it is:
no database read per subscriber.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activity import service as activity_service
from rapport.auth.actor import Actor
from rapport.errors import BadUserInput
from rapport.events import outbox
from rapport.kit import records
from rapport.kit.clock import utcnow
from rapport.kit.ids import new_id
from rapport.kit.listing import Direction, SortKey, fetch_page
from rapport.kit.pagination import Page, check_page_size
from rapport.models import Activity, Contact, Deal, Notification, NotificationKind
from rapport.notification import repository
from rapport.workspace import service as workspace_service

MAX_MARK = 100
# Events of an entry whose body may @mention members.
MENTION_EVENTS = ("note.added", "note.updated", "call.added", "call.updated", "meeting.added", "meeting.updated")
# Events the notifier reads; the others it skips in SQL.
EVENT_TYPES = (
    "task.added",
    "task.assigned",
    "deal.stage_changed",
    "email.received",
    "import.finished",
    *MENTION_EVENTS,
)
CREATED_EVENT = "notification.created"
# Contacts of one email looked at (an email to a whole list notifies their owners, not thousands).
MAX_CONTACTS_PER_EMAIL = 50
# Tasks that fell due while no worker ran are announced up to this late; older ones are skipped.
DUE_CATCH_UP = timedelta(days=1)
RETENTION = timedelta(days=90)
TITLE_LENGTH = 300


# ---- what a member reads ----


async def list_notifications(
    session: AsyncSession, actor: Actor, *, first: int, after: str | None, unread_only: bool
) -> Page[Notification]:
    """The caller's notifications, newest first."""
    check_page_size(first)
    return await fetch_page(
        session,
        repository.list_query(actor.workspace_id, actor.member_id, unread_only=unread_only),
        id_column=Notification.id,
        keys=[SortKey.timestamp(Notification.created_at, Direction.DESC_NULLS_LAST)],
        first=first,
        after=after,
    )


async def count_unread(session: AsyncSession, actor: Actor) -> int:
    return await repository.count_unread(session, actor.workspace_id, actor.member_id)


async def mark_read(session: AsyncSession, actor: Actor, *, ids: Sequence[uuid.UUID]) -> Sequence[Notification]:
    """Marks the caller's notifications among `ids` read (others' ids are ignored: they match nothing)."""
    if not 1 <= len(ids) <= MAX_MARK:
        raise BadUserInput(f"Give 1 to {MAX_MARK} ids.", field_errors={("ids",): f"between 1 and {MAX_MARK} ids"})
    return await repository.mark_read(session, actor.workspace_id, actor.member_id, list(dict.fromkeys(ids)))


# ---- how Rapport makes them (system-scoped sessions of the worker) ----


@dataclass(frozen=True, slots=True)
class OutboxEvent:
    """A published outbox event, as the notifier reads it."""

    id: uuid.UUID
    sequence: int
    workspace_id: uuid.UUID
    type: str
    payload: Mapping[str, Any]
    actor_user_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class Draft:
    workspace_id: uuid.UUID
    recipient_member_id: uuid.UUID
    kind: NotificationKind
    title: str
    target_type: str | None
    target_id: uuid.UUID | None
    dedupe_key: str


async def read_events(session: AsyncSession, *, limit: int) -> tuple[list[OutboxEvent], int, int]:
    """The events after the cursor the notifier cares about, the cursor, and how far this read reached."""
    cursor = await repository.get_cursor(session)
    after = int(cursor.through_sequence)
    rows, reached = await repository.events_after(session, after, types=EVENT_TYPES, limit=limit)
    events = [
        OutboxEvent(
            id=row.id,
            sequence=int(row.sequence),
            workspace_id=row.workspace_id,
            type=row.type,
            payload=row.payload or {},
            actor_user_id=row.actor_user_id,
        )
        for row in rows
    ]
    return events, after, reached


async def notify_of_events(session: AsyncSession, *, events: Sequence[OutboxEvent]) -> int:
    """Writes the notifications `events` (of the session's workspace) call for; returns how many were new."""
    # Received mail comes by the hundred per pass: its contacts and their owners are read once for all.
    emails = await _emails_from_contacts(session, [event for event in events if event.type == "email.received"])
    drafts: list[Draft] = []
    for event in events:
        drafts.extend(emails[event.id] if event.id in emails else await _drafts_of(session, event))
    return len(await deliver(session, drafts))


async def advance(session: AsyncSession, *, reached: int) -> None:
    await repository.advance_sequence(session, reached)


async def notify_tasks_due(session: AsyncSession, *, now: datetime, limit: int) -> int:
    """TASK_DUE for the open, assigned tasks that fell due since the last look (at most DUE_CATCH_UP ago)."""
    cursor = await repository.get_cursor(session, for_update=True)
    after = max(cursor.tasks_due_through, now - DUE_CATCH_UP)
    tasks = await activity_service.open_tasks_due(session, after=after, through=now, limit=limit)
    drafts = [
        Draft(
            workspace_id=task.workspace_id,
            recipient_member_id=task.assignee_id,
            kind=NotificationKind.TASK_DUE,
            title=_title("Task due", task.body or task.summary),
            target_type=task.subject_type,
            target_id=task.subject_id,
            dedupe_key=f"task-due:{task.id}:{task.due_at.isoformat() if task.due_at else ''}",
        )
        for task in tasks
        if task.assignee_id is not None
    ]
    created = await deliver(session, drafts)
    # A full page: continue from just before the last one (its equals are deduplicated) at the next run.
    reached = tasks[-1].due_at - timedelta(microseconds=1) if len(tasks) == limit and tasks[-1].due_at else now
    await repository.advance_tasks_due(session, reached)
    return len(created)


async def meetings_soon(session: AsyncSession, *, now: datetime, lead: timedelta, limit: int) -> Sequence[Activity]:
    """The meetings to remind of now (a system-scoped session): starting within `lead` and not started,
    their reminder not sent yet (a meeting logged or moved less than `lead` before it starts is reminded
    at once). Soonest first, at most `limit`."""
    return await activity_service.meetings_to_remind(session, after=now, through=now + lead, limit=limit)


async def remind_of_meetings(
    session: AsyncSession, *, workspace_id: uuid.UUID, meetings: Sequence[Activity], now: datetime
) -> int:
    """MEETING_SOON for each meeting of the workspace (a session scoped to it) to its author and the teammates
    attending who are still members, once per meeting and start; the meetings are marked reminded."""
    drafts: list[Draft] = []
    for meeting in meetings:
        members = await workspace_service.members_by_id(
            session, workspace_id=workspace_id, member_ids=sorted(meeting.attendee_member_ids or [])
        )
        recipients = {member.id for member in members}
        if meeting.actor_user_id is not None:
            author = await workspace_service.get_membership(
                session, workspace_id=workspace_id, user_id=meeting.actor_user_id
            )
            if author is not None:
                recipients.add(author.id)
        minutes = max(1, round((meeting.occurred_at - now).total_seconds() / 60))
        drafts.extend(
            Draft(
                workspace_id=workspace_id,
                recipient_member_id=member_id,
                kind=NotificationKind.MEETING_SOON,
                title=_title(f"Meeting in {minutes} min", meeting.title or meeting.summary),
                target_type=meeting.subject_type,
                target_id=meeting.subject_id,
                dedupe_key=f"meeting-soon:{meeting.id}:{meeting.occurred_at.isoformat()}",
            )
            for member_id in sorted(recipients)
        )
    created = await deliver(session, drafts)
    await activity_service.mark_reminded(session, workspace_id=workspace_id, meetings=meetings)
    return len(created)


async def prune(session: AsyncSession, *, now: datetime) -> int:
    return await repository.delete_older_than(session, now - RETENTION)


async def deliver(session: AsyncSession, drafts: Sequence[Draft]) -> Sequence[Notification]:
    """Inserts the drafts not made before, each with its `notification.created` event."""
    rows: list[dict[str, object]] = [
        {
            "id": new_id(),
            "workspace_id": draft.workspace_id,
            "recipient_member_id": draft.recipient_member_id,
            "kind": draft.kind,
            "title": draft.title,
            "target_type": draft.target_type,
            "target_id": draft.target_id,
            "dedupe_key": draft.dedupe_key,
        }
        for draft in {(d.recipient_member_id, d.dedupe_key): d for d in drafts}.values()
    ]
    created = await repository.insert_new(session, rows)
    for row in sorted(created, key=lambda row: row.id):
        await outbox.record(
            session, workspace_id=row.workspace_id, type=CREATED_EVENT, actor_user_id=None, payload=payload_of(row)
        )
    return created


def payload_of(row: Notification) -> dict[str, outbox.JsonValue]:
    """A notification as its `notification.created` event carries it (what the subscription shows)."""
    return {
        "id": str(row.id),
        "recipientMemberId": str(row.recipient_member_id),
        "kind": row.kind.value,
        "title": row.title,
        "targetType": row.target_type,
        "targetId": str(row.target_id) if row.target_id else None,
        "createdAt": (row.created_at or utcnow()).isoformat(),
    }


def _title(prefix: str, text: str | None) -> str:
    line = " ".join((text or "").split())
    title = f"{prefix}: {line}" if line else prefix
    return title if len(title) <= TITLE_LENGTH else title[: TITLE_LENGTH - 1] + "…"


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value is not None else None
    except ValueError:
        return None


async def _drafts_of(session: AsyncSession, event: OutboxEvent) -> list[Draft]:
    if event.type in ("task.added", "task.assigned"):
        return await _task_assigned(session, event)
    if event.type == "deal.stage_changed":
        return await _deal_closed(session, event)
    if event.type == "import.finished":
        return await _import_finished(session, event)
    if event.type in MENTION_EVENTS:
        return await _mentioned(session, event)
    return []


async def _others(session: AsyncSession, event: OutboxEvent, member_ids: set[uuid.UUID]) -> set[uuid.UUID]:
    """The members among `member_ids` who did not cause the event themselves (nobody is told of their own act)."""
    if not member_ids:
        return set()
    members = await workspace_service.members_by_id(
        session, workspace_id=event.workspace_id, member_ids=sorted(member_ids)
    )
    return {member.id for member in members if member.user_id != event.actor_user_id}


def _draft(event: OutboxEvent, member_id: uuid.UUID, kind: NotificationKind, title: str, target: Any) -> Draft:
    target_type, target_id = target
    return Draft(
        workspace_id=event.workspace_id,
        recipient_member_id=member_id,
        kind=kind,
        title=title,
        target_type=target_type,
        target_id=target_id,
        dedupe_key=f"event:{event.id}",
    )


async def _task_assigned(session: AsyncSession, event: OutboxEvent) -> list[Draft]:
    task_id = _uuid(event.payload.get("id"))
    task: Activity | None = None
    if task_id is not None:
        task = await activity_service.get_task_row(session, workspace_id=event.workspace_id, task_id=task_id)
    if task is None or task.done_at is not None or task.assignee_id is None:
        return []
    # The assignee the event names, if the task is still theirs (a later reassignment has its own event).
    named = _uuid(event.payload.get("assigneeId")) or task.assignee_id
    if named != task.assignee_id:
        return []
    recipients = await _others(session, event, {task.assignee_id})
    title = _title("Task assigned to you", task.body or task.summary)
    return [
        _draft(event, member, NotificationKind.TASK_ASSIGNED, title, (task.subject_type, task.subject_id))
        for member in recipients
    ]


async def _deal_closed(session: AsyncSession, event: OutboxEvent) -> list[Draft]:
    status = event.payload.get("status")
    deal_id = _uuid(event.payload.get("id"))
    if status not in ("WON", "LOST") or deal_id is None:
        return []
    deal = await records.get(session, Deal, event.workspace_id, deal_id)
    if deal is None or deal.owner_id is None:
        return []
    kind = NotificationKind.DEAL_WON if status == "WON" else NotificationKind.DEAL_LOST
    title = _title("Deal won" if status == "WON" else "Deal lost", deal.name)
    return [
        _draft(event, member, kind, title, ("deal", deal.id))
        for member in await _others(session, event, {deal.owner_id})
    ]


def _contact_name(contact: Contact) -> str:
    name = " ".join(part for part in (contact.first_name, contact.last_name) if part)
    return name or (contact.emails[0] if contact.emails else "a contact")


def _contact_ids_of_email(event: OutboxEvent) -> list[uuid.UUID]:
    """The contacts an INBOUND email names, the first MAX_CONTACTS_PER_EMAIL of them, once each, in order."""
    if event.payload.get("direction") != "INBOUND":
        return []
    contact_ids = [i for value in (event.payload.get("contactIds") or []) if (i := _uuid(value)) is not None]
    return list(dict.fromkeys(contact_ids[:MAX_CONTACTS_PER_EMAIL]))


async def _emails_from_contacts(session: AsyncSession, events: Sequence[OutboxEvent]) -> dict[uuid.UUID, list[Draft]]:
    """EMAIL_FROM_CONTACT drafts per `email.received` event: the owner of each live contact the email
    names is told once (of the first such contact), unless the owner caused the event."""
    if not events:
        return {}
    workspace_id = events[0].workspace_id
    contact_ids = {event.id: _contact_ids_of_email(event) for event in events}
    wanted = sorted({contact_id for ids in contact_ids.values() for contact_id in ids})
    contacts = {c.id: c for c in await records.list_by_ids(session, Contact, workspace_id, wanted)} if wanted else {}
    first_of_owner: dict[uuid.UUID, dict[uuid.UUID, Contact]] = {}
    for event in events:
        owners = first_of_owner[event.id] = {}
        for contact_id in contact_ids[event.id]:
            contact = contacts.get(contact_id)
            if contact is not None and contact.owner_id is not None:
                owners.setdefault(contact.owner_id, contact)
    owner_ids = sorted({owner for owners in first_of_owner.values() for owner in owners})
    members = (
        await workspace_service.members_by_id(session, workspace_id=workspace_id, member_ids=owner_ids)
        if owner_ids
        else []
    )
    drafts: dict[uuid.UUID, list[Draft]] = {}
    for event in events:
        owners = first_of_owner[event.id]
        recipients = {m.id for m in members if m.id in owners and m.user_id != event.actor_user_id}
        drafts[event.id] = [
            _draft(
                event,
                member,
                NotificationKind.EMAIL_FROM_CONTACT,
                _title("Email from", _contact_name(owners[member])),
                ("contact", owners[member].id),
            )
            for member in recipients
        ]
    return drafts


async def _import_finished(session: AsyncSession, event: OutboxEvent) -> list[Draft]:
    user_id = _uuid(event.payload.get("userId"))
    import_id = _uuid(event.payload.get("id"))
    if user_id is None:
        return []
    member = await workspace_service.get_membership(session, workspace_id=event.workspace_id, user_id=user_id)
    if member is None:
        return []
    if event.payload.get("state") == "FAILED":
        title = _title("Import failed", str(event.payload.get("error") or ""))
    else:
        counts = (
            f"{event.payload.get('createdCount', 0)} created, {event.payload.get('updatedCount', 0)} updated, "
            f"{event.payload.get('errorCount', 0)} errors"
        )
        title = _title("Import finished", counts)
    return [_draft(event, member.id, NotificationKind.IMPORT_FINISHED, title, ("import", import_id))]


async def _mentioned(session: AsyncSession, event: OutboxEvent) -> list[Draft]:
    """MENTIONED for the members an entry's body mentions now, once each per entry (an edit tells only
    those it newly mentions), never the author."""
    entry_id = _uuid(event.payload.get("id"))
    if entry_id is None:
        return []
    entry = await activity_service.get_entry_row(session, workspace_id=event.workspace_id, activity_id=entry_id)
    if entry is None or not entry.mentioned_member_ids:
        return []
    recipients = await _others(session, event, set(entry.mentioned_member_ids))
    title = _title("You were mentioned", activity_service.plain_text(entry.body or entry.summary))
    return [
        Draft(
            workspace_id=event.workspace_id,
            recipient_member_id=member,
            kind=NotificationKind.MENTIONED,
            title=title,
            target_type=entry.subject_type,
            target_id=entry.subject_id,
            dedupe_key=f"mention:{entry.id}:{member}",
        )
        for member in sorted(recipients)
    ]
