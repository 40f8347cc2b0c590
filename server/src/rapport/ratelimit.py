"""Rate limits, kept in Valkey (fixed windows, `limits`' strings and keys) so that they hold across
api replicas.

- Every GraphQL and REST request counts against its principal (`RAPPORT_RATE_LIMIT_API_PER_PRINCIPAL`):
  an API key (by its digest), a signed-in user (by the access token's user), else the client address.
  The inbound email webhook counts per client address (`RAPPORT_RATE_LIMIT_INBOUND_PER_IP`), and so do
  WebSocket upgrades to /graphql (`RAPPORT_RATE_LIMIT_WEBSOCKET_PER_IP`: refused with 429 before the
  accept). `RateLimitMiddleware` does all three, and writes the answer's `RateLimit-Policy` and
  `RateLimit` headers (draft-ietf-httpapi-ratelimit-headers), with `Retry-After` and RATE_LIMITED on a 429.
- The authentication operations (`AUTH_OPERATIONS`, by GraphQL field name) count per client address
  and per account: `await ratelimit.guard_auth("signUp", account=email)` at the top of the resolver.
  A refusal is RATE_LIMITED with `retryAfter`; its headers go on the GraphQL answer, which is a 429 when
  nothing else in it answered (graphql/extensions.py).
- Failed sign-ins (`sign_in_attempt`) back off per (account, address) tightly and per account loosely.
  When only the per-account limit is spent, addresses the account signed in from before (kept 30 days)
  may still try: an attacker spraying one account from many addresses cannot lock its owner out, and
  an attacker on one address locks out only that address.

The client address is the request's (kit/origin.py: through trusted proxies only). A Valkey that is
down or slow is a missing guard, not an outage: the limits are skipped for a few seconds, with one
warning. Each check is one round trip (a script over all of a limit's windows) on one bounded pool per
process: `limits`' own storage took three per window, and redis-py's default pool refuses past 100
connections at once (MaxConnectionsError) rather than waiting, so a burst of requests found the limiter
"unavailable" and every request in flight logged it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import structlog
from limits import RateLimitItem, parse_many
from redis.asyncio import BlockingConnectionPool, Redis
from redis.exceptions import RedisError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rapport.config import Settings
from rapport.errors import RateLimited
from rapport.kit.origin import current_origin

log = structlog.get_logger("rapport.ratelimit")

# The operations limited per address and per account. A new one (requestPasswordReset, …) is a name
# here and one `guard_auth` call in its resolver.
AUTH_OPERATIONS = frozenset(
    {"signIn", "signUp", "refreshToken", "verifyMfa", "requestPasswordReset", "resetPassword", "acceptInvitation"}
)
KNOWN_ADDRESS_DAYS = 30
STORAGE_TIMEOUT_SECONDS = 0.5
PAUSE_SECONDS = 5.0
# One client per api process, its connections shared by every request: a burst waits a moment for one of
# them rather than opening (and handshaking) a connection per concurrent request.
POOL_CONNECTIONS = 16
KEY_PREFIX = "rapport:ratelimit"

# Fixed windows, in one round trip for all of a limit's windows: each key is counted, given its window's
# expiry when it is new (or has lost it), and answered with its count and seconds left. The keys are those
# `limits` (FixedWindowRateLimiter) uses, so counters survive an upgrade.
_HIT = """
local answer = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('TTL', key)
  if count == 1 or ttl < 0 then
    redis.call('EXPIRE', key, ARGV[i])
    ttl = tonumber(ARGV[i])
  end
  answer[2 * i - 1] = count
  answer[2 * i] = ttl
end
return answer
"""
_PEEK = """
local answer = {}
for i, key in ipairs(KEYS) do
  answer[2 * i - 1] = tonumber(redis.call('GET', key) or '0')
  answer[2 * i] = redis.call('TTL', key)
