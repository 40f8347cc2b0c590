"""What subscribers receive: which events concern a subscription, and what each event shows to a
member of the workspace (loaded once per event and group of identical subscriptions, never per socket).
"""

from __future__ import annotations

import dataclasses
import enum
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activity import service as activity_service
from rapport.auth import service as auth_service
from rapport.auth.actor import Actor
from rapport.company import service as company_service
from rapport.contact import service as contact_service
from rapport.deal import service as deal_service
from rapport.email import service as email_service
from rapport.errors import AppError, BadUserInput, NotFound
from rapport.events.published import PublishedEvent
from rapport.models import Activity, Company, Contact, Deal, Email, ObjectType, Stage
from rapport.pipeline import service as pipeline_service
from rapport.realtime import repository

# How many missed events one resume may replay; further behind, the client refetches.
MAX_REPLAY = 10_000
# How far back each check for revoked credentials looks past the previous one: longer than any
# transaction that revokes one stays open (its `revoked_at` is its start, its commit comes later).
REVOCATION_OVERLAP = timedelta(seconds=60)


class RefetchRequired(AppError):
    """The resume point is older than the outbox keeps (or too far behind): reload, then subscribe anew."""

    code = "REFETCH_REQUIRED"


class ChangeKind(enum.StrEnum):
    CREATED = "CREATED"
    UPDATED = "UPDATED"
    DELETED = "DELETED"
    RESTORED = "RESTORED"
    MERGED = "MERGED"


RECORD_TYPES = {"contact": ObjectType.CONTACT, "company": ObjectType.COMPANY, "deal": ObjectType.DEAL}
# Events of one new timeline entry (its id in the payload), on its subject and a meeting's attending contacts.
ENTRY_EVENTS = ("note.added", "task.added", "call.added", "meeting.added")
# Events of a note, call or meeting rewritten or deleted (its id in the payload), on the same timelines (an
# edited meeting's payload names its attending contacts before and after): `timelineChanged`, not `timelineAdded`.
ENTRY_CHANGE_EVENTS = (
    "note.updated",
    "note.deleted",
    "call.updated",
    "call.deleted",
    "meeting.updated",
    "meeting.deleted",
)
# Events that change a record, whatever else they say: `deal.stage_changed` is an update of its deal.
_KIND_OF_VERB = {
    "created": ChangeKind.CREATED,
    "updated": ChangeKind.UPDATED,
    "deleted": ChangeKind.DELETED,
    "restored": ChangeKind.RESTORED,
    "merged": ChangeKind.MERGED,
    "stage_changed": ChangeKind.UPDATED,
    "contact_set": ChangeKind.UPDATED,
    "contact_removed": ChangeKind.UPDATED,
}


@dataclass(frozen=True, slots=True)
class Event(PublishedEvent):
    """One published outbox event, as the relay sends it, with what subscriptions ask of it."""

    @property
    def event_id(self) -> str:
        """What clients see and send back as `after`."""
        return str(self.sequence)

    @staticmethod
    def of_message(message: Mapping[str, Any]) -> Event:
        actor = message.get("actorUserId")
        return Event(
            id=uuid.UUID(message["id"]),
            sequence=int(message["sequence"]),
            workspace_id=uuid.UUID(message["workspaceId"]),
            type=str(message["type"]),
            actor_user_id=uuid.UUID(actor) if actor else None,
            occurred_at=datetime.fromisoformat(message["occurredAt"]),
            payload=message.get("payload") or {},
        )

    def record(self) -> tuple[ObjectType, ChangeKind, uuid.UUID] | None:
        """For a change to a contact, company or deal: its type, the kind of change and its id."""
        noun, _, verb = self.type.partition(".")
        kind = _KIND_OF_VERB.get(verb)
        object_type = RECORD_TYPES.get(noun)
        record_id = _uuid(self.payload.get("id"))
        if kind is None or object_type is None or record_id is None:
            return None
        return object_type, kind, record_id

    def changed_fields(self) -> list[str]:
        verb = self.type.partition(".")[2]
        if verb == "stage_changed":
            return ["stage", "status"] if "status" in self.payload else ["stage"]
        if verb in ("contact_set", "contact_removed"):
            return ["contacts"]
        changed = self.payload.get("changed")
        return [str(name) for name in changed] if isinstance(changed, list) else []

    def timeline_subjects(self) -> set[uuid.UUID]:
        """The records whose timeline this event adds to."""
        if self.type == "email.received":
            return {
                target
                for key in ("contactIds", "companyIds", "dealIds")
                for value in self.payload.get(key) or []
                if (target := _uuid(value)) is not None
            }
        if self.type in ENTRY_EVENTS or self.type in ENTRY_CHANGE_EVENTS:
            subjects = [self.payload.get("subjectId"), *(self.payload.get("attendeeContactIds") or [])]
            return {subject for value in subjects if (subject := _uuid(value)) is not None}
        record = self.record()
        return {record[2]} if record else set()


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value is not None else None
    except ValueError:
        return None


