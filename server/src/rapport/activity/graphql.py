from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, cast

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.scalars import JSON

from rapport.activity import service
from rapport.errors import BadUserInput
from rapport.graphql.context import Info
from rapport.graphql.inputs import as_actor, connection_of, sent
from rapport.graphql.permissions import CanRead, CanWrite
from rapport.graphql.types import Connection, RowType, connection_type, of_row
from rapport.kit.pagination import Page
from rapport.kit.validation import validate
from rapport.models import Activity as ActivityRow
from rapport.models import ActivityKind as ActivityKindEnum
from rapport.models import CallOutcome as CallOutcomeEnum
from rapport.workspace.graphql_types import Member, member_of

if TYPE_CHECKING:
    from rapport.contact.graphql import Contact
    from rapport.email.graphql import Email

ActivityKind = strawberry.enum(ActivityKindEnum, description="What happened, as shown in a timeline.")
CallOutcome = strawberry.enum(CallOutcomeEnum, description="How a call went.")


@strawberry.type(description="One entry of a timeline: a change, a note, a task, an email or a member action.")
class Activity(RowType[ActivityRow]):
    @staticmethod
    def of(row: ActivityRow) -> Activity:
        return Activity(row=row)

    id = of_row(uuid.UUID, "The activity's id.")
    kind = of_row(ActivityKind, "What happened.")
    occurred_at = of_row(datetime, "When it happened.")
    summary = of_row(str, "One line a person can read.")

    @strawberry.field(description="For UPDATED and role changes: `{ field: { from, to } }`.")
    def changes(self) -> JSON | None:
        return JSON(self.row.changes) if self.row.changes is not None else None

    body = of_row(str | None, "The text of a note, or a task's description.")
    subject_type = of_row(str, "Which kind of record the entry is about: workspace, contact, company or deal.")
    subject_id = of_row(uuid.UUID, "The id of the record the entry is about.")

    @strawberry.field(
        description="The name of the contact, company or deal the entry is about; null for the workspace "
        "or a deleted record."
    )
    async def subject_name(self, info: Info) -> str | None:
        if self.row.subject_type not in ("contact", "company", "deal"):
            return None
        return await info.context.loaders.record_name.load(self.row.subject_id)

    due_at = of_row(datetime | None, "For a TASK: when it is due.")

    @strawberry.field(description="For a TASK: whether it is done (null for other kinds).")
    def done(self) -> bool | None:
        return self.row.done_at is not None if self.row.kind == ActivityKindEnum.TASK else None

    done_at = of_row(datetime | None, "For a TASK: when it was done.")

    @strawberry.field(description="For an EMAIL entry: the email.")
    async def email(self, info: Info) -> Annotated[Email, strawberry.lazy("rapport.email.graphql")] | None:
        if self.row.email_id is None:
            return None
        from rapport.email.graphql import Email

        row = await info.context.loaders.email.load(self.row.email_id)
        return Email(row=row) if row is not None else None

    @strawberry.field(description="For a TASK: the member who should do it.")
    async def assignee(self, info: Info) -> Member | None:
        return await member_of(info, self.row.assignee_id)

    @strawberry.field(description="For a CALL: how it went.")
    def call_outcome(self) -> CallOutcomeEnum | None:
        return CallOutcomeEnum(self.row.call_outcome) if self.row.call_outcome else None

    duration_seconds = of_row(int | None, "For a CALL: how long it lasted, in seconds.")
    title = of_row(str | None, "For a MEETING: its title.")

    @strawberry.field(description="For a MEETING: when it starts (its place in the timeline).")
    def starts_at(self) -> datetime | None:
        return self.row.occurred_at if self.row.kind == ActivityKindEnum.MEETING else None

    ends_at = of_row(datetime | None, "For a MEETING: when it ends, if said.")

    @strawberry.field(description="For a MEETING: the contacts who attend (live ones).")
    async def attendee_contacts(
        self, info: Info
    ) -> list[Annotated[Contact, strawberry.lazy("rapport.contact.graphql")]]:
        rows = await info.context.loaders.contact.load_many(self.row.attendee_contact_ids or [])
        return [cast("Contact", row) for row in rows if row is not None]

    @strawberry.field(description="For a MEETING: the members who attend.")
    async def attendee_members(self, info: Info) -> list[Member]:
        members = [await member_of(info, member_id) for member_id in self.row.attendee_member_ids or []]
        return [member for member in members if member is not None]

    @strawberry.field(description="The members the body mentions (`@[Name](mention:<member id>)` in it).")
    async def mentions(self, info: Info) -> list[Member]:
        members = [await member_of(info, member_id) for member_id in self.row.mentioned_member_ids or []]
        return [member for member in members if member is not None]

    edited_at = of_row(datetime | None, "For a NOTE, CALL or MEETING: when it was last changed, if ever.")

    @strawberry.field(
        description="For a NOTE, CALL or MEETING: whether you may edit or delete it (its author or an admin)."
    )
    async def can_edit(self, info: Info) -> bool:
        if self.row.kind not in service.EDITABLE:
            return False
        return service.can_edit(await info.context.actor(), self.row)

    @strawberry.field(description="The member who did it; null for the system or a former member.")
    async def actor(self, info: Info) -> Member | None:
        if self.row.actor_user_id is None:
            return None
        member = await info.context.loaders.member_by_user(self.row.workspace_id).load(self.row.actor_user_id)
        return Member(row=member) if member else None


