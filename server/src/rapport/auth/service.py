"""Sign-up, sign-in, token rotation and sign-out; switching and creating workspaces issues new tokens."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import EmailStr, Field, field_validator
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth import passwords, repository, tokens
from rapport.config import Settings
from rapport.db import set_scope
from rapport.errors import Conflict, NotFound, Unauthenticated
from rapport.kit.clock import utcnow
from rapport.kit.ids import new_id
from rapport.kit.validation import InputModel
from rapport.models import Role, User, Workspace, WorkspaceMember
from rapport.workspace import service as workspace_service

PASSWORD_MIN_LENGTH = 8


class SignUpData(InputModel):
    email: EmailStr = Field(max_length=254)
    password: str = Field(min_length=PASSWORD_MIN_LENGTH, max_length=256)
    name: str = Field(min_length=1, max_length=100)
    workspace_name: str = Field(min_length=1, max_length=100)

    @field_validator("password")
    @classmethod
    def _strong_enough(cls, value: str) -> str:
        reason = passwords.weakness(value)
        if reason is not None:
            raise ValueError(reason)
        return value


class SignInData(InputModel):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=256)


class ProfileData(InputModel):
    name: str = Field(min_length=1, max_length=100)


class RefreshTokenReused(Unauthenticated):
    """Raised after the token's whole family was revoked: that revocation must be committed."""

    keeps_writes = True


@dataclass(frozen=True)
class AuthResult:
    access_token: str
    refresh_token: str
    expires_at: datetime
    user: User
    workspace: Workspace | None


async def sign_up(session: AsyncSession, settings: Settings, *, data: SignUpData) -> AuthResult:
    email = data.email.lower()
    password_hash = await passwords.hash_password(data.password)
    user = await repository.insert_user_unless_email_taken(
        session, {"id": new_id(), "email": email, "name": data.name, "password_hash": password_hash}
    )
    if user is None:
        raise Conflict("An account with this email already exists; sign in instead.")
    workspace, member = await workspace_service.create(
        session, user=user, data=workspace_service.WorkspaceData(name=data.workspace_name)
    )
    return await _open_session(session, settings, user=user, workspace=workspace, member=member)


async def sign_in(session: AsyncSession, settings: Settings, *, data: SignInData) -> AuthResult:
    user = await repository.get_user_by_email(session, data.email.strip())
    password_hash = user.password_hash if user else None
    if not await passwords.verify_password(password_hash, data.password) or user is None:
        raise Unauthenticated("The email or the password is wrong.")
    await set_scope(session, workspace_id=None, user_id=user.id)
    if password_hash and passwords.needs_rehash(password_hash):
        await repository.set_password_hash(session, user.id, await passwords.hash_password(data.password))
    member = await _preferred_membership(session, user, user.last_workspace_id)
    workspace = await _workspace_of(session, user, member)
    return await _open_session(session, settings, user=user, workspace=workspace, member=member)


async def open_session_for(session: AsyncSession, settings: Settings, *, user: User) -> AuthResult:
    """Tokens for a user whose identity something other than their password proved (an OpenID provider),
    in the workspace they used last. Checks no second factor: callers decide that first."""
    await set_scope(session, workspace_id=None, user_id=user.id)
    member = await _preferred_membership(session, user, user.last_workspace_id)
    workspace = await _workspace_of(session, user, member)
    return await _open_session(session, settings, user=user, workspace=workspace, member=member)


async def create_user_with_workspace(
    session: AsyncSession, *, email: str, name: str, workspace_name: str
) -> User | None:
    """A new account without a password (it signs in through a provider) and its first workspace, as
    `sign_up` makes them; None when the email is taken (also by a concurrent sign-up)."""
    user = await repository.insert_user_unless_email_taken(
        session, {"id": new_id(), "email": email.lower(), "name": name, "password_hash": None}
    )
    if user is None:
        return None
    await workspace_service.create(session, user=user, data=workspace_service.WorkspaceData(name=workspace_name))
    return user


async def refresh(session: AsyncSession, settings: Settings, *, refresh_token: str) -> AuthResult:
    """Rotates the token: the one presented is spent, a new one of the same family is issued."""
    user_id = tokens.refresh_token_user(refresh_token)
    digest = tokens.refresh_token_digest(refresh_token)
    await set_scope(session, workspace_id=None, user_id=user_id)
    current = await repository.consume_refresh_token(session, digest)
    if current is None:
        await _reject_spent_token(session, digest)
    assert current is not None
    user = await repository.get_user(session, user_id)
    if user is None:
        raise Unauthenticated("The account no longer exists.")
    member = await _preferred_membership(session, user, current.workspace_id)
    workspace = await _workspace_of(session, user, member)
    return await _open_session(
        session, settings, user=user, workspace=workspace, member=member, family_id=current.family_id
    )