@dataclass(slots=True)
class Filter:
    """A subscription's field and arguments, checked against each event before anything is loaded.
    Ids of another workspace simply never match: nothing is looked up, so nothing leaks."""

    field: str
    object_type: ObjectType | None = None
    record_id: uuid.UUID | None = None
    target_id: uuid.UUID | None = None
    pipeline_id: uuid.UUID | None = None
    email_targets: frozenset[uuid.UUID] = dataclasses.field(default_factory=frozenset)
    member_id: uuid.UUID | None = None

    def matches(self, event: Event) -> bool:
        if self.field == "recordChanged":
            record = event.record()
            if record is None:
                return False
            return (self.object_type is None or record[0] is self.object_type) and (
                self.record_id is None or record[2] == self.record_id
            )
        if self.field == "timelineAdded":
            return event.type not in ENTRY_CHANGE_EVENTS and self.target_id in event.timeline_subjects()
        if self.field == "timelineChanged":
            return self.target_id in event.timeline_subjects()
        if self.field == "dealMoved":
            return event.type in ("deal.stage_changed", "deal.reordered")
        if self.field == "emailReceived":
            if event.type != "email.received":
                return False
            return not self.email_targets or bool(self.email_targets & event.timeline_subjects())
        if self.field == "notificationAdded":
            # The recipient only: the payload is the notification, so nothing is read per socket.
            return event.type == "notification.created" and event.payload.get("recipientMemberId") == str(
                self.member_id
            )
        return False


def parse_after(after: str | None) -> int | None:
    if after is None:
        return None
    if not after.isdigit() or len(after) > 19:
        raise BadUserInput("`after` is not an event id.", field_errors={("after",): "not an event id"})
    return int(after)


async def check_resume_point(session: AsyncSession, actor: Actor, *, after: int) -> None:
    """REFETCH_REQUIRED when events after `after` may have been pruned already."""
    if after < await repository.pruned_through(session):
        raise RefetchRequired(
            "Events after this id are no longer kept (retention): "
            "refetch what you show, then subscribe without `after`."
        )
    if after > await repository.last_sequence(session):
        raise BadUserInput("No event has this id yet.", field_errors={("after",): "unknown event id"})


async def events_after(session: AsyncSession, actor: Actor, *, after: int) -> list[Event]:
    """The workspace's events after `after`, oldest first (the resume's replay)."""
    await check_resume_point(session, actor, after=after)
    rows = await repository.list_events_after(session, actor.workspace_id, after, limit=MAX_REPLAY + 1)
    if len(rows) > MAX_REPLAY:
        raise RefetchRequired(f"More than {MAX_REPLAY} events were missed: refetch, then subscribe without `after`.")
    return [
        Event(
            id=row.id,
            sequence=row.sequence,
            workspace_id=actor.workspace_id,
            type=row.type,
            actor_user_id=row.actor_user_id,
            occurred_at=row.created_at,
            payload=row.payload,
        )
        for row in rows
    ]


async def current_record(
    session: AsyncSession, actor: Actor, *, object_type: ObjectType, record_id: uuid.UUID
) -> Contact | Company | Deal | None:
    """The record as the member may see it now; None once deleted."""
    try:
        if object_type is ObjectType.CONTACT:
            return await contact_service.get(session, actor, id=record_id)
        if object_type is ObjectType.COMPANY:
            return await company_service.get(session, actor, id=record_id)
        return await deal_service.get(session, actor, id=record_id)
    except NotFound:
        return None


