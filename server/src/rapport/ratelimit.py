"""Rate limits, kept in Valkey with `limits` (fixed windows) so that they hold across api replicas.

- Every GraphQL and REST request counts against its principal (`RAPPORT_RATE_LIMIT_API_PER_PRINCIPAL`):
  an API key (by its digest), a signed-in user (by the access token's user), else the client address.
  The inbound email webhook counts per client address (`RAPPORT_RATE_LIMIT_INBOUND_PER_IP`).
  `RateLimitMiddleware` does both, and writes the answer's `RateLimit-Policy` and `RateLimit` headers
  (draft-ietf-httpapi-ratelimit-headers), with `Retry-After` and RATE_LIMITED on a 429.
- The authentication operations (`AUTH_OPERATIONS`, by GraphQL field name) count per client address
  and per account: `await ratelimit.guard_auth("signUp", account=email)` at the top of the resolver.
  A refusal is RATE_LIMITED with `retryAfter`; its headers go on the GraphQL answer.
- Failed sign-ins (`sign_in_attempt`) back off per (account, address) tightly and per account loosely.
  When only the per-account limit is spent, addresses the account signed in from before (kept 30 days)
  may still try: an attacker spraying one account from many addresses cannot lock its owner out, and
  an attacker on one address locks out only that address.

The client address is the request's (kit/origin.py: through trusted proxies only). A Valkey that is
down or slow is a missing guard, not an outage: the limits are skipped for a few seconds.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import structlog
from limits import RateLimitItem, parse_many
from limits.aio.storage import RedisStorage
from limits.aio.strategies import FixedWindowRateLimiter
from redis.asyncio import Redis
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
        self.storage = RedisStorage(storage_uri(redis_url), implementation="redispy", key_prefix="rapport:ratelimit")
        self.limiter = FixedWindowRateLimiter(self.storage)
        self.redis = Redis.from_url(redis_url, decode_responses=True, socket_connect_timeout=2, socket_timeout=2)
        self.paused_until = 0.0

    async def close(self) -> None:
        await self.redis.aclose()

    async def count(self, name: str, items: Sequence[RateLimitItem], *key: str) -> Decision:
        """Counts one request in each window of `items`; `limited` is the first window it passed."""

        async def hit(decision: Decision, item: RateLimitItem) -> bool:
            allowed = await self.limiter.hit(item, name, *key)
            window = await self._window(name, item, *key, named=_named(name, item, items))
            decision.windows.append(window)
            if not allowed and decision.limited is None:
                decision.limited = window
            return False

        return await self._each_window(items, hit)

    async def spent(self, name: str, items: Sequence[RateLimitItem], *key: str) -> Decision:
        """Whether any window of `items` is spent, without counting this request."""

        async def test(decision: Decision, item: RateLimitItem) -> bool:
            if await self.limiter.test(item, name, *key):
                return False
            decision.limited = await self._window(name, item, *key, named=_named(name, item, items))
            decision.windows.append(decision.limited)
            return True

        return await self._each_window(items, test)

    async def _each_window(
        self, items: Sequence[RateLimitItem], step: Callable[[Decision, RateLimitItem], Awaitable[bool]]
    ) -> Decision:
        """`step` for each window of `items` in turn until it answers True, within the storage's deadline.
        An empty decision when limits are off, or the storage fails (then it is left alone for a while)."""
        decision = Decision()
        if not self.enabled or not items or time.monotonic() < self.paused_until:
            return decision
        try:
            async with asyncio.timeout(STORAGE_TIMEOUT_SECONDS):
                for item in items:
                    if await step(decision, item):
                        break
        except (RedisError, OSError, TimeoutError) as outage:
            self._pause(outage)
            return Decision()
        return decision

    async def _window(self, name: str, item: RateLimitItem, *key: str, named: str) -> Window:
        stats = await self.limiter.get_window_stats(item, name, *key)
        reset = max(1, math.ceil(stats.reset_time - time.time()))
        return Window(named, item, stats.remaining, reset)

    def _pause(self, outage: BaseException) -> None:
        self.paused_until = time.monotonic() + PAUSE_SECONDS
        log.warning("ratelimit.storage_unavailable", error=repr(outage))

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
        known = f"rapport:ratelimit:known:{key}"
        try:
            async with asyncio.timeout(STORAGE_TIMEOUT_SECONDS), self.redis.pipeline(transaction=True) as pipe:
                pipe.sadd(known, ip)
                pipe.expire(known, KNOWN_ADDRESS_DAYS * 86400)
                await pipe.execute()
            for item in self.failures_per_account_ip:
                await self.limiter.clear(item, "sign-in-failures", key, ip)
        except (RedisError, OSError, TimeoutError) as outage:
            self._pause(outage)

    async def _known(self, key: str, ip: str) -> bool:
        try:
            async with asyncio.timeout(STORAGE_TIMEOUT_SECONDS):
                return bool(await self.redis.sismember(f"rapport:ratelimit:known:{key}", ip))
        except (RedisError, OSError, TimeoutError) as outage:
            self._pause(outage)
            return True


def _named(name: str, item: RateLimitItem, items: Sequence[RateLimitItem]) -> str:
    """The policy's name in the headers: the limit's, with its window when it has several."""
    return name if len(items) == 1 else f"{name}-{item.GRANULARITY.name}"


def storage_uri(redis_url: str) -> str:
    if redis_url.startswith("unix://"):
        return "async+redis+unix://" + redis_url.removeprefix("unix://")
    return "async+" + redis_url


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
    address), answers 429 once a window is spent, and adds the RateLimit headers to every answer."""

    def __init__(self, app: ASGIApp, *, limits: RateLimits, principal: PrincipalOf, inbound_path: str) -> None:
        self.app = app
        self.limits = limits
        self.principal = principal
        self.inbound_path = inbound_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
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