end
return answer
"""


def policies(value: str) -> list[RateLimitItem]:
    """A `limits` string ("10/minute;100/hour"), "" for none. ValueError when it does not parse."""
    return list(parse_many(value)) if value.strip() else []


@dataclass(frozen=True)
class Window:
    name: str
    item: RateLimitItem
    remaining: int
    reset_seconds: int


@dataclass
class Decision:
    """The windows a request counted in, and the first one it found spent."""

    windows: list[Window] = field(default_factory=list)
    limited: Window | None = None

    def headers(self) -> dict[str, str]:
        """Every window counted in, by name: its quota and period, what is left and when it resets."""
        if not self.windows:
            return {}
        headers = {
            "RateLimit-Policy": ", ".join(
                f'"{w.name}";q={w.item.amount};w={w.item.get_expiry()}' for w in self.windows
            ),
            "RateLimit": ", ".join(f'"{w.name}";r={max(0, w.remaining)};t={w.reset_seconds}' for w in self.windows),
        }
        if self.limited is not None:
            headers["Retry-After"] = str(self.limited.reset_seconds)
        return headers

    def error(self, message: str) -> RateLimited:
        assert self.limited is not None
        return RateLimited(message, retry_after_seconds=self.limited.reset_seconds)


class RateLimits:
    def __init__(self, settings: Settings, redis_url: str) -> None:
        self.enabled = settings.rate_limit_enabled
        self.auth_per_ip = policies(settings.rate_limit_auth_per_ip)
        self.auth_per_account = policies(settings.rate_limit_auth_per_account)
        self.failures_per_account_ip = policies(settings.rate_limit_sign_in_failures_per_account_ip)
        self.failures_per_account = policies(settings.rate_limit_sign_in_failures_per_account)
        self.inbound_per_ip = policies(settings.rate_limit_inbound_per_ip)
        self.api_per_principal = policies(settings.rate_limit_api_per_principal)
        self.websocket_per_ip = policies(settings.rate_limit_websocket_per_ip)
        pool = BlockingConnectionPool.from_url(
            redis_url,
            max_connections=POOL_CONNECTIONS,
            timeout=STORAGE_TIMEOUT_SECONDS,
            decode_responses=True,
            socket_connect_timeout=2,
            socket_timeout=2,
        )
        self.redis = Redis(connection_pool=pool)
        self._hit = self.redis.register_script(_HIT)
        self._peek = self.redis.register_script(_PEEK)
        self.paused_until = 0.0

    async def close(self) -> None:
        await self.redis.aclose()
        await self.redis.connection_pool.disconnect()

    async def count(self, name: str, items: Sequence[RateLimitItem], *key: str) -> Decision:
        """Counts one request in each window of `items`; `limited` is the first window it passed."""
        decision = Decision()
        answer = await self._ask(
            items,
            lambda: self._hit(
                keys=[_key(item, name, *key) for item in items], args=[item.get_expiry() for item in items]
            ),
        )
        for item, count, ttl in _counts(items, answer):
            window = Window(_named(name, item, items), item, item.amount - count, max(1, ttl))
            decision.windows.append(window)
            if count > item.amount and decision.limited is None:
                decision.limited = window
        return decision

    async def spent(self, name: str, items: Sequence[RateLimitItem], *key: str) -> Decision:
        """Whether any window of `items` is spent, without counting this request."""
        decision = Decision()
        answer = await self._ask(items, lambda: self._peek(keys=[_key(item, name, *key) for item in items]))
        for item, count, ttl in _counts(items, answer):
            if count >= item.amount:
                decision.limited = Window(_named(name, item, items), item, item.amount - count, max(1, ttl))
                decision.windows.append(decision.limited)
                break
        return decision

    async def _ask(self, items: Sequence[RateLimitItem], script: Callable[[], Awaitable[Any]]) -> Any:
        """What the storage's `script` answers for `items` (a count and a TTL a window), or None when
        the limits are skipped: off, no windows, paused, or the storage failing now (which pauses them)."""
        if not self.enabled or not items or time.monotonic() < self.paused_until:
            return None
        try:
            async with asyncio.timeout(STORAGE_TIMEOUT_SECONDS):
                return await script()
        except (RedisError, OSError, TimeoutError) as outage:
            self._pause(outage)
            return None

    def _pause(self, outage: BaseException) -> None:
        """Skips the limits for PAUSE_SECONDS, with one warning: the requests that were waiting on the
        storage when it failed (under load, all those in flight) fail with it and say nothing more."""
        now = time.monotonic()
        if now < self.paused_until:
            return
        self.paused_until = now + PAUSE_SECONDS
        log.warning("ratelimit.storage_unavailable", error=repr(outage), skipped_seconds=PAUSE_SECONDS)

    # ---------- authentication ----------

    async def auth(self, operation: str, *, account: str | None) -> Decision:
        """Counts an authentication attempt per address and, for all but signIn (whose per-account limit
        counts failures only), per account."""
        if operation not in AUTH_OPERATIONS:
            raise ValueError(f"not an authentication operation: {operation}")
        decision = await self.count("auth-ip", self.auth_per_ip, operation, client_ip())
        if decision.limited is None and account and operation != "signIn":
            per_account = await self.count("auth-account", self.auth_per_account, operation, account_key(account))
            decision.windows.extend(per_account.windows)
            decision.limited = per_account.limited
        return decision

    async def sign_in_blocked(self, account: str) -> Decision:
        ip, key = client_ip(), account_key(account)
        decision = await self.spent("sign-in-failures", self.failures_per_account_ip, key, ip)
        if decision.limited is not None:
            return decision
        decision = await self.spent("sign-in-failures-account", self.failures_per_account, key)
        if decision.limited is not None and await self._known(key, ip):
            return Decision()
        return decision

    async def sign_in_failed(self, account: str) -> None:
        ip, key = client_ip(), account_key(account)
        await self.count("sign-in-failures", self.failures_per_account_ip, key, ip)
        await self.count("sign-in-failures-account", self.failures_per_account, key)

    async def sign_in_succeeded(self, account: str) -> None:
        if not self.enabled or time.monotonic() < self.paused_until:
            return
        ip, key = client_ip(), account_key(account)
        known = f"{KEY_PREFIX}:known:{key}"
        try:
            async with asyncio.timeout(STORAGE_TIMEOUT_SECONDS), self.redis.pipeline(transaction=True) as pipe:
                pipe.sadd(known, ip)
                pipe.expire(known, KNOWN_ADDRESS_DAYS * 86400)
                for item in self.failures_per_account_ip:
                    pipe.delete(_key(item, "sign-in-failures", key, ip))
                await pipe.execute()
        except (RedisError, OSError, TimeoutError) as outage:
            self._pause(outage)

    async def _known(self, key: str, ip: str) -> bool:
        try:
            async with asyncio.timeout(STORAGE_TIMEOUT_SECONDS):
                return bool(await self.redis.sismember(f"{KEY_PREFIX}:known:{key}", ip))
        except (RedisError, OSError, TimeoutError) as outage:
            self._pause(outage)
            return True


def _counts(items: Sequence[RateLimitItem], answer: Any) -> Iterator[tuple[RateLimitItem, int, int]]:
    """Each window of `items` with its count and TTL in the storage's `answer` (none when it is None)."""
    if answer is None:
        return
    for i, item in enumerate(items):
        yield item, int(answer[2 * i]), int(answer[2 * i + 1])


