"""The api process: GraphQL at /graphql, REST under /api/v1/, health and metrics."""

from __future__ import annotations

import asyncio
import gc
import hmac
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, cast

import structlog
from cross_web import HTTPException
from fastapi import BackgroundTasks, FastAPI, Request, WebSocket
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from opentelemetry.trace import Status, StatusCode
from prometheus_client import CONTENT_TYPE_LATEST
from rapport_ai.cpus import usable_cpus
from redis.asyncio import Redis
from redis.exceptions import RedisError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import ClientDisconnect, HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.fastapi import GraphQLRouter
from strawberry.types.unset import UNSET

from rapport.auth.actor import Actor
from rapport.auth.membership import VIEWER_SQL, actor_of, live_membership_of
from rapport.auth.rest import bearer_claims
from rapport.auth.tokens import AccessClaims, decode_access_token
from rapport.config import Settings, get_settings
from rapport.db import Database, StatementCounter, begin_scoped, open_database, unsafe_role
from rapport.email.ingest import EmailSubmitter, InboundWriter
from rapport.email.rest import INBOUND_WEBHOOK, email_router
from rapport.embedding import service as embedding_service
from rapport.errors import (
    OUTAGE_MESSAGE,
    OVERLOAD_MESSAGE,
    TOO_SLOW_MESSAGE,
    AppError,
    BadUserInput,
    Overloaded,
    RateLimited,
    ReadOnly,
    ServiceUnavailable,
    TooSlow,
    Unauthenticated,
    is_outage,
    is_overload,
    is_statement_timeout,
)
from rapport.file.rest import MULTIPART_OVERHEAD, UPLOAD, file_router
from rapport.graphql import cost
from rapport.graphql.compiled.compiler import CachedStatement, Compiler, Prepared, answer_of
from rapport.graphql.compiled.plan import NotCompiled, Plan
from rapport.graphql.compiled.search import Searches
from rapport.graphql.compiled.viewer import Viewers
from rapport.graphql.context import Context
from rapport.graphql.extensions import server_timing
from rapport.graphql.operations import operation_of
from rapport.graphql.schema import Schema, build_schema, validation_rules
from rapport.http import OriginMiddleware, RequestMiddleware
from rapport.importer.rest import IMPORTS, import_router
from rapport.kit.origin import current_origin
from rapport.kit.text import unsafe_text
from rapport.kit.validation import human_message
from rapport.migrate import head_revision
from rapport.oauth.rest import oauth_router
from rapport.observability import (
    GRAPHQL_ANSWERS,
    GRAPHQL_LATENCY,
    GRAPHQL_OPERATIONS,
    GRAPHQL_SQL_STATEMENTS,
    SEARCH_INDEX_LAG,
    SEARCH_INDEX_PENDING,
    configure_logging,
    mark_process_dead,
    metrics_payload,
    process_metrics,
    record_process_usage,
    request_id_var,
)
from rapport.openapi import document_errors
from rapport.ratelimit import PrincipalOf, RateLimitMiddleware, RateLimits
from rapport.realtime.socket import Realtime
from rapport.supervisor import read_state
from rapport.system import emergency
from rapport.tracing import configure_tracing, shutdown_tracing, statement_span, tracer
from rapport.webhook.rest import webhook_router
from rapport.worker.queue import JobQueue

