"""Sign-up, sign-in (with its TOTP step), token rotation and sign-out; switching and creating workspaces
issues new tokens; API keys for integrations.

Every sign-in method ends in `finish_sign_in`: given the user whose first factor passed, it returns
either an MFA challenge (`mfa_token`, answered by `verify_mfa`) or a session.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
from pydantic import EmailStr, Field, field_validator
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.audit import service as audit_service
from rapport.audit.service import AuditAction
from rapport.auth import apikeys, passwords, repository, tokens
from rapport.auth import users as accounts
from rapport.auth.actor import Actor
from rapport.auth.secrets import MFA_SECRETS
from rapport.auth.tokens import AccessClaims
from rapport.config import Settings
from rapport.db import set_scope, set_user_scope
from rapport.errors import BadUserInput, Conflict, Forbidden, NotFound, RateLimited, Unauthenticated
from rapport.kit.clock import utcnow
from rapport.kit.ids import new_id
from rapport.kit.sealing import reseal_column
from rapport.kit.validation import InputModel
from rapport.models import ApiKey, Role, User, Workspace, WorkspaceMember
from rapport.workspace import service as workspace_service


class SignUpData(InputModel):
    email: EmailStr = Field(max_length=254)
    password: passwords.NewPassword
    name: str = Field(min_length=1, max_length=100)
    workspace_name: str = Field(min_length=1, max_length=100)


class SignInData(InputModel):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=256)


class ProfileData(InputModel):
    name: str = Field(min_length=1, max_length=100)


class RefreshTokenReused(Unauthenticated):
    """Raised after the token's whole family was revoked: that revocation must be committed."""

    keeps_writes = True


class PasswordChangeData(InputModel):
    current: str = Field(min_length=1, max_length=256)
    new: passwords.NewPassword


class ApiKeyData(InputModel):
    name: str = Field(min_length=1, max_length=100)
    role: Role
    expires_at: datetime | None = None

    @field_validator("expires_at")
    @classmethod
    def _in_the_future(cls, value: datetime | None) -> datetime | None:
        if value is not None and (value.tzinfo is None or value <= utcnow()):
            raise ValueError("must be a time in the future, with its offset")
        return value


class MfaCodeRejected(Unauthenticated):
    """A wrong (or already used) second-factor code at sign-in: its count must be committed."""

    keeps_writes = True


class SignInRejected(Unauthenticated):
    """A wrong email or password: its audit event must be committed."""

    keeps_writes = True


class MfaCodeInvalid(BadUserInput):
    """A wrong code when confirming or disabling MFA: its count must be committed too."""

    keeps_writes = True


class MfaBackoff(RateLimited):
    """Too many wrong codes in a row: codes are refused, the right one too, until the wait is over."""


@dataclass(frozen=True)
class AuthResult:
    """A session (tokens), or, when `mfa_token` is set, the challenge the second factor answers."""

    user: User
    workspace: Workspace | None
    access_token: str | None = None
    refresh_token: str | None = None
    expires_at: datetime | None = None
    mfa_token: str | None = None
    # The workspace requires MFA and the user has none: every workspace call answers FORBIDDEN
    # (reason MFA_ENROLLMENT_REQUIRED) until they enrol.
    mfa_enrollment_required: bool = False


@dataclass(frozen=True)
class MfaEnrollment:
    secret: str
    otpauth_uri: str


MFA_ISSUER = "Rapport"
TOTP_PATTERN = re.compile(r"^[0-9]{6}$")
RECOVERY_CODE_COUNT = 10
TOTP_FACTOR = "totp"
RECOVERY_FACTOR = "recovery_code"
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
# Wrong codes allowed in a row before the backoff starts; then 30 s, doubling, at most 15 minutes.
MFA_FREE_FAILURES = 5
MFA_BACKOFF_SECONDS = 30
MFA_BACKOFF_MAX_SECONDS = 900
# An API key's last use is written at most this often (a read per request, not a write).
API_KEY_TOUCH_SECONDS = 60


