from __future__ import annotations

import enum
import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, insert, literal, select, text, true, tuple_, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from rapport.kit import records
from rapport.models import Activity, ActivityKind
from rapport.tracing import current_traceparent


async def insert_activity(session: AsyncSession, values: dict[str, object]) -> Activity:
    row = await session.execute(insert(Activity).values(**values).returning(Activity))
    return row.scalar_one()


# One statement writes timeline entries and their events: the entries through a data-modifying CTE,
# each column as one array parameter (the statement is the same whatever the number of rows).
_INSERT_ENTRIES_WITH_EVENTS = text(
    "WITH entries AS (INSERT INTO activities"
    " (id, occurred_at, workspace_id, kind, actor_user_id, subject_type, subject_id, summary, body, email_id, file_id)"
    " SELECT * FROM unnest(CAST(:a_id AS uuid[]), CAST(:a_occurred_at AS timestamptz[]),"
    " CAST(:a_workspace_id AS uuid[]), CAST(:a_kind AS activity_kind[]), CAST(:a_actor AS uuid[]),"
    " CAST(:a_subject_type AS varchar[]), CAST(:a_subject_id AS uuid[]), CAST(:a_summary AS text[]),"
    " CAST(:a_body AS text[]), CAST(:a_email_id AS uuid[]), CAST(:a_file_id AS uuid[])))"
    " INSERT INTO outbox_events (id, workspace_id, type, actor_user_id, payload, trace_parent)"
    " SELECT e.*, CAST(:trace_parent AS text) FROM unnest(CAST(:e_id AS uuid[]), CAST(:e_workspace_id AS uuid[]),"
    " CAST(:e_type AS varchar[]), CAST(:e_actor AS uuid[]), CAST(CAST(:e_payload AS text[]) AS jsonb[])) AS e"
)
_ENTRY_COLUMNS = (
    "id", "occurred_at", "workspace_id", "kind", "actor_user_id", "subject_type", "subject_id", "summary", "body",
    "email_id", "file_id",
)  # fmt: skip
_EVENT_COLUMNS = ("id", "workspace_id", "type", "actor_user_id", "payload")


async def insert_activities_with_events(
    session: AsyncSession, activities: Sequence[Mapping[str, Any]], events: Sequence[Mapping[str, Any]]
) -> None:
    """Timeline entries (keys: `_ENTRY_COLUMNS`) and outbox events (`_EVENT_COLUMNS`, the payload a
    JSON object) in one statement."""
    parameters: dict[str, Any] = {}
    for column in _ENTRY_COLUMNS:
        name = "a_actor" if column == "actor_user_id" else f"a_{column}"
        parameters[name] = [_plain(entry[column]) for entry in activities]
    for column in _EVENT_COLUMNS:
        name = "e_actor" if column == "actor_user_id" else f"e_{column}"
        parameters[name] = [_plain(event[column]) for event in events]
    parameters["e_payload"] = [json.dumps(event["payload"]) for event in events]
    parameters["trace_parent"] = current_traceparent()
    await session.execute(_INSERT_ENTRIES_WITH_EVENTS, parameters)


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


async def list_for_subject(
    session: AsyncSession,
    *,
    workspace_id: uuid.UUID,
    subject_id: uuid.UUID,
    limit: int,
    before: tuple[datetime, uuid.UUID] | None,
) -> Sequence[Activity]:
    """Newest first; `before` is the (occurred_at, id) of the last entry already seen."""
    query = select(Activity).where(Activity.workspace_id == workspace_id, Activity.subject_id == subject_id)
    if before is not None:
        query = query.where(tuple_(Activity.occurred_at, Activity.id) < tuple_(*before))
    query = query.order_by(Activity.occurred_at.desc(), Activity.id.desc()).limit(limit)
    return (await session.scalars(query)).all()


async def list_for_subjects(
    session: AsyncSession,
    *,
    workspace_id: uuid.UUID,
    subject_ids: Sequence[uuid.UUID],
    limit: int,
    before: tuple[datetime, uuid.UUID] | None,
) -> Sequence[Activity]:
    """The first `limit` entries of each subject's timeline (newest first), in one statement: a
    lateral page per subject, so each uses the (workspace_id, subject_id, occurred_at) index."""
    subjects = (
        func.unnest(literal(list(subject_ids), ARRAY(PG_UUID(as_uuid=True)))).table_valued("id").render_derived("s")
    )
    conditions = [Activity.workspace_id == workspace_id, Activity.subject_id == subjects.c.id]
    if before is not None:
        conditions.append(tuple_(Activity.occurred_at, Activity.id) < tuple_(*before))
    page = (
        select(Activity)
        .where(*conditions)
        .order_by(Activity.occurred_at.desc(), Activity.id.desc())
        .limit(limit)
        .lateral("page")
    )
    entry = aliased(Activity, page)
    query = select(entry).select_from(subjects).join(page, true())
    return (await session.scalars(query)).all()


