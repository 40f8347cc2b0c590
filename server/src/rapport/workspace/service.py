"""Workspaces and their members. Only owners and admins manage members; a workspace always keeps an owner."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activity import service as activity_service
from rapport.audit import service as audit_service
from rapport.audit.service import AuditAction
from rapport.auth import users
from rapport.auth.actor import Actor
from rapport.db import set_scope
from rapport.errors import BadUserInput, Conflict, found
from rapport.kit.ids import new_id
from rapport.kit.validation import InputModel
from rapport.models import ActivityKind, Role, User, Workspace, WorkspaceMember
from rapport.pipeline import service as pipeline_service
from rapport.workspace import repository


class WorkspaceData(InputModel):
    name: str = Field(min_length=1, max_length=100)


async def create(session: AsyncSession, *, user: User, data: WorkspaceData) -> tuple[Workspace, WorkspaceMember]:
    """Creates a workspace with `user` as its owner and moves the transaction's scope into it."""
    workspace_id = new_id()
    await set_scope(session, workspace_id=workspace_id, user_id=user.id)
    workspace = await repository.insert_workspace(session, {"id": workspace_id, "name": data.name})
    member = await repository.insert_member(
        session, {"id": new_id(), "workspace_id": workspace_id, "user_id": user.id, "role": Role.OWNER}
    )
    await pipeline_service.create_default(session, workspace_id=workspace_id)
    owner = Actor(user_id=user.id, workspace_id=workspace_id, member_id=member.id, role=Role.OWNER)
    await _record(
        session,
        owner,
        event="workspace.created",
        summary=f"{user.name} created the workspace {data.name}",
        payload={"workspaceId": str(workspace_id), "name": data.name},
    )
    return workspace, member


async def get_current(session: AsyncSession, actor: Actor) -> Workspace:
    return found(await repository.get_workspace(session, actor.workspace_id), "The workspace no longer exists.")


async def list_of_user(session: AsyncSession, *, user_id: uuid.UUID) -> Sequence[Workspace]:
    return await repository.list_workspaces_of_user(session, user_id)


async def list_members(session: AsyncSession, actor: Actor) -> Sequence[WorkspaceMember]:
    return await repository.list_members(session, actor.workspace_id)


async def member_emails(session: AsyncSession, actor: Actor) -> dict[uuid.UUID, str]:
    """Each member's email (lower-cased), by member id: imports name owners by email, exports write it."""
    actor.require(Role.VIEWER)
    return {
        member_id: email.lower() for member_id, email in await repository.member_emails(session, actor.workspace_id)
    }


async def rename(session: AsyncSession, actor: Actor, *, data: WorkspaceData) -> Workspace:
    actor.require(Role.ADMIN)
    workspace = await get_current(session, actor)
    if workspace.name != data.name:
        previous = workspace.name
        workspace = await repository.rename_workspace(session, actor.workspace_id, data.name)
        await _record(
            session,
            actor,
            event="workspace.updated",
            summary=f"Workspace renamed from {previous} to {data.name}",
            payload={"workspaceId": str(actor.workspace_id), "name": data.name},
            changes={"name": {"from": previous, "to": data.name}},
        )
    return workspace


async def set_mfa_required(session: AsyncSession, actor: Actor, *, required: bool) -> Workspace:
    """Requires (or stops requiring) two-factor sign-in of every member. OWNER or ADMIN, who must use it
    themselves before requiring it of others."""
    actor.require(Role.ADMIN)
    if required:
        user = await users.get_user(session, actor.user_id)
        if user is None or not user.mfa_enabled:
            raise BadUserInput(
                "Turn on two-factor sign-in for your own account before requiring it of every member.",
                field_errors={("required",): "Turn on two-factor sign-in for your own account first."},
            )
    workspace = await get_current(session, actor)
    if workspace.mfa_required != required:
        workspace = await repository.set_mfa_required(session, actor.workspace_id, required)
        await _record(
            session,
            actor,
            event="workspace.updated",
            summary="Two-factor sign-in " + ("required of every member" if required else "no longer required"),
            payload={"workspaceId": str(actor.workspace_id), "mfaRequired": "true" if required else "false"},
            changes={"mfaRequired": {"from": not required, "to": required}},
        )
    return workspace


async def join(session: AsyncSession, *, workspace_id: uuid.UUID, user: User, role: Role) -> WorkspaceMember:
    """Makes `user` a member with `role`: the end of an accepted invitation (the invitation domain checks
    who may invite whom and that the invitee consented). CONFLICT when they are a member already."""
    await set_scope(session, workspace_id=workspace_id, user_id=user.id)
    if await repository.get_membership(session, workspace_id, user.id) is not None:
        raise Conflict("You are already a member of this workspace.")
    member = await repository.insert_member(
        session, {"id": new_id(), "workspace_id": workspace_id, "user_id": user.id, "role": role}
    )
    joined = Actor(user_id=user.id, workspace_id=workspace_id, member_id=member.id, role=role)
    await _record(
        session,
        joined,
        event="member.added",
        summary=f"{user.name} <{user.email}> joined as {role.value}",
        payload={"memberId": str(member.id), "userId": str(user.id), "role": role.value},
    )
    return member