async def sign_up(session: AsyncSession, settings: Settings, *, data: SignUpData) -> AuthResult:
    email = data.email.lower()
    password_hash = await passwords.hash_password(data.password)
    user_id = new_id()
    await set_user_scope(session, user_id)  # `users` takes a new row only as its own user's
    user = await repository.insert_user_unless_email_taken(
        session, {"id": user_id, "email": email, "name": data.name, "password_hash": password_hash}
    )
    if user is None:
        return await _sign_up_taken(session, settings, data=data)
    workspace, member = await workspace_service.create(
        session, user=user, data=workspace_service.WorkspaceData(name=data.workspace_name)
    )
    return await _open_session(session, settings, user=user, workspace=workspace, member=member)


async def _sign_up_taken(session: AsyncSession, settings: Settings, *, data: SignUpData) -> AuthResult:
    """Sign-up with an email that has an account answers as sign-in does: with the account's password it
    signs in (a repeated sign-up), with any other the refusal is signIn's own, which does not say that
    the account exists (see docs/design.md, "Invitations and password reset")."""
    return await sign_in(session, settings, data=SignInData(email=data.email, password=data.password))


async def create_account(session: AsyncSession, *, email: str, name: str, password: str) -> User | None:
    """A new account without a workspace (an invitation makes it a member of one); None when the email
    is taken (also by a concurrent sign-up). The password must be checked with `passwords.weakness`."""
    password_hash = await passwords.hash_password(password)
    user_id = new_id()
    await set_user_scope(session, user_id)
    return await repository.insert_user_unless_email_taken(
        session, {"id": user_id, "email": email.lower(), "name": name, "password_hash": password_hash}
    )


async def check_password(session: AsyncSession, *, email: str, password: str) -> User:
    """The account with these credentials; UNAUTHENTICATED as signIn answers otherwise."""
    user = await accounts.account_by_email(session, email.strip())
    if not await passwords.verify_password(user.password_hash if user else None, password) or user is None:
        raise Unauthenticated("The email or the password is wrong.")
    return user


async def sign_in(session: AsyncSession, settings: Settings, *, data: SignInData) -> AuthResult:
    user = await accounts.account_by_email(session, data.email.strip())
    password_hash = user.password_hash if user else None
    if not await passwords.verify_password(password_hash, data.password) or user is None:
        if user is not None:
            await set_scope(session, workspace_id=None, user_id=user.id)
        await record_account_event(
            session,
            AuditAction.SIGN_IN_FAILED,
            user=user,
            workspace_id=user.last_workspace_id if user else None,
            details={"email": data.email.strip().lower()[:320], "reason": "password"},
        )
        raise SignInRejected("The email or the password is wrong.")
    await set_scope(session, workspace_id=None, user_id=user.id)
    if password_hash and passwords.needs_rehash(password_hash):
        await repository.set_password_hash(session, user.id, await passwords.hash_password(data.password))
    return await finish_sign_in(session, settings, user=user)


async def finish_sign_in(
    session: AsyncSession,
    settings: Settings,
    *,
    user: User,
    workspace_id: uuid.UUID | None = None,
    method: str = "password",
) -> AuthResult:
    """The end of every sign-in method, once the user's first factor passed (a password, an OAuth
    provider): an MFA challenge when the user has MFA on (answered by `verify_mfa`), else a session in
    `workspace_id` (default: the one used last)."""
    await set_scope(session, workspace_id=None, user_id=user.id)
    preferred = workspace_id or user.last_workspace_id
    if user.mfa_enabled:
        mfa_token = tokens.issue_mfa_token(settings, user_id=user.id, workspace_id=preferred)
        return AuthResult(user=user, workspace=None, mfa_token=mfa_token)
    member = await _preferred_membership(session, user, preferred)
    workspace = await _workspace_of(session, user, member)
    result = await _open_session(session, settings, user=user, workspace=workspace, member=member)
    await _audit_sign_in(session, user, member, method=method)
    return result


