"""ASGI middleware: request ids, request size limits and metrics, for every route."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterable

import structlog
from opentelemetry import trace
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rapport.kit import origin
from rapport.observability import HTTP_LATENCY, HTTP_REQUESTS, request_id_var

log = structlog.get_logger("rapport.http")
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")


class PayloadTooLarge(Exception):
    pass


def error_body(code: str, message: str, **extra: object) -> bytes:
    return json.dumps({"error": {"code": code, "message": message, **extra}}).encode()


# The api answers JSON (and, in development, the GraphiQL and docs pages): nothing of it is to be framed,
# sniffed into another type, or told where it was linked from.
_SECURITY_HEADERS = [
    (b"strict-transport-security", b"max-age=63072000; includeSubDomains"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
_CSP_DATA = b"default-src 'none'; frame-ancestors 'none'"
# The development pages (GraphiQL, the docs) load their scripts from a CDN: they may not be framed either.
_CSP_PAGE = b"frame-ancestors 'none'"


def security_headers(existing: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The headers above that the answer does not set itself (a file download sets its own, stricter
    policy: one header each, never two that disagree)."""
    content_type = next((value for name, value in existing if name.lower() == b"content-type"), b"")
    csp = _CSP_PAGE if content_type.startswith(b"text/html") else _CSP_DATA
    present = {name.lower() for name, _ in existing}
    wanted = (*_SECURITY_HEADERS, (b"content-security-policy", csp))
    return [(name, value) for name, value in wanted if name not in present]


FIXED_ROUTES = frozenset({"/graphql", "/healthz", "/readyz", "/metrics"})


def route_of(scope: Scope) -> str:
    """The route's template (`/api/v1/files/{file_id}`), never the raw path: a bounded label. A path
    no route matches is "other"."""
    if scope["path"] in FIXED_ROUTES:
        return str(scope["path"])
    return _template(getattr(scope.get("app"), "routes", ()), scope) or "other"


def _template(routes: Iterable[object], scope: Scope) -> str | None:
    for route in routes:
        # Included routers (FastAPI keeps them as one entry each, their routes inside; ours have no
        # prefix of their own) are searched in turn.
        included = getattr(getattr(route, "original_router", None), "routes", None)
        if included is not None:
            found = _template(included, scope)
            if found is not None:
                return found
        elif isinstance(route, BaseRoute) and route.matches(scope)[0] in (Match.FULL, Match.PARTIAL):
            template = getattr(route, "path", None)
            if isinstance(template, str):
                return template
    return None


class RequestMiddleware:
    """Gives each request an id (from X-Request-ID when sane, also on its trace span), refuses bodies over
    the limit with 413 before they are read whole, and records requests and latency per route."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, path_limits: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        # Routes that take bigger bodies (raw email) have their own limit.
        self.path_limits = path_limits or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        supplied = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = supplied if _VALID_REQUEST_ID.match(supplied) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        try:
            if scope["type"] == "websocket":
                await self.app(scope, receive, send)
                return
            await self._http(scope, receive, send, headers, request_id)
        finally:
            request_id_var.reset(token)

    async def _http(
        self, scope: Scope, receive: Receive, send: Send, headers: dict[bytes, bytes], request_id: str
    ) -> None:
        # FastAPI's own server span (it continues the caller's `traceparent`) is the request's span.
        span = trace.get_current_span()
        span.set_attribute("rapport.request_id", request_id)
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                existing = list(message.get("headers", []))
                message["headers"] = [*existing, (b"x-request-id", request_id.encode()), *security_headers(existing)]
            await send(message)

        limit = self.path_limits.get(scope["path"], self.max_body_bytes)
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._too_large(send_with_id, limit)
        else:
            received = 0

            async def limited_receive() -> Message:
                nonlocal received
                message = await receive()
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > limit:
                        raise PayloadTooLarge
                return message

            try:
                await self.app(scope, limited_receive, send_with_id)
            except PayloadTooLarge:
                if not response_started:
                    await self._too_large(send_with_id, limit)
        elapsed = time.perf_counter() - started
        route = route_of(scope)
        HTTP_REQUESTS.labels(scope["method"], route, str(status)).inc()
        HTTP_LATENCY.labels(scope["method"], route).observe(elapsed)
        log.info(
            "http.request",
            method=scope["method"],
            path=scope["path"],
            status=status,
            duration_ms=round(elapsed * 1000, 2),
        )

    async def _too_large(self, send: Send, limit: int) -> None:
        body = error_body("PAYLOAD_TOO_LARGE", f"The request body is over {limit} bytes.")
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})


class OriginMiddleware:
    """Keeps where the request comes from (kit/origin.py) for the audit log and the rate limits."""

    def __init__(self, app: ASGIApp, *, trusted_proxies: tuple[str, ...]) -> None:
        self.app = app
        self.trusted_proxies = trusted_proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = scope.get("headers") or []
        forwarded = [value.decode("latin-1") for name, value in headers if name == b"x-forwarded-for"]
        agent = next((value.decode("latin-1") for name, value in headers if name == b"user-agent"), None)
        client = scope.get("client")
        ip = origin.client_ip(client[0] if client else None, forwarded, self.trusted_proxies)
        token = origin.current_origin.set(origin.Origin(ip=ip, user_agent=origin.user_agent(agent)))
        try:
            await self.app(scope, receive, send)
        finally:
            origin.current_origin.reset(token)
