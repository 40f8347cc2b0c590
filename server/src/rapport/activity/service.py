"""The timeline: who did what to which record, written in the transaction of the change."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Generic, TypeVar

from pydantic import Field
from sqlalchemy import Select, func
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activity import repository
from rapport.auth.actor import Actor, Principal
from rapport.customfield import service as customfield_service
from rapport.errors import BadUserInput, Conflict, Forbidden, NotFound, found
from rapport.events import outbox
from rapport.events.outbox import JsonValue
from rapport.kit import bulk, merging, records
from rapport.kit.clock import utcnow
from rapport.kit.filters import Path
from rapport.kit.ids import new_id
from rapport.kit.listing import Direction, SortKey, fetch_page
from rapport.kit.pagination import Page, check_page_size, decode_newest_first, newest_first_page
from rapport.kit.records import New, R, Written
from rapport.kit.rows import Also
from rapport.kit.validation import InputModel, validate
from rapport.models import Activity, ActivityKind, CallOutcome, Contact, ObjectType, Role

CustomT = TypeVar("CustomT", bound=customfield_service.CustomFieldsInput)


async def record(
    session: AsyncSession,
    *,
    workspace_id: uuid.UUID,
    kind: ActivityKind,
    subject_type: str,
    subject_id: uuid.UUID,
    summary: str,
    actor_user_id: uuid.UUID | None,
    changes: dict[str, object] | None = None,
    body: str | None = None,
) -> Activity:
    return await repository.insert_activity(
        session,
        _entry_values(workspace_id, kind, subject_type, subject_id, summary, actor_user_id, changes=changes, body=body),
    )


def _entry_values(
    workspace_id: uuid.UUID,
    kind: ActivityKind,
    subject_type: str,
    subject_id: uuid.UUID | None,
    summary: str | None,
    actor_user_id: uuid.UUID | None,
    *,
    changes: dict[str, object] | None = None,
    body: str | None = None,
) -> dict[str, Any]:
    """A timeline entry's column values as `record` writes them (without `subject_id` and `summary`
    when None: a created record's entry takes them from the row written)."""
    values = {
        "id": new_id(),
        "workspace_id": workspace_id,
        "kind": kind,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "summary": summary,
        "actor_user_id": actor_user_id,
        "changes": changes,
        "body": body,
        # The model's Python-side defaults, which an INSERT inside a WITH does not apply.
        "attendee_contact_ids": [],
        "attendee_member_ids": [],
        "mentioned_member_ids": [],
    }
    if subject_id is None:
        del values["subject_id"], values["summary"]
    return values


TimelineRequest = tuple[uuid.UUID, int, str | None]
"""A page of one record's timeline: (subject id, first, after)."""


async def list_timelines(
    session: AsyncSession,
    *,
    workspace_id: uuid.UUID,
    requests: Sequence[TimelineRequest],
    count: Callable[[uuid.UUID], Awaitable[int]],
) -> list[Page[Activity] | BadUserInput]:
    """The pages of many records' timelines with one statement per distinct (first, after): what a
    list of records with their timelines needs (a DataLoader's batch). A bad page size or cursor is
    that request's BAD_USER_INPUT; `count` gives a subject's totalCount when a client asks."""
    results: list[Page[Activity] | BadUserInput | None] = [None] * len(requests)
    groups: dict[tuple[int, tuple[datetime, uuid.UUID] | None], list[int]] = {}
    for index, (_, first, after) in enumerate(requests):
        try:
            check_page_size(first)
            groups.setdefault((first, decode_newest_first(after)), []).append(index)
        except BadUserInput as error:
            results[index] = error
    for (first, before), indexes in groups.items():
        subject_ids = list(dict.fromkeys(requests[index][0] for index in indexes))
        rows = await repository.list_for_subjects(
            session, workspace_id=workspace_id, subject_ids=subject_ids, limit=first + 1, before=before
        )
        by_subject: dict[uuid.UUID, list[Activity]] = {}
        for subject_id, row in rows:
            by_subject.setdefault(subject_id, []).append(row)
        for index in indexes:
            subject_id = requests[index][0]
            results[index] = _timeline_page(by_subject.get(subject_id, []), first, _counter(count, subject_id))
    return [result for result in results if result is not None]


def _counter(count: Callable[[uuid.UUID], Awaitable[int]], subject_id: uuid.UUID) -> Callable[[], Awaitable[int]]:
    async def total() -> int:
        return await count(subject_id)

    return total


def _timeline_page(rows: Sequence[Activity], first: int, count: Callable[[], Awaitable[int]]) -> Page[Activity]:
    return newest_first_page(rows, first, key=lambda row: (row.occurred_at, row.id), count=count)


async def list_timeline(
    session: AsyncSession,
    *,
    workspace_id: uuid.UUID,
    subject_id: uuid.UUID,
    first: int,
    after: str | None,
) -> Page[Activity]:
    check_page_size(first)
    rows = await repository.list_for_subject(
        session, workspace_id=workspace_id, subject_id=subject_id, limit=first + 1, before=decode_newest_first(after)
    )

    async def count() -> int:
        return await repository.count_for_subject(session, workspace_id=workspace_id, subject_id=subject_id)

    return _timeline_page(rows, first, count)


async def emit(session: AsyncSession, actor: Actor, *, type: str, payload: Mapping[str, JsonValue]) -> None:
    """A domain event by `actor`, in the change's transaction."""
    await outbox.record(
        session, workspace_id=actor.workspace_id, type=type, payload=payload, actor_user_id=actor.user_id
    )


def emitted(actor: Actor, *, type: str, payload: Mapping[str, JsonValue]) -> Also:
    """What `emit` writes, as a write of the statement that makes the change."""
    event = outbox.row(workspace_id=actor.workspace_id, type=type, payload=payload, actor_user_id=actor.user_id)
    return repository.event_only(event)


def plain(value: Any) -> Any:
    """A column value as a timeline diff records it (JSON-friendly)."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    return value


def diff(before: dict[str, object], after: dict[str, object]) -> dict[str, object]:
    """`{ field: { from, to } }` for every field whose value changed."""
    return {
        field: {"from": before.get(field), "to": value} for field, value in after.items() if before.get(field) != value
    }


async def log_change(
    session: AsyncSession,
    actor: Actor,
    *,
    kind: ActivityKind,
    subject_type: str,
    subject_id: uuid.UUID,
    summary: str,
    event: str,
    payload: Mapping[str, JsonValue],
    changes: dict[str, object] | None = None,
) -> None:
    """A change to a record: one timeline entry and one domain event, in the change's transaction (one
    statement; `logged` gives the same two as writes of the change's own statement)."""
    await repository.insert_entry_with_event(
        session, *_logged_values(actor, kind, subject_type, subject_id, summary, event, payload, changes)
    )


