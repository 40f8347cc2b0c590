"""Access tokens (JWT, HS256, with `kid`) and opaque refresh tokens.

A refresh token is `rt_` + url-safe base64 of (user id, 32 random bytes). The user id lets the
server scope its lookup by row-level security; the random part is what proves possession, and
only its SHA-256 digest is stored.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

import jwt
from pydantic import SecretStr

from rapport.config import Settings
from rapport.errors import Unauthenticated
from rapport.kit.clock import utcnow
from rapport.models import Role

ISSUER = "rapport"
ALGORITHM = "HS256"
REFRESH_PREFIX = "rt_"


@dataclass(frozen=True)
class SigningKey:
    kid: str
    secret: bytes


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    workspace_id: uuid.UUID | None
    role: Role | None
    expires_at: datetime
    # The sign-in this token belongs to (auth_sessions.id): signing out revokes it.
    session_id: uuid.UUID | None = None
    # Set when the caller is an API key rather than a signed-in person (the key acts as its creator).
    api_key_id: uuid.UUID | None = None


def _kid(secret: bytes) -> str:
    return hashlib.sha256(b"rapport-kid:" + secret).hexdigest()[:12]


@lru_cache(maxsize=4)
def _keys_for(secret: str, previous: tuple[str, ...]) -> tuple[SigningKey, ...]:
    return tuple(SigningKey(_kid(s.encode()), s.encode()) for s in (secret, *previous))


def signing_keys(settings: Settings) -> tuple[SigningKey, ...]:
    """The active key first, then previous ones that still verify."""
    if settings.secret_key is not None:
        secret = settings.secret_key.get_secret_value()
    else:
        secret = _development_secret(settings.data_dir)
    previous = tuple(key.get_secret_value() for key in settings.previous_secret_keys)
    return _keys_for(secret, previous)


def sealing_material(
    settings: Settings, own_key: SecretStr | None = None, previous_own: Sequence[SecretStr] = ()
) -> tuple[bytes, ...]:
    """Key material for a kind of secret sealed at rest (`kit.sealing`), the one to seal with first: its
    own key when one is set, otherwise the active signing secret (so a development install needs no
    extra setting). Then what still unseals during a rotation: its previous own keys, and the signing
    secrets (active and previous), so neither rotating `RAPPORT_SECRET_KEY` (with the old one in
    `RAPPORT_PREVIOUS_SECRET_KEYS`) nor setting an own key for the first time loses what was sealed."""
    signing = tuple(key.secret for key in signing_keys(settings))
    current = own_key.get_secret_value().encode() if own_key is not None else signing[0]
    older = (*(key.get_secret_value().encode() for key in previous_own), *signing)
    return (current, *(material for material in older if material != current))


def _development_secret(data_dir: Path) -> str:
    """Outside production a random key is kept in the data directory, so tokens survive restarts. It is
    read again only when the file changed (a `stat` per call, where every request read the file: 2-5 %
    of the api's CPU at c=16, bench/README.md, issue 15). The file's path is made once per directory
    (joining paths took half of what is left: ~2 % of the api's CPU a search)."""
    path = _secret_path(data_dir)
    try:
        seen = os.stat(path)
    except FileNotFoundError:
        data_dir.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48))
        seen = os.stat(path)
    version = (seen.st_ino, seen.st_size, seen.st_mtime_ns)
    known = _read_secrets.get(path)
    if known is not None and known[0] == version:
        return known[1]
    secret = path.read_text().strip()
    _read_secrets[path] = (version, secret)
    return secret


@lru_cache(maxsize=8)
def _secret_path(data_dir: Path) -> Path:
    return data_dir / "secret_key"


# The development secret last read from each file, with the file's (inode, size, mtime) then.
_read_secrets: dict[Path, tuple[tuple[int, int, int], str]] = {}


def issue_access_token(
    settings: Settings,
    *,
    user_id: uuid.UUID,
    workspace_id: uuid.UUID | None,
    role: Role | None,
    session_id: uuid.UUID | None = None,
) -> tuple[str, datetime]:
    key = signing_keys(settings)[0]
    now = utcnow()
    expires_at = now + timedelta(seconds=settings.access_token_ttl_seconds)
    claims = {
        "iss": ISSUER,
        "sub": str(user_id),
        "wid": str(workspace_id) if workspace_id else None,
        "role": role.value if role else None,
        "typ": "access",
        "sid": str(session_id) if session_id else None,
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
        "jti": secrets.token_urlsafe(12),
    }
    token = jwt.encode(claims, key.secret, algorithm=ALGORITHM, headers={"kid": key.kid})
    return token, expires_at.replace(microsecond=0)