log = structlog.get_logger("rapport.api")
BUDGET_TIMEOUT_SECONDS = 0.25
BUDGET_PAUSE_SECONDS = 5.0


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_format)
    configure_tracing("api")
    head = head_revision()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = open_database(
            settings.require_database_url(),
            settings.require_system_url(),
            pool_size=settings.database_pool_size,
            system_pool_size=settings.database_system_pool_size,
            pool_timeout=settings.database_pool_timeout_seconds,
        )
        # Only /readyz uses it: a Valkey that is down must make it answer at once, not hang.
        redis = Redis.from_url(
            settings.require_redis_url(), decode_responses=True, socket_connect_timeout=2, socket_timeout=2
        )
        queue = JobQueue(settings.require_redis_url())
        app.state.db = db
        app.state.redis = redis
        app.state.email_submitter = EmailSubmitter(
            queue, batch_size=settings.email_batch_size, linger=settings.email_submit_linger_ms / 1000
        )
        app.state.inbound_writer = InboundWriter(db, app.state.email_submitter)
        await _refuse_privileged_role(db, settings)
        realtime = Realtime(
            settings=settings,
            schema=schema,
            redis_url=settings.require_redis_url(),
            context_factory=lambda claims, actor, transactional: Context(
                settings=settings,
                db=db,
                claims=claims,
                auth_error=None,
                request_id="",
                actor=actor,
                transactional=transactional,
            ),
        )
        await realtime.start()
        app.state.realtime = realtime
        watch = emergency.EmergencyWatch(settings.require_redis_url(), check_seconds=settings.emergency_check_seconds)
        await watch.start()
        emergency.install(watch)
        app.state.emergency = watch
        usage = asyncio.create_task(_record_usage())
        freeze_startup_heap()
        log.info("api.started", host=settings.api_host, port=settings.api_port, env=settings.env)
        try:
            yield
        finally:
            emergency.install(None)
            await watch.stop()
            usage.cancel()
            await realtime.stop()
            await app.state.email_submitter.close()
            await queue.close()
            await redis.aclose()
            if getattr(app.state, "rate_limits", None) is not None:
                await app.state.rate_limits.close()
            await db.dispose()
            shutdown_tracing()
            mark_process_dead()

    # The API's own description only in development; production answers 404 for it.
    app = RapportAPI(
        title="Rapport",
        lifespan=lifespan,
        docs_url="/api/docs" if settings.is_development else None,
        redoc_url=None,
        openapi_url="/api/openapi.json" if settings.is_development else None,
    )
    # The innermost layer: POST /graphql goes straight to the GraphQL handler (`post_graphql`, below).
    app.add_middleware(GraphQLPost, handle=lambda scope, receive, send: post_graphql(scope, receive, send))
    # The edge, innermost first. Inside RequestMiddleware: refused writes carry the request id and
    # headers too. The same layers wrap the subscriptions' socket (below).
    edge: list[tuple[Callable[..., ASGIApp], dict[str, Any]]] = [(ReadOnlyInEmergency, {"settings": settings})]
    if settings.redis_url is not None:
        rate_limits = RateLimits(settings, settings.require_redis_url())
        app.state.rate_limits = rate_limits

        def user_of(token: str) -> str | None:
            try:
                return str(decode_access_token(settings, token).user_id)
            except AppError:
                return None

        principal = PrincipalOf(user_of, cookie=SESSION_COOKIE)
        edge.append(
            (RateLimitMiddleware, {"limits": rate_limits, "principal": principal, "inbound_path": INBOUND_WEBHOOK})
        )
    edge.append((OriginMiddleware, {"trusted_proxies": tuple(settings.trusted_proxies)}))
    path_limits = {
        INBOUND_WEBHOOK: settings.max_email_bytes,
        UPLOAD: settings.max_file_bytes + MULTIPART_OVERHEAD,
        IMPORTS: settings.max_import_bytes + MULTIPART_OVERHEAD,
    }
    edge.append((RequestMiddleware, {"max_body_bytes": settings.max_request_bytes, "path_limits": path_limits}))
    for layer, options in edge:
        app.add_middleware(layer, **options)

    web_origins = settings.allowed_web_origins

    async def get_context(request: HTTPConnection) -> Context:
        claims: AccessClaims | None = None
        auth_error: AppError | None = None
        header = request.headers.get("authorization")
        token: str | None = None
        if header:
            scheme, _, bearer = header.partition(" ")
            if scheme.lower() != "bearer" or not bearer.strip():
                auth_error = Unauthenticated("Send the access token as `Authorization: Bearer <token>`.")
            else:
                token = bearer.strip()
        else:
            token = session_cookie_token(request, web_origins)
        if token is not None:
            try:
                if header:
                    claims = await bearer_claims(settings, request.app.state.db, token)
                else:
                    claims = decode_access_token(settings, token)
            except AppError as error:
                auth_error = error
            except Exception as error:
                if not is_outage(error):
                    raise
                auth_error = ServiceUnavailable(OUTAGE_MESSAGE)
        return Context(
            settings=settings,
            db=request.app.state.db,
            claims=claims,
            auth_error=auth_error,
            request_id=request_id_var.get() or "",
        )

    schema = build_schema(settings)
    graphql = JsonErrorsGraphQLRouter(
        schema,
        context_getter=get_context,
        graphql_ide="graphiql" if settings.is_development else None,
        multipart_uploads_enabled=False,
        # Subscriptions are served by realtime/socket.py (the route below), not by Strawberry's handler.
        subscription_protocols=(),
    )
    if settings.compiled_queries:
        # The same validation rules as the executor's (depth, aliases, tokens).
        rules = validation_rules(settings)
        graphql.compiler = Compiler(schema, rules)
        graphql.viewers = Viewers(graphql.compiler.schema, graphql.compiler.rules)
        graphql.searches = Searches(schema, graphql.compiler.schema, graphql.compiler.rules)
        graphql.search_slots = asyncio.Semaphore(search_slots(settings))

    async def post_graphql(scope: Scope, receive: Receive, send: Send) -> None:
        """What FastAPI's route for POST /graphql does (Strawberry's `handle_http_post` and its context
        dependency), without the routing, the dependency solving and the exception middleware around
        them: for a small operation they cost as much as the operation. The behaviour is the route's:
        the same context, status and headers, the errors that have a handler answered by it (the others
        go on to ServerErrorMiddleware, as before), the request span named after the route."""
        request = Request(scope, receive)
        route_selected(scope, path="/graphql")
        try:
            # FastAPI's sub-response: what the operation sets (status, Server-Timing) goes onto the answer.
            sub_response = Response()
            del sub_response.headers["content-length"]
            sub_response.status_code = None  # type: ignore[assignment]
            context = await get_context(request)
            background_tasks = BackgroundTasks()
            context.request = request
            context.background_tasks = background_tasks
            context.response = sub_response
            # This request's own (Strawberry's route keeps the last one on the router, shared by requests).
            scope[SUB_RESPONSE] = sub_response
            try:
                response = await graphql.run(request, context=context, root_value=None)
            except HTTPException as error:
                response = PlainTextResponse(error.reason, status_code=error.status_code)
            if response.background is None:
                response.background = background_tasks
        except Exception as error:
            handler = exception_handler_for(app, error)
            if handler is None and (is_outage(error) or is_overload(error) or is_statement_timeout(error)):
                # The catch-all handler answers these with their code (and logs them): not a crash.
                handler = app.exception_handlers[Exception]
            if handler is None:
                raise
            response = graphql_shaped(cast(Response, await handler(request, error)))
        await response(scope, receive, send)

    async def subscriptions(scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        # The web app's pages may open the socket with their session cookie (allowed origins only).
        cookie = session_cookie_token(websocket, web_origins)
        claims: AccessClaims | None = None
        if cookie is not None:
            try:
                claims = decode_access_token(settings, cookie)
            except AppError:
                claims = None
        await app.state.realtime.serve(websocket, claims)

    socket_app: ASGIApp = subscriptions
    for layer, options in edge:
        socket_app = layer(socket_app, **options)
    app.subscriptions = socket_app

    app.include_router(graphql, prefix="/graphql")
    app.include_router(email_router(settings))
    app.include_router(file_router(settings))
    app.include_router(import_router(settings))
    app.include_router(webhook_router(settings))
    app.include_router(oauth_router(settings))

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    async def readyz(request: Request) -> JSONResponse:
        checks: dict[str, str] = {}
        try:
            async with request.app.state.db.transaction() as session:
                version = await session.scalar(text("SELECT version_num FROM alembic_version"))
            checks["database"] = "ok"
            checks["migrations"] = "ok" if version == head else f"at {version}, head is {head}"
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            checks["database"] = f"unreachable: {type(error).__name__}"
            checks["migrations"] = "unknown"
        try:
            await request.app.state.redis.ping()
            checks["redis"] = "ok"
        except Exception as error:  # noqa: BLE001
            checks["redis"] = f"unreachable: {type(error).__name__}"
        ready = all(value == "ok" for value in checks.values())
        body: dict[str, object] = {"status": "ready" if ready else "not ready", "checks": checks}
        supervised = read_state(settings.supervisor_state_file)
        if supervised is not None:
            # Under `rapport up`: each process's state. One given up on leaves the api serving (200),
            # "degraded" says that something is not running.
            processes = supervised.get("processes")
            body["processes"] = processes
            if (
                ready
                and isinstance(processes, dict)
                and any(isinstance(p, dict) and p.get("state") != "running" for p in processes.values())
            ):
                body["status"] = "degraded"
        return JSONResponse(body, status_code=200 if ready else 503)

    @app.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        # Open in development and tests; elsewhere only to a scraper with the token (none set: not served).
        if settings.metrics_token is not None:
            expected = f"Bearer {settings.metrics_token.get_secret_value()}"
            if not hmac.compare_digest(request.headers.get("authorization", "").encode(), expected.encode()):
                return JSONResponse(
                    {"error": {"code": "UNAUTHENTICATED", "message": "Send the metrics token as a Bearer token."}},
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
        elif settings.env == "production":
            return JSONResponse({"detail": "Not Found"}, status_code=404)
        await _measure_search_index(request.app.state.db)
        return Response(
            metrics_payload() + process_metrics(read_state(settings.supervisor_state_file)),
            media_type=CONTENT_TYPE_LATEST,
        )

    @app.exception_handler(AppError)
    async def app_error(_: Request, error: AppError) -> JSONResponse:
        return JSONResponse({"error": {"message": error.message, **error.extensions()}}, status_code=error.http_status)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_: Request, error: RequestValidationError) -> JSONResponse:
        field_errors = [{"path": list(e["loc"]), "message": human_message(e)} for e in error.errors()]
        return JSONResponse(
            {"error": {"code": "BAD_USER_INPUT", "message": "The request is not valid.", "fieldErrors": field_errors}},
            status_code=400,
        )

    @app.exception_handler(ClientDisconnect)
    async def client_gone(request: Request, _: ClientDisconnect) -> Response:
        # The client went away before its request was read whole: nothing to answer, nothing went wrong
        # here. 499 (nginx's "client closed request") is what the access log and metrics record.
        log.info("http.client_disconnected", method=request.method, path=request.url.path)
        return Response(status_code=CLIENT_CLOSED_REQUEST)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, error: Exception) -> JSONResponse:
        request_id = request_id_var.get()
        if is_overload(error):
            emergency.SHED.labels("database_pool").inc()
            overloaded = Overloaded(OVERLOAD_MESSAGE)
            return JSONResponse(
                {"error": {"message": overloaded.message, **overloaded.extensions()}},
                status_code=overloaded.http_status,
                headers={"Retry-After": str(overloaded.retry_after_seconds)},
            )
        if is_statement_timeout(error):
            log.warning("http.statement_timeout")
            too_slow = TooSlow(TOO_SLOW_MESSAGE)
            return JSONResponse(
                {"error": {"message": too_slow.message, **too_slow.extensions()}},
                status_code=too_slow.http_status,
                headers={"Retry-After": str(too_slow.retry_after_seconds)},
            )
        if is_outage(error):
            log.warning("http.service_unavailable", error=repr(error))
            unavailable = ServiceUnavailable(OUTAGE_MESSAGE)
            return JSONResponse(
                {"error": {"message": unavailable.message, **unavailable.extensions()}},
                status_code=unavailable.http_status,
                headers={"Retry-After": str(unavailable.retry_after_seconds)},
            )
        log.error("http.unexpected_error", exc_info=error)
        return JSONResponse(
            {
                "error": {
                    "code": "INTERNAL_SERVER_ERROR",
                    "message": "Something went wrong on our side.",
                    "requestId": request_id,
                }
            },
            status_code=500,
        )

    describe = app.openapi

    def openapi_with_errors() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_errors(describe())
        return app.openapi_schema

    app.openapi = openapi_with_errors  # type: ignore[method-assign]
    return app


