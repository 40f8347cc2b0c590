"""Every root field declares one of these. A test walks the schema and fails on a field without one."""

from __future__ import annotations

from typing import Any, ClassVar

from strawberry.permission import BasePermission

from rapport.models import Role


class Public(BasePermission):
    """Anyone, signed in or not (sign-up, sign-in, token refresh)."""

    message = "public"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return True


class SignedIn(BasePermission):
    """A signed-in person (a live session; not an API key), with or without a workspace chosen."""

    message = "Sign in first."

    async def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        await info.context.require_person()
        return True


class WorkspaceRole(BasePermission):
    """A member of the token's workspace with at least `min_role`."""

    min_role: ClassVar[Role]
    message = "Your role does not allow this."

    async def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        actor = await info.context.actor()
        actor.require(self.min_role)
        return True


class CanRead(WorkspaceRole):
    min_role = Role.VIEWER


class CanWrite(WorkspaceRole):
    min_role = Role.MEMBER


class CanManage(WorkspaceRole):
    min_role = Role.ADMIN


ROOT_PERMISSIONS: tuple[type[BasePermission], ...] = (Public, SignedIn, CanRead, CanWrite, CanManage)