# Verified access tokens, so that a token is parsed and its signature checked once per process, not on
# every request (twice per request: the rate limit's principal and the GraphQL context). The entry is
# keyed by the token and the keys that verified it (a rotated key verifies afresh), and it is used only
# until the token's `exp`, as PyJWT would judge it. A token is a pure function of its text and the keys,
# so the claims are the same as decoding again; revocation is checked elsewhere (the session, per request).
_VERIFIED: dict[tuple[str, tuple[SigningKey, ...]], tuple[float, AccessClaims]] = {}
_VERIFIED_MAX = 4096


def decode_access_token(settings: Settings, token: str) -> AccessClaims:
    keys = signing_keys(settings)
    cached = _VERIFIED.get((token, keys))
    if cached is not None and time.time() < cached[0]:
        return cached[1]
    claims = _decode_access_token(keys, token)
    if len(_VERIFIED) >= _VERIFIED_MAX:
        # Drops the oldest entry (dicts keep insertion order): a bounded memory, whatever the traffic.
        del _VERIFIED[next(iter(_VERIFIED))]
    _VERIFIED[(token, keys)] = (claims.expires_at.timestamp(), claims)
    return claims


def _decode_access_token(keys: tuple[SigningKey, ...], token: str) -> AccessClaims:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise Unauthenticated("The access token is malformed.") from error
    if header.get("alg") != ALGORITHM:
        raise Unauthenticated("The access token is signed with an algorithm Rapport does not accept.")
    key = next((k for k in keys if k.kid == header.get("kid")), None)
    if key is None:
        raise Unauthenticated("The access token was signed with an unknown key.")
    try:
        claims = jwt.decode(
            token,
            key.secret,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "iss"]},
        )
    except jwt.ExpiredSignatureError as error:
        raise Unauthenticated("The access token has expired.") from error
    except jwt.PyJWTError as error:
        raise Unauthenticated("The access token is not valid.") from error
    if claims.get("typ") != "access":
        raise Unauthenticated("This is not an access token.")
    try:
        user_id = uuid.UUID(claims["sub"])
        workspace_id = uuid.UUID(claims["wid"]) if claims.get("wid") else None
        role = Role(claims["role"]) if claims.get("role") else None
        session_id = uuid.UUID(claims["sid"]) if claims.get("sid") else None
    except (ValueError, TypeError, KeyError) as error:
        raise Unauthenticated("The access token is not valid.") from error
    expires_at = datetime.fromtimestamp(claims["exp"]).astimezone()
    return AccessClaims(user_id, workspace_id, role, expires_at, session_id=session_id)


def issue_mfa_token(settings: Settings, *, user_id: uuid.UUID, workspace_id: uuid.UUID | None) -> str:
    """The short-lived proof that the first sign-in step (password, or an OAuth provider) passed."""
    key = signing_keys(settings)[0]
    now = utcnow()
    claims = {
        "iss": ISSUER,
        "sub": str(user_id),
        "wid": str(workspace_id) if workspace_id else None,
        "typ": "mfa",
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(seconds=settings.mfa_challenge_ttl_seconds)).timestamp()),
        "jti": secrets.token_urlsafe(12),
    }
    return jwt.encode(claims, key.secret, algorithm=ALGORITHM, headers={"kid": key.kid})


def decode_mfa_token(settings: Settings, token: str) -> tuple[uuid.UUID, uuid.UUID | None]:
    """The user and preferred workspace of a pending MFA step; UNAUTHENTICATED when expired or forged."""
    invalid = "The two-factor step has expired or is not valid; sign in again."
    try:
        header = jwt.get_unverified_header(token)
        key = next((k for k in signing_keys(settings) if k.kid == header.get("kid")), None)
        if key is None or header.get("alg") != ALGORITHM:
            raise Unauthenticated(invalid)
        claims = jwt.decode(
            token, key.secret, algorithms=[ALGORITHM], issuer=ISSUER, options={"require": ["exp", "sub", "iss"]}
        )
        if claims.get("typ") != "mfa":
            raise Unauthenticated(invalid)
        return uuid.UUID(claims["sub"]), uuid.UUID(claims["wid"]) if claims.get("wid") else None
    except (jwt.PyJWTError, ValueError, TypeError, KeyError) as error:
        raise Unauthenticated(invalid) from error


def new_refresh_token(user_id: uuid.UUID) -> tuple[str, bytes]:
    """Returns the token to hand out and the digest to store."""
    raw = user_id.bytes + secrets.token_bytes(32)
    token = REFRESH_PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")
    return token, refresh_token_digest(token)


def refresh_token_digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def refresh_token_user(token: str) -> uuid.UUID:
    if not token.startswith(REFRESH_PREFIX) or len(token) > 200:
        raise Unauthenticated("The refresh token is not valid.")
    body = token[len(REFRESH_PREFIX) :]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as error:
        raise Unauthenticated("The refresh token is not valid.") from error
    if len(raw) != 48:
        raise Unauthenticated("The refresh token is not valid.")
    return uuid.UUID(bytes=raw[:16])