def logged(
    actor: Actor,
    *,
    kind: ActivityKind,
    subject_type: str,
    subject_id: uuid.UUID,
    summary: str,
    event: str,
    payload: Mapping[str, JsonValue],
    changes: dict[str, object] | None = None,
) -> Also:
    """What `log_change` writes, as INSERTs for the WITH of the statement that makes the change
    (`records.update_one(..., also=...)`): the record, its entry and its event in one round trip."""
    return repository.entry_with_event(
        *_logged_values(actor, kind, subject_type, subject_id, summary, event, payload, changes)
    )


def _logged_values(
    actor: Actor,
    kind: ActivityKind,
    subject_type: str,
    subject_id: uuid.UUID | None,
    summary: str | None,
    event: str,
    payload: Mapping[str, JsonValue],
    changes: dict[str, object] | None,
) -> tuple[dict[str, Any], dict[str, object]]:
    entry = _entry_values(actor.workspace_id, kind, subject_type, subject_id, summary, actor.user_id, changes=changes)
    row = outbox.row(workspace_id=actor.workspace_id, type=event, payload=payload, actor_user_id=actor.user_id)
    return entry, row


@dataclass(frozen=True, slots=True)
class Entry:
    """A timeline entry written by `record_many`."""

    kind: ActivityKind
    subject_type: str
    subject_id: uuid.UUID
    summary: str
    occurred_at: datetime
    actor_user_id: uuid.UUID | None = None
    body: str | None = None
    email_id: uuid.UUID | None = None
    file_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A domain event written by `record_many`."""

    type: str
    payload: Mapping[str, JsonValue]
    actor_user_id: uuid.UUID | None = None


async def record_many(
    session: AsyncSession, *, workspace_id: uuid.UUID, entries: Sequence[Entry], events: Sequence[Event]
) -> None:
    """Many timeline entries and domain events in one statement, whatever their number."""
    if not entries and not events:
        return
    # Each column as one array (the statement binds one parameter a column, whatever the number of rows).
    await repository.insert_activities_with_events(
        session,
        {
            "id": [new_id() for _ in entries],
            "occurred_at": [entry.occurred_at for entry in entries],
            "workspace_id": [workspace_id] * len(entries),
            "kind": [entry.kind.value for entry in entries],
            "actor_user_id": [entry.actor_user_id for entry in entries],
            "subject_type": [entry.subject_type for entry in entries],
            "subject_id": [entry.subject_id for entry in entries],
            "summary": [entry.summary for entry in entries],
            "body": [entry.body for entry in entries],
            "email_id": [entry.email_id for entry in entries],
            "file_id": [entry.file_id for entry in entries],
        },
        {
            "id": [new_id() for _ in events],
            "workspace_id": [workspace_id] * len(events),
            "type": [event.type for event in events],
            "actor_user_id": [event.actor_user_id for event in events],
            "payload": [event.payload for event in events],
        },
    )


def created_payload(record_id: uuid.UUID, source: str | None = None) -> dict[str, JsonValue]:
    """The payload of a `<record>.created` event, wherever the record comes from: its id, and the
    process that made it when it was not a person (`"source": "email"`)."""
    return {"id": str(record_id)} if source is None else {"id": str(record_id), "source": source}


@dataclass(frozen=True, slots=True)
class Created:
    """One record made by a bulk create. `summary` replaces "Created <type> <name>" on its timeline;
    `lacking` names the required custom fields it was created without."""

    subject_id: uuid.UUID
    name: str
    summary: str | None = None
    lacking: Sequence[str] = ()


async def log_creations(
    session: AsyncSession, actor: Principal, *, subject_type: str, created: Sequence[Created], source: str | None
) -> None:
    """What `log_change` writes for one created record, for many in one statement: a CREATED
    timeline entry and a `<subject_type>.created` event each (built as `record_many`'s columns directly:
    an import writes a hundred thousand)."""
    if not created:
        return
    count = len(created)
    summaries = []
    for record in created:
        summary = record.summary or f"Created {subject_type} {record.name}"
        if record.lacking:
            summary += f" (incomplete: no {', '.join(record.lacking)})"
        summaries.append(summary)
    subject_ids = [record.subject_id for record in created]
    workspace_ids, actors, nothing = [actor.workspace_id] * count, [actor.user_id] * count, [None] * count
    await repository.insert_activities_with_events(
        session,
        {
            "id": [new_id() for _ in range(count)],
            "occurred_at": [utcnow()] * count,
            "workspace_id": workspace_ids,
            "kind": [ActivityKind.CREATED.value] * count,
            "actor_user_id": actors,
            "subject_type": [subject_type] * count,
            "subject_id": subject_ids,
            "summary": summaries,
            "body": nothing,
            "email_id": nothing,
            "file_id": nothing,
        },
        {
            "id": [new_id() for _ in range(count)],
            "workspace_id": workspace_ids,
            "type": [f"{subject_type}.created"] * count,
            "actor_user_id": actors,
            "payload": [created_payload(subject_id, source) for subject_id in subject_ids],
        },
    )


class NoteData(InputModel):
    body: str = Field(min_length=1, max_length=20_000)


class TaskData(InputModel):
    body: str | None = Field(default=None, min_length=1, max_length=20_000)
    due_at: datetime | None = None
    assignee_id: uuid.UUID | None = None
    done: bool | None = None


def _one_line(text: str, limit: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


async def _subject_type(session: AsyncSession, actor: Actor, target_id: uuid.UUID) -> str:
    return found(
        await repository.find_subject_type(session, actor.workspace_id, target_id),
        "No contact, company or deal with this id in this workspace.",
    )


async def subject_type_of(session: AsyncSession, actor: Actor, *, target_id: uuid.UUID) -> str:
    """ "contact", "company" or "deal" for a live record of the actor's workspace, else NOT_FOUND."""
    return await _subject_type(session, actor, target_id)


def file_summary(filename: str) -> str:
    """A FILE entry's summary."""
    return f"File: {_one_line(filename)}"


async def add_file_entry(
    session: AsyncSession, actor: Actor, *, target_id: uuid.UUID, file_id: uuid.UUID, filename: str
) -> Activity:
    """The FILE entry on a record's timeline when a file is attached to it, and its `file.attached` event."""
    subject_type = await _subject_type(session, actor, target_id)
    return await _insert_with_event(
        session,
        actor,
        kind=ActivityKind.FILE,
        subject_type=subject_type,
        target_id=target_id,
        summary=file_summary(filename),
        event="file.attached",
        event_id=file_id,
        columns={"file_id": file_id},
    )


async def _check_assignee(session: AsyncSession, actor: Actor, assignee_id: uuid.UUID | None) -> None:
    if assignee_id is not None and not await records.is_member(session, actor.workspace_id, assignee_id):
        raise NotFound("No member with this id in this workspace (assigneeId).")


