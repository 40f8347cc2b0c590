from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from rapport.activity import service
from rapport.graphql.context import Info
from rapport.graphql.types import PageInfo
from rapport.kit.pagination import Page
from rapport.models import Activity as ActivityRow
from rapport.models import ActivityKind as ActivityKindEnum
from rapport.workspace.graphql_types import Member

ActivityKind = strawberry.enum(ActivityKindEnum, description="What happened, as shown in a timeline.")


@strawberry.type(description="One entry of a timeline: a change, a note, a task, an email or a member action.")
class Activity:
    row: strawberry.Private[ActivityRow]

    @strawberry.field(description="The activity's id.")
    def id(self) -> uuid.UUID:
        return self.row.id

    @strawberry.field(description="What happened.")
    def kind(self) -> ActivityKind:  # type: ignore[valid-type]
        return self.row.kind

    @strawberry.field(description="When it happened.")
    def occurred_at(self) -> datetime:
        return self.row.occurred_at

    @strawberry.field(description="One line a person can read.")
    def summary(self) -> str:
        return self.row.summary

    @strawberry.field(description="For UPDATED and role changes: `{ field: { from, to } }`.")
    def changes(self) -> JSON | None:
        return JSON(self.row.changes) if self.row.changes is not None else None

    @strawberry.field(description="The text of a note, or a task's description.")
    def body(self) -> str | None:
        return self.row.body

    @strawberry.field(description="The member who did it; null for the system or a former member.")
    async def actor(self, info: Info) -> Member | None:
        if self.row.actor_user_id is None:
            return None
        member = await info.context.loaders.member_by_user(self.row.workspace_id).load(self.row.actor_user_id)
        return Member(row=member) if member else None


@strawberry.type(description="An activity and its cursor.")
class ActivityEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue after this activity.")
    node: Activity = strawberry.field(description="The activity.")


@strawberry.type(description="A page of a timeline, newest first.")
class ActivityConnection:
    edges: list[ActivityEdge] = strawberry.field(description="The activities of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page sits.")
    total_count: int = strawberry.field(description="How many activities the whole timeline holds.")

    @classmethod
    def from_page(cls, page: Page[ActivityRow], *, after: str | None) -> ActivityConnection:
        edges = [ActivityEdge(cursor=cursor, node=Activity(row=row)) for cursor, row in page.items]
        return cls(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=page.total_count,
        )


async def timeline(
    info: Info, *, workspace_id: uuid.UUID, subject_id: uuid.UUID, first: int, after: str | None
) -> ActivityConnection:
    page = await service.list_timeline(
        info.context.session, workspace_id=workspace_id, subject_id=subject_id, first=first, after=after
    )
    return ActivityConnection.from_page(page, after=after)
