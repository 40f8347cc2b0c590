"""Invitations with consent: an owner or admin invites an email with a role (no higher than their own);
whoever holds the link and signs in (or signs up) with that email joins, once.

The answer to `invite` is the same whether or not the email has an account. The token names its
workspace (`kit/links.py`), so accepting scopes the transaction there before looking it up; only its
SHA-256 is stored. With SMTP configured the worker mails the link (`jobs.py`: it mints the token it
sends); without, the link is returned to the admin to pass on.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from pydantic import EmailStr, Field
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.audit import service as audit_service
from rapport.audit.service import AuditAction
from rapport.auth import passwords, users
from rapport.auth import service as auth_service
from rapport.auth.actor import Actor
from rapport.config import Settings
from rapport.db import set_scope
from rapport.errors import BadUserInput, Conflict, Forbidden, NotFound
from rapport.invitation import repository
from rapport.kit import links
from rapport.kit.clock import utcnow
from rapport.kit.ids import new_id
from rapport.kit.validation import InputModel, validate
from rapport.models import Invitation, Role, User, Workspace
from rapport.workspace import service as workspace_service

PREFIX = "rpi_"
TTL = timedelta(days=7)
SEND_JOB = "invitation.send"
INVALID = "This invitation link is not valid; ask for a new one."


class InviteData(InputModel):
    email: EmailStr = Field(max_length=254)
    role: Role


class NewAccountData(InputModel):
    name: str = Field(min_length=1, max_length=100)
    password: passwords.NewPassword


@dataclass(frozen=True)
class Preview:
    invitation: Invitation
    workspace: Workspace


@dataclass(frozen=True)
class MailContent:
    invitation: Invitation
    workspace_name: str
    inviter_name: str | None
    url: str


def link(settings: Settings, token: str) -> str:
    # In the fragment: browsers do not send it to servers or in Referer headers.
    return f"{settings.web_url}/invitation#token={token}"


async def invite(session: AsyncSession, actor: Actor, *, data: InviteData) -> tuple[Invitation, str]:
    """A new invitation (a pending one for the same email is replaced) and its token."""
    actor.require(Role.ADMIN)
    if not actor.role.at_least(data.role):
        raise Forbidden(f"You cannot invite with a role higher than yours ({actor.role.value}).")
    email = data.email.lower()
    if await workspace_service.is_member_email(session, actor, email=email):
        raise Conflict(f"{email} is already a member of this workspace.")
    now = utcnow()
    await repository.revoke_pending_for_email(session, actor.workspace_id, email, now)
    token, digest = links.new_token(PREFIX, actor.workspace_id)
    invitation = await repository.insert_invitation(
        session,
        {
            "id": new_id(),
            "workspace_id": actor.workspace_id,
            "email": email,
            "role": data.role,
            "token_hash": digest,
            "invited_by_id": actor.member_id,
            "expires_at": now + TTL,
        },
    )
    await audit_service.record(
        session, actor, kind=AuditAction.INVITATION_CREATED, details={"email": email, "role": data.role.value}
    )
    return invitation, token


async def list_pending(session: AsyncSession, actor: Actor) -> Sequence[Invitation]:
    actor.require(Role.ADMIN)
    return await repository.list_pending(session, actor.workspace_id, utcnow())


async def revoke(session: AsyncSession, actor: Actor, *, invitation_id: uuid.UUID) -> bool:
    actor.require(Role.ADMIN)
    invitation = await repository.get_invitation(session, actor.workspace_id, invitation_id, for_update=True)
    if invitation is None or invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise NotFound("No pending invitation with this id in this workspace.")
    if not actor.role.at_least(invitation.role):
        raise Forbidden(f"Only an {invitation.role.value} revokes an invitation to be {invitation.role.value}.")
    await repository.update_invitation(session, invitation.id, {"revoked_at": utcnow()})
    await audit_service.record(
        session,
        actor,
        kind=AuditAction.INVITATION_REVOKED,
        details={"email": invitation.email, "role": invitation.role.value},
    )
    return True


async def preview(session: AsyncSession, *, token: str) -> Preview:
    """The invitation a link names, for its page (which workspace, for which email): refused like `accept`."""
    invitation = await _usable(session, token, for_update=False)
    workspace = await workspace_service.get_workspace(session, workspace_id=invitation.workspace_id)
    if workspace is None:
        raise links.LinkRefused(INVALID, reason="INVALID")
    return Preview(invitation=invitation, workspace=workspace)


async def accept(
    session: AsyncSession,
    settings: Settings,
    *,
    token: str,
    signed_in_user_id: uuid.UUID | None,
    name: str | None = None,
    password: str | None = None,
) -> auth_service.AuthResult:
    """Joins the workspace as the invitation says, once, and answers with a session in it.

    Signed in: the account's email must be the invitation's. Otherwise with `password` only: the
    account with the invitation's email signs in (an MFA user gets the MFA step and accepts once signed
    in); with `name` and `password`: a new account is made for the invitation's email."""
    invitation = await _usable(session, token, for_update=True)
    workspace_id = invitation.workspace_id
    if signed_in_user_id is not None:
        await set_scope(session, workspace_id=workspace_id, user_id=signed_in_user_id)
        user = await users.get_user(session, signed_in_user_id)
        if user is None or user.email.lower() != invitation.email:
            raise Forbidden("This invitation is for another email address: sign in with that one.")
        await _join(session, invitation, user)
        return await auth_service.switch_workspace(session, settings, user_id=user.id, workspace_id=workspace_id)
    if password is None or password == "":
        raise BadUserInput("Sign in or choose a password.", field_errors={("password",): "Enter a password."})
    if name is None:
        user = await auth_service.check_password(session, email=invitation.email, password=password)
        if user.mfa_enabled:
            # The second factor first: once signed in, the page accepts again as this user.
            return await auth_service.finish_sign_in(session, settings, user=user)
    else:
        data = validate(NewAccountData, {"name": name, "password": password})
        created = await auth_service.create_account(session, email=invitation.email, name=data.name, password=password)
        if created is None:
            raise Conflict("An account with this email exists: sign in with its password to accept.")
        user = created
    await _join(session, invitation, user)
    return await auth_service.finish_sign_in(session, settings, user=user, workspace_id=workspace_id)