async def verify_mfa(session: AsyncSession, settings: Settings, *, mfa_token: str, code: str) -> AuthResult:
    """The second sign-in step: a TOTP code (each accepted once) or an unused recovery code."""
    user_id, workspace_id = tokens.decode_mfa_token(settings, mfa_token)
    await set_scope(session, workspace_id=None, user_id=user_id)
    user = await repository.get_user(session, user_id)
    if user is None or not user.mfa_enabled or user.mfa_secret_encrypted is None:
        raise Unauthenticated("The two-factor step has expired or is not valid; sign in again.")
    factor = await _second_factor_passes(session, settings, user, code)
    if factor is None:
        await record_account_event(
            session,
            AuditAction.SIGN_IN_FAILED,
            user=user,
            workspace_id=workspace_id,
            details={"email": user.email, "reason": "mfa_code"},
        )
        raise MfaCodeRejected("The code is wrong or was already used.")
    member = await _preferred_membership(session, user, workspace_id)
    workspace = await _workspace_of(session, user, member)
    result = await _open_session(session, settings, user=user, workspace=workspace, member=member)
    if factor == RECOVERY_FACTOR:
        await _audit_sign_in(session, user, member, method="", kind=AuditAction.MFA_RECOVERY_CODE_USED)
    await _audit_sign_in(session, user, member, method=f"mfa:{factor}")
    return result


async def create_user_with_workspace(
    session: AsyncSession, *, email: str, name: str, workspace_name: str
) -> User | None:
    """A new account without a password (it signs in through a provider) and its first workspace, as
    `sign_up` makes them; None when the email is taken (also by a concurrent sign-up)."""
    user_id = new_id()
    await set_user_scope(session, user_id)
    user = await repository.insert_user_unless_email_taken(
        session, {"id": user_id, "email": email.lower(), "name": name, "password_hash": None}
    )
    if user is None:
        return None
    await workspace_service.create(session, user=user, data=workspace_service.WorkspaceData(name=workspace_name))
    return user


async def start_mfa_enrollment(session: AsyncSession, settings: Settings, *, user_id: uuid.UUID) -> MfaEnrollment:
    """A new TOTP secret, kept (encrypted) until a code from it confirms the enrolment."""
    user = await _user(session, user_id)
    if user.mfa_enabled:
        raise Conflict("Two-factor sign-in is already on; turn it off first to enrol a new authenticator.")
    secret = pyotp.random_base32()
    await repository.set_mfa_pending(session, user.id, MFA_SECRETS.encrypt(settings, secret))
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=MFA_ISSUER)
    return MfaEnrollment(secret=secret, otpauth_uri=uri)


async def confirm_mfa_enrollment(
    session: AsyncSession,
    settings: Settings,
    *,
    user_id: uuid.UUID,
    code: str,
    workspace_id: uuid.UUID | None = None,
) -> list[str]:
    """Turns MFA on once a code from the new secret proves the authenticator has it; returns ten
    recovery codes, shown this once (only their digests are kept)."""
    user = await _user(session, user_id)
    if user.mfa_enabled:
        raise Conflict("Two-factor sign-in is already on.")
    if user.mfa_pending_secret_encrypted is None:
        raise BadUserInput("Start the enrolment first.", field_errors={("code",): "Start the enrolment first."})
    _check_backoff(user)
    secret = MFA_SECRETS.decrypt(settings, user.mfa_pending_secret_encrypted)
    step = _matching_step(secret, code)
    if step is None:
        await _count_failure(session, user)
        raise MfaCodeInvalid("The code is wrong.", field_errors={("code",): "The code is wrong; try the current one."})
    await repository.enable_mfa(session, user.id, secret_encrypted=user.mfa_pending_secret_encrypted, step=step)
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    await repository.replace_recovery_codes(session, user.id, [_recovery_digest(code) for code in codes])
    await record_account_event(session, AuditAction.MFA_ENABLED, user=user, workspace_id=workspace_id)
    return codes