def _key(item: RateLimitItem, *identifiers: str) -> str:
    return f"{KEY_PREFIX}:{item.key_for(*identifiers)}"


def _named(name: str, item: RateLimitItem, items: Sequence[RateLimitItem]) -> str:
    """The policy's name in the headers: the limit's, with its window when it has several."""
    return name if len(items) == 1 else f"{name}-{item.GRANULARITY.name}"


def client_ip() -> str:
    return current_origin.get().ip or "unknown"


def account_key(account: str) -> str:
    """Accounts are keyed by a digest: no email address in Valkey."""
    return hashlib.sha256(account.strip().lower().encode()).hexdigest()[:32]


# ---------- the request being served ----------


@dataclass
class RequestLimits:
    limits: RateLimits
    headers: dict[str, str] = field(default_factory=dict)


current_limits: ContextVar[RequestLimits | None] = ContextVar("rapport_request_limits", default=None)


async def guard_auth(operation: str, *, account: str | None) -> None:
    """RATE_LIMITED when `operation` (a name in AUTH_OPERATIONS) was tried too often from this address
    or for this account; its headers go on the answer either way."""
    request = current_limits.get()
    if request is None:
        return
    decision = await request.limits.auth(operation, account=account)
    request.headers.update(decision.headers())
    if decision.limited is not None:
        raise decision.error(f"Too many attempts; try again in {decision.limited.reset_seconds}s.")


@asynccontextmanager
async def sign_in_attempt(account: str, *, failure: type[BaseException]) -> AsyncIterator[None]:
    """Around a password check for `account`: refused while its failures are spent, a `failure` raised
    inside is counted, a success lets this address through the per-account limit from now on."""
    await guard_auth("signIn", account=account)
    request = current_limits.get()
    if request is None:
        yield
        return
    blocked = await request.limits.sign_in_blocked(account)
    if blocked.limited is not None:
        request.headers.update(blocked.headers())
        raise blocked.error(
            f"Too many failed sign-ins for this account; try again in {blocked.limited.reset_seconds}s."
        )
    try:
        yield
    except failure:
        await request.limits.sign_in_failed(account)
        raise
    await request.limits.sign_in_succeeded(account)


# ---------- every request ----------


