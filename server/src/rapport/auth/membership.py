"""The check every workspace request makes: is the caller (a signed-in person or an API key) a member
now, with which role, is their session still signed in, and does the workspace's MFA rule let them in.

One statement (`repository.live_membership`), the same one the plain membership check ran.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import BindParameter
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
    workspace_id = _claimed_workspace(claims)
    live = await repository.live_membership(
        session, workspace_id=workspace_id, user_id=claims.user_id, session_id=claims.session_id
    )
    return actor_of(claims, live)


def actor_of(claims: AccessClaims, live: repository.LiveMembership | None) -> Actor:
    """The actor `claims` prove, given what the membership check read for them (`live`), or the error
    that refuses them: the rule `acting_actor` applies, for a caller that read the membership itself
    (the compiled path reads it with its statement, `repository.live_membership_subquery`)."""
    workspace_id = _claimed_workspace(claims)
    if live is not None and claims.session_id is not None and not live.session_live:
        raise Unauthenticated(SIGNED_OUT)
    if live is None:
        if claims.api_key_id is not None:
            raise Unauthenticated("The API key is not valid or was revoked.")
        raise Forbidden("You are not a member of this workspace any more.")
    role = live.role
    if claims.api_key_id is not None:
        role = capped(role, claims.role or Role.VIEWER)
    elif live.workspace_requires_mfa and not live.user_has_mfa:
        raise MfaEnrollmentRequired(
            "This workspace requires two-factor sign-in: set it up in your account settings first."
        )
    return Actor(
        user_id=claims.user_id,
        workspace_id=workspace_id,
        member_id=live.member_id,
        role=role,
        api_key_id=claims.api_key_id,
    )


def _claimed_workspace(claims: AccessClaims) -> uuid.UUID:
    """What is checked before the membership is read: a workspace chosen, and a session or a key."""
    if claims.workspace_id is None:
        raise Forbidden("Create or switch to a workspace first.")
    if claims.api_key_id is None and claims.session_id is None:
        raise Unauthenticated(SIGNED_OUT)
    return claims.workspace_id


def membership_subquery(workspace_id: uuid.UUID, user_id: BindParameter[Any], session_id: BindParameter[Any]) -> Any:
    """The membership check as a subquery of one row at most, to be read in another statement's round
    trip (`repository.live_membership_subquery`); its row goes to `live_membership_of`, then `actor_of`."""
    return repository.live_membership_subquery(workspace_id, user_id, session_id)


# `me`'s row and session check in one statement (`graphql/compiled/viewer.py`): asyncpg parameters $1 the
# user, $2 the token's session; its `session_live` column is what `require_person` asks.
VIEWER_SQL = repository.VIEWER_SQL


def live_membership_of(row: Any) -> repository.LiveMembership | None:
    return repository.live_membership_of(row)


def capped(role: Role, ceiling: Role) -> Role:
    return ceiling if role.at_least(ceiling) else role
