"""The OpenID providers Rapport signs in with, and what it asks of them over HTTP: the discovery
document, the authorization URL (code flow with PKCE S256, state and nonce), the code exchange (Authlib)
and the ID token's verification against the provider's published keys (joserfc, Authlib's JOSE library).

Every URL comes from configuration: the issuer is a setting, and the endpoints come from the discovery
document served by that issuer. Nothing a request carries chooses where Rapport connects (no SSRF).
"""

from __future__ import annotations

import json
import time
from base64 import urlsafe_b64decode
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, cast

import httpx
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.httpx_client import AsyncOAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from rapport.config import Settings
from rapport.oauth.errors import ProviderUnavailable, SignInRefused

ProviderName = Literal["google", "microsoft"]
PROVIDER_NAMES: tuple[ProviderName, ...] = ("google", "microsoft")
LABELS: dict[ProviderName, str] = {"google": "Google", "microsoft": "Microsoft"}
SCOPE = "openid email profile"
# Microsoft's multi-tenant endpoints (common, organizations) publish an issuer with this placeholder: the
# token's issuer names the tenant of the account (its `tid` claim).
TENANT_PLACEHOLDER = "{tenantid}"
# RS256 is what Google and Microsoft sign ID tokens with; nothing weaker (and never `none` or HS*) is accepted.
ID_TOKEN_ALGORITHMS = ["RS256", "ES256", "PS256"]
CLOCK_LEEWAY_SECONDS = 60
DISCOVERY_TTL_SECONDS = 3600.0


@dataclass(frozen=True)
class Provider:
    name: ProviderName
    label: str
    client_id: str
    client_secret: str
    issuer: str


@dataclass(frozen=True)
class Discovery:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    fetched_at: float


def configured(settings: Settings) -> list[Provider]:
    """The providers whose client id and secret are both set, in a fixed order."""
    found: list[Provider] = []
    for name in PROVIDER_NAMES:
        client_id: str | None = getattr(settings, f"{name}_client_id")
        secret = getattr(settings, f"{name}_client_secret")
        if client_id and secret is not None and secret.get_secret_value():
            issuer: str = getattr(settings, f"{name}_issuer")
            found.append(Provider(name, LABELS[name], client_id, secret.get_secret_value(), issuer.rstrip("/")))
    return found


def get(settings: Settings, name: str) -> Provider | None:
    return next((provider for provider in configured(settings) if provider.name == name), None)


def redirect_uri(settings: Settings, provider: Provider) -> str:
    """Built from configuration, never from the request's Host: the web app forwards it to the api."""
    return f"{settings.web_url}/api/v1/auth/{provider.name}/callback"


# Per process: discovery documents and key sets are public and identical for every replica.
_discoveries: dict[str, Discovery] = {}
_key_sets: dict[str, KeySet] = {}


async def _get_json(settings: Settings, url: str) -> dict[str, object]:
    try:
        async with httpx.AsyncClient(timeout=settings.oauth_timeout_seconds, follow_redirects=False) as client:
            response = await client.get(url, headers={"accept": "application/json"})
        response.raise_for_status()
        body = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise ProviderUnavailable(f"The sign-in provider could not be reached ({type(error).__name__}).") from error
    if not isinstance(body, dict):
        raise ProviderUnavailable("The sign-in provider answered something that is not a JSON object.")
    return cast(dict[str, object], body)


