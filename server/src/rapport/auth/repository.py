from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import BindParameter, Select, and_, bindparam, delete, func, insert, or_, select, text, true, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.db import fetch_on_driver
from rapport.kit.rows import insert_row
from rapport.models import (
    ApiKey,
    AuthSession,
    MfaRecoveryCode,
    PasswordReset,
    RefreshToken,
    Role,
    User,
    Workspace,
    WorkspaceMember,
)


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await session.get(User, user_id)


async def user_id_by_email(session: AsyncSession, email: str) -> uuid.UUID | None:
    """The id of the account with this email, whatever the scope (sign-in, sign-up, invitations, password
    reset and OAuth look it up before any scope exists): through the SECURITY DEFINER function
    `rapport_user_id_by_email`, which tells the id and nothing else (`users` has row-level security)."""
    found: uuid.UUID | None = await session.scalar(text("SELECT rapport_user_id_by_email(:email)"), {"email": email})
    return found


async def list_users(session: AsyncSession, user_ids: list[uuid.UUID]) -> list[User]:
    return list((await session.scalars(select(User).where(User.id.in_(user_ids)))).all())


async def insert_user(session: AsyncSession, values: dict[str, object]) -> User:
    return await insert_row(session, User, values)


async def set_last_workspace(session: AsyncSession, user_id: uuid.UUID, workspace_id: uuid.UUID | None) -> None:
    await session.execute(update(User).where(User.id == user_id).values(last_workspace_id=workspace_id))


async def set_name(session: AsyncSession, user_id: uuid.UUID, name: str) -> User | None:
    row = await session.execute(
        update(User).where(User.id == user_id).values(name=name).returning(User),
        execution_options={"populate_existing": True},
    )
    return row.scalar_one_or_none()


async def set_password_hash(session: AsyncSession, user_id: uuid.UUID, password_hash: str) -> None:
    await session.execute(update(User).where(User.id == user_id).values(password_hash=password_hash))


async def insert_refresh_token(session: AsyncSession, values: dict[str, object]) -> None:
    await session.execute(insert(RefreshToken).values(**values))


async def consume_refresh_token(session: AsyncSession, token_hash: bytes) -> RefreshToken | None:
    """Marks a live token used and returns it; None when it is unknown, used, revoked or expired.

    The conditional UPDATE is the lock: of two concurrent refreshes with one token, exactly one
    gets the row back.
    """
    row = await session.execute(
        update(RefreshToken)
        .where(
            RefreshToken.token_hash == token_hash,
            RefreshToken.used_at.is_(None),
            RefreshToken.revoked_at.is_(None),
            RefreshToken.expires_at > func.now(),
        )
        .values(used_at=func.now())
        .returning(RefreshToken)
    )
    return row.scalar_one_or_none()


async def get_refresh_token(session: AsyncSession, token_hash: bytes) -> RefreshToken | None:
    return await session.scalar(select(RefreshToken).where(RefreshToken.token_hash == token_hash))


async def insert_user_unless_email_taken(session: AsyncSession, values: dict[str, object]) -> User | None:
    """None when the email is taken, also when a concurrent sign-up took it a moment ago."""
    statement = pg_insert(User).values(**values).on_conflict_do_nothing(index_elements=[User.email]).returning(User)
    return (await session.execute(statement)).scalar_one_or_none()


# ---------- sessions ----------


async def ensure_session(session: AsyncSession, session_id: uuid.UUID, user_id: uuid.UUID) -> None:
    """The session row of a sign-in (families rotated since before sessions existed get theirs here)."""
    statement = pg_insert(AuthSession).values(id=session_id, user_id=user_id).on_conflict_do_nothing()
    await session.execute(statement)


async def revoke_session(session: AsyncSession, session_id: uuid.UUID, at: datetime) -> None:
    """Revokes one sign-in: its session and its refresh tokens (the family of its id)."""
    await session.execute(
        update(AuthSession).where(AuthSession.id == session_id, AuthSession.revoked_at.is_(None)).values(revoked_at=at)
    )
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == session_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=at)
    )


