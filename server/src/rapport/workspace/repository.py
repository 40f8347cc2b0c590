from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from rapport.kit.rows import insert_row
from rapport.models import Role, User, Workspace, WorkspaceMember


async def insert_workspace(session: AsyncSession, values: dict[str, object]) -> Workspace:
    return await insert_row(session, Workspace, values)


async def get_workspace(session: AsyncSession, workspace_id: uuid.UUID) -> Workspace | None:
    return await session.get(Workspace, workspace_id)


async def list_workspaces_of_user(session: AsyncSession, user_id: uuid.UUID) -> Sequence[Workspace]:
    query = (
        select(Workspace)
        .join(WorkspaceMember, WorkspaceMember.workspace_id == Workspace.id)
        .where(WorkspaceMember.user_id == user_id)
        .order_by(Workspace.name, Workspace.id)
    )
    return (await session.scalars(query)).all()


async def insert_member(session: AsyncSession, values: dict[str, object]) -> WorkspaceMember:
    return await insert_row(session, WorkspaceMember, values)


async def get_member(session: AsyncSession, workspace_id: uuid.UUID, member_id: uuid.UUID) -> WorkspaceMember | None:
    query = select(WorkspaceMember).where(WorkspaceMember.workspace_id == workspace_id, WorkspaceMember.id == member_id)
    return await session.scalar(query)


async def get_membership(session: AsyncSession, workspace_id: uuid.UUID, user_id: uuid.UUID) -> WorkspaceMember | None:
    query = select(WorkspaceMember).where(
        WorkspaceMember.workspace_id == workspace_id, WorkspaceMember.user_id == user_id
    )
    return await session.scalar(query)


async def first_membership_of_user(session: AsyncSession, user_id: uuid.UUID) -> WorkspaceMember | None:
    query = (
        select(WorkspaceMember)
        .where(WorkspaceMember.user_id == user_id)
        .order_by(WorkspaceMember.joined_at, WorkspaceMember.id)
        .limit(1)
    )
    return await session.scalar(query)


async def list_members(session: AsyncSession, workspace_id: uuid.UUID) -> Sequence[WorkspaceMember]:
    query = (
        select(WorkspaceMember)
        .where(WorkspaceMember.workspace_id == workspace_id)
        .order_by(WorkspaceMember.joined_at, WorkspaceMember.id)
    )
    return (await session.scalars(query)).all()


async def list_members_by_user(
    session: AsyncSession, workspace_id: uuid.UUID, user_ids: Sequence[uuid.UUID]
) -> Sequence[WorkspaceMember]:
    return await _members_where(session, workspace_id, WorkspaceMember.user_id, user_ids)


async def _members_where(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    column: InstrumentedAttribute[uuid.UUID],
    values: Sequence[uuid.UUID],
) -> Sequence[WorkspaceMember]:
    """The workspace's members whose `column` is one of `values`."""
    query = select(WorkspaceMember).where(WorkspaceMember.workspace_id == workspace_id, column.in_(values))
    return (await session.scalars(query)).all()


async def lock_owner_ids(session: AsyncSession, workspace_id: uuid.UUID) -> list[uuid.UUID]:
    """Locks the owners' rows, so two concurrent demotions cannot leave a workspace without one."""
    query = (
        select(WorkspaceMember.id)
        .where(WorkspaceMember.workspace_id == workspace_id, WorkspaceMember.role == Role.OWNER)
        .with_for_update()
    )
    return list((await session.scalars(query)).all())


async def update_member_role(session: AsyncSession, member_id: uuid.UUID, role: Role) -> WorkspaceMember:
    row = await session.execute(
        update(WorkspaceMember).where(WorkspaceMember.id == member_id).values(role=role).returning(WorkspaceMember)
    )
    return row.scalar_one()


async def delete_member(session: AsyncSession, member_id: uuid.UUID) -> None:
    await session.execute(delete(WorkspaceMember).where(WorkspaceMember.id == member_id))


async def count_members(session: AsyncSession, workspace_id: uuid.UUID) -> int:
    query = select(func.count()).where(WorkspaceMember.workspace_id == workspace_id)
    return int(await session.scalar(query) or 0)


async def rename_workspace(session: AsyncSession, workspace_id: uuid.UUID, name: str) -> Workspace:
    row = await session.execute(
        update(Workspace).where(Workspace.id == workspace_id).values(name=name).returning(Workspace)
    )
    return row.scalar_one()


async def set_mfa_required(session: AsyncSession, workspace_id: uuid.UUID, required: bool) -> Workspace:
    row = await session.execute(
        update(Workspace).where(Workspace.id == workspace_id).values(mfa_required=required).returning(Workspace),
        execution_options={"populate_existing": True},
    )
    return row.scalar_one()


async def list_members_by_id(
    session: AsyncSession, workspace_id: uuid.UUID, member_ids: Sequence[uuid.UUID]
) -> Sequence[WorkspaceMember]:
    return await _members_where(session, workspace_id, WorkspaceMember.id, member_ids)


async def member_emails(session: AsyncSession, workspace_id: uuid.UUID) -> Sequence[tuple[uuid.UUID, str]]:
    """(member id, user email) of the workspace's members."""
    query = (
        select(WorkspaceMember.id, User.email)
        .join(User, User.id == WorkspaceMember.user_id)
        .where(WorkspaceMember.workspace_id == workspace_id)
    )
    return [(row[0], row[1]) for row in (await session.execute(query)).all()]