async def disable_mfa(
    session: AsyncSession,
    settings: Settings,
    *,
    user_id: uuid.UUID,
    password: str,
    code: str,
    workspace_id: uuid.UUID | None = None,
) -> bool:
    """Turns MFA off; needs the password and a current code (or a recovery code)."""
    user = await _user(session, user_id)
    if not user.mfa_enabled or user.mfa_secret_encrypted is None:
        raise Conflict("Two-factor sign-in is not on.")
    if not await passwords.verify_password(user.password_hash, password):
        raise BadUserInput("The password is wrong.", field_errors={("password",): "The password is wrong."})
    factor = await _second_factor_passes(session, settings, user, code)
    if factor is None:
        raise MfaCodeInvalid("The code is wrong or was already used.", field_errors={("code",): "The code is wrong."})
    await repository.disable_mfa(session, user.id)
    if factor == RECOVERY_FACTOR:
        await record_account_event(session, AuditAction.MFA_RECOVERY_CODE_USED, user=user, workspace_id=workspace_id)
    await record_account_event(session, AuditAction.MFA_DISABLED, user=user, workspace_id=workspace_id)
    return True


async def recovery_codes_left(session: AsyncSession, *, user_id: uuid.UUID) -> int:
    return await repository.count_unused_recovery_codes(session, user_id)


async def change_password(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    session_id: uuid.UUID | None,
    data: PasswordChangeData,
    workspace_id: uuid.UUID | None = None,
) -> bool:
    """Sets a new password (the current one proves it is the user) and signs out every other session."""
    user = await _user(session, user_id)
    if not await passwords.verify_password(user.password_hash, data.current):
        raise BadUserInput("The current password is wrong.", field_errors={("current",): "The password is wrong."})
    await repository.set_password_hash(session, user.id, await passwords.hash_password(data.new))
    await repository.revoke_user_sessions(session, user.id, utcnow(), keep=session_id)
    await record_account_event(session, AuditAction.PASSWORD_CHANGED, user=user, workspace_id=workspace_id)
    return True


async def sign_out_everywhere(
    session: AsyncSession, *, user_id: uuid.UUID, workspace_id: uuid.UUID | None = None
) -> bool:
    """Revokes every session of the user, this one included: their access tokens stop working at once."""
    await repository.revoke_user_sessions(session, user_id, utcnow())
    user = await _user(session, user_id)
    await record_account_event(session, AuditAction.SIGNED_OUT_EVERYWHERE, user=user, workspace_id=workspace_id)
    return True


async def session_is_live(session: AsyncSession, *, claims: AccessClaims) -> bool:
    """Whether the access token's session is still signed in (API keys have none: checked apart)."""
    if claims.session_id is None:
        return False
    return await repository.session_is_live(session, claims.session_id, claims.user_id)


# ---------- API keys ----------


async def revoked_since(session: AsyncSession, *, since: datetime) -> tuple[set[uuid.UUID], datetime]:
    """The sign-ins and API keys revoked at or after `since`, and the database's clock now (where the
    next look starts). Across workspaces: for the live sockets' watch, in a system-scoped session."""
    return await repository.revoked_since(session, since)


async def create_api_key(session: AsyncSession, actor: Actor, *, data: ApiKeyData) -> tuple[ApiKey, str]:
    """A key for integrations, with a role no higher than its creator's; the secret is returned once."""
    actor.require(Role.ADMIN)
    if actor.api_key_id is not None:
        raise Forbidden("An API key cannot create API keys; a person must.")
    if not actor.role.at_least(data.role):
        raise Forbidden(f"An API key's role cannot be higher than yours ({actor.role.value}).")
    secret, prefix, digest = apikeys.new_key(actor.workspace_id)
    key = await repository.insert_api_key(
        session,
        {
            "id": new_id(),
            "workspace_id": actor.workspace_id,
            "name": data.name,
            "prefix": prefix,
            "secret_hash": digest,
            "role": data.role,
            "created_by_id": actor.member_id,
            "expires_at": data.expires_at,
        },
    )
    await audit_service.record(
        session,
        actor,
        kind=AuditAction.API_KEY_CREATED,
        details={"apiKeyId": str(key.id), "name": key.name, "prefix": key.prefix, "role": key.role.value},
    )
    return key, secret