SESSION_COOKIE = "rapport_access"
SUB_RESPONSE = "rapport.graphql_sub_response"
CLIENT_CLOSED_REQUEST = 499
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
WRITES_IN_EMERGENCY = frozenset({INBOUND_WEBHOOK})
# Mutations that keep people signed in (and so able to read) while emergency mode refuses the others.
MUTATIONS_IN_EMERGENCY = frozenset({"signIn", "verifyMfa", "refreshToken", "signOut"})


class RapportAPI(FastAPI):
    """The api. A WebSocket upgrade to /graphql goes to the subscriptions' endpoint through the same edge
    layers as every request (request id, client address, connection limit) but not through FastAPI's
    router, exception layers and per-request telemetry: a socket lives for hours, and what those keep
    for its whole life (a trace span and its context, the router's and exception handlers' frames and
    exit stacks) was about 20 KiB of the 60 each socket cost (bench/README.md, "Real-time")."""

    subscriptions: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and scope["path"] == "/graphql" and self.subscriptions is not None:
            scope["app"] = self
            await self.subscriptions(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


class GraphQLPost:
    """Sends POST /graphql to `handle` (the app's `post_graphql`) and everything else on through
    FastAPI's routing. Plain ASGI, inside the app's own middlewares: rate limits, request ids, logs,
    metrics, origins and body limits apply as to any route."""

    def __init__(self, app: ASGIApp, *, handle: ASGIApp) -> None:
        self.app = app
        self.handle = handle

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == "/graphql":
            await self.handle(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def graphql_shaped(response: Response) -> Response:
    """An error answered the REST way (`{"error": {"code", "message", ...}}`) in GraphQL's shape
    (`{"data": null, "errors": [{"message", "extensions": {"code", ...}}]}`), with its status and
    headers: what a GraphQL client reads on /graphql, whichever layer answered."""
    try:
        body = json.loads(bytes(response.body))
    except ValueError:
        return response
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return response
    extensions = {key: value for key, value in error.items() if key != "message"}
    shaped = JSONResponse(
        {"data": None, "errors": [{"message": error.get("message", ""), "extensions": extensions}]},
        status_code=response.status_code,
    )
    for name, value in response.headers.items():
        if name not in ("content-length", "content-type"):
            shaped.headers[name] = value
    return shaped


def exception_handler_for(app: FastAPI, error: Exception) -> Callable[..., Any] | None:
    """The handler Starlette's ExceptionMiddleware would pick for `error` (by its classes, most specific
    first); None for what only the catch-all `Exception` handler takes, which ServerErrorMiddleware runs."""
    for cls in type(error).__mro__:
        if cls is Exception:
            return None
        handler = app.exception_handlers.get(cls)
        if handler is not None:
            return cast(Callable[..., Any], handler)
    return None


def route_selected(scope: Scope, *, path: str) -> None:
    """Names the request's span after its route (`POST /graphql`) and records `http.route`, as FastAPI's
    router does when it picks a route (its telemetry's own hook; absent in a FastAPI without it)."""
    if _route_selected is not None:
        _route_selected(scope=scope, path=path)


try:
    from fastapi.telemetry._api import _route_selected
except ImportError:  # pragma: no cover - a FastAPI without native telemetry
    _route_selected = None  # type: ignore[assignment]


class ReadOnlyInEmergency:
    """Emergency mode: REST writes answer 503 at once (inbound mail is still taken: it is critical).
    Plain ASGI, so reads and downloads pass through untouched."""

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in WRITE_METHODS
            and scope["path"].startswith("/api/v1/")
            and scope["path"] not in WRITES_IN_EMERGENCY
        ):
            watch: emergency.EmergencyWatch | None = getattr(scope["app"].state, "emergency", None)
            if watch is not None and watch.active:
                emergency.SHED.labels("emergency").inc()
                refused = read_only_error(self.settings, watch.state)
                response = JSONResponse(
                    {"error": {"message": refused.message, **refused.extensions()}},
                    status_code=refused.http_status,
                    headers={"Retry-After": str(refused.retry_after_seconds)},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def read_only_error(settings: Settings, state: emergency.EmergencyState) -> ReadOnly:
    return ReadOnly(
        state.message or emergency.DEFAULT_MESSAGE, retry_after_seconds=settings.emergency_retry_after_seconds
    )


def client_address(connection: HTTPConnection) -> str:
    """The client's address, through trusted proxies (kit/origin.py)."""
    ip = current_origin.get().ip
    if ip is not None:
        return ip
    return connection.client.host if connection.client is not None else "unknown"


def session_cookie_token(connection: HTTPConnection, allowed_origins: frozenset[str]) -> str | None:
    """The web app's httpOnly access cookie, on the requests a cross-site page cannot forge: POSTs of
    application/json (a form cannot send that type without a CORS preflight, which the api never grants)
    and WebSocket upgrades from an allowed origin (browsers always send Origin on those)."""
    token = connection.cookies.get(SESSION_COOKIE, "").strip()
    if not token:
        return None
    if connection.scope["type"] == "websocket":
        return token if connection.headers.get("origin", "").rstrip("/") in allowed_origins else None
    content_type = connection.headers.get("content-type", "").partition(";")[0].strip().lower()
    if connection.scope.get("method") == "POST" and content_type == "application/json":
        return token
    return None


HTTP_ERROR_CODES = {400: "BAD_USER_INPUT", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED", 415: "UNSUPPORTED_MEDIA_TYPE"}


@dataclass(frozen=True)
class Read:
    """What a read on a pooled read-only connection gave (its row may be None: nothing found)."""

    row: Any


# Where `_posted` keeps what it read of a request's body (in the request's ASGI scope).
POSTED = "rapport.graphql_posted"
Posted = tuple[str, dict[str, Any] | None, str | None]


async def _posted(request: Request) -> Posted | None:
    """The query, variables and operation name of a POST of JSON, read once a request (each path that
    answers without the executor asks); None for anything else, which the executor answers."""
    if POSTED in request.scope:
        return cast(Posted | None, request.scope[POSTED])
    found: Posted | None = None
    if request.method == "POST" and "json" in request.headers.get("content-type", ""):
        try:
            payload = json.loads(await request.body())
            query, variables, name = payload["query"], payload.get("variables"), payload.get("operationName")
        except (ValueError, KeyError, TypeError, AttributeError):
            pass
        else:
            if isinstance(query, str) and isinstance(variables, dict | None) and isinstance(name, str | None):
                found = (query, variables, name)
    request.scope[POSTED] = found
    return found


async def _workspace_query(request: Request, context: Context) -> Posted | None:
    """What `_posted` read, for a verified token of a workspace, when it holds only text PostgreSQL can
    store; None otherwise (the executor answers: UNAUTHENTICATED, or BAD_USER_INPUT for such text)."""
    claims = context.claims
    if claims is None or claims.workspace_id is None or context.auth_error is not None:
        return None
    posted = await _posted(request)
    if posted is None or "\\u" in posted[0] or unsafe_text(posted[1] or {}):
        return None
    return posted


class JsonErrorsGraphQLRouter(GraphQLRouter[Context, None]):
    """Malformed HTTP requests to /graphql (not JSON, no query, wrong method) answer in JSON with a code;
    queries the compiler can translate are answered by one SQL statement, and `me` alone and `search`
    alone without the executor (graphql/compiled/viewer.py, search.py)."""

    compiler: Compiler | None = None
    viewers: Viewers | None = None
    searches: Searches | None = None
    search_slots: asyncio.Semaphore | None = None
    budget_paused_until = 0.0

    async def get_sub_response(self, request: Request) -> Response:
        own = request.scope.get(SUB_RESPONSE)
        return own if isinstance(own, Response) else await super().get_sub_response(request)

    async def run(self, request: Request | WebSocket, context: Any = UNSET, root_value: Any = UNSET) -> Response:  # type: ignore[override]
        if not isinstance(request, Request):
            return await self._answer(request, context, root_value)
        if request.method == "POST":
            operation = operation_of(await request.body())
        else:
            operation = operation_of(json.dumps(dict(request.query_params)).encode())
        started = time.perf_counter()
        with tracer.start_as_current_span(
            f"graphql {operation.type} {operation.name}",
            attributes={"graphql.operation.name": operation.name, "graphql.operation.type": operation.type},
        ) as span:
            response = await self._answer(request, context, root_value)
            failed = response.status_code >= 400 or b'"errors"' in bytes(getattr(response, "body", b""))
            if failed:
                span.set_status(Status(StatusCode.ERROR))
        GRAPHQL_OPERATIONS.labels(operation.name, operation.type, "error" if failed else "ok").inc()
        GRAPHQL_LATENCY.labels(operation.name, operation.type).observe(time.perf_counter() - started)
        return response

    async def _answer(self, request: Request | WebSocket, context: Any, root_value: Any) -> Response:
        if isinstance(request, Request) and isinstance(context, Context):
            refused = await self._refuse_costly(request, context)
            if refused is not None:
                return refused
        path = "executed"
        if self.compiler is not None and isinstance(request, Request) and isinstance(context, Context):
            compiled, planned = await self._viewer(request, context)
            if not planned:
                compiled, planned = await self._compiled(request, context)
            if not planned:
                compiled, planned = await self._search(request, context)
            if compiled is not None:
                GRAPHQL_ANSWERS.labels("compiled").inc()
                return compiled
            path = "fallback" if planned else "executed"
        if isinstance(request, Request):
            GRAPHQL_ANSWERS.labels(path).inc()
        try:
            return cast(Response, await super().run(request, context=context, root_value=root_value))
        except HTTPException as error:
            if isinstance(request, WebSocket):
                raise
            code = HTTP_ERROR_CODES.get(error.status_code, "BAD_REQUEST")
            return JSONResponse({"error": {"code": code, "message": error.reason}}, status_code=error.status_code)

    async def _refuse_costly(self, request: Request, context: Context) -> Response | None:
        """QUERY_TOO_COSTLY or RATE_LIMITED before anything runs, on the compiled path and the executor's."""
        settings = context.settings
        try:
            if request.method == "POST":
                payload = json.loads(await request.body())
            else:
                payload = dict(request.query_params)
                payload["variables"] = json.loads(payload.get("variables") or "null")
            query, variables, name = payload["query"], payload.get("variables"), payload.get("operationName")
        except (ValueError, KeyError, TypeError, AttributeError):
            return None  # malformed: the executor answers it with its code
        if not isinstance(query, str) or not isinstance(variables, dict | None) or not isinstance(name, str | None):
            return None
        document = cost.parsed(query)
        if document is None:
            return None
        spent = cost.operation_cost(
            cast(Schema, self.schema)._schema,
            document,
            name,
            variables,
            unpaged_list_size=settings.query_cost_unpaged_list_size,
        )
        error: AppError | None = None
        headers: dict[str, str] = {}
        # Emergency mode: no change but signing in, and tighter limits for what may still run.
        watch: emergency.EmergencyWatch | None = getattr(request.app.state, "emergency", None)
        in_emergency = watch is not None and watch.active
        max_cost = settings.emergency_max_query_cost if in_emergency else settings.max_query_cost
        per_minute = settings.query_cost_per_minute
        if in_emergency and settings.emergency_query_cost_per_minute > 0:
            tighter = settings.emergency_query_cost_per_minute
            per_minute = min(per_minute, tighter) if per_minute > 0 else tighter
        if in_emergency and watch is not None and cost.is_mutation(document, name, allowed=MUTATIONS_IN_EMERGENCY):
            emergency.SHED.labels("emergency").inc()
            refused = read_only_error(settings, watch.state)
            body = {"data": None, "errors": [{"message": refused.message, "extensions": refused.extensions()}]}
            return JSONResponse(
                body, status_code=refused.http_status, headers={"Retry-After": str(refused.retry_after_seconds)}
            )
        too_big = cost.filter_problems(
            document,
            name,
            variables,
            max_in_values=settings.max_filter_in_values,
            max_conditions=settings.max_filter_conditions,
        )
        if too_big:
            error = BadUserInput("This filter is too big; split it into smaller requests.", field_errors=too_big)
        elif spent > max_cost:
            error = cost.QueryTooCostly(spent, max_cost)
        elif per_minute > 0:
            principal = f"user:{context.claims.user_id}" if context.claims else f"ip:{client_address(request)}"
            try:
                if time.monotonic() >= self.budget_paused_until:
                    # The budget is a guard, not a dependency: a Valkey that is down or slow costs a request
                    # at most BUDGET_TIMEOUT once, then the budget is skipped for a few seconds.
                    async with asyncio.timeout(BUDGET_TIMEOUT_SECONDS):
                        await cost.spend_budget(request.app.state.redis, principal, spent, per_minute=per_minute)
            except RateLimited as limited:
                error = limited
                headers = {
                    "Retry-After": str(limited.retry_after_seconds),
                    "RateLimit-Policy": f'"query-cost";q={per_minute};w=60',
                    "RateLimit": f'"query-cost";r=0;t={limited.retry_after_seconds}',
                }
            except (RedisError, OSError, TimeoutError) as outage:
                self.budget_paused_until = time.monotonic() + BUDGET_PAUSE_SECONDS
                log.warning("graphql.query_cost_budget_unavailable", error=repr(outage))
        if error is None:
            return None
        body = {"data": None, "errors": [{"message": error.message, "extensions": error.extensions()}]}
        return JSONResponse(body, status_code=error.http_status, headers=headers)

    async def _compiled(self, request: Request, context: Context) -> tuple[Response | None, bool]:
        """The compiled answer, if any, and whether the document compiled (else the executor answers)."""
        assert self.compiler is not None
        posted = await _workspace_query(request, context)
        if posted is None:
            return None, False
        query, variables, name = posted
        try:
            plan = self.compiler.plan(query, name)
        except NotCompiled:
            return None, False
        assert context.claims is not None  # as _workspace_query required
        assert context.claims.workspace_id is not None
        try:
            prepared = self.compiler.prepare(plan, context.claims.workspace_id, variables)
        except NotCompiled:
            return None, True
        cached = self.compiler.cached(prepared)
        if cached is not None:
            return await self._compiled_on_connection(context, query, prepared, cached)
        return await self._compiled_in_session(context, query, plan, variables)

    async def _viewer(self, request: Request, context: Context) -> tuple[Response | None, bool]:
        """`me` alone (`graphql/compiled/viewer.py`), for a signed-in person: BEGIN with the scope, then the
        user's row read with the session check, on a pooled asyncpg connection. The answer is used only if
        the session is still signed in and the user is there; otherwise the executor answers, with the
        error it gives (UNAUTHENTICATED for a signed-out session, FORBIDDEN for an API key, ...).
        The second value says whether the document was `me` alone (then the compiler is not asked)."""
        claims = context.claims
        if self.viewers is None or claims is None or context.auth_error is not None:
            return None, False
        posted = await _posted(request)
        if posted is None:
            return None, False
        query, variables, name = posted
        plan = self.viewers.plan(query, name)
        if plan is None:
            return None, False
        if claims.api_key_id is not None or claims.session_id is None or unsafe_text(variables or {}):
            return None, True  # the executor refuses it, with its error
        started = time.perf_counter()
        session_id = claims.session_id
        read = await self._read_only(
            context, query, VIEWER_SQL, lambda connection: connection.fetchrow(VIEWER_SQL, claims.user_id, session_id)
        )
        if isinstance(read, Response):
            return read, True
        if read is None:
            return None, True
        row = read.row
        if row is None or not row["session_live"]:
            return None, True  # no such user, or signed out: the executor answers its error
        return self._compiled_answer(plan.answer(row), SQL_STATEMENTS_ON_CONNECTION, started), True

    async def _read_only(
        self, context: Context, query: str, sql: str, fetch: Callable[[Any], Awaitable[Any]]
    ) -> Read | Response | None:
        """The row `fetch` reads with `sql` on a pooled read-only connection in the caller's scope
        (`Database.read_only`): a 503 to answer when the database sheds load, None when it failed (logged;
        the executor then answers from a fresh connection, or with SERVICE_UNAVAILABLE in GraphQL's shape
        while the database is away)."""
        claims = context.claims
        assert claims is not None
        assert claims.workspace_id is not None
        try:
            async with context.db.read_only(
                workspace_id=claims.workspace_id,
                user_id=claims.user_id,
                statement_timeout_ms=context.settings.statement_timeout_ms,
            ) as connection:
                with statement_span(context.db.engine.url.database or "", sql):
                    return Read(await fetch(connection))
        except Exception as error:
            if is_overload(error):
                return _shed()
            if is_outage(error):
                log.warning("graphql.compiled_query_connection_lost", error=repr(error))
            else:
                log.exception("graphql.compiled_query_failed", query=query[:500])
            return None

    async def _compiled_on_connection(
        self, context: Context, query: str, prepared: Prepared, cached: CachedStatement
    ) -> tuple[Response | None, bool]:
        """A statement built before, on a pooled asyncpg connection: BEGIN with the scope, the statement
        (which reads the membership check's row with its answer), ROLLBACK. Three round trips, where the
        session's path below makes four, and none of SQLAlchemy's execution. The answer is used only if
        the membership check lets the caller in with the role the document needs; otherwise the executor
        answers, with the error the check gives (a removed member, a signed-out session, MFA)."""
        claims = context.claims
        assert claims is not None
        assert claims.workspace_id is not None
        if claims.api_key_id is None and claims.session_id is None:
            return None, True  # the executor answers UNAUTHENTICATED
        started = time.perf_counter()
        read = await self._read_only(
            context,
            query,
            cached.sql,
            lambda connection: Compiler.fetch(
                connection, cached, prepared, user_id=claims.user_id, session_id=claims.session_id
            ),
        )
        if isinstance(read, Response):
            return read, True
        if read is None:
            return None, True
        row = read.row
        try:
            actor = actor_of(claims, live_membership_of(row))
        except AppError:
            return None, True  # refused: the executor runs the same check and answers its error
        body = answer_of(row)
        if body is None or not actor.role.at_least(prepared.plan.role):
            return None, True  # NOT_FOUND, or FORBIDDEN from the field's own permission: the executor's
        return self._compiled_answer(body, SQL_STATEMENTS_ON_CONNECTION, started), True

    async def _compiled_in_session(
        self, context: Context, query: str, plan: Plan, variables: dict[str, Any] | None
    ) -> tuple[Response | None, bool]:
        """The first request for a statement: the membership checked, then the statement built (it reads
        the workspace's definitions) and run, in the request's session."""
        compiler = self.compiler
        assert compiler is not None
        return await self._in_session(
            context, query, lambda session, actor: compiler.execute(session, actor, plan, variables)
        )

    async def _in_session(
        self, context: Context, query: str, answer: Callable[[AsyncSession, Actor], Awaitable[str]]
    ) -> tuple[Response | None, bool]:
        """`answer`'s body in the request's own session, as the executor's transaction is made: BEGIN with
        the scope, the membership checked (`Context.actor`), the session bound to the context (its
        loaders); None, for the executor to answer, when `answer` does not (NotCompiled, any error)."""
        assert context.claims is not None
        started = time.perf_counter()
        statements = StatementCounter()
        async with context.db.sessionmaker() as session:
            try:
                await begin_scoped(
                    session,
                    workspace_id=context.claims.workspace_id,
                    user_id=context.claims.user_id,
                    statement_timeout_ms=context.settings.statement_timeout_ms,
                )
            except Exception as error:
                if is_overload(error):
                    return _shed(), True  # at once: the executor would wait for a connection as long again
                if is_outage(error):
                    return None, True  # the executor answers it in GraphQL's shape: SERVICE_UNAVAILABLE
                raise
            await statements.attach(session, already=1)  # begin_scoped ran one (set_scope)
            context.bind_session(session, statements)
            try:
                body = await answer(session, await context.actor())
            except (NotCompiled, AppError):
                return None, True
            except Exception as error:
                if is_outage(error):
                    # A statement that went straight to asyncpg leaves SQLAlchemy unaware that its connection
                    # died: closing the session would try a ROLLBACK on it and fail outside of any answer.
                    # The connection is dropped instead, and the executor answers from a fresh one (or
                    # with SERVICE_UNAVAILABLE in GraphQL's shape while the database is away).
                    log.warning("graphql.compiled_query_connection_lost", error=repr(error))
                    await session.invalidate()
                else:
                    log.exception("graphql.compiled_query_failed", query=query[:500])
                return None, True
            finally:
                await context.settle()  # resolvers the answer started (loaders) end before the session
                statements.detach()
                context.bind_session(None)
        return self._compiled_answer(body, statements.count, started), True

    async def _search(self, request: Request, context: Context) -> tuple[Response | None, bool]:
        """`search` alone (`graphql/compiled/search.py`): the membership checked, the service asked and its
        page written to JSON, in the request's session as the executor does, without its field-by-field
        completion. Whatever that path does not answer (an error of any kind) the executor answers."""
        searches = self.searches
        posted = await _workspace_query(request, context) if searches is not None else None
        if searches is None or posted is None:
            return None, False
        query, variables, name = posted
        plan = searches.plan(query, name)
        if plan is None:
            return None, False
        slots = self.search_slots
        assert slots is not None
        try:
            async with asyncio.timeout(context.settings.database_pool_timeout_seconds):
                await slots.acquire()
        except TimeoutError:
            return _shed("search_slots"), True
        try:
            return await self._in_session(
                context, query, lambda _session, actor: searches.answer(plan, context, actor, variables)
            )
        finally:
            slots.release()

    @staticmethod
    def _compiled_answer(body: str, statements: int, started: float) -> Response:
        GRAPHQL_SQL_STATEMENTS.observe(statements)
        return Response(
            body,
            media_type="application/json",
            headers={"Server-Timing": server_timing("compiled", statements, started)},
        )


# The compiled path on a connection: BEGIN with the scope, then the statement (with the membership check).
SQL_STATEMENTS_ON_CONNECTION = 2


def search_slots(settings: Settings) -> int:
    """How many searches a process answers at once: RAPPORT_SEARCH_CONCURRENCY, or three for each CPU it
    may run on, within its control group's quota (a pod limited to one CPU on a node of sixteen: 3, not
    48), shared by the api's processes (RAPPORT_API_WORKERS: two on 2 cores take three each). On 2 cores, 6 at
    a time against as many as came (16) answered as many a second with a p95 of 119 against 126 ms and a p99
    of 135 against 149 (bench/README.md, "Searches taken a few at a time")."""
    if settings.search_concurrency is not None:
        return settings.search_concurrency
    return max(1, 3 * usable_cpus() // (settings.api_workers or 1))


def _shed(reason: str = "database_pool") -> JSONResponse:
    """No pooled connection (or search slot) came free in time: 503 at once (load shedding)."""
    emergency.SHED.labels(reason).inc()
    overloaded = Overloaded(OVERLOAD_MESSAGE)
    shed: dict[str, object] = {"message": overloaded.message, "extensions": overloaded.extensions()}
    return JSONResponse(
        {"data": None, "errors": [shed]},
        status_code=overloaded.http_status,
        headers={"Retry-After": str(overloaded.retry_after_seconds)},
    )


# The collector's thresholds after start-up (freeze_startup_heap): a young collection every 20,000 net
# allocations of objects it tracks, an older generation's after 20 of the younger's.
YOUNG_OBJECTS = 20_000
OLDER_COLLECTIONS = 20


def freeze_startup_heap() -> None:
    """Moves what start-up allocated (modules, the schema, SQLAlchemy's mappers: most of the heap, and
    all of it long-lived) out of the cyclic garbage collector's reach. Otherwise every full collection,
    which the allocations of ordinary requests set off, walks all of it again: about a fifth of the
    api's CPU for `me { id }` at c=16 (bench/README.md, issue 15). Objects made later, and their
    garbage, are still collected; frozen ones are still freed by reference counting.

    Then the young generation is collected after YOUNG_OBJECTS allocations instead of 700: most of what
    a request allocates is freed by reference counting before a collection comes, and at 700 one came
    about every fourth search. Searching at c = 16 over the scale data set, the collector took 3.0 % of
    the api's CPU after start-up (3,192 young collections in 57 s of CPU), and 0.3 % at 20,000 (11),
    with the same resident memory (bench/README.md, "The collector less often")."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, OLDER_COLLECTIONS, OLDER_COLLECTIONS)


async def _measure_search_index(db: Database) -> None:
    """The embedding backlog gauges, read when scraped (a database outage leaves the last values)."""
    try:
        async with db.transaction(system=True) as session:
            backlog = await embedding_service.backlog(session, None)
    except Exception:  # noqa: BLE001 - metrics are answered without them
        log.warning("metrics.search_index_unavailable")
        return
    SEARCH_INDEX_PENDING.set(backlog.pending)
    SEARCH_INDEX_LAG.set(backlog.lag_seconds)


async def _record_usage() -> None:
    while True:
        record_process_usage()
        await asyncio.sleep(USAGE_SECONDS)


USAGE_SECONDS = 5.0


async def _refuse_privileged_role(db: Database, settings: Settings) -> None:
    """Row-level security means nothing to a superuser or a BYPASSRLS role, nor to a table's owner:
    refuse to serve as one (a superuser is only warned about in development)."""
    privileged, owner = await unsafe_role(db)
    if owner is not None:
        raise RuntimeError(owner)
    if privileged is not None:
        if not settings.is_development:
            raise RuntimeError(privileged)
        log.warning("api.privileged_database_role", message=privileged)
