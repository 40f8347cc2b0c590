"""The Subscription root. Its resolvers never wait for events themselves: the socket (socket.py)
runs a subscription's document once with a `Probe` as root value when the client subscribes (to
check permission and arguments), then once per matching event with the `Event` as root value, for a
whole group of sockets that subscribed with the same document, variables and role."""

from __future__ import annotations

import uuid
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from datetime import datetime
from typing import cast

import strawberry

from rapport.activity.graphql import Activity
from rapport.company.graphql import Company
from rapport.contact.graphql import Contact
from rapport.customfield.graphql import ObjectType
from rapport.deal.graphql import Deal
from rapport.email.graphql import Email
from rapport.graphql.context import Info
from rapport.graphql.inputs import as_actor
from rapport.graphql.permissions import CanRead
from rapport.models import Activity as ActivityRow
from rapport.models import Company as CompanyRow
from rapport.models import Contact as ContactRow
from rapport.models import Deal as DealRow
from rapport.models import ObjectType as ObjectTypeEnum
from rapport.models import Stage as StageRow
from rapport.notification.graphql import Notification
from rapport.pipeline.graphql import Stage
from rapport.realtime import service
from rapport.realtime.service import Event, Filter
from rapport.search.graphql import RecordNode  # the one union of the three record types
from rapport.workspace.graphql_types import Member

ChangeKind = strawberry.enum(service.ChangeKind, description="What happened to a record.")


@dataclass(slots=True)
class Probe:
    """The root value of a subscription's first run: its resolver records what it listens for."""

    filter: Filter | None = None
    after: int | None = None


@strawberry.type(description="A contact, company or deal was created, changed, deleted, restored or merged.")
class RecordChange:
    event_id: str = strawberry.field(description="Resume point: pass it back as `after` to replay what followed.")
    kind: ChangeKind = strawberry.field(description="What happened.")  # type: ignore[valid-type]
    object_type: ObjectType = strawberry.field(description="Which kind of record.")  # type: ignore[valid-type]
    id: uuid.UUID = strawberry.field(description="The record's id.")
    changed_fields: list[str] = strawberry.field(description="For UPDATED: the fields that changed (GraphQL names).")
    occurred_at: datetime = strawberry.field(description="When the change was committed.")
    actor_user_id: strawberry.Private[uuid.UUID | None]
    row: strawberry.Private[ContactRow | CompanyRow | DealRow | None]

    @strawberry.field(description="Who made the change; null for the system (email ingestion, imports).")
    async def actor(self, info: Info) -> Member | None:
        return await _member(info, self.actor_user_id)

    @strawberry.field(description="The record as you may see it now; null once deleted.")
    def record(self) -> RecordNode | None:
        row = self.row
        if isinstance(row, ContactRow):
            return cast(Contact, strawberry.cast(Contact, row))
        if isinstance(row, CompanyRow):
            return cast(Company, strawberry.cast(Company, row))
        if isinstance(row, DealRow):
            return Deal.of(row)
        return None


@strawberry.type(
    description="An entry of one record's timeline was added, or a note, call or meeting on it rewritten or deleted."
)
class TimelineChange:
    event_id: str = strawberry.field(description="Resume point: pass it back as `after` to replay what followed.")
    kind: ChangeKind = strawberry.field(  # type: ignore[valid-type]
        description="CREATED (added), UPDATED (rewritten) or DELETED (deleted, or no longer on this timeline)."
    )
    id: uuid.UUID = strawberry.field(description="The entry's id.")
    row: strawberry.Private[ActivityRow | None]

    @strawberry.field(description="The entry as it is now; null once deleted or no longer on this timeline.")
    def entry(self) -> Activity | None:
        return Activity.of(self.row) if self.row is not None else None


@strawberry.type(description="A deal moved to another stage of a pipeline, or within its column (the kanban).")
class DealMove:
    event_id: str = strawberry.field(description="Resume point: pass it back as `after` to replay what followed.")
    position: float = strawberry.field(description="The deal's place in its new column.")
    deal_row: strawberry.Private[DealRow]
    from_stage_row: strawberry.Private[StageRow | None]
    to_stage_row: strawberry.Private[StageRow]
    actor_user_id: strawberry.Private[uuid.UUID | None]

    @strawberry.field(description="The deal as it is now.")
    def deal(self) -> Deal:
        return Deal.of(self.deal_row)

    @strawberry.field(description="The stage it left; null if that stage is gone.")
    def from_stage(self) -> Stage | None:
        return cast(Stage, self.from_stage_row) if self.from_stage_row is not None else None

    @strawberry.field(description="The stage it is in now.")
    def to_stage(self) -> Stage:
        return cast(Stage, self.to_stage_row)

    @strawberry.field(description="Who moved it.")
    async def actor(self, info: Info) -> Member | None:
        return await _member(info, self.actor_user_id)


async def _member(info: Info, user_id: uuid.UUID | None) -> Member | None:
    if user_id is None:
        return None
    actor = await info.context.actor()
    row = await info.context.loaders.member_by_user(actor.workspace_id).load(user_id)
    return Member(row=row) if row is not None else None


