from __future__ import annotations

import json
import uuid
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    CTE,
    ColumnElement,
    Select,
    Text,
    and_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    true,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.dialects.postgresql import array as pg_array
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from sqlalchemy.sql.elements import TextClause

from rapport.kit import records
from rapport.kit.rows import Also, in_workspace, insert_row, prepared
from rapport.models import Activity, ActivityKind, Company, Contact, Deal, OutboxEvent
from rapport.tracing import current_traceparent


def _bound(model: type[object], keys: Sequence[str], prefix: str) -> list[Any]:
    table: Any = getattr(model, "__table__")  # noqa: B009 - any mapped class
    return [bindparam(prefix + key, type_=table.c[key].type) for key in keys]


def _entry_and_event(written: CTE | None, shape: Hashable) -> list[CTE]:
    """The INSERTs of a timeline entry and its event, with bind parameters only (`rows.Also`). On a
    record `written` by the same statement, the entry takes its id and ends its summary with its name."""
    entry_keys, event_keys = cast(tuple[tuple[str, ...], tuple[str, ...]], shape)
    if written is None:
        entry = insert(Activity).values(dict(zip(entry_keys, _bound(Activity, entry_keys, "le_"), strict=True)))
    else:
        name = bindparam("le_summary", type_=Text) + written.c.name
        source = select(*_bound(Activity, entry_keys, "le_"), written.c.id, name)
        entry = insert(Activity).from_select([*entry_keys, "subject_id", "summary"], source)
    return [entry.cte("logged_entry"), *_event(None, event_keys)]


def _event(written: CTE | None, shape: Hashable) -> list[CTE]:
    keys = cast(tuple[str, ...], shape)
    return [
        insert(OutboxEvent).values(dict(zip(keys, _bound(OutboxEvent, keys, "lv_"), strict=True))).cte("logged_event")
    ]


def _params(entry: Mapping[str, Any], event: Mapping[str, Any]) -> dict[str, Any]:
    return {f"le_{key}": value for key, value in entry.items()} | {f"lv_{key}": value for key, value in event.items()}


def entry_with_event(entry: Mapping[str, Any], event: Mapping[str, Any]) -> Also:
    """A timeline entry and an outbox event (their column values) as writes of the statement that makes the
    change: one round trip for the three. Not for a COUNTED entry (see `insert_activity`)."""
    assert entry["kind"] not in COUNTED
    return Also(_entry_and_event, (tuple(entry), tuple(event)), _params(entry, event))


def created_entry_with_event(entry: Mapping[str, Any], summary: str, event: Mapping[str, Any]) -> Also:
    """`entry_with_event` for the record the statement inserts: the entry (given without its subject and
    summary) is on it, and its summary is `summary` followed by the record's name as stored (a contact's is
    computed)."""
    assert entry["kind"] not in COUNTED
    return Also(_entry_and_event, (tuple(entry), tuple(event)), _params(entry, event) | {"le_summary": summary})


def event_only(event: Mapping[str, Any]) -> Also:
    """An outbox event (its column values) as a write of the statement that makes the change."""
    return Also(_event, tuple(event), _params({}, event))


async def insert_entry_with_event(session: AsyncSession, entry: Mapping[str, Any], event: Mapping[str, Any]) -> None:
    """A timeline entry and its event in one statement."""
    also = entry_with_event(entry, event)
    statement = prepared(
        ("logged", also.shape), lambda: select(literal(1)).add_cte(*_entry_and_event(None, also.shape))
    )
    await session.execute(statement, also.params)


async def insert_activity(session: AsyncSession, values: dict[str, object]) -> Activity:
    entry = await insert_row(session, Activity, values)
    await touch_last_activity(session, entry.workspace_id, list(_hits(entry)))
    return entry


# What moves a record's `last_activity_at`: what a rep did or received, not changes to the record.
COUNTED = frozenset({ActivityKind.EMAIL, ActivityKind.NOTE, ActivityKind.CALL, ActivityKind.MEETING, ActivityKind.TASK})


@dataclass(frozen=True, slots=True)
class Hit:
    """A counted entry on a record's timeline at `at`; `rolls_up` when it is a contact's note, call
    or meeting, which its company's timeline shows too."""

    subject_type: str
    subject_id: uuid.UUID
    at: datetime
    rolls_up: bool


