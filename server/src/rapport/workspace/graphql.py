from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from rapport.activity.graphql import ActivityConnection, timeline
from rapport.graphql.context import Info
from rapport.graphql.inputs import as_actor
from rapport.graphql.permissions import CanManage, CanRead, SignedIn
from rapport.graphql.types import RowType, of_row
from rapport.kit.validation import validate
from rapport.models import Workspace as WorkspaceRow
from rapport.workspace import service
from rapport.workspace.graphql_types import Member, Role


@strawberry.type(description="A team's separate space: its records, members and settings.")
class Workspace(RowType[WorkspaceRow]):
    id = of_row(uuid.UUID, "The workspace's id.")
    name = of_row(str, "The workspace's name.")
    created_at = of_row(datetime, "When the workspace was created.")
    mfa_required = of_row(bool, "True: every member must sign in with a second factor (TOTP).")

    @strawberry.field(description="Member and workspace changes, newest first. Only for its members.")
    async def timeline(self, info: Info, first: int | None = 20, after: str | None = None) -> ActivityConnection:
        first = 20 if first is None else first
        actor = await info.context.actor()
        return await timeline(info, workspace_id=actor.workspace_id, subject_id=self.row.id, first=first, after=after)


@strawberry.type
class WorkspaceQuery:
    @strawberry.field(description="The workspace the access token is scoped to.", permission_classes=[CanRead])
    async def workspace(self, info: Info) -> Workspace:
        return Workspace(row=await as_actor(info, service.get_current))

    @strawberry.field(description="Every workspace the signed-in user belongs to.", permission_classes=[SignedIn])
    async def workspaces(self, info: Info) -> list[Workspace]:
        return Workspace.of_all(
            await service.list_of_user(info.context.session, user_id=info.context.require_user_id())
        )

    @strawberry.field(description="The members of the current workspace, oldest first.", permission_classes=[CanRead])
    async def members(self, info: Info) -> list[Member]:
        return Member.of_all(await as_actor(info, service.list_members))


@strawberry.type
class WorkspaceMutation:
    @strawberry.mutation(
        description="Changes a member's role. OWNER or ADMIN; only an OWNER grants or takes away OWNER, "
        "and the last owner keeps it.",
        permission_classes=[CanManage],
    )
    async def update_member_role(self, info: Info, member_id: uuid.UUID, role: Role) -> Member:  # type: ignore[valid-type]
        row = await as_actor(info, service.update_member_role, member_id=member_id, role=role)
        return Member(row=row)

    @strawberry.mutation(
        description="Removes a member (OWNER or ADMIN), or leaves the workspace (your own membership). "
        "The last owner cannot leave.",
        permission_classes=[CanRead],
    )
    async def remove_member(self, info: Info, member_id: uuid.UUID) -> bool:
        return await as_actor(info, service.remove_member, member_id=member_id)

    @strawberry.mutation(
        description="Requires (or stops requiring) two-factor sign-in of every member; members without it are "
        "sent to enrol. OWNER or ADMIN, who must use it themselves first.",
        permission_classes=[CanManage],
    )
    async def set_workspace_mfa_required(self, info: Info, required: bool) -> Workspace:
        return Workspace(row=await as_actor(info, service.set_mfa_required, required=required))

    @strawberry.mutation(description="Renames the current workspace. OWNER or ADMIN.", permission_classes=[CanManage])
    async def rename_workspace(self, info: Info, name: str) -> Workspace:
        data = validate(service.WorkspaceData, {"name": name})
        return Workspace(row=await as_actor(info, service.rename, data=data))
