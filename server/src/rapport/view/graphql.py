from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from rapport.customfield.graphql import ObjectType
from rapport.graphql.context import Info
from rapport.graphql.inputs import as_actor
from rapport.graphql.permissions import CanRead
from rapport.kit.validation import validate
from rapport.models import ObjectType as ObjectTypeEnum
from rapport.models import SavedView as SavedViewRow
from rapport.view import service
from rapport.workspace.graphql_types import Member, member_of


@strawberry.type(
    description="A list's search, filters, sort and columns under a name, yours or shared with the workspace."
)
class SavedView:
    id: uuid.UUID = strawberry.field(description="The view's id.")
    name: str = strawberry.field(description="The name the list header shows.")
    object_type: ObjectType = strawberry.field(description="The list it belongs to.")  # type: ignore[valid-type]
    state: JSON = strawberry.field(
        description="What the web app restores: `{ search, filters, sort, columns }` as it wrote them."
    )
    shared: bool = strawberry.field(description="Seen by the whole workspace (true) or only by its author.")
    updated_at: datetime = strawberry.field(description="When it was last saved.")
    row: strawberry.Private[SavedViewRow]

    @staticmethod
    def of(row: SavedViewRow) -> SavedView:
        return SavedView(
            id=row.id,
            name=row.name,
            object_type=row.object_type,
            state=JSON(row.state),
            shared=row.shared,
            updated_at=row.updated_at,
            row=row,
        )

    @strawberry.field(description="Its author.")
    async def owner(self, info: Info) -> Member | None:
        return await member_of(info, self.row.owner_member_id)


@strawberry.type
class ViewQuery:
    @strawberry.field(
        description="Your saved views of a list and those shared with the workspace, by name.",
        permission_classes=[CanRead],
    )
    async def saved_views(self, info: Info, object_type: ObjectType) -> list[SavedView]:  # type: ignore[valid-type]
        rows = await as_actor(info, service.list_views, object_type=ObjectTypeEnum(object_type))
        return [SavedView.of(row) for row in rows]


@strawberry.type
class ViewMutation:
    @strawberry.mutation(
        description="Saves a list's state under a name: your view of that list and name is replaced. "
        "Shared views are seen by the whole workspace (members and up may share).",
        permission_classes=[CanRead],
    )
    async def save_view(
        self,
        info: Info,
        name: str,
        object_type: ObjectType,  # type: ignore[valid-type]
        state: JSON,
        shared: bool = False,
    ) -> SavedView:
        data = validate(
            service.ViewData, {"name": name, "objectType": object_type, "state": state, "shared": shared}, path=()
        )
        return SavedView.of(await as_actor(info, service.save, data=data))

    @strawberry.mutation(
        description="Deletes your saved view, or a shared one as an admin.", permission_classes=[CanRead]
    )
    async def delete_view(self, info: Info, id: uuid.UUID) -> bool:
        return await as_actor(info, service.delete, view_id=id)