def _hit(kind: ActivityKind, subject_type: str, subject_id: uuid.UUID, at: datetime) -> Hit:
    return Hit(subject_type, subject_id, at, subject_type == "contact" and kind in ROLLED_UP)


def _hits(entry: Activity) -> Iterator[Hit]:
    """The records whose timelines show a counted `entry`: its subject, and a meeting's attendees."""
    if entry.kind not in COUNTED:
        return
    yield _hit(entry.kind, entry.subject_type, entry.subject_id, entry.occurred_at)
    if entry.kind is ActivityKind.MEETING:
        for contact_id in entry.attendee_contact_ids or ():
            yield _hit(entry.kind, "contact", contact_id, entry.occurred_at)


# One statement a table: the newest time of each record's hits, never later than now (a meeting planned
# ahead counts from when it is logged, an email dated in the future from when it arrives), and
# never moving a record's time backwards (an old email synced late). The rows are locked in id order
# first, so that two transactions touching the same records (two mailboxes' syncs) cannot deadlock;
# a record already as recent is not written at all. Both reads of the table look the records up by
# their ids (`= ANY` of the hits' ids, once): joined to the hits alone, a workspace the planner has no
# statistics for yet (a fresh import) was read whole for each of its records, a quadratic plan (600
# contacts: 320 ms to touch one; now 0.6 ms).
_TOUCH = """
WITH h AS MATERIALIZED ({hits}),
s AS MATERIALIZED (
  SELECT r.id, h.at FROM {table} r JOIN h ON r.id = h.id
  WHERE r.workspace_id = :ws AND r.id = ANY(ARRAY(SELECT id FROM h))
    AND (r.last_activity_at IS NULL OR r.last_activity_at < h.at)
  ORDER BY r.id FOR NO KEY UPDATE OF r
)
UPDATE {table} t SET last_activity_at = greatest(t.last_activity_at, s.at)
FROM s
WHERE t.workspace_id = :ws AND t.id = ANY(ARRAY(SELECT id FROM s)) AND t.id = s.id
RETURNING t.id, t.last_activity_at
"""
_HITS = (
    "SELECT id, least(max(at), now()) AS at"
    " FROM unnest(CAST(:ids AS uuid[]), CAST(:ats AS timestamptz[])) AS h(id, at) GROUP BY id"
)
# A company's: its own hits, and its live contacts' rolled-up ones.
_COMPANY_HITS = (
    "SELECT id, least(max(at), now()) AS at FROM ("
    " SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:ats AS timestamptz[])) AS own(id, at)"
    " UNION ALL SELECT c.company_id, up.at"
    " FROM unnest(CAST(:contact_ids AS uuid[]), CAST(:contact_ats AS timestamptz[])) AS up(id, at)"
    " JOIN contacts c ON c.workspace_id = :ws AND c.id = up.id AND c.id = ANY(CAST(:contact_ids AS uuid[]))"
    " AND c.deleted_at IS NULL"
    " WHERE c.company_id IS NOT NULL"
    ") h GROUP BY id"
)
TOUCH_CONTACTS = text(_TOUCH.format(table="contacts", hits=_HITS))
TOUCH_COMPANIES = text(_TOUCH.format(table="companies", hits=_COMPANY_HITS))
TOUCH_DEALS = text(_TOUCH.format(table="deals", hits=_HITS))


def _newest(hits: Iterable[Hit]) -> dict[str, list[Any]]:
    newest: dict[uuid.UUID, datetime] = {}
    for hit in hits:
        if hit.subject_id not in newest or newest[hit.subject_id] < hit.at:
            newest[hit.subject_id] = hit.at
    return {"ids": list(newest), "ats": list(newest.values())}


async def _touch(
    session: AsyncSession, statement: TextClause, model: type[Contact | Company | Deal], parameters: dict[str, Any]
) -> None:
    """Runs one table's touch; the rows of it this session has loaded get their new time as loaded (a
    contact created with addresses whose past emails it links answers with its last activity)."""
    for record_id, moved_to in (await session.execute(statement, parameters)).all():
        loaded = session.identity_map.get(identity_key(model, (record_id,)))
        if loaded is not None:
            set_committed_value(loaded, "last_activity_at", moved_to)