async def is_member_email(session: AsyncSession, actor: Actor, *, email: str) -> bool:
    """Whether a member of the actor's workspace has this email (an admin sees the members anyway)."""
    email = email.lower()
    return any(address.lower() == email for _, address in await repository.member_emails(session, actor.workspace_id))


async def update_member_role(
    session: AsyncSession, actor: Actor, *, member_id: uuid.UUID, role: Role
) -> WorkspaceMember:
    actor.require(Role.ADMIN)
    member = await _get_member(session, actor, member_id)
    if Role.OWNER in (member.role, role):
        actor.require(Role.OWNER)
    if member.role == role:
        return member
    previous = member.role
    owners = await repository.lock_owner_ids(session, actor.workspace_id)
    if previous == Role.OWNER and owners == [member.id]:
        raise Conflict("A workspace needs an owner: make someone else owner first.")
    updated = await repository.update_member_role(session, member.id, role)
    user = await _user(session, member.user_id)
    await _record(
        session,
        actor,
        event="member.role_changed",
        summary=f"{user.name}'s role changed from {previous.value} to {role.value}",
        payload={"memberId": str(member.id), "userId": str(user.id), "from": previous.value, "to": role.value},
        changes={"role": {"from": previous.value, "to": role.value}},
    )
    await audit_service.record(
        session,
        actor,
        kind=AuditAction.MEMBER_ROLE_CHANGED,
        details={"memberId": str(member.id), "email": user.email, "from": previous.value, "to": role.value},
    )
    return updated


async def remove_member(session: AsyncSession, actor: Actor, *, member_id: uuid.UUID) -> bool:
    """Admins remove others; anyone may leave. The last owner can do neither."""
    member = await _get_member(session, actor, member_id)
    leaving = member.id == actor.member_id
    if not leaving:
        actor.require(Role.ADMIN)
        if member.role == Role.OWNER:
            actor.require(Role.OWNER)
    owners = await repository.lock_owner_ids(session, actor.workspace_id)
    if member.role == Role.OWNER and owners == [member.id]:
        raise Conflict("The last owner cannot leave: make someone else owner first.")
    user = await _user(session, member.user_id)
    await repository.delete_member(session, member.id)
    await _record(
        session,
        actor,
        event="member.removed",
        summary=f"{user.name} left the workspace" if leaving else f"{user.name} was removed from the workspace",
        payload={"memberId": str(member.id), "userId": str(user.id), "role": member.role.value},
    )
    await audit_service.record(
        session,
        actor,
        kind=AuditAction.MEMBER_REMOVED,
        details={"memberId": str(member.id), "email": user.email, "role": member.role.value, "left": leaving},
    )
    return True


async def get_membership(
    session: AsyncSession, *, workspace_id: uuid.UUID, user_id: uuid.UUID
) -> WorkspaceMember | None:
    """The user's membership of the workspace, or None: for signing in and checking a token's holder."""
    return await repository.get_membership(session, workspace_id, user_id)


async def members_by_id(
    session: AsyncSession, *, workspace_id: uuid.UUID, member_ids: Sequence[uuid.UUID]
) -> Sequence[WorkspaceMember]:
    """Members of the workspace among `member_ids`, for Rapport's own processes (notifications)."""
    return await repository.list_members_by_id(session, workspace_id, member_ids)


async def get_member(session: AsyncSession, *, workspace_id: uuid.UUID, member_id: uuid.UUID) -> WorkspaceMember | None:
    """A member by id, or None (an API key acts as the member who created it)."""
    return await repository.get_member(session, workspace_id, member_id)


async def first_membership_of_user(session: AsyncSession, *, user_id: uuid.UUID) -> WorkspaceMember | None:
    return await repository.first_membership_of_user(session, user_id)


async def get_workspace(session: AsyncSession, *, workspace_id: uuid.UUID) -> Workspace | None:
    return await repository.get_workspace(session, workspace_id)


async def _get_member(session: AsyncSession, actor: Actor, member_id: uuid.UUID) -> WorkspaceMember:
    return found(
        await repository.get_member(session, actor.workspace_id, member_id), "No member with this id in this workspace."
    )


async def _user(session: AsyncSession, user_id: uuid.UUID) -> User:
    return found(await users.get_user(session, user_id), "No user with this id.")


async def _record(
    session: AsyncSession,
    actor: Actor,
    *,
    event: str,
    summary: str,
    payload: dict[str, str],
    changes: dict[str, object] | None = None,
) -> None:
    """Member and workspace changes go to the workspace's timeline and to the outbox together."""
    await activity_service.log_change(
        session,
        actor,
        kind=ActivityKind.MEMBER,
        subject_type="workspace",
        subject_id=actor.workspace_id,
        summary=summary,
        event=event,
        payload=payload,
        changes=changes,
    )
