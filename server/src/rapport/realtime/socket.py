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
import math
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog
from graphql import GraphQLError
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
from rapport.kit.clock import utcnow
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
CLOSE_REVOKED = 4442
CLOSE_SLOW_CONSUMER = 4450
CLOSE_KEEPALIVE_TIMEOUT = 4451
# How often the watch runs: token expiries, and one slot of the keep-alive pings.
WATCH_TICK_SECONDS = 0.25
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
    # When the hub began handing this subscription its events, and the hub's mark then: a replay read
    # started from then on misses nothing that is not delivered live. (From the subscription, not the
    # socket: an event handed out after the socket joined but before it subscribed reaches no operation.)
    live_since: float = math.inf
    live_mark: tuple[int, int] = (0, 0)


@dataclass(frozen=True, slots=True)
class SharedRead:
    """A replay's read of a workspace's events, kept a few seconds for the other sockets resuming."""

    started: float  # monotonic
    mark: tuple[int, int]  # the hub's mark when it started
    events: list[Event]


class Connection:
    """One authenticated socket. Kept small (slots, no per-socket timers): an idle one is a few hundred
    bytes besides the server's WebSocket objects, and no task of its own: the server's task for the
    socket reads it. Messages to write wait in a deque that a writer task (made when one is queued, gone
    when the deque is empty) drains."""

    __slots__ = (
        "actor",
        "buffer",
        "claims",
        "closing",
        "last_heard",
        "operations",
        "pending",
        "ping_slot",
        "task",
        "user_id",
        "websocket",
        "workspace_id",
        "writer",
    )

    def __init__(
        self,
        *,
        websocket: WebSocket,
        claims: AccessClaims,
        workspace_id: uuid.UUID,
        user_id: uuid.UUID,
        actor: Actor,
        buffer: int,
    ) -> None:
        self.websocket = websocket
        self.claims = claims
        self.workspace_id = workspace_id
        self.user_id = user_id
        self.actor = actor
        self.buffer = buffer
        self.operations: dict[str, Operation] = {}
        self.pending: deque[str] = deque()
        self.writer: asyncio.Task[None] | None = None
        # The task that serves the socket (the server's own, which also reads): cancelled to end it.
        self.task: asyncio.Task[Any] | None = None
        self.closing: asyncio.Future[tuple[int, str]] = asyncio.get_running_loop().create_future()
        # When the client last sent anything (a pong included): the keep-alive's measure.
        self.last_heard = time.monotonic()
        # Which of the watch's ping slots this socket is pinged in (`Subscriptions._ping_slots`).
        self.ping_slot = 0

    def close_soon(self, code: int, reason: str) -> None:
        if self.closing.done():
            return
        self.closing.set_result((code, reason))
        # Wake the serving task out of its read (unless it is the one asking): it then closes the socket.
        if self.task is not None and self.task is not asyncio.current_task():
            self.task.cancel()

    def send(self, message: str) -> None:
        """Queues a message; past the buffer the socket is closed instead (it is not keeping up)."""
        if self.closing.done():
            return
        if len(self.pending) >= self.buffer:
            self.close_soon(CLOSE_SLOW_CONSUMER, "Too slow: more than the buffer of messages waiting.")
            return
        self.pending.append(message)
        if self.writer is None:
            self.writer = asyncio.get_running_loop().create_task(self._write())

    @property
    def waiting(self) -> int:
        return len(self.pending)

    async def _write(self) -> None:
        try:
            while self.pending and not self.closing.done():
                await self.websocket.send_text(self.pending[0])
                self.pending.popleft()
        except Exception:  # noqa: BLE001 - the peer is gone: the socket ends
            self.close_soon(1000, "")
        finally:
            self.writer = None

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
        self._connections: set[Connection] = set()
        # Keep-alive pings are spread over the interval: each watch tick pings one slot's sockets, so
        # 12,500 sockets on a worker never get their pings (and send their pongs) in one burst that
        # holds the event loop while other sockets' events wait.
        slots = max(1, round(settings.realtime_ping_seconds / WATCH_TICK_SECONDS))
        self._ping_slots: list[set[Connection]] = [set() for _ in range(slots)]
        self._joined = 0
        # A reconnect storm queues its membership checks here rather than growing the database pool
        # past its size (new database connections under load time out).
        self._checks = asyncio.Semaphore(max(1, settings.database_pool_size - 2))
        # Token expiries by the second (epoch): the watch closes each second's sockets as it passes.
        self._expiries: dict[int, set[Connection]] = {}
        self._expired_through = int(time.time())
        self._watcher: asyncio.Task[None] | None = None
        # A reconnect storm: thousands of sockets of one workspace resume from the same `after` and replay
        # the same events with the same documents. Shared for a few seconds: each read of the missed
        # events (by workspace and `after`, with when it started) and each replayed event's payload (by
        # role, document and event, as live events are shared), instead of one of each per socket.
        self._reads: dict[tuple[uuid.UUID, int], tuple[float, SharedRead]] = {}
        self._replayed: dict[tuple[Role, tuple[str, str, str | None], int], tuple[float, list[str]]] = {}

    async def start(self) -> None:
        await self.hub.start()
        self._watcher = asyncio.create_task(self._watch())

    async def stop(self) -> None:
        for connection in list(self._connections):
            connection.close_soon(CLOSE_RESTART, "The server is restarting: reconnect.")
        if self._connections:
            await asyncio.sleep(0.2)
        if self._watcher is not None:
            self._watcher.cancel()
        await self.hub.stop()

    @property
    def connection_count(self) -> int:
        return len(self._connections)

    # ---- the socket ----

    async def serve(self, websocket: WebSocket, claims_from_cookie: AccessClaims | None) -> None:
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
        self._joined += 1
        connection.ping_slot = self._joined % len(self._ping_slots)
        self._ping_slots[connection.ping_slot].add(connection)
        try:
            await self._run(connection)
        finally:
            self._connections.discard(connection)
            self._ping_slots[connection.ping_slot].discard(connection)
            self.hub.leave(connection)

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
        """Reads in the server's own task for the socket until the end: the client's close, a protocol
        error, or anything else calling `close_soon` (the watch: token expired, credentials revoked, no
        pong; the hub: member removed; a slow consumer), which cancels the read; then closes it."""
        task = asyncio.current_task()
        assert task is not None
        connection.task = task
        self._watch_expiry(connection)
        try:
            try:
                await self._read(connection)
            except asyncio.CancelledError:
                if not connection.closing.done():
                    raise  # the server is stopping the task itself
                task.uncancel()
            code, reason = connection.closing.result() if connection.closing.done() else (1000, "")
            if connection.writer is not None:
                connection.writer.cancel()
            await _close(connection.websocket, code, reason)
        finally:
            connection.task = None
            self._unwatch_expiry(connection)

    # ---- the process's watch over all its sockets (no timer or task per socket) ----

    def _watch_expiry(self, connection: Connection) -> None:
        second = math.ceil(connection.claims.expires_at.timestamp())
        if second <= self._expired_through:
            connection.close_soon(CLOSE_TOKEN_EXPIRED, "Token expired: reconnect with a fresh one.")
            return
        self._expiries.setdefault(second, set()).add(connection)

    def _unwatch_expiry(self, connection: Connection) -> None:
        second = math.ceil(connection.claims.expires_at.timestamp())
        bucket = self._expiries.get(second)
        if bucket is not None:
            bucket.discard(connection)
            if not bucket:
                del self._expiries[second]

    async def _watch(self) -> None:
        """Four times a second: tokens that expired (4440), and a ping to one slot of the sockets (so each
        socket is pinged once per ping interval), closing with 4451 one that answered none of its last
        two. Every access-check interval: sockets whose sign-in or API key was revoked (4442), in one
        read for the whole process."""
        ping = len(self._ping_slots) * WATCH_TICK_SECONDS
        check = self.settings.realtime_access_check_seconds
        next_check = time.monotonic() + check
        since = utcnow()
        tick = 0
        while True:
            await asyncio.sleep(WATCH_TICK_SECONDS)
            tick += 1
            try:
                self._expire(time.time())
                self._ping(self._ping_slots[tick % len(self._ping_slots)], ping)
                if time.monotonic() >= next_check:
                    next_check = time.monotonic() + check
                    since = await self._end_revoked(since)
            except Exception:
                log.exception("realtime.watch_failed")

    def _expire(self, now: float) -> None:
        while self._expired_through < int(now):
            self._expired_through += 1
            for connection in self._expiries.pop(self._expired_through, ()):
                connection.close_soon(CLOSE_TOKEN_EXPIRED, "Token expired: reconnect with a fresh one.")

    def _ping(self, connections: set[Connection], interval: float) -> None:
        now = time.monotonic()
        message = _message(type="ping")
        for connection in list(connections):
            if now - connection.last_heard > 2 * interval:
                connection.close_soon(CLOSE_KEEPALIVE_TIMEOUT, "No pong: the connection seems dead.")
            else:
                connection.send(message)

    async def _end_revoked(self, since: datetime) -> datetime:
        """Closes the sockets whose sign-in or API key was revoked; returns where the next check starts."""
        if not any(c.claims.session_id or c.claims.api_key_id for c in self._connections):
            return utcnow()
        db = self.context_factory(None, None, False).db
        async with self._checks, db.transaction(system=True) as session:
            revoked, now = await service.revoked_credentials(session, since=since)
        if revoked:
            for connection in list(self._connections):
                claims = connection.claims
                if claims.session_id in revoked or claims.api_key_id in revoked:
                    connection.close_soon(CLOSE_REVOKED, "Signed out: this sign-in or API key was revoked.")
        return now

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
        except Exception:
            log.exception("realtime.read_failed")
            connection.close_soon(1011, "Internal error.")

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
        # The operation is among the socket's since the caller put it there, with no await between.
        operation.live_since = time.monotonic()
        operation.live_mark = self.hub.mark(connection.workspace_id)
        operation.held = []
        operation.last_sequence = after
        try:
            events = await self._events_after(connection, operation, after)
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
            results = await self._replayed_payloads(connection, operation, event)
            while connection.waiting > connection.buffer // 2 and not connection.closing.done():  # noqa: ASYNC110
                await asyncio.sleep(0.01)  # a long replay goes at the socket's pace, not past its buffer
            for result in results:
                connection.send(_next(operation.id, result))
            operation.last_sequence = event.sequence
        held, operation.held = operation.held, None
        for sequence, payload in held or []:
            connection.deliver(operation, sequence, payload)

    async def _events_after(self, connection: Connection, operation: Operation, after: int) -> list[Event]:
        """The workspace's events after `after`. Another socket's read of them, made a moment ago, is this
        subscription's too when nothing can fall between it and the subscription's live events: the read
        started after the subscription began receiving them, or no event was handed out between the
        read's start and then (the same hub mark)."""
        key = (connection.workspace_id, after)
        now = time.monotonic()
        remembered = self._reads.get(key)
        shared = remembered[1] if remembered is not None else None
        if (
            shared is not None
            and now - shared.started < SHARED_REPLAY_SECONDS
            and (operation.live_since <= shared.started or operation.live_mark == shared.mark)
        ):
            return shared.events
        mark = self.hub.mark(connection.workspace_id)
        context = self.context_factory(connection.claims, connection.actor, True)
        async with context.db.transaction(workspace_id=connection.workspace_id, user_id=connection.user_id) as session:
            events = await service.events_after(session, connection.actor, after=after)
        _remember(self._reads, key, (now, SharedRead(started=now, mark=mark, events=events)))
        return events

    async def _replayed_payloads(self, connection: Connection, operation: Operation, event: Event) -> list[str]:
        """The payloads of `event` for `operation`, run once for every socket of the same role and document
        replaying it within a few seconds (live events are shared the same way, by `_dispatch`)."""
        key = (connection.actor.role, operation.key, event.sequence)
        now = time.monotonic()
        shared = self._replayed.get(key)
        if shared is not None and now - shared[0] < SHARED_REPLAY_SECONDS:
            return shared[1]
        results, _ = await self._execute(
            connection, operation.query, operation.variables, operation.operation_name, event
        )
        _remember(self._replayed, key, (now, results))
        return results

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


SHARED_REPLAY_SECONDS = 5.0
SHARED_REPLAY_ENTRIES = 4096


def _remember(shared: dict[Any, tuple[float, Any]], key: object, value: tuple[float, Any]) -> None:
    """Keeps `value` under `key`; past the bound, the oldest entries (the first inserted) go."""
    shared.pop(key, None)
    shared[key] = value
    while len(shared) > SHARED_REPLAY_ENTRIES:
        del shared[next(iter(shared))]


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
