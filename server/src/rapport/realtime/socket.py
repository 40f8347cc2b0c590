"""The WebSocket endpoint at /graphql: the graphql-transport-ws protocol (what the `graphql-ws` client
speaks), authentication, limits, resume, and delivery of the hub's events.

Each event is run once per group of subscriptions with the same document, variables and role (one
database read per event and group), serialised once, and the same bytes go to every socket of the
group. A socket has a bounded queue of messages waiting to be written; one that falls behind past it
is closed (CLOSE_SLOW_CONSUMER) and nobody else waits for it. Close codes: docs/design.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import structlog
from graphql import GraphQLError
from redis.asyncio import Redis
from starlette.responses import PlainTextResponse
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState
from strawberry import Schema
from strawberry.types import ExecutionResult

from rapport.auth.actor import Actor
from rapport.auth.rest import bearer_claims
from rapport.auth.tokens import AccessClaims, decode_access_token
from rapport.config import Settings
from rapport.errors import AppError, is_outage
from rapport.graphql.context import Context
from rapport.graphql.extensions import format_error
from rapport.models import Role
from rapport.observability import WEBSOCKETS
from rapport.realtime import service
from rapport.realtime.graphql import Probe
from rapport.realtime.hub import Hub, Listener
from rapport.realtime.service import Event, Filter

log = structlog.get_logger("rapport.realtime")

PROTOCOL = "graphql-transport-ws"
# The protocol's own close codes.
CLOSE_BAD_REQUEST = 4400
CLOSE_UNAUTHORIZED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_SUBPROTOCOL = 4406
CLOSE_INIT_TIMEOUT = 4408
CLOSE_DUPLICATE_ID = 4409
CLOSE_TOO_MANY_INITS = 4429
# Rapport's.
CLOSE_TOKEN_EXPIRED = 4440
CLOSE_SLOW_CONSUMER = 4450
CLOSE_KEEPALIVE_TIMEOUT = 4451
CLOSE_TOO_BIG = 1009
CLOSE_TRY_AGAIN = 1013
CLOSE_RESTART = 1012

ContextFactory = Callable[[AccessClaims | None, Actor | None, bool], Context]


@dataclass(eq=False, slots=True)
class Operation:
    """One subscription of one socket."""

    id: str
    query: str
    variables: dict[str, Any] | None
    operation_name: str | None
    filter: Filter
    # (query, variables, operation name): sockets with the same key and role share each event's run.
    key: tuple[str, str, str | None]
    last_sequence: int = 0
    # While a resume replays: live messages held back, in order, until the replay is sent.
    held: list[tuple[int, str]] | None = None


@dataclass(eq=False)
class Connection:
    websocket: WebSocket
    claims: AccessClaims
    workspace_id: uuid.UUID
    user_id: uuid.UUID
    actor: Actor
    buffer: int
    operations: dict[str, Operation] = field(default_factory=dict)
    outgoing: asyncio.Queue[str] = field(default_factory=asyncio.Queue)
    closing: asyncio.Future[tuple[int, str]] = field(default_factory=lambda: asyncio.get_running_loop().create_future())
    # When the client last sent anything (a pong included): the keep-alive's measure.
    last_heard: float = field(default_factory=time.monotonic)

    def close_soon(self, code: int, reason: str) -> None:
        if not self.closing.done():
            self.closing.set_result((code, reason))

    def send(self, message: str) -> None:
        """Queues a message; past the buffer the socket is closed instead (it is not keeping up)."""
        if self.closing.done():
            return
        if self.outgoing.qsize() >= self.buffer:
            self.close_soon(CLOSE_SLOW_CONSUMER, "Too slow: more than the buffer of messages waiting.")
            return
        self.outgoing.put_nowait(message)

    def deliver(self, operation: Operation, sequence: int, payload: str) -> None:
        if operation.held is not None:
            if len(operation.held) >= self.buffer:
                self.close_soon(CLOSE_SLOW_CONSUMER, "Too slow: more than the buffer of messages waiting.")
                return
            operation.held.append((sequence, payload))
            return
        if sequence <= operation.last_sequence or self.operations.get(operation.id) is not operation:
            return
        operation.last_sequence = sequence
        self.send(_next(operation.id, payload))


def _next(operation_id: str, payload: str) -> str:
    return f'{{"id":{json.dumps(operation_id)},"type":"next","payload":{payload}}}'


def _message(**fields: object) -> str:
    return json.dumps(fields, separators=(",", ":"))


class Realtime:
    """The api process's subscriptions: its hub and its sockets."""

    def __init__(self, *, settings: Settings, schema: Schema, redis_url: str, context_factory: ContextFactory) -> None:
        self.settings = settings
        self.schema = schema
        self.context_factory = context_factory
        self.hub = Hub(redis_url, self._dispatch)
        self._redis = Redis.from_url(redis_url, decode_responses=True, socket_timeout=2)
        self._connections: set[Connection] = set()
        # A reconnect storm queues its membership checks here rather than growing the database pool
        # past its size (new database connections under load time out).
        self._checks = asyncio.Semaphore(max(1, settings.database_pool_size - 2))

    async def start(self) -> None:
        await self.hub.start()

    async def stop(self) -> None:
        for connection in list(self._connections):
            connection.close_soon(CLOSE_RESTART, "The server is restarting: reconnect.")
        if self._connections:
            await asyncio.sleep(0.2)
        await self.hub.stop()
        await self._redis.aclose()

    @property
    def connection_count(self) -> int:
        return len(self._connections)

    # ---- the socket ----

    async def serve(self, websocket: WebSocket, claims_from_cookie: AccessClaims | None) -> None:
        if not await self._admit(websocket):
            # Refused before the upgrade: HTTP 429, nothing to hold open.
            await websocket.send_denial_response(
                PlainTextResponse("Too many connection attempts from this address.", 429, {"Retry-After": "60"})
            )
            return
        if PROTOCOL not in websocket.scope.get("subprotocols", []):
            await websocket.accept()
            await websocket.close(CLOSE_SUBPROTOCOL, f"Subprotocol not acceptable: use {PROTOCOL}.")
            return
        await websocket.accept(subprotocol=PROTOCOL)
        WEBSOCKETS.inc()
        try:
            await self._serve_accepted(websocket, claims_from_cookie)
        finally:
            WEBSOCKETS.dec()

    async def _serve_accepted(self, websocket: WebSocket, claims_from_cookie: AccessClaims | None) -> None:
        try:
            connection = await self._initialise(websocket, claims_from_cookie)
        except WebSocketDisconnect:
            return
        if connection is None:
            return
        self._connections.add(connection)
        try:
            await self._run(connection)
        finally:
            self._connections.discard(connection)
            self.hub.leave(connection)

    async def _admit(self, websocket: WebSocket) -> bool:
        """Connection attempts per client address and minute, counted in Redis (so across processes)."""
        limit = self.settings.realtime_connects_per_ip_per_minute
        if limit == 0 or websocket.client is None:
            return True
        key = f"rapport:ws-connects:{websocket.client.host}:{int(time.time() // 60)}"
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                pipe.incr(key)
                pipe.expire(key, 120)
                count, _ = await pipe.execute()
        except Exception:  # noqa: BLE001 - a limiter that is down admits rather than refuses everyone
            return True
        return int(count) <= limit

    async def _receive(self, websocket: WebSocket) -> dict[str, Any] | None:
        """The next protocol message; None (after closing the socket) when it is not one."""
        text = await websocket.receive_text()
        if len(text) > self.settings.realtime_max_message_bytes:
            await websocket.close(CLOSE_TOO_BIG, "Message too big.")
            return None
        try:
            message = json.loads(text)
        except ValueError:
            message = None
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            await websocket.close(CLOSE_BAD_REQUEST, "Invalid message received.")
            return None
        return message

    async def _initialise(self, websocket: WebSocket, cookie_claims: AccessClaims | None) -> Connection | None:
        try:
            async with asyncio.timeout(self.settings.realtime_init_timeout_seconds):
                message = await self._receive(websocket)
        except TimeoutError:
            await websocket.close(CLOSE_INIT_TIMEOUT, "Connection initialisation timeout.")
            return None
        if message is None:
            return None
        if message["type"] != "connection_init":
            code = CLOSE_UNAUTHORIZED if message["type"] == "subscribe" else CLOSE_BAD_REQUEST
            await websocket.close(code, "Unauthorized." if code == CLOSE_UNAUTHORIZED else "Expected connection_init.")
            return None
        try:
            claims = await self._claims(message.get("payload"), cookie_claims)
            actor = await self._membership(claims) if claims is not None else None
        except Exception as error:
            if not is_outage(error):
                raise
            await websocket.close(CLOSE_TRY_AGAIN, "The database is unavailable: try again shortly.")
            return None
        if claims is None or actor is None or claims.workspace_id is None:
            await websocket.close(CLOSE_FORBIDDEN, "Forbidden: send a valid access token of a workspace member.")
            return None
        connection = Connection(
            websocket=websocket,
            claims=claims,
            workspace_id=claims.workspace_id,
            user_id=claims.user_id,
            actor=actor,
            buffer=self.settings.realtime_buffer_messages,
        )
        await self.hub.join(connection)
        await websocket.send_text(_message(type="connection_ack"))
        return connection

    async def _claims(self, payload: object, cookie_claims: AccessClaims | None) -> AccessClaims | None:
        header = payload.get("authorization") if isinstance(payload, dict) else None
        if not isinstance(header, str):
            return cookie_claims
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        try:
            if not token.strip().startswith("rpk_"):
                return decode_access_token(self.settings, token.strip())
            async with self._checks:
                db = self.context_factory(None, None, False).db
                return await bearer_claims(self.settings, db, token.strip())
        except AppError:
            return None

    async def _membership(self, claims: AccessClaims) -> Actor | None:
        """The member the token speaks for, with the role the database holds now (checked once: the
        workspace's member events close the socket when that changes)."""
        context = self.context_factory(claims, None, True)
        try:
            async with self._checks:
                workspace_id, user_id = claims.workspace_id, claims.user_id
                async with context.db.transaction(workspace_id=workspace_id, user_id=user_id) as session:
                    context.bind_session(session)
                    return await context.actor()
        except AppError:
            return None

    async def _run(self, connection: Connection) -> None:
        websocket = connection.websocket
        writer = asyncio.create_task(self._write(connection))
        reader = asyncio.create_task(self._read(connection))
        keepalive = asyncio.create_task(self._keepalive(connection))
        expires_in = connection.claims.expires_at.timestamp() - time.time()
        expiry = asyncio.get_running_loop().call_later(
            max(expires_in, 0), connection.close_soon, CLOSE_TOKEN_EXPIRED, "Token expired: reconnect with a fresh one."
        )
        try:
            waits: set[asyncio.Future[Any]] = {writer, reader, connection.closing}
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            if connection.closing.done():
                code, reason = connection.closing.result()
                writer.cancel()
                await _close(websocket, code, reason)
        finally:
            expiry.cancel()
            for task in (writer, reader, keepalive):
                task.cancel()

    async def _write(self, connection: Connection) -> None:
        while True:
            message = await connection.outgoing.get()
            await connection.websocket.send_text(message)

    async def _keepalive(self, connection: Connection) -> None:
        """A ping every interval; a client that answered none of the last two is gone."""
        interval = self.settings.realtime_ping_seconds
        while True:
            await asyncio.sleep(interval)
            if time.monotonic() - connection.last_heard > 2 * interval:
                connection.close_soon(CLOSE_KEEPALIVE_TIMEOUT, "No pong: the connection seems dead.")
                return
            connection.send(_message(type="ping"))

    async def _read(self, connection: Connection) -> None:
        websocket = connection.websocket
        try:
            while True:
                message = await self._receive(websocket)
                if message is None:
                    connection.close_soon(CLOSE_BAD_REQUEST, "Invalid message received.")
                    return
                kind = message["type"]
                connection.last_heard = time.monotonic()
                if kind == "ping":
                    connection.send(_message(type="pong"))
                elif kind == "pong":
                    pass
                elif kind == "connection_init":
                    connection.close_soon(CLOSE_TOO_MANY_INITS, "Too many initialisation requests.")
                    return
                elif kind == "subscribe":
                    await self._subscribe(connection, message)
                elif kind == "complete":
                    connection.operations.pop(str(message.get("id")), None)
                else:
                    connection.close_soon(CLOSE_BAD_REQUEST, f"Unknown message type {kind!r}.")
                    return
        except WebSocketDisconnect:
            connection.close_soon(1000, "")

    async def _subscribe(self, connection: Connection, message: Mapping[str, Any]) -> None:
        operation_id = message.get("id")
        payload = message.get("payload")
        if not isinstance(operation_id, str) or not operation_id or not isinstance(payload, dict):
            connection.close_soon(CLOSE_BAD_REQUEST, "Invalid subscribe message.")
            return
        if operation_id in connection.operations:
            connection.close_soon(CLOSE_DUPLICATE_ID, f"Subscriber for {operation_id} already exists.")
            return
        query, variables, name = payload.get("query"), payload.get("variables"), payload.get("operationName")
        if not isinstance(query, str) or not isinstance(variables, dict | None) or not isinstance(name, str | None):
            connection.close_soon(CLOSE_BAD_REQUEST, "Invalid subscribe payload.")
            return
        if len(connection.operations) >= self.settings.realtime_max_subscriptions:
            limit = self.settings.realtime_max_subscriptions
            self._error(connection, operation_id, f"At most {limit} subscriptions per connection.", "RATE_LIMITED")
            return
        probe = Probe()
        _, errors = await self._execute(connection, query, variables, name, probe)
        if errors or probe.filter is None:
            connection.send(_message(id=operation_id, type="error", payload=errors or _not_subscription()))
            return
        operation = Operation(
            id=operation_id,
            query=query,
            variables=variables,
            operation_name=name,
            filter=probe.filter,
            key=(query, json.dumps(variables, sort_keys=True), name),
        )
        connection.operations[operation_id] = operation
        if probe.after is not None:
            await self._replay(connection, operation, probe.after)

    async def _replay(self, connection: Connection, operation: Operation, after: int) -> None:
        """What followed `after`, then live: the hub already delivers to this socket (it joined before
        the ack), so live messages are held until the replay is out, then sent unless replayed."""
        operation.held = []
        operation.last_sequence = after
        try:
            events = await self._events_after(connection, after)
        except AppError as error:
            connection.operations.pop(operation.id, None)
            connection.send(
                _message(
                    id=operation.id,
                    type="error",
                    payload=[{"message": error.message, "extensions": error.extensions()}],
                )
            )
            return
        for event in events:
            if not operation.filter.matches(event):
                continue
            results, _ = await self._execute(
                connection, operation.query, operation.variables, operation.operation_name, event
            )
            while connection.outgoing.qsize() > connection.buffer // 2 and not connection.closing.done():  # noqa: ASYNC110
                await asyncio.sleep(0.01)  # a long replay goes at the socket's pace, not past its buffer
            for result in results:
                connection.send(_next(operation.id, result))
            operation.last_sequence = event.sequence
        held, operation.held = operation.held, None
        for sequence, payload in held or []:
            connection.deliver(operation, sequence, payload)

    async def _events_after(self, connection: Connection, after: int) -> list[Event]:
        context = self.context_factory(connection.claims, connection.actor, True)
        async with context.db.transaction(workspace_id=connection.workspace_id, user_id=connection.user_id) as session:
            return await service.events_after(session, connection.actor, after=after)

    def _error(self, connection: Connection, operation_id: str, message: str, code: str) -> None:
        connection.send(
            _message(id=operation_id, type="error", payload=[{"message": message, "extensions": {"code": code}}])
        )

    # ---- delivery ----

    async def _dispatch(self, event: Event, listeners: Collection[Listener]) -> None:
        groups: dict[tuple[Role, tuple[str, str, str | None]], list[tuple[Connection, Operation]]] = defaultdict(list)
        for listener in listeners:
            if not isinstance(listener, Connection) or listener.closing.done():
                continue
            for operation in listener.operations.values():
                if operation.filter.matches(event):
                    groups[(listener.actor.role, operation.key)].append((listener, operation))
        for members in groups.values():
            connection, operation = members[0]
            results, errors = await self._execute(
                connection, operation.query, operation.variables, operation.operation_name, event
            )
            if errors:
                results = [json.dumps({"errors": errors}, separators=(",", ":"))]
            for result in results:
                for member, member_operation in members:
                    member.deliver(member_operation, event.sequence, result)

    async def _execute(
        self, connection: Connection, query: str, variables: dict[str, Any] | None, name: str | None, root: object
    ) -> tuple[list[str], list[dict[str, Any]]]:
        """Runs a subscription document once with `root` (an Event, or the subscribe-time Probe, which
        needs no database) as `connection`'s member: the JSON payloads of its results, or the errors
        that stopped it."""
        context = self.context_factory(connection.claims, connection.actor, not isinstance(root, Probe))
        stream = await self.schema.subscribe(
            query, variable_values=variables, context_value=context, root_value=root, operation_name=name
        )
        if isinstance(stream, ExecutionResult):
            return [], _errors(stream.errors, context.request_id)
        payloads: list[str] = []
        extensions = {"eventId": root.event_id} if isinstance(root, Event) else None
        async for result in stream:
            if result.errors:
                errors = _errors(result.errors, context.request_id)
                if result.data is None:
                    return [], errors
                body: dict[str, Any] = {"data": result.data, "errors": errors}
            else:
                body = {"data": result.data}
            if extensions:
                body["extensions"] = extensions
            payloads.append(json.dumps(body, separators=(",", ":"), default=str))
        return payloads, []


def _errors(errors: list[GraphQLError] | None, request_id: str) -> list[dict[str, Any]]:
    return [dict(format_error(error, request_id).formatted) for error in errors or []]


def _not_subscription() -> list[dict[str, Any]]:
    return [
        {
            "message": "Only subscriptions go over the WebSocket; send queries and mutations over HTTP.",
            "extensions": {"code": "BAD_USER_INPUT"},
        }
    ]


async def _close(websocket: WebSocket, code: int, reason: str) -> None:
    if websocket.application_state is WebSocketState.DISCONNECTED:
        return
    # Already gone, or not reading: nothing more to tell it.
    with contextlib.suppress(Exception):
        await asyncio.wait_for(websocket.close(code, reason), timeout=5)