def _event(info: Info, found: Filter, after: str | None) -> Event | None:
    """The event this run answers, or None (after recording the filter and resume point) when this run
    is the subscribe-time probe."""
    root = info.root_value
    if isinstance(root, Probe):
        root.filter = found
        root.after = service.parse_after(after)
        return None
    return cast(Event, root)


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Changes to the workspace's contacts, companies and deals; narrowed to one type, or one record. "
        "With `after` (an eventId), first replays what followed it (REFETCH_REQUIRED past retention).",
        permission_classes=[CanRead],
    )
    async def record_changed(
        self,
        info: Info,
        object_type: ObjectType | None = None,  # type: ignore[valid-type]
        id: uuid.UUID | None = None,
        after: str | None = None,
    ) -> AsyncGenerator[RecordChange, None]:
        kind = ObjectTypeEnum(object_type.value) if object_type is not None else None
        event = _event(info, Filter("recordChanged", object_type=kind, record_id=id), after)
        if event is None:
            return
        record = event.record()
        if record is None:
            return
        object_type_of, change, record_id = record
        row = await as_actor(info, service.current_record, object_type=object_type_of, record_id=record_id)
        yield RecordChange(
            event_id=event.event_id,
            kind=change,
            object_type=object_type_of,
            id=record_id,
            changed_fields=event.changed_fields(),
            occurred_at=event.occurred_at,
            actor_user_id=event.actor_user_id,
            row=row,
        )

    @strawberry.subscription(
        description="Entries added to one record's timeline (changes, notes, tasks, emails). The eventId is in the "
        "message's `extensions`; `after` replays what followed it.",
        permission_classes=[CanRead],
    )
    async def timeline_added(
        self, info: Info, target_id: uuid.UUID, after: str | None = None
    ) -> AsyncGenerator[Activity, None]:
        event = _event(info, Filter("timelineAdded", target_id=target_id), after)
        if event is None:
            return
        for row in await as_actor(info, service.timeline_entries, event=event, target_id=target_id):
            yield Activity.of(row)

    @strawberry.subscription(
        description="One record's timeline as it changes: entries added (as `timelineAdded` sends them), and its "
        "notes, calls and meetings rewritten or deleted. `after` replays what followed an eventId.",
        permission_classes=[CanRead],
    )
    async def timeline_changed(
        self, info: Info, target_id: uuid.UUID, after: str | None = None
    ) -> AsyncGenerator[TimelineChange, None]:
        event = _event(info, Filter("timelineChanged", target_id=target_id), after)
        if event is None:
            return
        for change in await as_actor(info, service.timeline_changes, event=event, target_id=target_id):
            yield TimelineChange(event_id=event.event_id, kind=change.kind, id=change.id, row=change.row)

    @strawberry.subscription(
        description="Deals of one pipeline moving between stages or within a column (then fromStage is toStage). "
        "`after` replays what followed an eventId.",
        permission_classes=[CanRead],
    )
    async def deal_moved(
        self, info: Info, pipeline_id: uuid.UUID, after: str | None = None
    ) -> AsyncGenerator[DealMove, None]:
        event = _event(info, Filter("dealMoved", pipeline_id=pipeline_id), after)
        if event is None:
            return
        move = await as_actor(info, service.deal_move, event=event, pipeline_id=pipeline_id)
        if move is None:
            return
        yield DealMove(
            event_id=event.event_id,
            position=move.deal.position,
            deal_row=move.deal,
            from_stage_row=move.from_stage,
            to_stage_row=move.to_stage,
            actor_user_id=event.actor_user_id,
        )

    @strawberry.subscription(
        description="Emails received (or sent) that were linked to the given contact, company or deal (any of them; "
        "all emails when none is given). The eventId is in the message's `extensions`.",
        permission_classes=[CanRead],
    )
    async def email_received(
        self,
        info: Info,
        contact_id: uuid.UUID | None = None,
        company_id: uuid.UUID | None = None,
        deal_id: uuid.UUID | None = None,
    ) -> AsyncGenerator[Email, None]:
        targets = frozenset(i for i in (contact_id, company_id, deal_id) if i is not None)
        event = _event(info, Filter("emailReceived", email_targets=targets), None)
        if event is None:
            return
        row = await as_actor(info, service.received_email, event=event)
        if row is not None:
            yield Email(row=row)

    @strawberry.subscription(
        description="Your own notifications as they are made. The eventId is in the message's `extensions`; "
        "`after` replays what followed it.",
        permission_classes=[CanRead],
    )
    async def notification_added(self, info: Info, after: str | None = None) -> AsyncGenerator[Notification, None]:
        actor = await info.context.actor()
        event = _event(info, Filter("notificationAdded", member_id=actor.member_id), after)
        if event is None:
            return
        if event.type == "notification.created" and event.payload.get("recipientMemberId") == str(actor.member_id):
            yield Notification.of_payload(event.payload)