async def discover(settings: Settings, provider: Provider) -> Discovery:
    cached = _discoveries.get(provider.issuer)
    if cached is not None and time.monotonic() - cached.fetched_at < DISCOVERY_TTL_SECONDS:
        return cached
    document = await _get_json(settings, f"{provider.issuer}/.well-known/openid-configuration")
    values = {key: document.get(key) for key in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")}
    if not all(isinstance(value, str) and value for value in values.values()):
        raise ProviderUnavailable("The provider's discovery document lacks an endpoint.")
    issuer = str(values["issuer"]).rstrip("/")
    # OpenID Connect Discovery 1.0 §4.3: the document is the issuer's own (or, for Microsoft's shared
    # endpoints, the template every tenant's issuer fills in).
    if issuer != provider.issuer and TENANT_PLACEHOLDER not in issuer:
        raise ProviderUnavailable("The provider's discovery document names another issuer.")
    discovery = Discovery(
        issuer=issuer,
        authorization_endpoint=str(values["authorization_endpoint"]),
        token_endpoint=str(values["token_endpoint"]),
        jwks_uri=str(values["jwks_uri"]),
        fetched_at=time.monotonic(),
    )
    _discoveries[provider.issuer] = discovery
    return discovery


def _client(settings: Settings, provider: Provider) -> AsyncOAuth2Client:
    return AsyncOAuth2Client(
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        scope=SCOPE,
        redirect_uri=redirect_uri(settings, provider),
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_post",
        timeout=settings.oauth_timeout_seconds,
        follow_redirects=False,
    )


async def authorization_url(
    settings: Settings, provider: Provider, *, state: str, nonce: str, code_verifier: str
) -> str:
    discovery = await discover(settings, provider)
    async with _client(settings, provider) as client:
        url, _ = client.create_authorization_url(
            discovery.authorization_endpoint, state=state, nonce=nonce, code_verifier=code_verifier
        )
    return str(url)


async def exchange_code(settings: Settings, provider: Provider, *, code: str, code_verifier: str) -> str:
    """The ID token the provider returns for the authorization code (single use at the provider)."""
    discovery = await discover(settings, provider)
    try:
        async with _client(settings, provider) as client:
            token = await client.fetch_token(discovery.token_endpoint, code=code, code_verifier=code_verifier)
    except AuthlibBaseError as error:
        raise SignInRefused(
            "code_rejected", "The provider refused the sign-in code (used already, or expired); try again."
        ) from error
    except httpx.HTTPError as error:
        raise ProviderUnavailable("The sign-in provider could not be reached.") from error
    id_token = token.get("id_token")
    if not isinstance(id_token, str) or not id_token:
        raise SignInRefused("token_invalid", "The provider returned no ID token.")
    return id_token


async def _keys(settings: Settings, discovery: Discovery, *, refresh: bool) -> KeySet:
    keys = _key_sets.get(discovery.jwks_uri)
    if keys is None or refresh:
        document = await _get_json(settings, discovery.jwks_uri)
        try:
            keys = KeySet.import_key_set(document)  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError, KeyError) as error:
            raise ProviderUnavailable("The provider's key set cannot be read.") from error
        _key_sets[discovery.jwks_uri] = keys
    return keys


def _kid(id_token: str) -> str | None:
    try:
        header = id_token.split(".", 1)[0]
        value = json.loads(urlsafe_b64decode(header + "=" * (-len(header) % 4))).get("kid")
    except (ValueError, AttributeError, RecursionError):
        return None
    return value if isinstance(value, str) else None


async def verify_id_token(settings: Settings, provider: Provider, id_token: str, *, nonce: str) -> Mapping[str, object]:
    """The ID token's claims once its signature (the provider's published keys), issuer, audience,
    expiry, issue time and nonce all hold; SignInRefused otherwise."""
    discovery = await discover(settings, provider)
    keys = await _keys(settings, discovery, refresh=False)
    kid = _kid(id_token)
    if kid is not None and all(key.kid != kid for key in keys.keys):
        keys = await _keys(settings, discovery, refresh=True)  # the provider rotated its keys
    try:
        token = jwt.decode(id_token, keys, algorithms=ID_TOKEN_ALGORITHMS)
    except JoseError as error:
        raise SignInRefused("token_invalid", "The provider's ID token is not signed by the provider.") from error
    claims = token.claims
    issuer = discovery.issuer
    if TENANT_PLACEHOLDER in issuer:
        tenant = claims.get("tid")
        if not isinstance(tenant, str) or not tenant:
            raise SignInRefused("token_invalid", "The provider's ID token names no tenant.")
        issuer = issuer.replace(TENANT_PLACEHOLDER, tenant)
    registry = jwt.JWTClaimsRegistry(
        leeway=CLOCK_LEEWAY_SECONDS,
        iss={"essential": True, "value": issuer},
        aud={"essential": True, "value": provider.client_id},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
        nonce={"essential": True, "value": nonce},
    )
    try:
        registry.validate(claims)
    except JoseError as error:
        raise SignInRefused("token_invalid", f"The provider's ID token is not for this sign-in ({error}).") from error
    audience = claims.get("aud")
    # OpenID Connect Core §3.1.3.7: with several audiences, the authorised party must be this client.
    if (
        isinstance(audience, list)
        and (len(audience) > 1 or "azp" in claims)
        and claims.get("azp") != provider.client_id
    ):
        raise SignInRefused("token_invalid", "The provider's ID token was issued to another client.")
    return claims