async def list_api_keys(session: AsyncSession, actor: Actor) -> list[ApiKey]:
    actor.require(Role.ADMIN)
    return await repository.list_api_keys(session, actor.workspace_id)


async def revoke_api_key(session: AsyncSession, actor: Actor, *, key_id: uuid.UUID) -> bool:
    """Revokes a key: the next request with it is refused."""
    actor.require(Role.ADMIN)
    if not await repository.revoke_api_key(session, actor.workspace_id, key_id, utcnow()):
        raise NotFound("No API key with this id in this workspace.")
    await audit_service.record(session, actor, kind=AuditAction.API_KEY_REVOKED, details={"apiKeyId": str(key_id)})
    return True


async def authenticate_api_key(session: AsyncSession, *, token: str) -> AccessClaims:
    """The claims an API key acts with: its workspace, its role, and its creator as the user. The
    session must be scoped to the key's workspace (`apikeys.workspace_of`). Records the last use, at
    most once a minute."""
    workspace_id = apikeys.workspace_of(token)
    key = await repository.get_api_key_by_hash(session, workspace_id, apikeys.digest(token))
    if key is None or key.revoked_at is not None:
        raise Unauthenticated("The API key is not valid or was revoked.")
    now = utcnow()
    if key.expires_at is not None and key.expires_at <= now:
        raise Unauthenticated("The API key has expired.")
    member = await workspace_service.get_member(session, workspace_id=workspace_id, member_id=key.created_by_id)
    if member is None:
        raise Unauthenticated("The API key is not valid or was revoked.")
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() >= API_KEY_TOUCH_SECONDS:
        await repository.touch_api_key(session, key.id, now)
    expires_at = key.expires_at or now + timedelta(days=1)
    return AccessClaims(member.user_id, workspace_id, key.role, expires_at, api_key_id=key.id)


def token_account(refresh_token: str) -> str | None:
    """The account a refresh token names (for rate limits), or None when it names none."""
    try:
        return str(tokens.refresh_token_user(refresh_token))
    except (Unauthenticated, ValueError):
        return None


def mfa_token_account(settings: Settings, mfa_token: str) -> str | None:
    """The account an MFA step's token is for (for rate limits), or None when it is not valid."""
    try:
        return str(tokens.decode_mfa_token(settings, mfa_token)[0])
    except (Unauthenticated, ValueError):
        return None


def api_key_workspace(token: str) -> uuid.UUID:
    """The workspace a well-formed key names (UNAUTHENTICATED for a malformed or mistyped one)."""
    return apikeys.workspace_of(token)


# ---------- second factor ----------


def _matching_step(secret: str, code: str, *, after: int | None = None) -> int | None:
    """The time step (now, or one either side for clock drift) whose TOTP code is `code`."""
    code = code.strip().replace(" ", "")
    if not TOTP_PATTERN.match(code):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(utcnow())
    for step in (current - 1, current, current + 1):
        if (after is None or step > after) and secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def _recovery_digest(code: str) -> bytes:
    normalized = re.sub(r"[\s-]", "", code).lower()
    return hashlib.sha256(b"rapport-recovery:" + normalized.encode()).digest()


def _check_backoff(user: User) -> None:
    if user.mfa_blocked_until is not None:
        wait = (user.mfa_blocked_until - utcnow()).total_seconds()
        if wait > 0:
            raise MfaBackoff(
                "Too many wrong codes: wait before trying again.", retry_after_seconds=max(1, math.ceil(wait))
            )


async def _count_failure(session: AsyncSession, user: User) -> None:
    failures = await repository.record_mfa_failure(session, user.id)
    if failures >= MFA_FREE_FAILURES:
        seconds = min(MFA_BACKOFF_SECONDS * 2 ** (failures - MFA_FREE_FAILURES), MFA_BACKOFF_MAX_SECONDS)
        await repository.block_mfa_until(session, user.id, utcnow() + timedelta(seconds=seconds))