async def add_note(session: AsyncSession, actor: Actor, *, target_id: uuid.UUID, data: NoteData) -> Activity:
    actor.require(Role.MEMBER)
    mentions = await _mentions(session, actor, data.body, path=("body",))
    subject_type = await _subject_type(session, actor, target_id)
    return await _add_entry(
        session,
        actor,
        kind=ActivityKind.NOTE,
        subject_type=subject_type,
        target_id=target_id,
        body=data.body,
        mentioned_member_ids=mentions,
    )


async def add_task(session: AsyncSession, actor: Actor, *, target_id: uuid.UUID, data: TaskData) -> Activity:
    """A task on a record, assigned to the author unless told otherwise."""
    actor.require(Role.MEMBER)
    if not data.body:
        raise BadUserInput("A task needs a description.", field_errors={("body",): "required"})
    subject_type = await _subject_type(session, actor, target_id)
    assignee_id = data.assignee_id if "assignee_id" in data.model_fields_set else actor.member_id
    await _check_assignee(session, actor, assignee_id)
    return await _add_entry(
        session,
        actor,
        kind=ActivityKind.TASK,
        subject_type=subject_type,
        target_id=target_id,
        body=data.body,
        due_at=data.due_at,
        assignee_id=assignee_id,
    )


async def _add_entry(
    session: AsyncSession,
    actor: Actor,
    *,
    kind: ActivityKind,
    subject_type: str,
    target_id: uuid.UUID,
    body: str,
    **columns: object,
) -> Activity:
    """A note or task on a record (`columns` add to its row), and its `note.added` or `task.added` event."""
    noun = "note" if kind is ActivityKind.NOTE else "task"
    return await _insert_with_event(
        session,
        actor,
        kind=kind,
        subject_type=subject_type,
        target_id=target_id,
        summary=f"{noun.capitalize()}: {_one_line(plain_text(body))}",
        event=f"{noun}.added",
        columns={"body": body, **columns},
    )


async def _insert_with_event(
    session: AsyncSession,
    actor: Actor,
    *,
    kind: ActivityKind,
    subject_type: str,
    target_id: uuid.UUID,
    summary: str,
    event: str,
    event_id: uuid.UUID | None = None,
    extra: Mapping[str, JsonValue] | None = None,
    columns: Mapping[str, object],
) -> Activity:
    """One timeline entry by `actor` on a record (`columns` add to its row) and its `event`, whose
    payload's id is `event_id` (default: the entry's)."""
    entry = await repository.insert_activity(
        session,
        {
            "id": new_id(),
            "workspace_id": actor.workspace_id,
            "kind": kind,
            "subject_type": subject_type,
            "subject_id": target_id,
            "summary": summary,
            "actor_user_id": actor.user_id,
            **columns,
        },
    )
    await emit(
        session,
        actor,
        type=event,
        payload={
            "id": str(event_id or entry.id),
            "subjectType": subject_type,
            "subjectId": str(target_id),
            **(extra or {}),
        },
    )
    return entry


async def update_task(session: AsyncSession, actor: Actor, *, task_id: uuid.UUID, data: TaskData) -> Activity:
    actor.require(Role.MEMBER)
    task = await repository.get_of_kind(session, actor.workspace_id, task_id, ActivityKind.TASK)
    if task is None:
        raise NotFound("No task with this id in this workspace.")
    values: dict[str, object] = {}
    if data.body is not None:
        values |= {"body": data.body, "summary": f"Task: {_one_line(data.body)}"}
    if "due_at" in data.model_fields_set:
        values["due_at"] = data.due_at
    if "assignee_id" in data.model_fields_set:
        await _check_assignee(session, actor, data.assignee_id)
        values["assignee_id"] = data.assignee_id
    if data.done is not None and data.done != (task.done_at is not None):
        values["done_at"] = func.now() if data.done else None
    if not values:
        return task
    previous_assignee = task.assignee_id
    updated = await repository.update_activity(session, task, values)
    if data.done and "done_at" in values:
        await repository.touch_task_done(session, updated)
    if values.get("assignee_id") is not None and values["assignee_id"] != previous_assignee:
        await emit(
            session,
            actor,
            type="task.assigned",
            payload={"id": str(task.id), "subjectId": str(task.subject_id), "assigneeId": str(values["assignee_id"])},
        )
    if "done_at" in values:
        await emit(
            session,
            actor,
            type="task.completed" if data.done else "task.reopened",
            payload={"id": str(task.id), "subjectId": str(task.subject_id)},
        )
    return updated


async def get_task_row(session: AsyncSession, *, workspace_id: uuid.UUID, task_id: uuid.UUID) -> Activity | None:
    """A task as it is now, for Rapport's own processes (notifications): no member's permission applies."""
    return await repository.get_of_kind(session, workspace_id, task_id, ActivityKind.TASK)


async def open_tasks_due(
    session: AsyncSession, *, after: datetime, through: datetime, limit: int
) -> Sequence[Activity]:
    """Open, assigned tasks of every workspace (a system-scoped session) falling due in (after, through]."""
    return await repository.list_open_tasks_due(session, after=after, through=through, limit=limit)


async def meetings_to_remind(
    session: AsyncSession, *, after: datetime, through: datetime, limit: int
) -> Sequence[Activity]:
    """Meetings of every workspace starting in (after, through] that no reminder went out for yet, soonest
    first (the reminders' schedule; a system-scoped session)."""
    return await repository.list_meetings_to_remind(session, after=after, through=through, limit=limit)


async def mark_reminded(session: AsyncSession, *, workspace_id: uuid.UUID, meetings: Sequence[Activity]) -> None:
    """The reminders of these meetings of the workspace (a session scoped to it) went out, for their start."""
    await repository.mark_reminded(
        session, workspace_id, [(meeting.id, meeting.occurred_at) for meeting in meetings], utcnow()
    )


async def list_tasks(
    session: AsyncSession,
    actor: Actor,
    *,
    first: int,
    after: str | None,
    assignee_id: uuid.UUID | None,
    done: bool | None,
    due_before: datetime | None = None,
    due_after: datetime | None = None,
    target_id: uuid.UUID | None = None,
) -> Page[Activity]:
    """Tasks by due date (undated last, so the overdue come first), then newest; `due_before` and
    `due_after` bound the due date ([after, before)), `target_id` names the record."""
    if due_before is not None and due_after is not None and due_after >= due_before:
        raise BadUserInput(
            "The due dates hold no time.", field_errors={("filter", "dueAfter"): "Choose a time before dueBefore"}
        )
    return await fetch_page(
        session,
        repository.tasks_query(
            actor.workspace_id,
            assignee_id=assignee_id,
            done=done,
            due_before=due_before,
            due_after=due_after,
            target_id=target_id,
        ),
        id_column=Activity.id,
        keys=[SortKey.timestamp(Activity.due_at, Direction.ASC_NULLS_LAST)],
        first=first,
        after=after,
    )