class RateLimitMiddleware:
    """Counts each GraphQL and REST request against its principal (the inbound webhook against its
    address, a WebSocket upgrade to /graphql against its address), answers 429 once a window is spent,
    and adds the RateLimit headers to every answer (a GraphQL answer refused by an authentication limit
    is made a 429 by graphql/extensions.py's FormatErrors, these headers on it)."""

    def __init__(self, app: ASGIApp, *, limits: RateLimits, principal: PrincipalOf, inbound_path: str) -> None:
        self.app = app
        self.limits = limits
        self.principal = principal
        self.inbound_path = inbound_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "websocket" and path == "/graphql":
            await self._upgrade(scope, receive, send)
            return
        if scope["type"] != "http" or not (path == "/graphql" or path.startswith("/api/v1/")):
            await self.app(scope, receive, send)
            return
        if path == self.inbound_path:
            decision = await self.limits.count("inbound", self.limits.inbound_per_ip, client_ip())
        else:
            decision = await self.limits.count("api", self.limits.api_per_principal, self.principal(scope))
        if decision.limited is not None:
            await self._refuse(scope, send, decision, graphql=path == "/graphql")
            return
        request = RequestLimits(self.limits, decision.headers())
        token = current_limits.set(request)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = list(message.get("headers", []))
                present = {name.lower() for name, _ in existing}
                extra = [
                    (name.lower().encode(), value.encode())
                    for name, value in request.headers.items()
                    if name.lower().encode() not in present
                ]
                message["headers"] = [*existing, *extra]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            current_limits.reset(token)

    async def _refuse(self, scope: Scope, send: Send, decision: Decision, *, graphql: bool) -> None:
        assert decision.limited is not None
        error = decision.error(f"Too many requests; try again in {decision.limited.reset_seconds}s.")
        if graphql:
            body: dict[str, object] = {
                "data": None,
                "errors": [{"message": error.message, "extensions": error.extensions()}],
            }
        else:
            body = {"error": {"message": error.message, **error.extensions()}}
        headers = [(b"content-type", b"application/json")]
        headers += [(name.lower().encode(), value.encode()) for name, value in decision.headers().items()]
        await send({"type": "http.response.start", "status": error.http_status, "headers": headers})
        await send({"type": "http.response.body", "body": json.dumps(body).encode()})

    async def _upgrade(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Connection attempts per client address: over the limit, the upgrade is refused before it is
        accepted, with HTTP 429, Retry-After and the RateLimit headers (or, on a server without the
        denial-response extension, closed with 1008 before the accept)."""
        decision = await self.limits.count("websocket", self.limits.websocket_per_ip, client_ip())
        if decision.limited is None:
            await self.app(scope, receive, send)
            return
        message = await receive()
        if message["type"] != "websocket.connect":
            return  # the client is gone already
        error = decision.error(f"Too many connection attempts; try again in {decision.limited.reset_seconds}s.")
        if "websocket.http.response" not in scope.get("extensions", {}):
            await send({"type": "websocket.close", "code": WEBSOCKET_RATE_LIMITED, "reason": error.message})
            return
        headers = [(b"content-type", b"application/json")]
        headers += [(name.lower().encode(), value.encode()) for name, value in decision.headers().items()]
        body = {"error": {"message": error.message, **error.extensions()}}
        await send({"type": "websocket.http.response.start", "status": error.http_status, "headers": headers})
        await send({"type": "websocket.http.response.body", "body": json.dumps(body).encode()})
        _denied_upgrade.set(True)


# uvicorn's sans-I/O WebSocket protocol (0.54) sends a denial response but then logs "ASGI callable returned
# without completing handshake." as an error for it: one error line per refused attempt, under a flood of
# them too. The line is dropped for the upgrades refused here (the context is the connection's task).
_UVICORN_DENIAL_NOISE = "ASGI callable returned without completing handshake."
_denied_upgrade: ContextVar[bool] = ContextVar("rapport_denied_upgrade", default=False)


class _DeniedUpgradeFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (_denied_upgrade.get() and record.getMessage() == _UVICORN_DENIAL_NOISE)


_uvicorn_errors = logging.getLogger("uvicorn.error")
if not any(isinstance(f, _DeniedUpgradeFilter) for f in _uvicorn_errors.filters):
    _uvicorn_errors.addFilter(_DeniedUpgradeFilter())


# A server without the denial-response extension answers a close before the accept with HTTP 403.
WEBSOCKET_RATE_LIMITED = 1008  # policy violation


class PrincipalOf:
    """Whom a request counts against: an API key (its digest), a user (an access token's subject, its
    signature checked by `user_of`), else the client address."""

    def __init__(self, user_of: Callable[[str], str | None], *, cookie: str) -> None:
        self.user_of = user_of
        self.cookie = cookie

    def __call__(self, scope: Scope) -> str:
        headers = dict(scope.get("headers") or [])
        authorization = headers.get(b"authorization", b"").decode("latin-1")
        scheme, _, token = authorization.partition(" ")
        token = token.strip() if scheme.lower() == "bearer" else ""
        if not token:
            token = _cookie(headers.get(b"cookie", b"").decode("latin-1"), self.cookie)
        if token.startswith("rpk_"):
            return "key:" + hashlib.sha256(token.encode()).hexdigest()[:32]
        user = self.user_of(token) if token else None
        return f"user:{user}" if user is not None else f"ip:{client_ip()}"


def _cookie(header: str, name: str) -> str:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value.strip()
    return ""