async def sign_out(session: AsyncSession, *, refresh_token: str) -> bool:
    """Revokes the whole family of the token, so every token rotated from this sign-in dies."""
    user_id = tokens.refresh_token_user(refresh_token)
    await set_scope(session, workspace_id=None, user_id=user_id)
    token = await repository.get_refresh_token(session, tokens.refresh_token_digest(refresh_token))
    if token is None:
        raise Unauthenticated("The refresh token is not valid.")
    await repository.revoke_family(session, token.family_id, utcnow())
    return True


async def switch_workspace(
    session: AsyncSession, settings: Settings, *, user_id: uuid.UUID, workspace_id: uuid.UUID
) -> AuthResult:
    user = await _user(session, user_id)
    await set_scope(session, workspace_id=workspace_id, user_id=user.id)
    member = await workspace_service.get_membership(session, workspace_id=workspace_id, user_id=user.id)
    if member is None:
        raise NotFound("You are not a member of this workspace.")
    workspace = await _workspace_of(session, user, member)
    return await _open_session(session, settings, user=user, workspace=workspace, member=member)


async def create_workspace(
    session: AsyncSession, settings: Settings, *, user_id: uuid.UUID, data: workspace_service.WorkspaceData
) -> AuthResult:
    user = await _user(session, user_id)
    workspace, member = await workspace_service.create(session, user=user, data=data)
    return await _open_session(session, settings, user=user, workspace=workspace, member=member)


async def get_user(session: AsyncSession, *, user_id: uuid.UUID) -> User:
    return await _user(session, user_id)


async def update_profile(session: AsyncSession, *, user_id: uuid.UUID, data: ProfileData) -> User:
    """Changes the signed-in user's own display name, seen by every workspace they belong to."""
    user = await repository.set_name(session, user_id, data.name)
    if user is None:
        raise Unauthenticated("The account no longer exists.")
    return user


async def _reject_spent_token(session: AsyncSession, digest: bytes) -> None:
    token = await repository.get_refresh_token(session, digest)
    if token is None:
        raise Unauthenticated("The refresh token is not valid.")
    if token.used_at is not None and token.revoked_at is None:
        await repository.revoke_family(session, token.family_id, utcnow())
        raise RefreshTokenReused("This refresh token was already used; every session from it is now signed out.")
    if token.revoked_at is not None:
        raise Unauthenticated("The refresh token was revoked; sign in again.")
    raise Unauthenticated("The refresh token has expired; sign in again.")


async def _preferred_membership(
    session: AsyncSession, user: User, workspace_id: uuid.UUID | None
) -> WorkspaceMember | None:
    """The membership in `workspace_id` if the user still has it, else their oldest one."""
    if workspace_id is not None:
        await set_scope(session, workspace_id=workspace_id, user_id=user.id)
        member = await workspace_service.get_membership(session, workspace_id=workspace_id, user_id=user.id)
        if member is not None:
            return member
    await set_scope(session, workspace_id=None, user_id=user.id)
    return await workspace_service.first_membership_of_user(session, user_id=user.id)


async def _workspace_of(session: AsyncSession, user: User, member: WorkspaceMember | None) -> Workspace | None:
    if member is None:
        await set_scope(session, workspace_id=None, user_id=user.id)
        return None
    await set_scope(session, workspace_id=member.workspace_id, user_id=user.id)
    return await workspace_service.get_workspace(session, workspace_id=member.workspace_id)


async def _open_session(
    session: AsyncSession,
    settings: Settings,
    *,
    user: User,
    workspace: Workspace | None,
    member: WorkspaceMember | None,
    family_id: uuid.UUID | None = None,
) -> AuthResult:
    role: Role | None = member.role if member else None
    access_token, expires_at = tokens.issue_access_token(
        settings, user_id=user.id, workspace_id=workspace.id if workspace else None, role=role
    )
    refresh_token, digest = tokens.new_refresh_token(user.id)
    await repository.insert_refresh_token(
        session,
        {
            "id": new_id(),
            "user_id": user.id,
            "workspace_id": workspace.id if workspace else None,
            "family_id": family_id or new_id(),
            "token_hash": digest,
            "expires_at": utcnow() + timedelta(seconds=settings.refresh_token_ttl_seconds),
        },
    )
    if user.last_workspace_id != (workspace.id if workspace else None):
        await repository.set_last_workspace(session, user.id, workspace.id if workspace else None)
    return AuthResult(access_token, refresh_token, expires_at, user, workspace)


async def _user(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await repository.get_user(session, user_id)
    if user is None:
        raise Unauthenticated("The account no longer exists.")
    return user
