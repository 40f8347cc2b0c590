from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

import strawberry

from rapport import ratelimit
from rapport.auth import password_reset, service
from rapport.auth.graphql_types import User
from rapport.graphql.context import Info
from rapport.graphql.inputs import as_actor
from rapport.graphql.permissions import CanManage, Public, SignedIn
from rapport.graphql.types import RowType, of_row
from rapport.kit.validation import InputModel, validate
from rapport.models import ApiKey as ApiKeyRow
from rapport.worker.queue import shared_queue
from rapport.workspace.graphql import Workspace
from rapport.workspace.graphql_types import Member, Role, member_of
from rapport.workspace.service import WorkspaceData

T = TypeVar("T")


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
    mfa_token: str | None = strawberry.field(
        description="Proves the password step while MFA is pending; valid 5 minutes. Pass it to verifyMfa."
    )
    mfa_enrollment_required: bool = strawberry.field(
        description="True: the workspace requires two-factor sign-in and this user has none. Its data answers "
        "FORBIDDEN (extensions.reason MFA_ENROLLMENT_REQUIRED) until they enrol (startMfaEnrollment)."
    )

    @classmethod
    def from_result(cls, result: service.AuthResult) -> AuthPayload:
        return cls(
            access_token=result.access_token,
            refresh_token=result.refresh_token,
            expires_at=result.expires_at,
            user=User(row=result.user),
            workspace=Workspace(row=result.workspace) if result.workspace else None,
            mfa_required=result.mfa_token is not None,
            mfa_token=result.mfa_token,
            mfa_enrollment_required=result.mfa_enrollment_required,
        )


@strawberry.type(description="A new TOTP secret, waiting for confirmMfaEnrollment with a code from it.")
class MfaEnrollment:
    secret: str = strawberry.field(description="The secret, base32, for typing into an authenticator app.")
    otpauth_uri: str = strawberry.field(description="The otpauth:// URI, for a QR code.")


@strawberry.type(description="A credential for integrations: acts in this workspace with its role.")
class ApiKey(RowType[ApiKeyRow]):
    id = of_row(uuid.UUID, "The key's id.")
    name = of_row(str, "What the key is for.")
    prefix = of_row(str, "The key's first characters (rpk_ and 8 more), to recognise it.")
    role = of_row(Role, "The key's role; it never exceeds its creator's current role.")
    created_at = of_row(datetime, "When the key was created.")
    expires_at = of_row(datetime | None, "When the key stops working; null: never.")
    last_used_at = of_row(datetime | None, "When the key was last used (recorded at most once a minute).")

    @strawberry.field(description="The member who created the key; the key acts as them.")
    async def created_by(self, info: Info) -> Member | None:
        return await member_of(info, self.row.created_by_id)


@strawberry.type(description="A new API key and its secret, which is shown this once.")
class CreatedApiKey:
    api_key: ApiKey = strawberry.field(description="The key.")
    secret: str = strawberry.field(
        description="rpk_ + 60 characters; send as `Authorization: Bearer <secret>`. Not shown again."
    )


async def _signed(info: Info, call: Callable[..., Awaitable[service.AuthResult]], data: InputModel) -> AuthPayload:
    """Signs up or in with `data`: the tokens and whom they are for."""
    return AuthPayload.from_result(await call(info.context.session, info.context.settings, data=data))


async def _as_user(info: Info, call: Callable[..., Awaitable[T]], /, **arguments: object) -> T:
    """An account's service function called with the request's session and settings, the signed-in
    user's id and `arguments` by keyword."""
    return await call(info.context.session, info.context.settings, user_id=info.context.require_user_id(), **arguments)


def _workspace_id(info: Info) -> uuid.UUID | None:
    """The workspace the request acts in: where an event of the user's own account is recorded."""
    return info.context.claims.workspace_id if info.context.claims else None