async def set_deleted(
    session: AsyncSession, actor: Actor, model: type[R], record: R, *, subject_type: str, label: str, deleted: bool
) -> R:
    """Soft-deletes or restores a record, with its timeline entry and event."""
    verb = "deleted" if deleted else "restored"
    entry_and_event = logged(
        actor,
        kind=ActivityKind.DELETED if deleted else ActivityKind.RESTORED,
        subject_type=subject_type,
        subject_id=record.id,
        summary=f"{verb.capitalize()} {subject_type} {label}",
        event=f"{subject_type}.{verb}",
        payload={"id": str(record.id)},
    )
    return await records.set_deleted(session, model, record, deleted=deleted, also=entry_and_event)


@dataclass(frozen=True)
class Records(Generic[R]):
    """One record table's lookup and trash, as its service offers them: `get`, `delete` (a live record
    to the trash) and `restore` (a deleted one back, after `restore_check`), each with its timeline
    entry and event. `subject_type` names the record in errors, the timeline and events."""

    model: type[R]
    subject_type: str
    label: Callable[[R], str]
    restore_check: Callable[[AsyncSession, Actor, R], Awaitable[None]] | None = None

    async def get(self, session: AsyncSession, actor: Actor, *, id: uuid.UUID, for_update: bool = False) -> R:
        """The live record, or NOT_FOUND."""
        return await records.get_live(
            session, self.model, actor.workspace_id, id, noun=self.subject_type, for_update=for_update
        )

    async def delete(self, session: AsyncSession, actor: Actor, *, id: uuid.UUID) -> bool:
        """A member moves a live record to the trash (NOT_FOUND if none)."""
        actor.require(Role.MEMBER)
        record = await self.get(session, actor, id=id, for_update=True)
        await self._set_deleted(session, actor, record, deleted=True)
        return True

    async def restore(self, session: AsyncSession, actor: Actor, *, id: uuid.UUID) -> R:
        """A member restores a deleted record; a live one is answered as it is. A merged one is brought back
        by undoing its merge (CONFLICT here): restored alone, it would come back empty (what it had stays on
        the record it was merged into) and its merge could no longer be undone."""
        actor.require(Role.MEMBER)
        record = await records.get(session, self.model, actor.workspace_id, id, deleted=True, for_update=True)
        if record is None:
            return await self.get(session, actor, id=id)
        if await merged_into(session, actor, subject_id=id) is not None:
            raise Conflict(
                f"This {self.subject_type} was merged into another; undo the merge (undoMerge) to bring it back."
            )
        return await self._restore(session, actor, record)

    async def _restore(self, session: AsyncSession, actor: Actor, record: R) -> R:
        if self.restore_check is not None:
            await self.restore_check(session, actor, record)
        return await self._set_deleted(session, actor, record, deleted=False)

    async def lock(self, session: AsyncSession, actor: Actor, *, id: uuid.UUID) -> None:
        """Locks the record's row, live or deleted, to the end of the transaction (NOT_FOUND if none): a
        merge and its undo lock their records so that two of them on the same records wait for each other."""
        if not await records.lock_any(session, self.model, actor.workspace_id, id):
            raise NotFound(f"No {self.subject_type} with this id in this workspace.")

    async def new_values(self, session: AsyncSession, actor: Actor, values: dict[str, Any]) -> dict[str, Any]:
        """A new record's column `values` with its owner (the actor's member unless given), once the
        records and members they refer to are found in the workspace (else NOT_FOUND)."""
        values.setdefault("owner_id", actor.member_id)
        await records.check_references(session, actor.workspace_id, values)
        return values

    async def insert(
        self,
        session: AsyncSession,
        actor: Actor,
        values: dict[str, Any],
        *,
        custom_fields: Mapping[str, Any] | None,
        path: Path,
    ) -> R:
        """Writes a new record of the actor's workspace from its column `values` and the input's
        `custom_fields` (checked as `custom_fields_of_new` does), with its CREATED entry ("Created <type>
        <label>") and event."""
        custom = await self.custom_fields_of_new(session, actor, custom_fields, path=path)
        record_id = new_id()
        entry, event = _logged_values(
            actor,
            ActivityKind.CREATED,
            self.subject_type,
            None,
            None,
            f"{self.subject_type}.created",
            created_payload(record_id),
            None,
        )
        # One statement: the row, and its entry whose summary ends with the name as stored (`label`).
        return await records.insert_one(
            session,
            self.model,
            {"id": record_id, "workspace_id": actor.workspace_id, **values, "custom_fields": custom},
            also=repository.created_entry_with_event(entry, f"Created {self.subject_type} ", event),
        )

    async def insert_many(
        self,
        session: AsyncSession,
        actor: Principal,
        items: Sequence[New[CustomT]],
        rows: Sequence[dict[str, Any]],
        *,
        notes: Mapping[uuid.UUID, tuple[str | None, list[str]]],
        source: str | None,
        skip_conflicts: Any = None,
    ) -> list[Written[CustomT]]:
        """`insert` for many: the `rows` that `new_rows` made of `items` (in their order) in one statement,
        and their CREATED entries and events in another; `notes` gives each row's timeline summary (None:
        "Created <type> <name>") and the required custom fields it lacks. Answers the records written, in
        order; with `skip_conflicts` (as in `records.insert_rows`), those it skipped are left out.
        Only ids and names are read back: the rest of a record is its input."""
        inserted = await records.insert_rows(
            session, self.model, rows, returning=("id", "name"), skip_conflicts=skip_conflicts
        )
        names: dict[uuid.UUID, str] = {row[0]: row[1] for row in inserted}
        written = [
            Written(row["id"], names[row["id"]], item.data)
            for item, row in zip(items, rows, strict=True)
            if row["id"] in names
        ]
        await log_creations(
            session,
            actor,
            subject_type=self.subject_type,
            created=[Created(record.id, record.name, *notes[record.id]) for record in written],
            source=source,
        )
        return written

    def require_name(self, name: str | None, path: Path) -> None:
        """A company or deal needs a name (BAD_USER_INPUT on the input's `name` at `path`)."""
        if not name:
            raise BadUserInput(f"A {self.subject_type} needs a name.", field_errors={(*path, "name"): "required"})

    @property
    def object_type(self) -> ObjectType:
        """The records' kind of custom fields."""
        return ObjectType(self.subject_type.upper())

    def bulk_kind(
        self,
        *,
        columns: Iterable[str],
        query: Callable[..., Awaitable[tuple[Select[R], list[SortKey]]]],
        update: Callable[..., Awaitable[R]],
        data_of: bulk.DataOf,
        together: tuple[tuple[str, ...], ...] = (),
    ) -> bulk.BulkKind:
        """The bulk changes of these records (the service's `BULK`): this lookup and trash, with the
        service's list `query`, its `update` and the update `columns` an undo gives back."""
        return bulk.BulkKind(
            object_type=self.object_type,
            noun=self.subject_type,
            id_column=self.model.id,
            columns=tuple(columns),
            query=query,
            get=self.get,
            update=update,
            delete=self.delete,
            restore=self.restore,
            data_of=data_of,
            together=together,
        )

    async def custom_fields_of_new(
        self, session: AsyncSession, actor: Actor, values: Mapping[str, Any] | None, *, path: Path
    ) -> dict[str, Any]:
        """A new record's custom fields from the input's `values` (BAD_USER_INPUT naming what is wrong)."""
        definitions = await customfield_service.definitions_by_key(session, actor, self.object_type)
        return customfield_service.validate_values(definitions, values, current=None, path=(*path, "customFields"))

    async def new_rows(
        self,
        session: AsyncSession,
        actor: Principal,
        items: Sequence[New[CustomT]],
        *,
        columns: Callable[[CustomT, Path], dict[str, Any]],
        fields: Iterable[str],
        allow_incomplete: bool,
    ) -> tuple[list[dict[str, Any]], dict[uuid.UUID, tuple[str | None, list[str]]]]:
        """The rows of a bulk create for `insert_many`, and their notes. `columns` answers an input's column
        values (or refuses it); each row has every column of `fields`, its id, workspace, owner (the actor's
        member unless given) and custom fields, and its references are checked."""
        definitions = await customfield_service.definitions_by_key(session, actor, self.object_type)
        rows: list[dict[str, Any]] = []
        notes: dict[uuid.UUID, tuple[str | None, list[str]]] = {}
        for index, item in enumerate(items):
            path: Path = ("input", index)
            given = columns(item.data, path)
            custom, lacking = customfield_service.validate_new(
                definitions, item.data.custom_fields, path=(*path, "customFields"), allow_incomplete=allow_incomplete
            )
            row = {field: given.get(field) for field in fields} | {
                "id": new_id(),
                "workspace_id": actor.workspace_id,
                "owner_id": given.get("owner_id", actor.member_id),
                "custom_fields": custom,
            }
            notes[row["id"]] = (item.summary, lacking)
            rows.append(row)
        await records.check_references_many(session, actor.workspace_id, rows)
        return rows, notes

    async def for_update(self, session: AsyncSession, actor: Actor, *, id: uuid.UUID) -> R:
        """A member's live record to change, locked to the end of the transaction (NOT_FOUND if none)."""
        actor.require(Role.MEMBER)
        return await self.get(session, actor, id=id, for_update=True)

    async def update(
        self,
        session: AsyncSession,
        actor: Actor,
        record: R,
        values: dict[str, Any],
        data: customfield_service.CustomFieldsInput,
        *,
        fields: Mapping[str, str],
    ) -> R:
        """Writes an update's column `values` and the custom fields `data` gives, with the UPDATED entry
        of `update_with_diff`."""
        await customfield_service.update_values(
            session, actor, self.object_type, values, data, current=record.custom_fields, path=("input", "customFields")
        )
        return await update_with_diff(
            session, actor, self.model, record, values, subject_type=self.subject_type, fields=fields
        )

    async def merge(
        self,
        session: AsyncSession,
        actor: Actor,
        primary: R,
        duplicates: Sequence[R],
        *,
        fields: Mapping[str, str],
        scalars: Sequence[str],
        lists: Mapping[str, int],
        undo: Mapping[uuid.UUID, dict[str, Any]],
    ) -> R:
        """A member merges `duplicates` into `primary` (see `merge_into`)."""
        actor.require(Role.MEMBER)
        return await merge_into(
            session,
            actor,
            self.model,
            primary,
            duplicates,
            subject_type=self.subject_type,
            fields=fields,
            scalars=scalars,
            lists=lists,
            label=self.label,
            undo=undo,
        )

    async def unmerge(
        self,
        session: AsyncSession,
        actor: Actor,
        *,
        id: uuid.UUID,
        undo: Mapping[str, Any],
        fields: Mapping[str, str],
        keep: Callable[[R, dict[str, Any]], dict[str, Any]] | None = None,
    ) -> R:
        """A member undoes a merge: the merged record `id` restored as it was (a merge never changes it),
        and what it gave the primary taken back from the primary where the primary still holds it
        unchanged (`taken_back`; `keep` may leave the primary some of that)."""
        actor.require(Role.MEMBER)
        merged = await records.get(session, self.model, actor.workspace_id, id, deleted=True, for_update=True)
        if merged is None:
            raise NotFound(f"No merged {self.subject_type} with this id in this workspace.")
        # The primary gives back first, then the merged record returns: a value unique among live records (a
        # company's domain) passes back to it.
        primary = await records.get(session, self.model, actor.workspace_id, uuid.UUID(undo["into"]), for_update=True)
        if primary is not None:
            values = taken_back(primary, undo)
            if keep is not None:
                values = keep(primary, values)
            await update_with_diff(
                session, actor, self.model, primary, values, subject_type=self.subject_type, fields=fields
            )
        return await self._restore(session, actor, merged)

    async def _set_deleted(self, session: AsyncSession, actor: Actor, record: R, *, deleted: bool) -> R:
        return await set_deleted(
            session,
            actor,
            self.model,
            record,
            subject_type=self.subject_type,
            label=self.label(record),
            deleted=deleted,
        )