@dataclass(frozen=True, slots=True)
class DealMove:
    deal: Deal
    from_stage: Stage | None
    to_stage: Stage


async def deal_move(session: AsyncSession, actor: Actor, *, event: Event, pipeline_id: uuid.UUID) -> DealMove | None:
    """A deal's move to another stage (or within its column), if the deal is in `pipeline_id` and live."""
    deal_id = _uuid(event.payload.get("id"))
    if deal_id is None:
        return None
    try:
        deal = await deal_service.get(session, actor, id=deal_id)
    except NotFound:
        return None
    if deal.pipeline_id != pipeline_id:
        return None
    from_stage_id = _uuid(event.payload.get("fromStageId"))
    to_stage = await pipeline_service.get_stage(session, actor, stage_id=deal.stage_id)
    from_stage = None
    if from_stage_id is not None:
        try:
            from_stage = await pipeline_service.get_stage(session, actor, stage_id=from_stage_id)
        except NotFound:
            from_stage = None
    return DealMove(deal=deal, from_stage=from_stage, to_stage=to_stage)


async def timeline_entries(
    session: AsyncSession, actor: Actor, *, event: Event, target_id: uuid.UUID
) -> Sequence[Activity]:
    """The timeline entries this event added to `target_id`."""
    if event.type in ENTRY_CHANGE_EVENTS or target_id not in event.timeline_subjects():
        return []
    if event.type in ENTRY_EVENTS:
        activity_id = _uuid(event.payload.get("id"))
        return await activity_service.entries_of_event(session, actor, subject_id=target_id, activity_id=activity_id)
    if event.type == "email.received":
        email_id = _uuid(event.payload.get("emailId"))
        return await activity_service.entries_of_event(session, actor, subject_id=target_id, email_id=email_id)
    return await activity_service.entries_of_event(session, actor, subject_id=target_id, written_at=event.occurred_at)


@dataclass(frozen=True, slots=True)
class TimelineChange:
    """One entry of a timeline added (CREATED), rewritten (UPDATED) or deleted (DELETED); `row` is the entry
    as it is now, None once deleted or no longer on that timeline (a meeting the contact no longer attends)."""

    kind: ChangeKind
    id: uuid.UUID
    row: Activity | None


async def timeline_changes(
    session: AsyncSession, actor: Actor, *, event: Event, target_id: uuid.UUID
) -> list[TimelineChange]:
    """What this event did to the timeline of `target_id`: the entries it added, or the note, call or
    meeting it rewrote or deleted."""
    if target_id not in event.timeline_subjects():
        return []
    if event.type not in ENTRY_CHANGE_EVENTS:
        rows = await timeline_entries(session, actor, event=event, target_id=target_id)
        return [TimelineChange(ChangeKind.CREATED, row.id, row) for row in rows]
    entry_id = _uuid(event.payload.get("id"))
    if entry_id is None:
        return []
    if event.type.endswith(".deleted"):
        return [TimelineChange(ChangeKind.DELETED, entry_id, None)]
    row = await activity_service.get_entry_row(session, workspace_id=actor.workspace_id, activity_id=entry_id)
    if row is None or target_id not in {row.subject_id, *(row.attendee_contact_ids or [])}:
        return [TimelineChange(ChangeKind.DELETED, entry_id, None)]
    return [TimelineChange(ChangeKind.UPDATED, entry_id, row)]


async def received_email(session: AsyncSession, actor: Actor, *, event: Event) -> Email | None:
    email_id = _uuid(event.payload.get("emailId"))
    if email_id is None:
        return None
    try:
        return await email_service.get_email(session, actor, email_id=email_id)
    except NotFound:
        return None


async def revoked_credentials(session: AsyncSession, *, since: datetime) -> tuple[set[uuid.UUID], datetime]:
    """The sign-ins and API keys revoked since `since` (less the overlap), and where the next check
    starts (the database's clock now). Each api process asks this every few seconds for all its
    sockets at once; the session is system-scoped (one read across workspaces, never per socket)."""
    return await auth_service.revoked_since(session, since=since - REVOCATION_OVERLAP)
