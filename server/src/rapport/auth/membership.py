"""The check every workspace request makes: is the caller (a signed-in person or an API key) a member
now, with which role, is their session still signed in, and does the workspace's MFA rule let them in.

One statement (`repository.live_membership`), the same one the plain membership check ran.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth import repository
from rapport.auth.actor import Actor
from rapport.auth.tokens import AccessClaims
from rapport.errors import Forbidden, Unauthenticated
from rapport.models import Role

SIGNED_OUT = "This session was signed out; sign in again."


class MfaEnrollmentRequired(Forbidden):
    """The workspace requires two-factor sign-in and the user has not set it up: the web app sends
    them to enrol (`extensions.reason`)."""

    reason = "MFA_ENROLLMENT_REQUIRED"

    def extensions(self) -> dict[str, object]:
        return {"code": self.code, "reason": self.reason}


async def acting_actor(session: AsyncSession, claims: AccessClaims) -> Actor:
    workspace_id = claims.workspace_id
    if workspace_id is None:
        raise Forbidden("Create or switch to a workspace first.")
    if claims.api_key_id is None and claims.session_id is None:
        raise Unauthenticated(SIGNED_OUT)
    live = await repository.live_membership(
        session, workspace_id=workspace_id, user_id=claims.user_id, session_id=claims.session_id
    )
    if live is not None and not live.session_live:
        raise Unauthenticated(SIGNED_OUT)
    if live is None:
        if claims.api_key_id is not None:
            raise Unauthenticated("The API key is not valid or was revoked.")
        raise Forbidden("You are not a member of this workspace any more.")
    role = live.member.role
    if claims.api_key_id is not None:
        role = capped(role, claims.role or Role.VIEWER)
    elif live.workspace_requires_mfa and not live.user_has_mfa:
        raise MfaEnrollmentRequired(
            "This workspace requires two-factor sign-in: set it up in your account settings first."
        )
    return Actor(
        user_id=claims.user_id,
        workspace_id=workspace_id,
        member_id=live.member.id,
        role=role,
        api_key_id=claims.api_key_id,
    )


def capped(role: Role, ceiling: Role) -> Role:
    return ceiling if role.at_least(ceiling) else role