async def update_with_diff(
    session: AsyncSession,
    actor: Actor,
    model: type[R],
    record: R,
    values: dict[str, Any],
    *,
    subject_type: str,
    fields: Mapping[str, str],
) -> R:
    """Writes `values` (column → value) and an UPDATED entry with `{field: {from, to}}` in GraphQL
    names (`fields` maps columns to them); writes nothing when nothing changes."""
    before = {name: plain(getattr(record, column)) for column, name in fields.items()}
    before["customFields"] = dict(record.custom_fields)
    after = before | {fields.get(column, "customFields"): plain(value) for column, value in values.items()}
    changes = diff(before, after)
    if not changes:
        return record
    entry_and_event = logged(
        actor,
        kind=ActivityKind.UPDATED,
        subject_type=subject_type,
        subject_id=record.id,
        summary=f"Updated {', '.join(changes)}",
        event=f"{subject_type}.updated",
        payload={"id": str(record.id), "changed": list(changes)},
        changes=changes,
    )
    return await records.update_one(session, model, record, values, also=entry_and_event)


async def entries_of_event(
    session: AsyncSession,
    actor: Actor,
    *,
    subject_id: uuid.UUID,
    activity_id: uuid.UUID | None = None,
    email_id: uuid.UUID | None = None,
    written_at: datetime | None = None,
) -> Sequence[Activity]:
    """What one domain event added to the timeline of `subject_id` (for `timelineAdded`)."""
    return await repository.list_for_event(
        session,
        workspace_id=actor.workspace_id,
        subject_id=subject_id,
        activity_id=activity_id,
        email_id=email_id,
        written_at=written_at,
    )


