"""Who calls a REST route: a bearer access token, an API key, or the web app's session cookie."""

from __future__ import annotations

import uuid

from fastapi import Request
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth import service
from rapport.auth.actor import Actor
from rapport.auth.membership import acting_actor
from rapport.auth.tokens import AccessClaims, decode_access_token
from rapport.config import Settings
from rapport.db import Database
from rapport.errors import Forbidden, Unauthenticated
from rapport.workspace import service as workspace_service

ACCESS_COOKIE = "rapport_access"
SAFE_METHODS = ("GET", "HEAD")


async def bearer_claims(settings: Settings, db: Database, token: str) -> AccessClaims:
    """The claims of an `Authorization: Bearer` credential: an access token (checked offline; its
    session is checked with the membership), or an API key (`rpk_…`, looked up in its own short
    transaction, which also records its last use)."""
    if not token.startswith("rpk_"):
        return decode_access_token(settings, token)
    workspace_id = service.api_key_workspace(token)
    async with db.transaction(workspace_id=workspace_id) as session:
        return await service.authenticate_api_key(session, token=token)


async def request_claims(request: Request, settings: Settings) -> AccessClaims:
    """The caller's verified claims, scoped to a workspace. The cookie counts on GET, and on other
    methods only from one of the web app's origins (a cross-site form cannot borrow it)."""
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("Send the access token as `Authorization: Bearer <token>`.")
    else:
        token = request.cookies.get(ACCESS_COOKIE, "")
        origin = request.headers.get("origin", "").rstrip("/")
        if token and request.method not in SAFE_METHODS and origin not in settings.allowed_web_origins:
            raise Forbidden("The session cookie is accepted only from the web app's pages.")
        if token.strip().startswith("rpk_"):
            raise Unauthenticated("Send an API key as `Authorization: Bearer <key>`.")
    if not token.strip():
        raise Unauthenticated("Sign in first: send the access token as `Authorization: Bearer <token>`.")
    claims = await bearer_claims(settings, request.app.state.db, token.strip())
    if claims.workspace_id is None:
        raise Forbidden("Create or switch to a workspace first.")
    return claims


async def acting_member(session: AsyncSession, claims: AccessClaims) -> Actor:
    """The member (or API key) the claims name, with the role the database holds now; refused when
    the session was signed out or the key revoked."""
    return await acting_actor(session, claims)


async def member_actor(session: AsyncSession, *, workspace_id: uuid.UUID, user_id: uuid.UUID) -> Actor:
    """The user acting as a member of the workspace (jobs act for whoever started them)."""
    member = await workspace_service.get_membership(session, workspace_id=workspace_id, user_id=user_id)
    if member is None:
        raise Forbidden("You are not a member of this workspace any more.")
    return Actor(user_id=user_id, workspace_id=workspace_id, member_id=member.id, role=member.role)
