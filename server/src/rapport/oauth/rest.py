"""The browser's way through a provider sign-in: `start` sends it to Google or Microsoft, `callback`
brings it back signed in. Both are reached on the web app's origin (its proxy forwards
/api/v1/auth/ to the api), so the session cookies set here are the web app's own, with the same names
and attributes as the ones its session routes set. Every outcome is a redirect: to the page the
sign-in began from, or to /sign-in?error=<reason> with a message there; never a 500 page."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

import structlog
from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse

from rapport.auth.rest import ACCESS_COOKIE
from rapport.config import Settings
from rapport.errors import AppError, ServiceUnavailable
from rapport.oauth import service
from rapport.oauth.errors import SignInRefused

log = structlog.get_logger("rapport.oauth")

START = "/api/v1/auth/{provider}/start"
CALLBACK = "/api/v1/auth/{provider}/callback"
FLOW_COOKIE = "rapport_oauth_flow"
FLOW_COOKIE_PATH = "/api/v1/auth/"
REFRESH_COOKIE = "rapport_refresh"
# The web app's pending two-factor step (web/src/lib/session-cookies.ts: MFA_COOKIE, MFA_MAX_AGE, its path).
MFA_COOKIE = "rapport_mfa"
MFA_COOKIE_PATH = "/api/session"
MFA_COOKIE_SECONDS = 5 * 60
NO_STORE = {"Cache-Control": "no-store"}
REDIRECT_RESPONSES: dict[int | str, dict[str, object]] = {
    302: {"description": "To the provider (start), or back to the web app: signed in, or /sign-in?error=<reason>."}
}


def _secure(settings: Settings) -> bool:
    return settings.web_url.startswith("https://")


def _to_sign_in(settings: Settings, reason: str) -> RedirectResponse:
    response = RedirectResponse(f"{settings.web_url}/sign-in?{urlencode({'error': reason})}", 302, NO_STORE)
    response.delete_cookie(FLOW_COOKIE, path=FLOW_COOKIE_PATH, secure=_secure(settings), httponly=True, samesite="lax")
    return response


def _reason(error: Exception) -> str:
    if isinstance(error, SignInRefused):
        return error.reason
    if isinstance(error, ServiceUnavailable):
        return "provider_unavailable"
    return "failed"


def oauth_router(settings: Settings) -> APIRouter:
    router = APIRouter(tags=["sign-in"])

    @router.get(
        START,
        status_code=302,
        responses=REDIRECT_RESPONSES,
        summary="Begin signing in with Google or Microsoft",
        description="Remembers the flow (state, nonce, PKCE verifier) for this browser in an httpOnly cookie "
        "and redirects to the provider. `next` is a path of the web app to land on afterwards.",
    )
    async def start(
        request: Request, provider: str, next_path: Annotated[str | None, Query(alias="next")] = None
    ) -> RedirectResponse:
        try:
            started = await service.start(
                settings, request.app.state.redis, provider_name=provider, next_path=next_path
            )
        except AppError as error:
            log.warning("oauth.start_failed", provider=provider[:40], reason=_reason(error), error=error.message)
            return _to_sign_in(settings, _reason(error))
        response = RedirectResponse(started.authorization_url, 302, NO_STORE)
        response.set_cookie(
            FLOW_COOKIE,
            started.flow_id,
            max_age=600,
            path=FLOW_COOKIE_PATH,
            secure=_secure(settings),
            httponly=True,
            # Lax: the cookie comes back on the provider's top-level redirect, never on cross-site subrequests.
            samesite="lax",
        )
        return response

    @router.get(
        CALLBACK,
        status_code=302,
        responses=REDIRECT_RESPONSES,
        summary="Finish signing in with Google or Microsoft",
        description="Where the provider sends the browser back (`code` and `state`, or `error`). Sets the web "
        "app's session cookies and redirects to the page the sign-in began from; on any failure redirects "
        "to /sign-in?error=<reason>.",
    )
    async def callback(request: Request, provider: str) -> RedirectResponse:
        params = {key: value for key, value in request.query_params.items() if len(value) <= 4000}
        try:
            identity = await service.verify_callback(
                settings,
                request.app.state.redis,
                provider_name=provider,
                flow_id=request.cookies.get(FLOW_COOKIE),
                params=params,
            )
            async with request.app.state.db.transaction() as session:
                result = await service.sign_in_with_identity(session, settings, identity=identity)
        except AppError as error:
            log.warning("oauth.callback_refused", provider=provider[:40], reason=_reason(error), error=error.message)
            return _to_sign_in(settings, _reason(error))
        except Exception as error:
            log.error("oauth.callback_failed", provider=provider[:40], exc_info=error)
            return _to_sign_in(settings, "failed")
        if result.mfa_token is not None:
            # The second factor, as after a password: the web app's sign-in page asks for the code and
            # trades it, with this cookie (the web app's own, read only by /api/session), for the session.
            query = urlencode({"mfa": "1", "next": identity.next_path})
            response = RedirectResponse(f"{settings.web_url}/sign-in?{query}", 302, NO_STORE)
            response.delete_cookie(
                FLOW_COOKIE, path=FLOW_COOKIE_PATH, secure=_secure(settings), httponly=True, samesite="lax"
            )
            response.set_cookie(
                MFA_COOKIE,
                result.mfa_token,
                max_age=MFA_COOKIE_SECONDS,
                path=MFA_COOKIE_PATH,
                secure=_secure(settings),
                httponly=True,
                samesite="lax",
            )
            log.info("oauth.mfa_required", provider=identity.provider, user_id=str(result.user.id))
            return response
        destination = "/mfa-setup" if result.mfa_enrollment_required else identity.next_path
        response = RedirectResponse(settings.web_url + destination, 302, NO_STORE)
        response.delete_cookie(
            FLOW_COOKIE, path=FLOW_COOKIE_PATH, secure=_secure(settings), httponly=True, samesite="lax"
        )
        if result.access_token is None or result.refresh_token is None:  # neither a session nor a challenge
            log.error("oauth.no_session", provider=identity.provider, user_id=str(result.user.id))
            return _to_sign_in(settings, "failed")
        for name, value, max_age in (
            (ACCESS_COOKIE, result.access_token, settings.access_token_ttl_seconds),
            (REFRESH_COOKIE, result.refresh_token, settings.refresh_token_ttl_seconds),
        ):
            response.set_cookie(
                name, value, max_age=max_age, path="/", secure=_secure(settings), httponly=True, samesite="lax"
            )
        log.info("oauth.signed_in", provider=identity.provider, user_id=str(result.user.id))
        return response

    return router