async def move_timeline(
    session: AsyncSession,
    actor: Actor,
    *,
    from_id: uuid.UUID,
    to_id: uuid.UUID,
    only: Sequence[str] | None = None,
) -> list[str]:
    """A merge moves a record's timeline (changes, notes, tasks, emails) onto the record it merges
    into; its undo moves `only` the entries moved back. Answers the ids of the entries moved."""
    actor.require(Role.MEMBER)
    return await repository.move_subject(session, actor.workspace_id, from_id=from_id, to_id=to_id, ids=only)


async def merged_into(session: AsyncSession, actor: Actor, *, subject_id: uuid.UUID) -> Activity | None:
    """The MERGED entry of a record that is merged into another now (not restored or deleted since), the
    one holding its undo; else None (a primary's own "merged … into this one" entry is not one)."""
    entry = await repository.last_lifecycle_entry(session, actor.workspace_id, subject_id)
    return entry if entry is not None and entry.kind is ActivityKind.MERGED and entry.changes is not None else None


async def mark_merged(
    session: AsyncSession,
    actor: Actor,
    model: type[R],
    record: R,
    *,
    into: R,
    subject_type: str,
    label: str,
    into_label: str,
    undo: dict[str, object],
) -> R:
    """Soft-deletes a record merged into `into`: a MERGED entry on each (the merged one's holds `undo`,
    what its undo needs) and a `<subject_type>.merged` event."""
    record = await records.set_deleted(session, model, record, deleted=True)
    await log_change(
        session,
        actor,
        kind=ActivityKind.MERGED,
        subject_type=subject_type,
        subject_id=record.id,
        summary=f"Merged {subject_type} {label} into {into_label}",
        event=f"{subject_type}.merged",
        payload={"id": str(record.id), "into": str(into.id)},
        changes={"into": str(into.id), **undo},
    )
    await record_entry(
        session,
        actor,
        kind=ActivityKind.MERGED,
        subject_type=subject_type,
        subject_id=into.id,
        summary=f"Merged {subject_type} {label} into this one",
    )
    return record


async def merge_into(
    session: AsyncSession,
    actor: Actor,
    model: type[R],
    primary: R,
    duplicates: Sequence[R],
    *,
    subject_type: str,
    fields: Mapping[str, str],
    scalars: Sequence[str],
    lists: Mapping[str, int],
    label: Callable[[R], str],
    undo: Mapping[uuid.UUID, dict[str, Any]],
) -> R:
    """The shared side of a merge: the primary's blank `scalars` and custom fields filled from the
    duplicates (the primary wins), its `lists` united; the duplicates marked merged, each MERGED entry
    keeping its `undo` part and what it gave ("filled", "customFields", and "added" when `lists`)."""
    columns = (*scalars, *lists)
    values, custom, taken = merging.merge_values(
        {column: getattr(primary, column) for column in columns},
        primary.custom_fields,
        [(d.id, {c: getattr(d, c) for c in columns}, d.custom_fields) for d in duplicates],
        scalars=scalars,
        lists=lists,
    )
    if custom != primary.custom_fields:
        values["custom_fields"] = custom
    # The duplicates leave first, then the primary is filled: a value unique among live records (a
    # company's domain) can pass to it.
    for duplicate in duplicates:
        given = taken[duplicate.id]
        added: dict[str, object] = {"added": given.added} if lists else {}
        await mark_merged(
            session,
            actor,
            model,
            duplicate,
            into=primary,
            subject_type=subject_type,
            label=label(duplicate),
            into_label=label(primary),
            undo={
                **undo[duplicate.id],
                "filled": {column: plain(value) for column, value in given.filled.items()},
                "customFields": given.custom_fields,
                **added,
            },
        )
    return await update_with_diff(session, actor, model, primary, values, subject_type=subject_type, fields=fields)


def taken_back(primary: R, undo: Mapping[str, Any]) -> dict[str, Any]:
    """The column values that take back from `primary` what a merged record gave it (see
    `merge_into`), where the primary still holds that value unchanged."""
    values: dict[str, Any] = {
        column: None for column, value in undo.get("filled", {}).items() if plain(getattr(primary, column)) == value
    }
    for column, items in undo.get("added", {}).items():
        kept = [item for item in getattr(primary, column) if item not in items]
        if kept != getattr(primary, column):
            values[column] = kept
    custom = {
        key: value
        for key, value in primary.custom_fields.items()
        if key not in undo.get("customFields", {}) or undo["customFields"][key] != value
    }
    if custom != primary.custom_fields:
        values["custom_fields"] = custom
    return values


async def record_entry(
    session: AsyncSession,
    actor: Actor,
    *,
    kind: ActivityKind,
    subject_type: str,
    subject_id: uuid.UUID,
    summary: str,
    changes: dict[str, object] | None = None,
) -> None:
    """One timeline entry by `actor` (no event)."""
    await record(
        session,
        workspace_id=actor.workspace_id,
        kind=kind,
        subject_type=subject_type,
        subject_id=subject_id,
        summary=summary,
        actor_user_id=actor.user_id,
        changes=changes,
    )


# ---- a rep's daily work: calls, meetings, notes that are edited and mention members ----

MAX_ATTENDEES = 50
MAX_MENTIONS = 20
MAX_AGENDA = 100
# A call is logged once it happened: a little clock skew is forgiven.
CALL_CLOCK_SKEW = timedelta(minutes=5)
MEETING_RANGE = timedelta(days=5 * 366)
# `@[Ada Lovelace](mention:<member id>)`: what the web app writes when a member is picked after "@".
MENTION = re.compile(r"@\[([^\[\]\n]{1,200})\]\(mention:([0-9a-fA-F-]{36})\)")


class CallData(InputModel):
    occurred_at: datetime | None = None
    duration_seconds: int | None = Field(default=None, ge=0, le=86_400)
    outcome: CallOutcome
    notes: str | None = Field(default=None, max_length=20_000)


class MeetingData(InputModel):
    starts_at: datetime
    ends_at: datetime | None = None
    title: str = Field(min_length=1, max_length=300)
    attendee_contact_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_ATTENDEES)
    attendee_member_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_ATTENDEES)
    notes: str | None = Field(default=None, max_length=20_000)


_OUTCOME_WORDS = {
    CallOutcome.CONNECTED: "connected",
    CallOutcome.LEFT_VOICEMAIL: "left a voicemail",
    CallOutcome.NO_ANSWER: "no answer",
    CallOutcome.WRONG_NUMBER: "wrong number",
    CallOutcome.BUSY: "busy",
}


def _duration(seconds: int | None) -> str:
    if not seconds:
        return ""
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return f", {minutes} min {rest} s"
    return f", {minutes} min" if minutes else f", {rest} s"


def _blank(text: str | None) -> str | None:
    return text if text else None


@dataclass(frozen=True, slots=True)
class _Written:
    """What a call's or meeting's data writes: its timeline summary, its row's columns and what its
    events' payloads add."""

    summary: str
    columns: dict[str, object]
    extra: dict[str, JsonValue]


