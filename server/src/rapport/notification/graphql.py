from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.inputs import as_actor, connection_of
from rapport.graphql.permissions import CanRead
from rapport.graphql.types import Connection, connection_type
from rapport.models import Notification as NotificationRow
from rapport.models import NotificationKind as NotificationKindEnum
from rapport.notification import service

NotificationKind = strawberry.enum(NotificationKindEnum, description="What a notification is about.")


@strawberry.type(description="Something you should know about: a task given to you or due, a deal of yours closed, …")
class Notification:
    id: uuid.UUID = strawberry.field(description="The notification's id.")
    kind: NotificationKind = strawberry.field(description="What it is about.")  # type: ignore[valid-type]
    title: str = strawberry.field(description="One line a person can read.")
    target_type: str | None = strawberry.field(
        description='What `targetId` names: "contact", "company" or "deal" (a record to open), or "import".'
    )
    target_id: uuid.UUID | None = strawberry.field(description="The record (or import) it is about.")
    created_at: datetime = strawberry.field(description="When it was made.")
    read_at: datetime | None = strawberry.field(description="When you marked it read; null while unread.")

    @staticmethod
    def of(row: NotificationRow) -> Notification:
        return Notification(
            id=row.id,
            kind=row.kind,
            title=row.title,
            target_type=row.target_type,
            target_id=row.target_id,
            created_at=row.created_at,
            read_at=row.read_at,
        )

    @staticmethod
    def of_payload(payload: Mapping[str, Any]) -> Notification:
        """From its `notification.created` event, as the subscription delivers it (nothing is read)."""
        target = payload.get("targetId")
        return Notification(
            id=uuid.UUID(str(payload["id"])),
            kind=NotificationKindEnum(str(payload["kind"])),
            title=str(payload["title"]),
            target_type=payload.get("targetType"),
            target_id=uuid.UUID(str(target)) if target else None,
            created_at=datetime.fromisoformat(str(payload["createdAt"])),
            read_at=None,
        )


@connection_type(
    noun="notification",
    plural="notifications",
    description="A page of your notifications, newest first.",
)
class NotificationConnection(Connection[Notification]):
    @strawberry.field(description="How many of your notifications are unread (all pages).")
    async def unread_count(self, info: Info) -> int:
        return await as_actor(info, service.count_unread)


@strawberry.type(description="What markNotificationsRead did.")
class MarkNotificationsReadPayload:
    notifications: list[Notification] = strawberry.field(description="Your notifications among the ids, now read.")
    unread_count: int = strawberry.field(description="How many of your notifications are still unread.")


@strawberry.type
class NotificationQuery:
    @strawberry.field(
        description="Your notifications, newest first; only the unread with `unreadOnly`.", permission_classes=[CanRead]
    )
    async def notifications(
        self, info: Info, first: int | None = 20, after: str | None = None, unread_only: bool = False
    ) -> NotificationConnection:
        return await connection_of(
            info,
            NotificationConnection,
            Notification.of,
            service.list_notifications,
            first=20 if first is None else first,
            after=after,
            unread_only=unread_only,
        )


@strawberry.type
class NotificationMutation:
    @strawberry.mutation(
        description=f"Marks your notifications among `ids` (1 to {service.MAX_MARK}) read; others' ids match nothing.",
        permission_classes=[CanRead],
    )
    async def mark_notifications_read(self, info: Info, ids: list[uuid.UUID]) -> MarkNotificationsReadPayload:
        rows = await as_actor(info, service.mark_read, ids=ids)
        unread = await as_actor(info, service.count_unread)
        return MarkNotificationsReadPayload(notifications=[Notification.of(row) for row in rows], unread_count=unread)
