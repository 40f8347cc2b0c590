from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from rapport.auth.graphql_types import User
from rapport.graphql.context import Info
from rapport.graphql.types import RowType, of_row
from rapport.models import Role as RoleEnum
from rapport.models import WorkspaceMember as MemberRow

Role = strawberry.enum(
    RoleEnum,
    description="What a member may do: OWNER and ADMIN manage members, MEMBER writes records, VIEWER only reads.",
)


@strawberry.type(description="A user's membership of the current workspace.")
class Member(RowType[MemberRow]):
    id = of_row(uuid.UUID, "The membership's id (not the user's).")
    role = of_row(Role, "The member's role in this workspace.")
    joined_at = of_row(datetime, "When the user joined the workspace.")

    @strawberry.field(description="The person.")
    async def user(self, info: Info) -> User:
        row = await info.context.loaders.user.load(self.row.user_id)
        assert row is not None, "a member always has a user (foreign key)"
        return User(row=row)


async def member_of(info: Info, member_id: uuid.UUID | None) -> Member | None:
    """The member a record names (its owner), if any."""
    if member_id is None:
        return None
    member = await info.context.loaders.member.load(member_id)
    return Member(row=member) if member else None