async def _call_written(
    session: AsyncSession, actor: Actor, data: CallData, *, kept: Activity | None = None
) -> _Written:
    """A call's columns (`kept`, its row as it was, changes nothing for a call)."""
    now = utcnow()
    occurred_at = data.occurred_at or now
    if occurred_at > now + CALL_CLOCK_SKEW:
        raise BadUserInput(
            "A call is logged once it happened.", field_errors={("input", "occurredAt"): "Choose a time in the past"}
        )
    if occurred_at < now - MEETING_RANGE:
        raise BadUserInput(
            "The call is too long ago.", field_errors={("input", "occurredAt"): "Choose a time in the last five years"}
        )
    mentions = await _mentions(session, actor, data.notes, path=("input", "notes"))
    return _Written(
        summary=f"Call: {_OUTCOME_WORDS[data.outcome]}{_duration(data.duration_seconds)}",
        columns={
            "occurred_at": occurred_at,
            "call_outcome": data.outcome.value,
            "duration_seconds": data.duration_seconds,
            "body": _blank(data.notes),
            "mentioned_member_ids": mentions,
        },
        extra={},
    )


async def _meeting_written(
    session: AsyncSession, actor: Actor, data: MeetingData, *, kept: Activity | None = None
) -> _Written:
    """A meeting's columns; the attendees `kept` from its row as it was need not be live any more."""
    now = utcnow()
    if not now - MEETING_RANGE <= data.starts_at <= now + MEETING_RANGE:
        raise BadUserInput(
            "The meeting is too far away.", field_errors={("input", "startsAt"): "Choose a time within five years"}
        )
    if data.ends_at is not None and data.ends_at < data.starts_at:
        raise BadUserInput(
            "A meeting ends after it starts.", field_errors={("input", "endsAt"): "Choose a time after the start"}
        )
    contact_ids = list(dict.fromkeys(data.attendee_contact_ids))
    member_ids = list(dict.fromkeys(data.attendee_member_ids))
    new_contacts = [i for i in contact_ids if kept is None or i not in (kept.attendee_contact_ids or [])]
    new_members = [i for i in member_ids if kept is None or i not in (kept.attendee_member_ids or [])]
    if len(await records.live_ids(session, Contact, actor.workspace_id, new_contacts)) != len(new_contacts):
        raise NotFound("No contact with this id in this workspace (attendeeContactIds).")
    if len(await records.member_ids(session, actor.workspace_id, new_members)) != len(new_members):
        raise NotFound("No member with this id in this workspace (attendeeMemberIds).")
    mentions = await _mentions(session, actor, data.notes, path=("input", "notes"))
    # Moved to another start: its reminder goes out again before the new one.
    moved: dict[str, object] = {"reminded_at": None} if kept is not None and kept.occurred_at != data.starts_at else {}
    return _Written(
        summary=f"Meeting: {_one_line(data.title)}",
        columns={
            **moved,
            "occurred_at": data.starts_at,
            "ends_at": data.ends_at,
            "title": data.title,
            "attendee_contact_ids": contact_ids,
            "attendee_member_ids": member_ids,
            "body": _blank(data.notes),
            "mentioned_member_ids": mentions,
        },
        extra={"attendeeContactIds": [str(i) for i in contact_ids]},
    )


@dataclass(frozen=True, slots=True)
class _Loggable:
    """A kind of entry logged from input data (a call, a meeting): its data model, what the data writes
    (`written(session, actor, data, kept=row as it was)`) and its row as the fields of its data."""

    model: type[InputModel]
    written: Callable[..., Awaitable[_Written]]
    as_data: Callable[[Activity], dict[str, object]]


def _call_data(call: Activity) -> dict[str, object]:
    return {
        "occurred_at": call.occurred_at,
        "duration_seconds": call.duration_seconds,
        "outcome": call.call_outcome,
        "notes": call.body,
    }


def _meeting_data(meeting: Activity) -> dict[str, object]:
    return {
        "starts_at": meeting.occurred_at,
        "ends_at": meeting.ends_at,
        "title": meeting.title,
        "attendee_contact_ids": list(meeting.attendee_contact_ids or []),
        "attendee_member_ids": list(meeting.attendee_member_ids or []),
        "notes": meeting.body,
    }


_LOGGABLE = {
    ActivityKind.CALL: _Loggable(CallData, _call_written, _call_data),
    ActivityKind.MEETING: _Loggable(MeetingData, _meeting_written, _meeting_data),
}


async def _log(
    session: AsyncSession, actor: Actor, *, kind: ActivityKind, target_id: uuid.UUID, data: CallData | MeetingData
) -> Activity:
    """A logged call or meeting on a record, and its `<noun>.added` event."""
    actor.require(Role.MEMBER)
    written = await _LOGGABLE[kind].written(session, actor, data)
    subject_type = await _subject_type(session, actor, target_id)
    return await _insert_with_event(
        session,
        actor,
        kind=kind,
        subject_type=subject_type,
        target_id=target_id,
        summary=written.summary,
        event=f"{_NOUNS[kind]}.added",
        extra=written.extra,
        columns=written.columns,
    )


async def _update_logged(
    session: AsyncSession, actor: Actor, entry_id: uuid.UUID, kind: ActivityKind, changes: Mapping[str, object]
) -> Activity:
    """The author (or an admin) changes a logged call or meeting: the fields in `changes` (those of its
    data model), the others as they are; `<noun>.updated`."""
    loggable = _LOGGABLE[kind]
    entry = await _editable(session, actor, entry_id, kind)
    data = validate(loggable.model, {**loggable.as_data(entry), **changes}, path=("input",))
    return await _rewrite(session, actor, entry, await loggable.written(session, actor, data, kept=entry))


async def _delete_editable(session: AsyncSession, actor: Actor, entry_id: uuid.UUID, kind: ActivityKind) -> bool:
    """The author (or an admin) deletes a note, call or meeting for good: `<noun>.deleted`."""
    return await _delete(session, actor, await _editable(session, actor, entry_id, kind))


async def log_call(session: AsyncSession, actor: Actor, *, target_id: uuid.UUID, data: CallData) -> Activity:
    """A call with a contact, company or deal: a CALL entry on its timeline (rolled up to a contact's
    company) and a `call.added` event."""
    return await _log(session, actor, kind=ActivityKind.CALL, target_id=target_id, data=data)


async def log_meeting(session: AsyncSession, actor: Actor, *, target_id: uuid.UUID, data: MeetingData) -> Activity:
    """A meeting about a contact, company or deal (past or planned): a MEETING entry on its timeline and
    on each attending contact's, and a `meeting.added` event. A planned one is in its members' agendas."""
    return await _log(session, actor, kind=ActivityKind.MEETING, target_id=target_id, data=data)


async def update_call(
    session: AsyncSession, actor: Actor, *, call_id: uuid.UUID, changes: Mapping[str, object]
) -> Activity:
    """The author (or an admin) changes a logged call (`changes`: fields of `CallData`): `call.updated`."""
    return await _update_logged(session, actor, call_id, ActivityKind.CALL, changes)