async def revoke_user_sessions(
    session: AsyncSession, user_id: uuid.UUID, at: datetime, *, keep: uuid.UUID | None = None
) -> None:
    """Revokes the user's live sessions and their refresh tokens, but for the session `keep` (whose
    refresh tokens are the family of its id)."""
    live_sessions = [AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None)]
    live_tokens = [RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None)]
    if keep is not None:
        live_sessions.append(AuthSession.id != keep)
        live_tokens.append(RefreshToken.family_id != keep)
    await session.execute(update(AuthSession).where(*live_sessions).values(revoked_at=at))
    await session.execute(update(RefreshToken).where(*live_tokens).values(revoked_at=at))


async def session_is_live(session: AsyncSession, session_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    query = select(AuthSession.id).where(
        AuthSession.id == session_id, AuthSession.user_id == user_id, AuthSession.revoked_at.is_(None)
    )
    return await session.scalar(query) is not None


def session_is_live_sql(session_id: uuid.UUID, user_id: uuid.UUID) -> str:
    """`session_is_live` as SQL text for `db.begin_scoped(then=...)`, which sends it with BEGIN and the
    scope in one round trip: one row while the session is signed in, none after. Its values are written
    in as canonical UUIDs (parsed again here, whatever was passed), so no outside text reaches the SQL;
    it reads under the user's scope, as `session_is_live` does."""
    return (
        f"SELECT 1 FROM {AuthSession.__tablename__} WHERE id = '{uuid.UUID(str(session_id))}'"
        f" AND user_id = '{uuid.UUID(str(user_id))}' AND revoked_at IS NULL"
    )


# The signed-in user's own row and whether the token's session is still signed in, in one statement
# (asyncpg's numbered parameters: $1 the user, $2 the session), for `me` answered without the executor.
# Read under the user's scope, as `get_user` and `session_is_live` read them; no row: no such user.
VIEWER_SQL = (
    f"SELECT u.id, u.email, u.name, u.mfa_enabled, EXISTS (SELECT 1 FROM {AuthSession.__tablename__} s"
    " WHERE s.id = $2 AND s.user_id = $1 AND s.revoked_at IS NULL) AS session_live"
    f" FROM {User.__tablename__} u WHERE u.id = $1"
)


@dataclass(frozen=True)
class LiveMembership:
    member_id: uuid.UUID
    role: Role
    workspace_requires_mfa: bool
    user_has_mfa: bool
    session_live: bool


def _live_membership_select(
    workspace_id: Any, user_id: Any, session_id: Any
) -> Select[uuid.UUID, Role, bool, bool, bool]:
    """The membership check's statement; its arguments are values or bind parameters. With a session,
    its last column says whether that session is still signed in (false for none: a NULL session)."""
    live = and_(AuthSession.id.is_not(None), AuthSession.revoked_at.is_(None)) if session_id is not None else None
    query = (
        select(
            WorkspaceMember.id.label("member_id"),
            WorkspaceMember.role.label("member_role"),
            Workspace.mfa_required.label("workspace_requires_mfa"),
            User.mfa_enabled.label("user_has_mfa"),
            (live if live is not None else true()).label("session_live"),
        )
        .join(Workspace, Workspace.id == WorkspaceMember.workspace_id)
        .join(User, User.id == WorkspaceMember.user_id)
        .where(WorkspaceMember.workspace_id == workspace_id, WorkspaceMember.user_id == user_id)
    )
    if session_id is not None:
        query = query.outerjoin(
            AuthSession, and_(AuthSession.id == session_id, AuthSession.user_id == WorkspaceMember.user_id)
        )
    return query


@functools.cache
def _live_membership_statement(with_session: bool) -> Select[uuid.UUID, Role, bool, bool, bool]:
    """`_live_membership_select` with bound parameters, made once: every request of the executor runs it,
    and making it anew with the values written in cost ~0.2 ms of CPU (building it, and SQLAlchemy's
    cache key over the values)."""
    return _live_membership_select(
        bindparam("workspace_id"), bindparam("user_id"), bindparam("session_id") if with_session else None
    )


@functools.cache
def _live_membership_sql(with_session: bool) -> str:
    """`_live_membership_statement` as SQL text with `:name` parameters, compiled once, for fetch_on_driver:
    the check runs on every request of the executor, and SQLAlchemy's execution around a statement costs
    ~0.15 ms of CPU."""
    dialect = postgresql.dialect(paramstyle="named")  # type: ignore[no-untyped-call]
    return str(_live_membership_statement(with_session).compile(dialect=dialect))


async def live_membership(
    session: AsyncSession, *, workspace_id: uuid.UUID, user_id: uuid.UUID, session_id: uuid.UUID | None
) -> LiveMembership | None:
    """The membership, whether the workspace requires MFA and the user has it, and whether the access
    token's session is still signed in: one statement, the one the membership check always ran."""
    parameters = {"workspace_id": workspace_id, "user_id": user_id, "session_id": session_id}
    rows = await fetch_on_driver(session, _live_membership_sql(session_id is not None), parameters)
    if not rows:
        return None
    return live_membership_of(rows[0])


def live_membership_subquery(
    workspace_id: uuid.UUID, user_id: BindParameter[Any], session_id: BindParameter[Any]
) -> Any:
    """`live_membership`'s statement as a subquery of one row at most (columns `member_id`, `member_role`,
    `workspace_requires_mfa`, `user_has_mfa`, `session_live`), for a statement that reads the membership
    in the same round trip as its own answer (graphql/compiled). `session_id` may be bound to NULL
    (an API key): `session_live` is then false, and the caller does not ask for it."""
    return _live_membership_select(workspace_id, user_id, session_id).subquery("rapport_actor")


def live_membership_of(row: Any) -> LiveMembership | None:
    """`live_membership_subquery`'s columns as read by asyncpg (NULLs when there is no membership)."""
    if row["member_id"] is None:
        return None
    return LiveMembership(
        row["member_id"],
        Role(row["member_role"]),
        bool(row["workspace_requires_mfa"]),
        bool(row["user_has_mfa"]),
        bool(row["session_live"]),
    )


# ---------- MFA ----------


async def set_mfa_pending(session: AsyncSession, user_id: uuid.UUID, secret_encrypted: bytes | None) -> None:
    await session.execute(update(User).where(User.id == user_id).values(mfa_pending_secret_encrypted=secret_encrypted))


async def _set_mfa(
    session: AsyncSession, user_id: uuid.UUID, *, secret_encrypted: bytes | None, step: int | None
) -> None:
    """MFA on with this secret (its last used step `step`), or off (no secret): no pending secret, no failures."""
    await session.execute(
        update(User)
        .where(User.id == user_id)
        .values(
            mfa_enabled=secret_encrypted is not None,
            mfa_secret_encrypted=secret_encrypted,
            mfa_pending_secret_encrypted=None,
            mfa_last_step=step,
            mfa_failed_attempts=0,
            mfa_blocked_until=None,
        )
    )


async def enable_mfa(session: AsyncSession, user_id: uuid.UUID, *, secret_encrypted: bytes, step: int) -> None:
    await _set_mfa(session, user_id, secret_encrypted=secret_encrypted, step=step)


async def disable_mfa(session: AsyncSession, user_id: uuid.UUID) -> None:
    await _set_mfa(session, user_id, secret_encrypted=None, step=None)
    await session.execute(delete(MfaRecoveryCode).where(MfaRecoveryCode.user_id == user_id))


async def accept_step(session: AsyncSession, user_id: uuid.UUID, step: int) -> bool:
    """Records `step` as used, unless it (or a later one) already was: the UPDATE is the lock, so of
    two requests with one code exactly one succeeds."""
    result = await session.execute(
        update(User)
        .where(User.id == user_id, or_(User.mfa_last_step.is_(None), User.mfa_last_step < step))
        .values(mfa_last_step=step, mfa_failed_attempts=0, mfa_blocked_until=None)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def use_recovery_code(session: AsyncSession, user_id: uuid.UUID, code_hash: bytes) -> bool:
    result = await session.execute(
        update(MfaRecoveryCode)
        .where(
            MfaRecoveryCode.user_id == user_id,
            MfaRecoveryCode.code_hash == code_hash,
            MfaRecoveryCode.used_at.is_(None),
        )
        .values(used_at=func.now())
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return False
    await session.execute(update(User).where(User.id == user_id).values(mfa_failed_attempts=0, mfa_blocked_until=None))
    return True


async def record_mfa_failure(session: AsyncSession, user_id: uuid.UUID) -> int:
    """Counts a wrong code; returns the count of wrong codes in a row."""
    row = await session.execute(
        update(User)
        .where(User.id == user_id)
        .values(mfa_failed_attempts=User.mfa_failed_attempts + 1)
        .returning(User.mfa_failed_attempts)
    )
    return int(row.scalar_one())


async def block_mfa_until(session: AsyncSession, user_id: uuid.UUID, until: datetime) -> None:
    await session.execute(update(User).where(User.id == user_id).values(mfa_blocked_until=until))


async def replace_recovery_codes(session: AsyncSession, user_id: uuid.UUID, code_hashes: list[bytes]) -> None:
    await session.execute(delete(MfaRecoveryCode).where(MfaRecoveryCode.user_id == user_id))
    await session.execute(
        insert(MfaRecoveryCode), [{"user_id": user_id, "code_hash": digest} for digest in code_hashes]
    )


async def count_unused_recovery_codes(session: AsyncSession, user_id: uuid.UUID) -> int:
    query = select(func.count()).where(MfaRecoveryCode.user_id == user_id, MfaRecoveryCode.used_at.is_(None))
    return int(await session.scalar(query) or 0)


# ---------- API keys ----------


async def insert_api_key(session: AsyncSession, values: dict[str, object]) -> ApiKey:
    return await insert_row(session, ApiKey, values)


async def list_api_keys(session: AsyncSession, workspace_id: uuid.UUID) -> list[ApiKey]:
    query = (
        select(ApiKey)
        .where(ApiKey.workspace_id == workspace_id, ApiKey.revoked_at.is_(None))
        .order_by(ApiKey.created_at.desc(), ApiKey.id.desc())
    )
    return list((await session.scalars(query)).all())


async def get_api_key_by_hash(session: AsyncSession, workspace_id: uuid.UUID, secret_hash: bytes) -> ApiKey | None:
    query = select(ApiKey).where(ApiKey.workspace_id == workspace_id, ApiKey.secret_hash == secret_hash)
    return await session.scalar(query)


async def revoke_api_key(session: AsyncSession, workspace_id: uuid.UUID, key_id: uuid.UUID, at: datetime) -> bool:
    result = await session.execute(
        update(ApiKey)
        .where(ApiKey.workspace_id == workspace_id, ApiKey.id == key_id, ApiKey.revoked_at.is_(None))
        .values(revoked_at=at)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def touch_api_key(session: AsyncSession, key_id: uuid.UUID, at: datetime) -> None:
    await session.execute(update(ApiKey).where(ApiKey.id == key_id).values(last_used_at=at))


async def insert_password_reset(session: AsyncSession, values: dict[str, object]) -> PasswordReset:
    return await insert_row(session, PasswordReset, values)


async def lock_password_reset(session: AsyncSession, user_id: uuid.UUID, token_hash: bytes) -> PasswordReset | None:
    query = (
        select(PasswordReset)
        .where(PasswordReset.user_id == user_id, PasswordReset.token_hash == token_hash)
        .with_for_update()
    )
    return await session.scalar(query)


async def use_password_resets(session: AsyncSession, user_id: uuid.UUID, at: datetime) -> None:
    """Spends every unused reset link of the user (the one used, and any older one)."""
    await session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user_id, PasswordReset.used_at.is_(None))
        .values(used_at=at)
    )


_REVOKED = text(
    "SELECT id FROM auth_sessions WHERE revoked_at >= :since"
    " UNION ALL SELECT id FROM api_keys WHERE revoked_at >= :since"
)


async def revoked_since(session: AsyncSession, since: datetime) -> tuple[set[uuid.UUID], datetime]:
    """Ids of the sign-ins (`auth_sessions`) and API keys revoked at or after `since`, and the database's
    clock now. Reads every workspace's rows: the session must be in the system scope."""
    now = await session.scalar(text("SELECT now()"))
    rows = (await session.execute(_REVOKED, {"since": since})).scalars().all()
    assert isinstance(now, datetime)
    return {uuid.UUID(str(row)) for row in rows}, now
