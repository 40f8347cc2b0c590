from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from rapport.customfield.graphql import ObjectType
from rapport.graphql.context import Info
from rapport.graphql.inputs import as_actor
from rapport.graphql.permissions import CanRead
from rapport.graphql.types import RowType, of_row
from rapport.kit.validation import validate
from rapport.models import ObjectType as ObjectTypeEnum
from rapport.models import SavedView as SavedViewRow
from rapport.view import service
from rapport.workspace.graphql_types import Member, member_of


@strawberry.type(
    description="A list's search, filters, sort and columns under a name, yours or shared with the workspace."
)
class SavedView(RowType[SavedViewRow]):
    id = of_row(uuid.UUID, "The view's id.")
    name = of_row(str, "The name the list header shows.")
    object_type = of_row(ObjectType, "The list it belongs to.")

    @strawberry.field(description="What the web app restores: `{ search, filters, sort, columns }` as it wrote them.")
    def state(self) -> JSON:
        return JSON(self.row.state)

    shared = of_row(bool, "Seen by the whole workspace (true) or only by its author.")
    updated_at = of_row(datetime, "When it was last saved.")

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
        return SavedView.of_all(await as_actor(info, service.list_views, object_type=ObjectTypeEnum(object_type)))


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
        return SavedView(row=await as_actor(info, service.save, data=data))

    @strawberry.mutation(
        description="Deletes your saved view, or a shared one as an admin.", permission_classes=[CanRead]
    )
    async def delete_view(self, info: Info, id: uuid.UUID) -> bool:
        return await as_actor(info, service.delete, view_id=id)
