"""Password reset by a mailed link.

`request` does the same work whatever the email (it queues `auth.password_reset`, nothing else), so
neither its answer nor its timing tells whether an account exists. The job looks the account up, makes
a single-use link valid for an hour (only its SHA-256 is kept) and mails it, or logs it for the operator
when no SMTP server is configured. `reset` sets the new password (the sign-up rules), spends every
reset link of the user, signs out every session and signs in (an MFA user still gives a code).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.audit.service import AuditAction
from rapport.auth import passwords, repository, service, users
from rapport.config import Settings
from rapport.db import set_scope
from rapport.kit import links
from rapport.kit.clock import utcnow
from rapport.kit.ids import new_id
from rapport.kit.validation import InputModel

PREFIX = "rpr_"
TTL = timedelta(hours=1)
JOB = "auth.password_reset"
REFUSED = "This reset link is not valid; ask for a new one."


class ResetData(InputModel):
    token: str = Field(min_length=1, max_length=200)
    password: passwords.NewPassword


@dataclass(frozen=True)
class ResetLink:
    email: str
    name: str
    url: str


def normalised_email(email: str) -> str | None:
    """The address a reset is asked for, lower-cased, or None when it cannot be anyone's."""
    email = email.strip().lower()
    return email if 3 <= len(email) <= 254 and "@" in email else None


async def create_link(session: AsyncSession, settings: Settings, *, email: str) -> ResetLink | None:
    """A new reset link for the account with `email`, or None when there is none (the job's side)."""
    user = await users.account_by_email(session, email)
    if user is None:
        return None
    await set_scope(session, workspace_id=None, user_id=user.id)
    token, digest = links.new_token(PREFIX, user.id)
    await repository.insert_password_reset(
        session, {"id": new_id(), "user_id": user.id, "token_hash": digest, "expires_at": utcnow() + TTL}
    )
    return ResetLink(email=user.email, name=user.name, url=f"{settings.web_url}/reset-password#token={token}")


async def reset(session: AsyncSession, settings: Settings, *, data: ResetData) -> service.AuthResult:
    user_id = links.owner_of(PREFIX, data.token)
    if user_id is None:
        raise links.LinkRefused(REFUSED, reason="INVALID")
    await set_scope(session, workspace_id=None, user_id=user_id)
    row = await repository.lock_password_reset(session, user_id, links.digest(data.token))
    if row is None:
        raise links.LinkRefused(REFUSED, reason="INVALID")
    now = utcnow()
    if row.used_at is not None:
        raise links.LinkRefused("This reset link was already used; ask for a new one.", reason="USED")
    if row.expires_at <= now:
        raise links.LinkRefused("This reset link has expired; ask for a new one.", reason="EXPIRED")
    user = await repository.get_user(session, user_id)
    if user is None:
        raise links.LinkRefused(REFUSED, reason="INVALID")
    await repository.set_password_hash(session, user.id, await passwords.hash_password(data.password))
    await repository.use_password_resets(session, user.id, now)
    await service.sign_out_everywhere(session, user_id=user.id)
    await service.record_account_event(
        session,
        AuditAction.PASSWORD_CHANGED,
        user=user,
        workspace_id=user.last_workspace_id,
        details={"email": user.email, "via": "reset"},
    )
    return await service.finish_sign_in(session, settings, user=user)