async def update_meeting(
    session: AsyncSession, actor: Actor, *, meeting_id: uuid.UUID, changes: Mapping[str, object]
) -> Activity:
    """The author (or an admin) changes a meeting (`changes`: fields of `MeetingData`): `meeting.updated`.
    Moved into the future it joins its members' agendas, into the past it leaves them; the contacts it no
    longer has lose it from their timelines."""
    return await _update_logged(session, actor, meeting_id, ActivityKind.MEETING, changes)


async def delete_call(session: AsyncSession, actor: Actor, *, call_id: uuid.UUID) -> bool:
    """The author (or an admin) deletes a logged call for good: `call.deleted`."""
    return await _delete_editable(session, actor, call_id, ActivityKind.CALL)


async def delete_meeting(session: AsyncSession, actor: Actor, *, meeting_id: uuid.UUID) -> bool:
    """The author (or an admin) deletes a meeting for good: `meeting.deleted`."""
    return await _delete_editable(session, actor, meeting_id, ActivityKind.MEETING)


def _entry_payload(entry: Activity, *, attendees: Iterable[uuid.UUID] = ()) -> dict[str, JsonValue]:
    """The payload of a note's, call's or meeting's `.updated` / `.deleted` event: the entry, its record
    and, for a meeting, the attending contacts whose timelines show (or showed) it."""
    payload: dict[str, JsonValue] = {
        "id": str(entry.id),
        "subjectType": entry.subject_type,
        "subjectId": str(entry.subject_id),
    }
    if entry.kind is ActivityKind.MEETING:
        contacts = dict.fromkeys([*(entry.attendee_contact_ids or []), *attendees])
        payload["attendeeContactIds"] = [str(i) for i in contacts]
    return payload


async def _rewrite(session: AsyncSession, actor: Actor, entry: Activity, written: _Written) -> Activity:
    """A call or meeting rewritten as `written` says (nothing when nothing changes) and its event."""
    if all(getattr(entry, column) == value for column, value in written.columns.items()) and (
        entry.summary == written.summary
    ):
        return entry
    before = list(entry.attendee_contact_ids or [])
    updated = await repository.update_activity(
        session, entry, {**written.columns, "summary": written.summary, "edited_at": func.now()}
    )
    await emit(session, actor, type=f"{_NOUNS[entry.kind]}.updated", payload=_entry_payload(updated, attendees=before))
    return updated


async def _delete(session: AsyncSession, actor: Actor, entry: Activity) -> bool:
    await repository.delete_activity(session, entry)
    await emit(session, actor, type=f"{_NOUNS[entry.kind]}.deleted", payload=_entry_payload(entry))
    return True


async def _mentions(session: AsyncSession, actor: Actor, text: str | None, *, path: tuple[str, ...]) -> list[uuid.UUID]:
    """The members a text mentions (`@[Name](mention:<member id>)`), each a member of the workspace."""
    ids: list[uuid.UUID] = []
    for match in MENTION.finditer(text or ""):
        try:
            ids.append(uuid.UUID(match.group(2)))
        except ValueError:
            raise BadUserInput(
                "A mention names no member.", field_errors={path: "Mention a member of this workspace"}
            ) from None
    ids = list(dict.fromkeys(ids))
    if len(ids) > MAX_MENTIONS:
        raise BadUserInput("Too many mentions.", field_errors={path: f"Mention at most {MAX_MENTIONS} members"})
    if len(await records.member_ids(session, actor.workspace_id, ids)) != len(ids):
        raise BadUserInput("A mention names no member.", field_errors={path: "Mention a member of this workspace"})
    return ids


def plain_text(text: str) -> str:
    """A body with its mentions as "@Name" (for summaries and notification titles)."""
    return MENTION.sub(lambda match: f"@{match.group(1)}", text)


# What a member wrote and may change afterwards (its author, or an admin).
EDITABLE = (ActivityKind.NOTE, ActivityKind.CALL, ActivityKind.MEETING)
# The noun of their events (`call.updated`, …).
_NOUNS = {ActivityKind.NOTE: "note", ActivityKind.CALL: "call", ActivityKind.MEETING: "meeting"}


def can_edit(actor: Actor, entry: Activity) -> bool:
    """A note, call or meeting is edited or deleted by its author, or by an admin."""
    return entry.kind in EDITABLE and (entry.actor_user_id == actor.user_id or actor.role.at_least(Role.ADMIN))


async def _editable(session: AsyncSession, actor: Actor, entry_id: uuid.UUID, kind: ActivityKind) -> Activity:
    """The note, call or meeting `actor` may change, locked: NOT_FOUND outside the workspace, else FORBIDDEN."""
    actor.require(Role.MEMBER)
    noun = _NOUNS[kind]
    entry = await repository.get_of_kind(session, actor.workspace_id, entry_id, kind, for_update=True)
    if entry is None:
        raise NotFound(f"No {noun} with this id in this workspace.")
    if not can_edit(actor, entry):
        raise Forbidden(f"Only the {noun}'s author or an admin can change it.")
    return entry


async def update_note(session: AsyncSession, actor: Actor, *, note_id: uuid.UUID, data: NoteData) -> Activity:
    """The author (or an admin) rewrites a note: `note.updated`; members it newly mentions are told."""
    note = await _editable(session, actor, note_id, ActivityKind.NOTE)
    mentions = await _mentions(session, actor, data.body, path=("body",))
    if data.body == note.body:
        return note
    updated = await repository.update_activity(
        session,
        note,
        {
            "body": data.body,
            "summary": f"Note: {_one_line(plain_text(data.body))}",
            "mentioned_member_ids": mentions,
            "edited_at": func.now(),
        },
    )
    await emit(session, actor, type="note.updated", payload=_entry_payload(note))
    return updated


async def delete_note(session: AsyncSession, actor: Actor, *, note_id: uuid.UUID) -> bool:
    """The author (or an admin) deletes a note for good: `note.deleted`."""
    return await _delete_editable(session, actor, note_id, ActivityKind.NOTE)


async def get_entry_row(session: AsyncSession, *, workspace_id: uuid.UUID, activity_id: uuid.UUID) -> Activity | None:
    """A timeline entry as it is now, for Rapport's own processes (notifications)."""
    return await repository.get_of_kind(session, workspace_id, activity_id, None)


async def agenda(session: AsyncSession, actor: Actor, *, first: int) -> Sequence[Activity]:
    """The caller's meetings to come (logged by them or attended), soonest first."""
    if not 1 <= first <= MAX_AGENDA:
        raise BadUserInput(f"Ask for 1 to {MAX_AGENDA} meetings.", field_errors={("first",): f"1 to {MAX_AGENDA}"})
    return await repository.list_agenda(
        session,
        actor.workspace_id,
        user_id=actor.user_id,
        member_id=actor.member_id,
        after=utcnow(),
        limit=first,
    )