async def _second_factor_passes(session: AsyncSession, settings: Settings, user: User, code: str) -> str | None:
    """Checks a TOTP code (a step later than the last one accepted) or a recovery code (unused): which
    one passed (TOTP_FACTOR, RECOVERY_FACTOR), or None after counting a wrong one toward the backoff.
    MfaBackoff while the backoff lasts."""
    _check_backoff(user)
    assert user.mfa_secret_encrypted is not None
    secret = MFA_SECRETS.decrypt(settings, user.mfa_secret_encrypted)
    if TOTP_PATTERN.match(code.strip().replace(" ", "")):
        step = _matching_step(secret, code, after=user.mfa_last_step)
        if step is not None and await repository.accept_step(session, user.id, step):
            return TOTP_FACTOR
    elif 0 < len(code) <= 64 and await repository.use_recovery_code(session, user.id, _recovery_digest(code)):
        return RECOVERY_FACTOR
    await _count_failure(session, user)
    return None


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
    await repository.revoke_session(session, token.family_id, utcnow())
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
        await repository.revoke_session(session, token.family_id, utcnow())
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
    session_id = family_id or new_id()
    await repository.ensure_session(session, session_id, user.id)
    access_token, expires_at = tokens.issue_access_token(
        settings, user_id=user.id, workspace_id=workspace.id if workspace else None, role=role, session_id=session_id
    )
    refresh_token, digest = tokens.new_refresh_token(user.id)
    await repository.insert_refresh_token(
        session,
        {
            "id": new_id(),
            "user_id": user.id,
            "workspace_id": workspace.id if workspace else None,
            "family_id": session_id,
            "token_hash": digest,
            "expires_at": utcnow() + timedelta(seconds=settings.refresh_token_ttl_seconds),
        },
    )
    if user.last_workspace_id != (workspace.id if workspace else None):
        await repository.set_last_workspace(session, user.id, workspace.id if workspace else None)
    requires_enrollment = bool(workspace and workspace.mfa_required and not user.mfa_enabled)
    return AuthResult(
        user=user,
        workspace=workspace,
        access_token=access_token,
        refresh_token=refresh_token,
        expires_at=expires_at,
        mfa_enrollment_required=requires_enrollment,
    )


async def _audit_sign_in(
    session: AsyncSession,
    user: User,
    member: WorkspaceMember | None,
    *,
    method: str,
    kind: AuditAction = AuditAction.SIGN_IN,
) -> None:
    """A session opened: an event in the workspace it is scoped to (no workspace: the NULL chain)."""
    await audit_service.record(
        session,
        None,
        kind=kind,
        user_id=user.id,
        workspace_id=member.workspace_id if member else None,
        member_id=member.id if member else None,
        details={"email": user.email, "method": method} if method else {"email": user.email},
    )


async def record_account_event(
    session: AsyncSession,
    kind: AuditAction,
    *,
    user: User | None,
    workspace_id: uuid.UUID | None,
    details: Mapping[str, str] | None = None,
) -> None:
    """An event of a user's own account, in `workspace_id` when they are a member of it there (the
    workspace of the request, or the one they would sign in to), else in no workspace."""
    member = None
    if user is not None and workspace_id is not None:
        member = await workspace_service.get_membership(session, workspace_id=workspace_id, user_id=user.id)
    await audit_service.record(
        session,
        None,
        kind=kind,
        user_id=user.id if user else None,
        workspace_id=member.workspace_id if member else None,
        member_id=member.id if member else None,
        details=details or ({"email": user.email} if user else {}),
    )


async def _user(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await repository.get_user(session, user_id)
    if user is None:
        raise Unauthenticated("The account no longer exists.")
    return user


async def reseal_mfa_secrets(session: AsyncSession, settings: Settings) -> tuple[int, int]:
    """Every TOTP secret (confirmed and pending) sealed under the current MFA key (`rapport reseal`):
    (sealed again, unreadable). Across users: an owner's or the system's session."""
    confirmed = await reseal_column(session, settings, MFA_SECRETS, table="users", column="mfa_secret_encrypted")
    pending = await reseal_column(session, settings, MFA_SECRETS, table="users", column="mfa_pending_secret_encrypted")
    return confirmed[0] + pending[0], confirmed[1] + pending[1]
