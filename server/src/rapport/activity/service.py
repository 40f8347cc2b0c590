"""The timeline: who did what to which record, written in the transaction of the change."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activity import repository
from rapport.errors import BadUserInput
from rapport.kit.ids import new_id
from rapport.kit.pagination import Page, check_page_size, decode_cursor, encode_cursor
from rapport.models import Activity, ActivityKind


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
        {
            "id": new_id(),
            "workspace_id": workspace_id,
            "kind": kind,
            "subject_type": subject_type,
            "subject_id": subject_id,
            "summary": summary,
            "actor_user_id": actor_user_id,
            "changes": changes,
            "body": body,
        },
    )


async def list_timeline(
    session: AsyncSession,
    *,
    workspace_id: uuid.UUID,
    subject_id: uuid.UUID,
    first: int,
    after: str | None,
) -> Page[Activity]:
    check_page_size(first)
    before = None
    if after is not None:
        occurred_at, activity_id = decode_cursor(after, arity=2)
        try:
            before = (datetime.fromisoformat(str(occurred_at)), uuid.UUID(str(activity_id)))
        except ValueError as error:
            raise BadUserInput("The cursor is not valid.", field_errors={("after",): "not a cursor"}) from error
    rows = await repository.list_for_subject(
        session, workspace_id=workspace_id, subject_id=subject_id, limit=first + 1, before=before
    )
    total = await repository.count_for_subject(session, workspace_id=workspace_id, subject_id=subject_id)
    items = [(encode_cursor([row.occurred_at.isoformat(), str(row.id)]), row) for row in rows[:first]]
    return Page(items=items, has_next_page=len(rows) > first, total_count=total)