async def mail_content(
    session: AsyncSession, settings: Settings, *, workspace_id: uuid.UUID, invitation_id: uuid.UUID
) -> MailContent | None:
    """For the worker: a fresh token for a pending invitation not mailed yet, and what the mail says; None
    when there is nothing to send. The session must be scoped to the invitation's workspace."""
    if await repository.get_invitation(session, workspace_id, invitation_id) is None:
        # Not committed yet (the job runs right after the request): the job retries, with backoff.
        raise NotFound("No invitation with this id (yet).")
    invitation = await _pending_by_id(session, workspace_id, invitation_id)
    if invitation is None or invitation.mailed_at is not None:
        return None
    token, digest = links.new_token(PREFIX, invitation.workspace_id)
    invitation = await repository.update_invitation(session, invitation.id, {"token_hash": digest})
    workspace = await workspace_service.get_workspace(session, workspace_id=invitation.workspace_id)
    inviter_name = None
    if invitation.invited_by_id is not None:
        member = await workspace_service.get_member(
            session, workspace_id=invitation.workspace_id, member_id=invitation.invited_by_id
        )
        inviter = await users.get_user(session, member.user_id) if member else None
        inviter_name = inviter.name if inviter else None
    return MailContent(
        invitation=invitation,
        workspace_name=workspace.name if workspace else "a workspace",
        inviter_name=inviter_name,
        url=link(settings, token),
    )


async def mark_mailed(session: AsyncSession, *, workspace_id: uuid.UUID, invitation_id: uuid.UUID) -> None:
    """Records that the mail went out, even when the invitee was quicker and accepted (or an admin revoked)
    between the send and this write: the mail was sent either way."""
    invitation = await repository.get_invitation(session, workspace_id, invitation_id, for_update=True)
    if invitation is not None and invitation.mailed_at is None:
        await repository.update_invitation(session, invitation.id, {"mailed_at": utcnow()})


async def _pending_by_id(session: AsyncSession, workspace_id: uuid.UUID, invitation_id: uuid.UUID) -> Invitation | None:
    invitation = await repository.get_invitation(session, workspace_id, invitation_id, for_update=True)
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.revoked_at is not None
        or invitation.expires_at <= utcnow()
    ):
        return None
    return invitation


async def _usable(session: AsyncSession, token: str, *, for_update: bool) -> Invitation:
    workspace_id = links.owner_of(PREFIX, token)
    if workspace_id is None:
        raise links.LinkRefused(INVALID, reason="INVALID")
    await set_scope(session, workspace_id=workspace_id, user_id=None)
    invitation = await repository.get_by_token_hash(session, workspace_id, links.digest(token), for_update=for_update)
    if invitation is None:
        raise links.LinkRefused(INVALID, reason="INVALID")
    if invitation.accepted_at is not None:
        raise links.LinkRefused("This invitation was already accepted.", reason="USED")
    if invitation.revoked_at is not None:
        raise links.LinkRefused("This invitation was withdrawn; ask for a new one.", reason="REVOKED")
    if invitation.expires_at <= utcnow():
        raise links.LinkRefused("This invitation has expired; ask for a new one.", reason="EXPIRED")
    return invitation


async def _join(session: AsyncSession, invitation: Invitation, user: User) -> None:
    member = await workspace_service.join(
        session, workspace_id=invitation.workspace_id, user=user, role=invitation.role
    )
    await repository.update_invitation(session, invitation.id, {"accepted_at": utcnow(), "accepted_by_id": user.id})
    await audit_service.record(
        session,
        None,
        kind=AuditAction.INVITATION_ACCEPTED,
        workspace_id=invitation.workspace_id,
        user_id=user.id,
        member_id=member.id,
        details={"email": user.email, "role": invitation.role.value},
    )