async def touch_last_activity(session: AsyncSession, workspace_id: uuid.UUID, hits: Sequence[Hit]) -> None:
    """Moves the `last_activity_at` of the records `hits` are on forward (and of the companies of the
    contacts whose hits roll up), in the caller's transaction: contacts, companies, then deals."""
    if not hits:
        return
    of = {kind: [hit for hit in hits if hit.subject_type == kind] for kind in ("contact", "company", "deal")}
    if of["contact"]:
        await _touch(session, TOUCH_CONTACTS, Contact, {"ws": workspace_id, **_newest(of["contact"])})
    rolled = _newest(hit for hit in of["contact"] if hit.rolls_up)
    if of["company"] or rolled["ids"]:
        parameters = {"ws": workspace_id, **_newest(of["company"])}
        parameters |= {"contact_ids": rolled["ids"], "contact_ats": rolled["ats"]}
        await _touch(session, TOUCH_COMPANIES, Company, parameters)
    if of["deal"]:
        await _touch(session, TOUCH_DEALS, Deal, {"ws": workspace_id, **_newest(of["deal"])})


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
    session: AsyncSession, activities: Mapping[str, Sequence[Any]], events: Mapping[str, Sequence[Any]]
) -> None:
    """Timeline entries and outbox events in one statement, each given as its columns' values
    (`_ENTRY_COLUMNS`, `_EVENT_COLUMNS`: a list per column, enums as their values, payloads as JSON
    objects)."""
    parameters: dict[str, Any] = {}
    for column in _ENTRY_COLUMNS:
        parameters["a_actor" if column == "actor_user_id" else f"a_{column}"] = activities[column]
    for column in _EVENT_COLUMNS:
        parameters["e_actor" if column == "actor_user_id" else f"e_{column}"] = events[column]
    parameters["e_payload"] = [json.dumps(dict(payload)) for payload in events["payload"]]
    parameters["trace_parent"] = current_traceparent()
    await session.execute(_INSERT_ENTRIES_WITH_EVENTS, parameters)
    counted = {kind.value for kind in COUNTED}
    hits = [
        _hit(ActivityKind(kind), subject_type, subject_id, at)
        for kind, subject_type, subject_id, at in zip(
            activities["kind"], activities["subject_type"], activities["subject_id"], activities["occurred_at"],
            strict=True,
        )
        if str(kind) in counted
    ]  # fmt: skip
    workspace_ids = [
        workspace_id
        for workspace_id, kind in zip(activities["workspace_id"], activities["kind"], strict=True)
        if str(kind) in counted
    ]
    for workspace_id in dict.fromkeys(workspace_ids):
        mine = [hit for hit, of in zip(hits, workspace_ids, strict=True) if of == workspace_id]
        await touch_last_activity(session, workspace_id, mine)


# A company's timeline rolls up what its contacts' own timelines hold of these kinds (their emails
# have entries of their own on the company).
ROLLED_UP = (ActivityKind.NOTE, ActivityKind.CALL, ActivityKind.MEETING)


def on_timeline(workspace_id: uuid.UUID, subject_id: Any) -> ColumnElement[bool]:
    """The entries on the timeline of `subject_id` (an id or a column): its own; the meetings a contact
    attended; for a company, its contacts' notes, calls and meetings and the meetings they attended."""
    # correlate_except: `subject_id` may be a column of an enclosing query (a lateral page's subject).
    contacts = (
        select(Contact.id)
        .where(Contact.workspace_id == workspace_id, Contact.company_id == subject_id, Contact.deleted_at.is_(None))
        .correlate_except(Contact)
    )
    contact_ids = (
        select(func.array_agg(Contact.id))
        .where(Contact.workspace_id == workspace_id, Contact.company_id == subject_id, Contact.deleted_at.is_(None))
        .correlate_except(Contact)
        .scalar_subquery()
    )
    subject = subject_id if isinstance(subject_id, ColumnElement) else literal(subject_id, PG_UUID(as_uuid=True))
    return and_(
        Activity.workspace_id == workspace_id,
        or_(
            Activity.subject_id == subject_id,
            and_(Activity.kind.in_(ROLLED_UP), Activity.subject_id.in_(contacts)),
            and_(Activity.kind == ActivityKind.MEETING, Activity.attendee_contact_ids.contains(pg_array([subject]))),
            and_(Activity.kind == ActivityKind.MEETING, Activity.attendee_contact_ids.overlap(contact_ids)),
        ),
    )