@strawberry.type
class AuthQuery:
    @strawberry.field(description="The signed-in user.", permission_classes=[SignedIn])
    async def me(self, info: Info) -> User:
        return User(row=await service.get_user(info.context.session, user_id=info.context.require_user_id()))

    @strawberry.field(
        description="How many of the signed-in user's recovery codes are still unused.", permission_classes=[SignedIn]
    )
    async def mfa_recovery_codes_left(self, info: Info) -> int:
        return await service.recovery_codes_left(info.context.session, user_id=info.context.require_user_id())

    @strawberry.field(
        description="The workspace's API keys that are not revoked, newest first. OWNER or ADMIN.",
        permission_classes=[CanManage],
    )
    async def api_keys(self, info: Info) -> list[ApiKey]:
        return ApiKey.of_all(await as_actor(info, service.list_api_keys))


@strawberry.type
class AuthMutation:
    @strawberry.mutation(
        description="Creates an account and its first workspace (owned by the new user) and signs in.",
        permission_classes=[Public],
    )
    async def sign_up(self, info: Info, input: SignUpInput) -> AuthPayload:
        await ratelimit.guard_auth("signUp", account=input.email)
        return await _signed(
            info, service.sign_up, validate(service.SignUpData, strawberry.asdict(input), path=("input",))
        )

    @strawberry.mutation(
        description="Signs in, into the workspace used last. Wrong email or password: UNAUTHENTICATED.",
        permission_classes=[Public],
    )
    async def sign_in(self, info: Info, input: SignInInput) -> AuthPayload:
        data = validate(service.SignInData, strawberry.asdict(input), path=("input",))
        async with ratelimit.sign_in_attempt(input.email, failure=service.SignInRejected):
            return await _signed(info, service.sign_in, data)

    @strawberry.mutation(
        description="Trades a refresh token for a new pair. Each refresh token works once.",
        permission_classes=[Public],
    )
    async def refresh_token(self, info: Info, refresh_token: str) -> AuthPayload:
        await ratelimit.guard_auth("refreshToken", account=service.token_account(refresh_token))
        result = await service.refresh(info.context.session, info.context.settings, refresh_token=refresh_token)
        return AuthPayload.from_result(result)

    @strawberry.mutation(
        description="Signs out: revokes the refresh token and every token rotated from the same sign-in.",
        permission_classes=[Public],
    )
    async def sign_out(self, info: Info, refresh_token: str) -> bool:
        return await service.sign_out(info.context.session, refresh_token=refresh_token)

    @strawberry.mutation(
        description="The second sign-in step, after signIn answered mfaRequired: a TOTP code (each works once) "
        "or an unused recovery code. Wrong codes: UNAUTHENTICATED; after five in a row, RATE_LIMITED for a wait "
        "that doubles.",
        permission_classes=[Public],
    )
    async def verify_mfa(self, info: Info, mfa_token: str, code: str) -> AuthPayload:
        await ratelimit.guard_auth("verifyMfa", account=service.mfa_token_account(info.context.settings, mfa_token))
        result = await service.verify_mfa(info.context.session, info.context.settings, mfa_token=mfa_token, code=code)
        return AuthPayload.from_result(result)

    @strawberry.mutation(
        description="Starts TOTP enrolment: a new secret to put in an authenticator app, confirmed by "
        "confirmMfaEnrollment. CONFLICT when MFA is on already.",
        permission_classes=[SignedIn],
    )
    async def start_mfa_enrollment(self, info: Info) -> MfaEnrollment:
        enrollment = await _as_user(info, service.start_mfa_enrollment)
        return MfaEnrollment(secret=enrollment.secret, otpauth_uri=enrollment.otpauth_uri)

    @strawberry.mutation(
        description="Turns MFA on with a current code from the new secret; returns ten one-time recovery codes, "
        "shown this once.",
        permission_classes=[SignedIn],
    )
    async def confirm_mfa_enrollment(self, info: Info, code: str) -> list[str]:
        return await _as_user(info, service.confirm_mfa_enrollment, code=code, workspace_id=_workspace_id(info))

    @strawberry.mutation(
        description="Turns MFA off; needs the password and a current code (or a recovery code).",
        permission_classes=[SignedIn],
    )
    async def disable_mfa(self, info: Info, password: str, code: str) -> bool:
        return await _as_user(info, service.disable_mfa, password=password, code=code, workspace_id=_workspace_id(info))

    @strawberry.mutation(
        description="Changes the password (the current one is needed) and signs out every other session.",
        permission_classes=[SignedIn],
    )
    async def change_password(self, info: Info, current: str, new: str) -> bool:
        data = validate(service.PasswordChangeData, {"current": current, "new": new})
        claims = info.context.claims
        assert claims is not None
        return await service.change_password(
            info.context.session,
            user_id=claims.user_id,
            session_id=claims.session_id,
            data=data,
            workspace_id=claims.workspace_id,
        )

    @strawberry.mutation(
        description="Mails a password-reset link (valid one hour, single use) if an account has this email. "
        "Always true, whether or not one does: the answer tells nothing.",
        permission_classes=[Public],
    )
    async def request_password_reset(self, info: Info, email: str) -> bool:
        await ratelimit.guard_auth("requestPasswordReset", account=email[:320].lower())
        # Queued for the worker whatever the email: the answer and its timing are the same either way.
        await shared_queue(info.context.settings.require_redis_url()).enqueue(
            password_reset.JOB, {"email": email[:320]}
        )
        return True

    @strawberry.mutation(
        description="Sets a new password with a reset link's token (the sign-up rules apply), signs out every "
        "session and signs in (mfaRequired for an MFA user). BAD_USER_INPUT with extensions.reason INVALID, "
        "EXPIRED or USED when the link cannot be used.",
        permission_classes=[Public],
    )
    async def reset_password(self, info: Info, token: str, password: str) -> AuthPayload:
        await ratelimit.guard_auth("resetPassword", account=None)
        data = validate(password_reset.ResetData, {"token": token, "password": password})
        result = await password_reset.reset(info.context.session, info.context.settings, data=data)
        return AuthPayload.from_result(result)

    @strawberry.mutation(
        description="Signs out every session of the signed-in user, this one included: their access tokens "
        "and refresh tokens stop working at once.",
        permission_classes=[SignedIn],
    )
    async def sign_out_everywhere(self, info: Info) -> bool:
        return await service.sign_out_everywhere(
            info.context.session, user_id=info.context.require_user_id(), workspace_id=_workspace_id(info)
        )

    @strawberry.mutation(
        description="Creates an API key with a role no higher than yours and an optional expiry. OWNER or ADMIN. "
        "The secret is in the answer only.",
        permission_classes=[CanManage],
    )
    async def create_api_key(
        self,
        info: Info,
        name: str,
        role: Role,  # type: ignore[valid-type]
        expires_at: datetime | None = None,
    ) -> CreatedApiKey:
        data = validate(service.ApiKeyData, {"name": name, "role": role, "expires_at": expires_at})
        key, secret = await as_actor(info, service.create_api_key, data=data)
        return CreatedApiKey(api_key=ApiKey(row=key), secret=secret)

    @strawberry.mutation(
        description="Revokes an API key: the next request with it is refused. OWNER or ADMIN.",
        permission_classes=[CanManage],
    )
    async def revoke_api_key(self, info: Info, id: uuid.UUID) -> bool:
        return await as_actor(info, service.revoke_api_key, key_id=id)

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
        result = await _as_user(info, service.create_workspace, data=data)
        return AuthPayload.from_result(result)

    @strawberry.mutation(
        description="Returns tokens scoped to another workspace the user belongs to (NOT_FOUND otherwise).",
        permission_classes=[SignedIn],
    )
    async def switch_workspace(self, info: Info, workspace_id: uuid.UUID) -> AuthPayload:
        result = await _as_user(info, service.switch_workspace, workspace_id=workspace_id)
        return AuthPayload.from_result(result)
