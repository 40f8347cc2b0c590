from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime

import strawberry

from rapport.auth import service
from rapport.auth.graphql_types import User
from rapport.graphql.context import Info
from rapport.graphql.permissions import Public, SignedIn
from rapport.kit.validation import InputModel, validate
from rapport.workspace.graphql import Workspace
from rapport.workspace.service import WorkspaceData


@strawberry.input(description="A new account and its first workspace.")
class SignUpInput:
    email: str = strawberry.field(description="The email to sign in with; must not be taken.")
    password: str = strawberry.field(description="At least 8 characters.")
    name: str = strawberry.field(description="The person's display name.")
    workspace_name: str = strawberry.field(description="Name of the first workspace, owned by this user.")


@strawberry.input(description="Credentials of an existing account.")
class SignInInput:
    email: str = strawberry.field(description="The account's email, in any case.")
    password: str = strawberry.field(description="The account's password.")


@strawberry.type(description="The tokens of a signed-in session.")
class AuthPayload:
    access_token: str | None = strawberry.field(
        description="JWT, valid 1 hour, scoped to one workspace. Send as `Authorization: Bearer <token>`. "
        "Null while an MFA step is pending."
    )
    refresh_token: str | None = strawberry.field(
        description="Opaque, valid 7 days, single use: `refreshToken` returns a new one. Reusing a spent one "
        "signs out every session rotated from it."
    )
    expires_at: datetime | None = strawberry.field(description="When the access token expires.")
    user: User = strawberry.field(description="The signed-in user.")
    workspace: Workspace | None = strawberry.field(
        description="The workspace the access token is scoped to; null when the user belongs to none."
    )
    mfa_required: bool = strawberry.field(description="True: call verifyMfa with mfaToken and a TOTP code.")
    mfa_token: str | None = strawberry.field(description="Proves the password step while MFA is pending.")

    @classmethod
    def from_result(cls, result: service.AuthResult) -> AuthPayload:
        return cls(
            access_token=result.access_token,
            refresh_token=result.refresh_token,
            expires_at=result.expires_at,
            user=User(row=result.user),
            workspace=Workspace(row=result.workspace) if result.workspace else None,
            mfa_required=False,
            mfa_token=None,
        )


async def _signed(info: Info, call: Callable[..., Awaitable[service.AuthResult]], data: InputModel) -> AuthPayload:
    """Signs up or in with `data`: the tokens and whom they are for."""
    return AuthPayload.from_result(await call(info.context.session, info.context.settings, data=data))


@strawberry.type
class AuthQuery:
    @strawberry.field(description="The signed-in user.", permission_classes=[SignedIn])
    async def me(self, info: Info) -> User:
        return User(row=await service.get_user(info.context.session, user_id=info.context.require_user_id()))


@strawberry.type
class AuthMutation:
    @strawberry.mutation(
        description="Creates an account and its first workspace (owned by the new user) and signs in.",
        permission_classes=[Public],
    )
    async def sign_up(self, info: Info, input: SignUpInput) -> AuthPayload:
        return await _signed(
            info, service.sign_up, validate(service.SignUpData, strawberry.asdict(input), path=("input",))
        )

    @strawberry.mutation(
        description="Signs in, into the workspace used last. Wrong email or password: UNAUTHENTICATED.",
        permission_classes=[Public],
    )
    async def sign_in(self, info: Info, input: SignInInput) -> AuthPayload:
        return await _signed(
            info, service.sign_in, validate(service.SignInData, strawberry.asdict(input), path=("input",))
        )

    @strawberry.mutation(
        description="Trades a refresh token for a new pair. Each refresh token works once.",
        permission_classes=[Public],
    )
    async def refresh_token(self, info: Info, refresh_token: str) -> AuthPayload:
        result = await service.refresh(info.context.session, info.context.settings, refresh_token=refresh_token)
        return AuthPayload.from_result(result)

    @strawberry.mutation(
        description="Signs out: revokes the refresh token and every token rotated from the same sign-in.",
        permission_classes=[Public],
    )
    async def sign_out(self, info: Info, refresh_token: str) -> bool:
        return await service.sign_out(info.context.session, refresh_token=refresh_token)

    @strawberry.mutation(
        description="Changes the signed-in user's display name (1 to 100 characters).",
        permission_classes=[SignedIn],
    )
    async def update_profile(self, info: Info, name: str) -> User:
        data = validate(service.ProfileData, {"name": name})
        user = await service.update_profile(info.context.session, user_id=info.context.require_user_id(), data=data)
        return User(row=user)

    @strawberry.mutation(
        description="Creates a workspace owned by the signed-in user; the tokens returned are scoped to it.",
        permission_classes=[SignedIn],
    )
    async def create_workspace(self, info: Info, name: str) -> AuthPayload:
        data = validate(WorkspaceData, {"name": name})
        result = await service.create_workspace(
            info.context.session, info.context.settings, user_id=info.context.require_user_id(), data=data
        )
        return AuthPayload.from_result(result)

    @strawberry.mutation(
        description="Returns tokens scoped to another workspace the user belongs to (NOT_FOUND otherwise).",
        permission_classes=[SignedIn],
    )
    async def switch_workspace(self, info: Info, workspace_id: uuid.UUID) -> AuthPayload:
        result = await service.switch_workspace(
            info.context.session,
            info.context.settings,
            user_id=info.context.require_user_id(),
            workspace_id=workspace_id,
        )
        return AuthPayload.from_result(result)