@connection_type(
    noun="activity",
    plural="activities",
    description="A page of a timeline (newest first) or of tasks.",
    total_count="How many activities the whole list holds.",
)
class ActivityConnection(Connection[Activity]):
    pass


async def timeline(
    info: Info, *, workspace_id: uuid.UUID, subject_id: uuid.UUID, first: int, after: str | None
) -> ActivityConnection:
    page = await service.list_timeline(
        info.context.session, workspace_id=workspace_id, subject_id=subject_id, first=first, after=after
    )
    return ActivityConnection.from_page(page, after, Activity.of)


async def timeline_of(info: Info, subject_id: uuid.UUID, *, first: int | None, after: str | None) -> ActivityConnection:
    """A record's timeline in the acting member's workspace; 20 a page unless `first` says otherwise."""
    actor = await info.context.actor()
    first = 20 if first is None else first
    session, loaders = info.context.session, info.context.loaders

    async def load(requests: Sequence[service.TimelineRequest]) -> Sequence[Page[ActivityRow] | BadUserInput]:
        return await service.list_timelines(
            session, workspace_id=actor.workspace_id, requests=requests, count=loaders.timeline_count.load
        )

    # Keyed by (subject id, first, after): the timelines of a page of records in one statement.
    loader: DataLoader[service.TimelineRequest, Page[ActivityRow]] = loaders.named("timeline", load)
    page = await loader.load((subject_id, first, after))
    return ActivityConnection.from_page(page, after, Activity.of)


@strawberry.input(description="A call to log on a contact, company or deal.")
class LogCallInput:
    target_id: uuid.UUID = strawberry.field(description="The contact, company or deal.")
    occurred_at: datetime | None = strawberry.field(default=None, description="When it happened (default: now).")
    duration_seconds: int | None = strawberry.field(default=None, description="How long it lasted, in seconds.")
    outcome: CallOutcomeEnum = strawberry.field(description="How it went.")
    notes: str | None = strawberry.field(default=None, description="Notes (Markdown, may @mention members).")


@strawberry.input(description="A meeting to log (or plan) on a contact, company or deal.")
class LogMeetingInput:
    target_id: uuid.UUID = strawberry.field(description="The contact, company or deal.")
    starts_at: datetime = strawberry.field(description="When it starts.")
    ends_at: datetime | None = strawberry.field(default=None, description="When it ends.")
    title: str = strawberry.field(description="What it is about.")
    attendee_contact_ids: list[uuid.UUID] | None = strawberry.field(
        default=None, description="Contacts who attend: it shows on their timelines too."
    )
    attendee_member_ids: list[uuid.UUID] | None = strawberry.field(
        default=None, description="Members who attend: it is in their agendas."
    )
    notes: str | None = strawberry.field(default=None, description="Notes (Markdown, may @mention members).")


@strawberry.input(description="What to change in a logged call; a field left out stays as it is.")
class UpdateCallInput:
    occurred_at: datetime | None = strawberry.field(default=None, description="When it happened (null: unchanged).")
    duration_seconds: int | None = strawberry.field(
        default=strawberry.UNSET, description="How long it lasted, in seconds (null: not said)."
    )
    outcome: CallOutcomeEnum | None = strawberry.field(default=None, description="How it went (null: unchanged).")
    notes: str | None = strawberry.field(
        default=strawberry.UNSET, description="Notes (Markdown, may @mention members; null: none)."
    )


