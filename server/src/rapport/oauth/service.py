"""Sign-in with Google and Microsoft (OpenID Connect, authorization code flow with PKCE).

`start` remembers a flow and sends the browser to the provider; `verify_callback` checks what the
provider sent back (the flow of this browser, its state, the code exchanged once, the ID token's
signature, issuer, audience, expiry and nonce) without touching the database; `sign_in_with_identity`
then finds or links the account and `finish_sign_in` makes the session.

Linking is by the provider's subject, and by email only when the provider vouches for the address:
Google's `email_verified`, and for Microsoft the `xms_edov` claim (the tenant verified the domain of
the address). Microsoft's plain `email` claim is whatever a tenant admin typed, so without `xms_edov`
a Microsoft account neither links to an existing user nor creates one (see docs/design.md, "Sign-in
with Google and Microsoft").
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.audit.service import AuditAction
from rapport.auth import service as auth_service
from rapport.auth import users
from rapport.config import Settings
from rapport.db import set_scope
from rapport.kit.ids import new_id
from rapport.models import User
from rapport.oauth import flows, providers, repository
from rapport.oauth.errors import SignInRefused

NAME_MAX_LENGTH = 100
EMAIL_MAX_LENGTH = 254


@dataclass(frozen=True)
class Started:
    authorization_url: str
    flow_id: str


@dataclass(frozen=True)
class VerifiedIdentity:
    """Who the provider says signed in, once the ID token checked out."""

    provider: str
    subject: str
    # Set only when the provider vouches that the address belongs to this account.
    verified_email: str | None
    name: str | None
    next_path: str


def safe_next(settings: Settings, value: str | None) -> str:
    """`value` as a path of the web app to land on after sign-in, or "/" when it would leave the web app
    (`//evil.example`, `/\\evil`, control characters): resolved against the web app's origin, which it
    must keep."""
    if not value or len(value) > 1000 or not value.startswith("/") or any(ord(c) < 0x21 or c == "\\" for c in value):
        return "/"
    base = urlsplit(settings.web_url)
    resolved = urlsplit(urljoin(settings.web_url + "/", value))
    if (resolved.scheme, resolved.netloc) != (base.scheme, base.netloc) or resolved.path.startswith("//"):
        return "/"
    return resolved.path + (f"?{resolved.query}" if resolved.query else "")


@dataclass(frozen=True)
class AvailableProvider:
    name: str
    label: str
    start_path: str


def available_providers(settings: Settings) -> list[AvailableProvider]:
    return [
        AvailableProvider(provider.name, provider.label, f"/api/v1/auth/{provider.name}/start")
        for provider in providers.configured(settings)
    ]


def _provider(settings: Settings, name: str) -> providers.Provider:
    provider = providers.get(settings, name)
    if provider is None:
        raise SignInRefused("provider_unknown", "This sign-in provider is not set up on this Rapport.")
    return provider


async def start(settings: Settings, redis: Redis, *, provider_name: str, next_path: str | None) -> Started:
    provider = _provider(settings, provider_name)
    flow = flows.new_flow(provider.name, safe_next(settings, next_path))
    url = await providers.authorization_url(
        settings, provider, state=flow.state, nonce=flow.nonce, code_verifier=flow.code_verifier
    )
    return Started(authorization_url=url, flow_id=await flows.save(redis, flow))


async def verify_callback(
    settings: Settings, redis: Redis, *, provider_name: str, flow_id: str | None, params: Mapping[str, str]
) -> VerifiedIdentity:
    provider = _provider(settings, provider_name)
    flow = await flows.take(redis, flow_id or "")
    if flow is None:
        raise SignInRefused(
            "flow_expired", "This sign-in has expired or was already used, or it began in another browser."
        )
    state = params.get("state", "")
    if flow.provider != provider.name or not hmac.compare_digest(state.encode(), flow.state.encode()):
        raise SignInRefused("state_mismatch", "This sign-in answer does not belong to the sign-in this browser began.")
    error = params.get("error")
    if error == "access_denied":
        raise SignInRefused("denied", "The sign-in was cancelled at the provider.")
    if error:
        raise SignInRefused("provider_error", f"The provider refused the sign-in ({error[:100]}).")
    discovery = await providers.discover(settings, provider)
    issuer = params.get("iss")
    # RFC 9207: the answer names the issuer it comes from (mix-up attacks between providers).
    if issuer is not None and providers.TENANT_PLACEHOLDER not in discovery.issuer and issuer != discovery.issuer:
        raise SignInRefused("state_mismatch", "This sign-in answer comes from another provider.")
    code = params.get("code", "")
    if not code or len(code) > 2000:
        raise SignInRefused("provider_error", "The provider's answer has no sign-in code.")
    id_token = await providers.exchange_code(settings, provider, code=code, code_verifier=flow.code_verifier)
    claims = await providers.verify_id_token(settings, provider, id_token, nonce=flow.nonce)
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject or len(subject) > 255:
        raise SignInRefused("token_invalid", "The provider's ID token names no account.")
    name = claims.get("name")
    return VerifiedIdentity(
        provider=provider.name,
        subject=subject,
        verified_email=verified_email(provider.name, claims),
        name=name.strip()[:NAME_MAX_LENGTH] if isinstance(name, str) and name.strip() else None,
        next_path=flow.next_path,
    )


def verified_email(provider: str, claims: Mapping[str, object]) -> str | None:
    """The address the provider vouches for, lower-cased; None when it does not vouch for one."""
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email or len(email) > EMAIL_MAX_LENGTH or email != email.strip():
        return None
    if provider == "google":
        vouched = claims.get("email_verified") in (True, "true")
    elif provider == "microsoft":
        # Only when the app registration asks for the optional claim and the tenant verified the domain.
        vouched = claims.get("xms_edov") in (True, "true", "1", 1)
    else:
        vouched = False
    return email.lower() if vouched else None


async def sign_in_with_identity(
    session: AsyncSession, settings: Settings, *, identity: VerifiedIdentity
) -> auth_service.AuthResult:
    """Signs in the user linked to the identity; links it first to the user of its verified email, or
    to a new user with a workspace of their own (as `signUp` makes them)."""
    linked = await repository.get_identity(session, identity.provider, identity.subject)
    user: User | None
    if linked is not None:
        await set_scope(session, workspace_id=None, user_id=linked.user_id)
        user = await users.get_user(session, linked.user_id)
        await repository.touch_identity(session, linked.id)
    else:
        user = await _link(session, identity)
    if user is None:
        raise SignInRefused("failed", "The account this sign-in belongs to no longer exists.")
    return await finish_sign_in(session, settings, user=user, method=f"oauth:{identity.provider}")


async def _link(session: AsyncSession, identity: VerifiedIdentity) -> User:
    email = identity.verified_email
    if email is None:
        raise SignInRefused(
            "email_unverified",
            "The provider does not confirm that this email address belongs to the account, so Rapport "
            "cannot link it. Sign in with your password, or ask your administrator.",
        )
    user = await users.account_by_email(session, email)
    if user is None:
        name = identity.name or email.split("@", 1)[0][:NAME_MAX_LENGTH]
        user = await auth_service.create_user_with_workspace(
            session, email=email, name=name, workspace_name=f"{name}'s workspace"[:NAME_MAX_LENGTH]
        )
        # A sign-up with the same address a moment ago: link to that account.
        user = user or await users.account_by_email(session, email)
    if user is None:
        raise SignInRefused("failed", "The account could not be created; try again.")
    await set_scope(session, workspace_id=None, user_id=user.id)
    inserted = await repository.insert_identity_unless_linked(
        session,
        {
            "id": new_id(),
            "user_id": user.id,
            "provider": identity.provider,
            "subject": identity.subject,
            "email": email,
        },
    )
    if inserted is None:
        # The same identity was linked by a concurrent callback: to this user, or the sign-in stops.
        existing = await repository.get_identity(session, identity.provider, identity.subject)
        if existing is None or existing.user_id != user.id:
            raise SignInRefused("failed", "This account was linked by another sign-in at the same moment; try again.")
    else:
        await auth_service.record_account_event(
            session,
            AuditAction.IDENTITY_LINKED,
            user=user,
            workspace_id=user.last_workspace_id,
            details={"email": email, "provider": identity.provider},
        )
    return user


async def finish_sign_in(
    session: AsyncSession, settings: Settings, *, user: User, method: str = "oauth"
) -> auth_service.AuthResult:
    """THE one place where a provider sign-in becomes a session: every OAuth callback ends here.

    A provider proves the first factor only: a user with MFA gets the same challenge as after a
    password (`mfa_token`, traded with a code through `verifyMfa`), never a session on the provider alone.
    """
    return await auth_service.finish_sign_in(session, settings, user=user, method=method)
