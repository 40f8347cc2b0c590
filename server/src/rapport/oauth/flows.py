"""A sign-in in progress, between `start` and `callback`: its state, nonce and PKCE verifier live in
Redis (shared by every api replica) for ten minutes under a random id that only the browser which
started it holds, in an httpOnly cookie. The callback takes the flow out (GETDEL), so it serves once."""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import asdict, dataclass

from redis.asyncio import Redis
from redis.exceptions import RedisError

from rapport.errors import ServiceUnavailable

FLOW_TTL_SECONDS = 600
_KEY_PREFIX = "rapport:oauth:flow:"


@dataclass(frozen=True)
class Flow:
    provider: str
    state: str
    nonce: str
    code_verifier: str
    next_path: str


def _key(flow_id: str) -> str:
    # Only a digest of the cookie's value is stored, like refresh tokens.
    return _KEY_PREFIX + hashlib.sha256(flow_id.encode()).hexdigest()


def new_flow(provider: str, next_path: str) -> Flow:
    return Flow(
        provider=provider,
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        # RFC 7636: 43 to 128 characters of [A-Za-z0-9-._~]; 64 random bytes give 86.
        code_verifier=secrets.token_urlsafe(64),
        next_path=next_path,
    )


async def save(redis: Redis, flow: Flow) -> str:
    """Stores the flow and returns the id for the browser's cookie."""
    flow_id = secrets.token_urlsafe(32)
    try:
        await redis.set(_key(flow_id), json.dumps(asdict(flow)), ex=FLOW_TTL_SECONDS)
    except RedisError as error:
        raise ServiceUnavailable("Sign-in is unavailable for a moment; try again.") from error
    return flow_id


async def take(redis: Redis, flow_id: str) -> Flow | None:
    """The flow of this id, removed so that it serves once; None when unknown, used or expired."""
    if not flow_id or len(flow_id) > 100:
        return None
    try:
        raw = await redis.getdel(_key(flow_id))
    except RedisError as error:
        raise ServiceUnavailable("Sign-in is unavailable for a moment; try again.") from error
    if raw is None:
        return None
    try:
        return Flow(**json.loads(raw))
    except (ValueError, TypeError):
        return None