@strawberry.input(description="What to change in a meeting; a field left out stays as it is.")
class UpdateMeetingInput:
    starts_at: datetime | None = strawberry.field(default=None, description="When it starts (null: unchanged).")
    ends_at: datetime | None = strawberry.field(default=strawberry.UNSET, description="When it ends (null: not said).")
    title: str | None = strawberry.field(default=None, description="What it is about (null: unchanged).")
    attendee_contact_ids: list[uuid.UUID] | None = strawberry.field(
        default=None, description="Contacts who attend, all of them (null: unchanged)."
    )
    attendee_member_ids: list[uuid.UUID] | None = strawberry.field(
        default=None, description="Members who attend, all of them (null: unchanged)."
    )
    notes: str | None = strawberry.field(
        default=strawberry.UNSET, description="Notes (Markdown, may @mention members; null: none)."
    )


def _given(fields: dict[str, object], **clearable: object) -> dict[str, object]:
    """The fields a client set (not null), and the clearable ones it sent (null clears them)."""
    return sent({name: value for name, value in fields.items() if value is not None}, **clearable)


@strawberry.input(description="Which tasks to list.")
class TaskFilter:
    assignee_id: uuid.UUID | None = strawberry.field(default=None, description="Assigned to this member.")
    done: bool | None = strawberry.field(default=None, description="Done (true) or open (false).")
    due_before: datetime | None = strawberry.field(default=None, description="Due before this time.")
    due_after: datetime | None = strawberry.field(default=None, description="Due at or after this time.")
    target_id: uuid.UUID | None = strawberry.field(default=None, description="On this record.")


@strawberry.type
class ActivityQuery:
    @strawberry.field(
        description="Your meetings to come (logged by you or attended), soonest first.",
        permission_classes=[CanRead],
    )
    async def agenda(self, info: Info, first: int = 20) -> list[Activity]:
        return [Activity(row=row) for row in await as_actor(info, service.agenda, first=first)]

    @strawberry.field(
        description="Tasks of the workspace by due date (undated last, so overdue ones first); `filter` (or the "
        "older `assigneeId` and `done`) narrows them.",
        permission_classes=[CanRead],
    )
    async def tasks(
        self,
        info: Info,
        first: int | None = 50,
        after: str | None = None,
        assignee_id: uuid.UUID | None = None,
        done: bool | None = None,
        filter: TaskFilter | None = None,
    ) -> ActivityConnection:
        first = 50 if first is None else first
        if filter is not None:
            assignee_id = filter.assignee_id if filter.assignee_id is not None else assignee_id
            done = filter.done if filter.done is not None else done
        return await connection_of(
            info,
            ActivityConnection,
            Activity.of,
            service.list_tasks,
            first=first,
            after=after,
            assignee_id=assignee_id,
            done=done,
            due_before=filter.due_before if filter else None,
            due_after=filter.due_after if filter else None,
            target_id=filter.target_id if filter else None,
        )