async def list_for_subject(
    session: AsyncSession,
    *,
    workspace_id: uuid.UUID,
    subject_id: uuid.UUID,
    limit: int,
    before: tuple[datetime, uuid.UUID] | None,
) -> Sequence[Activity]:
    """Newest first; `before` is the (occurred_at, id) of the last entry already seen."""
    query = select(Activity).where(on_timeline(workspace_id, subject_id))
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
) -> list[tuple[uuid.UUID, Activity]]:
    """(subject id, entry): the first `limit` entries of each subject's timeline (newest first; an entry
    rolled up may be on several), in one statement: a
    lateral page per subject, so each uses the (workspace_id, subject_id, occurred_at) index."""
    subjects = (
        func.unnest(literal(list(subject_ids), ARRAY(PG_UUID(as_uuid=True)))).table_valued("id").render_derived("s")
    )
    conditions = [on_timeline(workspace_id, subjects.c.id)]
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
    query = select(subjects.c.id, entry).select_from(subjects).join(page, true())
    return [(row[0], row[1]) for row in (await session.execute(query)).all()]


async def count_for_subjects(
    session: AsyncSession, workspace_id: uuid.UUID, subject_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    subjects = (
        func.unnest(literal(list(subject_ids), ARRAY(PG_UUID(as_uuid=True)))).table_valued("id").render_derived("s")
    )
    counted = select(func.count().label("n")).where(on_timeline(workspace_id, subjects.c.id)).lateral("c")
    query = select(subjects.c.id, counted.c.n).select_from(subjects).join(counted, true())
    return {row[0]: int(row[1]) for row in (await session.execute(query)).all()}


async def count_for_subject(session: AsyncSession, *, workspace_id: uuid.UUID, subject_id: uuid.UUID) -> int:
    query = select(func.count()).where(on_timeline(workspace_id, subject_id))
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


async def touch_task_done(session: AsyncSession, task: Activity) -> None:
    """Completing a task is activity on its record (reopening one takes nothing back)."""
    if task.done_at is not None:
        await touch_last_activity(
            session, task.workspace_id, [_hit(task.kind, task.subject_type, task.subject_id, task.done_at)]
        )


async def list_open_tasks_due(
    session: AsyncSession, *, after: datetime, through: datetime, limit: int
) -> Sequence[Activity]:
    """Open, assigned tasks of every workspace falling due in (after, through], by due time."""
    return await _list_falling_in(
        session,
        ActivityKind.TASK,
        Activity.due_at,
        after,
        through,
        limit,
        Activity.done_at.is_(None),
        Activity.assignee_id.is_not(None),
    )


async def list_meetings_to_remind(
    session: AsyncSession, *, after: datetime, through: datetime, limit: int
) -> Sequence[Activity]:
    """Meetings of every workspace starting in (after, through] whose reminder has not gone out, by start."""
    return await _list_falling_in(
        session, ActivityKind.MEETING, Activity.occurred_at, after, through, limit, Activity.reminded_at.is_(None)
    )


async def _list_falling_in(
    session: AsyncSession,
    kind: ActivityKind,
    moment: InstrumentedAttribute[Any],
    after: datetime,
    through: datetime,
    limit: int,
    *conditions: ColumnElement[bool],
) -> Sequence[Activity]:
    """Entries of `kind` of every workspace whose `moment` falls in (after, through] (and that meet
    `conditions`), soonest first: what the reminder schedule picks up."""
    query = (
        select(Activity)
        .where(Activity.kind == kind, moment > after, moment <= through, *conditions)
        .order_by(moment, Activity.id)
        .limit(limit)
    )
    return (await session.scalars(query)).all()


async def mark_reminded(
    session: AsyncSession, workspace_id: uuid.UUID, meetings: Sequence[tuple[uuid.UUID, datetime]], when: datetime
) -> None:
    """Records the reminders of these meetings (id, start) as sent; one that moved since keeps its NULL."""
    for meeting_id, starts_at in meetings:
        await session.execute(
            update(Activity)
            .where(
                Activity.workspace_id == workspace_id,
                Activity.id == meeting_id,
                Activity.occurred_at == starts_at,
                Activity.kind == ActivityKind.MEETING,
            )
            .values(reminded_at=when)
            .execution_options(synchronize_session=False)
        )


def tasks_query(
    workspace_id: uuid.UUID,
    *,
    assignee_id: uuid.UUID | None,
    done: bool | None,
    due_before: datetime | None = None,
    due_after: datetime | None = None,
    target_id: uuid.UUID | None = None,
) -> Select[Activity]:
    query = select(Activity).where(Activity.workspace_id == workspace_id, Activity.kind == ActivityKind.TASK)
    if due_before is not None:
        query = query.where(Activity.due_at < due_before)
    if due_after is not None:
        query = query.where(Activity.due_at >= due_after)
    if target_id is not None:
        query = query.where(Activity.subject_id == target_id)
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
    if activity_id is not None:
        by_id = select(Activity).where(on_timeline(workspace_id, subject_id), Activity.id == activity_id)
        return (await session.scalars(by_id)).all()
    query = select(Activity).where(Activity.workspace_id == workspace_id, Activity.subject_id == subject_id)
    if email_id is not None:
        query = query.where(Activity.email_id == email_id)
    elif written_at is not None:
        query = query.where(Activity.occurred_at == written_at, Activity.email_id.is_(None))
    else:
        return []
    return (await session.scalars(query.order_by(Activity.id))).all()


async def move_subject(
    session: AsyncSession, workspace_id: uuid.UUID, *, from_id: uuid.UUID, to_id: uuid.UUID, ids: Sequence[str] | None
) -> list[str]:
    """Points the entries about `from_id` (all, or those of `ids`) at `to_id`; answers their ids. A whole
    timeline moved (a merge) brings its last activity along; moving entries back (its undo) does not
    move the primary's back."""
    moved = await records.repoint(
        session, "activities", "subject_id", workspace_id, from_id=from_id, to_id=to_id, ids=ids
    )
    if ids is None:
        for table in ("contacts", "companies", "deals"):
            await session.execute(
                text(
                    f"UPDATE {table} t SET last_activity_at = f.last_activity_at FROM {table} f"
                    " WHERE t.workspace_id = :ws AND t.id = :to AND f.workspace_id = :ws AND f.id = :from"
                    " AND f.last_activity_at > coalesce(t.last_activity_at, '-infinity')"
                ),
                {"ws": workspace_id, "from": from_id, "to": to_id},
            )
    return moved


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


async def get_of_kind(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    activity_id: uuid.UUID,
    kind: ActivityKind | None,
    *,
    for_update: bool = False,
) -> Activity | None:
    of_kind = [] if kind is None else [Activity.kind == kind]
    return await in_workspace(session, Activity, workspace_id, activity_id, *of_kind, for_update=for_update, fresh=True)


async def update_activity(session: AsyncSession, activity: Activity, values: dict[str, object]) -> Activity:
    statement = (
        update(Activity)
        .where(
            Activity.workspace_id == activity.workspace_id,
            Activity.id == activity.id,
            Activity.occurred_at == activity.occurred_at,
        )
        .values(**values)
        .returning(Activity)
        .execution_options(populate_existing=True, synchronize_session=False)
    )
    return (await session.execute(statement)).scalar_one()


async def delete_activity(session: AsyncSession, activity: Activity) -> None:
    await session.execute(
        delete(Activity)
        .where(
            Activity.workspace_id == activity.workspace_id,
            Activity.id == activity.id,
            Activity.occurred_at == activity.occurred_at,
        )
        .execution_options(synchronize_session=False)
    )


async def list_agenda(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    *,
    user_id: uuid.UUID,
    member_id: uuid.UUID,
    after: datetime,
    limit: int,
) -> Sequence[Activity]:
    """Meetings starting after `after` that the user logged or the member attends, soonest first."""
    query = (
        select(Activity)
        .where(
            Activity.workspace_id == workspace_id,
            Activity.kind == ActivityKind.MEETING,
            Activity.occurred_at > after,
            or_(
                Activity.actor_user_id == user_id,
                Activity.attendee_member_ids.contains(literal([member_id], ARRAY(PG_UUID(as_uuid=True)))),
            ),
        )
        .order_by(Activity.occurred_at, Activity.id)
        .limit(limit)
    )
    return (await session.scalars(query)).all()