async def count_for_subjects(
    session: AsyncSession, workspace_id: uuid.UUID, subject_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    query = (
        select(Activity.subject_id, func.count())
        .where(Activity.workspace_id == workspace_id, Activity.subject_id.in_(list(subject_ids)))
        .group_by(Activity.subject_id)
    )
    return {row[0]: int(row[1]) for row in (await session.execute(query)).all()}


async def count_for_subject(session: AsyncSession, *, workspace_id: uuid.UUID, subject_id: uuid.UUID) -> int:
    query = select(func.count()).where(and_(Activity.workspace_id == workspace_id, Activity.subject_id == subject_id))
    return int(await session.scalar(query) or 0)


async def find_subject_type(session: AsyncSession, workspace_id: uuid.UUID, subject_id: uuid.UUID) -> str | None:
    """Which kind of live record has this id: "contact", "company" or "deal"."""
    row = await session.execute(
        text(
            "SELECT 'contact' FROM contacts WHERE workspace_id = :ws AND id = :id AND deleted_at IS NULL"
            " UNION ALL SELECT 'company' FROM companies WHERE workspace_id = :ws AND id = :id AND deleted_at IS NULL"
            " UNION ALL SELECT 'deal' FROM deals WHERE workspace_id = :ws AND id = :id AND deleted_at IS NULL LIMIT 1"
        ),
        {"ws": workspace_id, "id": subject_id},
    )
    return row.scalar_one_or_none()


async def record_names(
    session: AsyncSession, workspace_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """The display names of the live contacts, companies and deals among `ids`."""
    rows = await session.execute(
        text(
            "SELECT id, name FROM contacts WHERE workspace_id = :ws AND id = ANY(:ids) AND deleted_at IS NULL"
            " UNION ALL SELECT id, name FROM companies WHERE workspace_id = :ws AND id = ANY(:ids)"
            " AND deleted_at IS NULL"
            " UNION ALL SELECT id, name FROM deals WHERE workspace_id = :ws AND id = ANY(:ids) AND deleted_at IS NULL"
        ),
        {"ws": workspace_id, "ids": list(ids)},
    )
    return {record_id: name for record_id, name in rows}


async def update_task(
    session: AsyncSession, workspace_id: uuid.UUID, task_id: uuid.UUID, values: dict[str, object]
) -> Activity | None:
    statement = (
        update(Activity)
        .where(Activity.workspace_id == workspace_id, Activity.id == task_id, Activity.kind == ActivityKind.TASK)
        .values(**values)
        .returning(Activity)
        .execution_options(populate_existing=True, synchronize_session=False)
    )
    return (await session.execute(statement)).scalar_one_or_none()


async def get_task(session: AsyncSession, workspace_id: uuid.UUID, task_id: uuid.UUID) -> Activity | None:
    query = select(Activity).where(
        Activity.workspace_id == workspace_id, Activity.id == task_id, Activity.kind == ActivityKind.TASK
    )
    return await session.scalar(query)


async def list_open_tasks_due(
    session: AsyncSession, *, after: datetime, through: datetime, limit: int
) -> Sequence[Activity]:
    """Open, assigned tasks of every workspace falling due in (after, through], by due time."""
    query = (
        select(Activity)
        .where(
            Activity.kind == ActivityKind.TASK,
            Activity.due_at > after,
            Activity.due_at <= through,
            Activity.done_at.is_(None),
            Activity.assignee_id.is_not(None),
        )
        .order_by(Activity.due_at, Activity.id)
        .limit(limit)
    )
    return (await session.scalars(query)).all()


def tasks_query(workspace_id: uuid.UUID, *, assignee_id: uuid.UUID | None, done: bool | None) -> Select[Activity]:
    query = select(Activity).where(Activity.workspace_id == workspace_id, Activity.kind == ActivityKind.TASK)
    if assignee_id is not None:
        query = query.where(Activity.assignee_id == assignee_id)
    if done is not None:
        query = query.where(Activity.done_at.is_not(None) if done else Activity.done_at.is_(None))
    return query


async def list_for_event(
    session: AsyncSession,
    *,
    workspace_id: uuid.UUID,
    subject_id: uuid.UUID,
    activity_id: uuid.UUID | None = None,
    email_id: uuid.UUID | None = None,
    written_at: datetime | None = None,
) -> Sequence[Activity]:
    """The entries on `subject_id` that one domain event wrote: by the entry's id, by its email, or
    those written in the event's transaction (both rows take `now()`, the transaction's start)."""
    query = select(Activity).where(Activity.workspace_id == workspace_id, Activity.subject_id == subject_id)
    if activity_id is not None:
        query = query.where(Activity.id == activity_id)
    elif email_id is not None:
        query = query.where(Activity.email_id == email_id)
    elif written_at is not None:
        query = query.where(Activity.occurred_at == written_at, Activity.email_id.is_(None))
    else:
        return []
    return (await session.scalars(query.order_by(Activity.id))).all()


async def move_subject(
    session: AsyncSession, workspace_id: uuid.UUID, *, from_id: uuid.UUID, to_id: uuid.UUID, ids: Sequence[str] | None
) -> list[str]:
    """Points the entries about `from_id` (all, or those of `ids`) at `to_id`; answers their ids."""
    return await records.repoint(
        session, "activities", "subject_id", workspace_id, from_id=from_id, to_id=to_id, ids=ids
    )


async def last_lifecycle_entry(
    session: AsyncSession, workspace_id: uuid.UUID, subject_id: uuid.UUID
) -> Activity | None:
    """The latest DELETED, RESTORED or MERGED entry about a record."""
    query = (
        select(Activity)
        .where(
            Activity.workspace_id == workspace_id,
            Activity.subject_id == subject_id,
            Activity.kind.in_([ActivityKind.DELETED, ActivityKind.RESTORED, ActivityKind.MERGED]),
        )
        .order_by(Activity.occurred_at.desc(), Activity.id.desc())
        .limit(1)
    )
    return await session.scalar(query)