@strawberry.type
class ActivityMutation:
    @strawberry.mutation(description="Logs a call on a contact, company or deal.", permission_classes=[CanWrite])
    async def log_call(self, info: Info, input: LogCallInput) -> Activity:
        data = validate(
            service.CallData,
            {
                "occurred_at": input.occurred_at,
                "duration_seconds": input.duration_seconds,
                "outcome": input.outcome,
                "notes": input.notes,
            },
            path=("input",),
        )
        return Activity(row=await as_actor(info, service.log_call, target_id=input.target_id, data=data))

    @strawberry.mutation(
        description="Logs (or plans) a meeting on a contact, company or deal.", permission_classes=[CanWrite]
    )
    async def log_meeting(self, info: Info, input: LogMeetingInput) -> Activity:
        data = validate(
            service.MeetingData,
            {
                "starts_at": input.starts_at,
                "ends_at": input.ends_at,
                "title": input.title,
                "attendee_contact_ids": input.attendee_contact_ids or [],
                "attendee_member_ids": input.attendee_member_ids or [],
                "notes": input.notes,
            },
            path=("input",),
        )
        return Activity(row=await as_actor(info, service.log_meeting, target_id=input.target_id, data=data))

    @strawberry.mutation(
        description="Rewrites a note (its author or an admin); members it newly mentions are told.",
        permission_classes=[CanWrite],
    )
    async def update_note(self, info: Info, id: uuid.UUID, body: str) -> Activity:
        data = validate(service.NoteData, {"body": body})
        return Activity(row=await as_actor(info, service.update_note, note_id=id, data=data))

    @strawberry.mutation(
        description="Changes a logged call (its author or an admin); members it newly mentions are told.",
        permission_classes=[CanWrite],
    )
    async def update_call(self, info: Info, id: uuid.UUID, input: UpdateCallInput) -> Activity:
        changes = _given(
            {"occurred_at": input.occurred_at, "outcome": input.outcome},
            duration_seconds=input.duration_seconds,
            notes=input.notes,
        )
        return Activity(row=await as_actor(info, service.update_call, call_id=id, changes=changes))

    @strawberry.mutation(description="Deletes a logged call (its author or an admin).", permission_classes=[CanWrite])
    async def delete_call(self, info: Info, id: uuid.UUID) -> bool:
        return await as_actor(info, service.delete_call, call_id=id)

    @strawberry.mutation(
        description="Changes a meeting (its author or an admin): moved into the future it is in its members' "
        "agendas, into the past it leaves them; members it newly mentions are told.",
        permission_classes=[CanWrite],
    )
    async def update_meeting(self, info: Info, id: uuid.UUID, input: UpdateMeetingInput) -> Activity:
        changes = _given(
            {
                "starts_at": input.starts_at,
                "title": input.title,
                "attendee_contact_ids": input.attendee_contact_ids,
                "attendee_member_ids": input.attendee_member_ids,
            },
            ends_at=input.ends_at,
            notes=input.notes,
        )
        return Activity(row=await as_actor(info, service.update_meeting, meeting_id=id, changes=changes))

    @strawberry.mutation(description="Deletes a meeting (its author or an admin).", permission_classes=[CanWrite])
    async def delete_meeting(self, info: Info, id: uuid.UUID) -> bool:
        return await as_actor(info, service.delete_meeting, meeting_id=id)

    @strawberry.mutation(description="Deletes a note (its author or an admin).", permission_classes=[CanWrite])
    async def delete_note(self, info: Info, id: uuid.UUID) -> bool:
        return await as_actor(info, service.delete_note, note_id=id)

    @strawberry.mutation(description="Adds a note to a contact, company or deal.", permission_classes=[CanWrite])
    async def add_note(self, info: Info, target_id: uuid.UUID, body: str) -> Activity:
        data = validate(service.NoteData, {"body": body})
        return Activity(row=await as_actor(info, service.add_note, target_id=target_id, data=data))

    @strawberry.mutation(
        description="Adds a task to a contact, company or deal, assigned to you unless `assigneeId` says otherwise.",
        permission_classes=[CanWrite],
    )
    async def add_task(
        self,
        info: Info,
        target_id: uuid.UUID,
        body: str,
        due_at: datetime | None = None,
        assignee_id: uuid.UUID | None = strawberry.UNSET,
    ) -> Activity:
        data = validate(service.TaskData, sent({"body": body, "due_at": due_at}, assignee_id=assignee_id))
        return Activity(row=await as_actor(info, service.add_task, target_id=target_id, data=data))

    @strawberry.mutation(description="Marks a task done.", permission_classes=[CanWrite])
    async def complete_task(self, info: Info, id: uuid.UUID) -> Activity:
        data = validate(service.TaskData, {"done": True})
        return Activity(row=await as_actor(info, service.update_task, task_id=id, data=data))

    @strawberry.mutation(
        description="Changes a task: description, due date, assignee (null: nobody) or done.",
        permission_classes=[CanWrite],
    )
    async def update_task(
        self,
        info: Info,
        id: uuid.UUID,
        body: str | None = None,
        due_at: datetime | None = strawberry.UNSET,
        assignee_id: uuid.UUID | None = strawberry.UNSET,
        done: bool | None = None,
    ) -> Activity:
        data = validate(service.TaskData, sent({"body": body, "done": done}, due_at=due_at, assignee_id=assignee_id))
        return Activity(row=await as_actor(info, service.update_task, task_id=id, data=data))
