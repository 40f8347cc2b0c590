"""The request boundary: one transaction per operation, and errors in the shape clients rely on.

The transaction commits only when the operation had no error (a partial write never lands),
except for errors that say their writes must stand (a revoked token family). Expected errors
carry `extensions.code`; anything else is logged with the request id and masked.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import structlog
from cachetools import LRUCache
from graphql import (
    ArgumentNode,
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    ListValueNode,
    ObjectValueNode,
    OperationType,
    StringValueNode,
    ValueNode,
    VariableDefinitionNode,
)
from graphql.pyutils import is_awaitable
from sqlalchemy.exc import IntegrityError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext
from strawberry.types import ExecutionResult as StrawberryResult

from rapport.db import StatementCounter, begin_scoped
from rapport.errors import (
    CONCURRENT_MESSAGE,
    OUTAGE_MESSAGE,
    OVERLOAD_MESSAGE,
    TOO_SLOW_MESSAGE,
    AppError,
    BadUserInput,
    Conflict,
    Overloaded,
    RateLimited,
    ServiceUnavailable,
    TooSlow,
    is_concurrent_conflict,
    is_outage,
    is_overload,
    is_statement_timeout,
)
from rapport.graphql.context import Context
from rapport.graphql.walk import nodes_of
from rapport.kit.text import Path, unsafe_character, unsafe_text
from rapport.observability import GRAPHQL_SQL_STATEMENTS
from rapport.system.emergency import SHED

log = structlog.get_logger("rapport.graphql")


class RequestTransaction(SchemaExtension):
    async def on_operation(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        if not isinstance(context, Context) or not context.transactional:
            yield
            return
        claims = context.claims
        statements = StatementCounter()
        started = time.perf_counter()
        session_check = context.session_check()
        async with context.db.sessionmaker() as session:
            try:
                # BEGIN, the scope and whether the token's session is still signed in: one round trip.
                session_rows = await begin_scoped(
                    session,
                    workspace_id=claims.workspace_id if claims else None,
                    user_id=claims.user_id if claims else None,
                    statement_timeout_ms=context.settings.statement_timeout_ms,
                    then=session_check,
                )
            except Exception as error:
                if not is_outage(error):
                    raise
                # The database is down (restarting): every field that needs it answers SERVICE_UNAVAILABLE.
                # Or no pooled connection came free in time: the same code, shed at once (load shedding).
                context.unavailable = True
                context.overloaded = is_overload(error)
                if context.overloaded:
                    SHED.labels("database_pool").inc()
                yield
                return
            await statements.attach(session, already=1)  # begin_scoped ran one (set_scope)
            context.bind_session(session, statements)
            context.session_checked(session_rows)
            try:
                yield
                # Resolvers whose answers were dropped (a sibling failed) still hold the session.
                await context.settle()
                result = self.execution_context.result
                errors = getattr(result, "errors", None) or []
                if all(getattr(_original(error), "keeps_writes", False) for error in errors):
                    try:
                        await session.commit()
                    except Exception as error:  # noqa: BLE001 - whatever failed, the client is told with a code
                        await _roll_back(session)
                        # Nothing was saved: no field of the answer may say it was (a created record's id).
                        result.data = None  # type: ignore[union-attr]
                        result.errors = [*errors, _commit_error(error)]  # type: ignore[union-attr]
                else:
                    await _roll_back(session)
            finally:
                statements.detach()
                context.bind_session(None)
        # How many SQL statements and how long the operation took: visible in browser dev tools.
        GRAPHQL_SQL_STATEMENTS.observe(statements.count)
        if context.response is not None:
            context.response.headers["Server-Timing"] = server_timing("executed", statements.count, started)

    def resolve(self, _next: Callable[..., Any], root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        context = info.context
        if isinstance(context, Context) and info.operation.operation is OperationType.MUTATION:
            context.forget_session_check()  # before any resolver of a mutation (and its permission) runs
        result = _next(root, info, *args, **kwargs)
        # graphql-core's test, not inspect's: every field of the answer passes here, and inspect.isawaitable
        # asks the Awaitable ABC of each value (a search's page is a few hundred fields).
        if is_awaitable(result) and isinstance(context, Context):
            return context.run_to_completion(result)
        return result


def _original(error: GraphQLError) -> BaseException | None:
    original = error.original_error
    while isinstance(original, GraphQLError) and original.original_error is not None:
        original = original.original_error
    return original


def _commit_error(error: Exception) -> GraphQLError:
    if isinstance(error, IntegrityError):
        return GraphQLError(
            "This conflicts with a change made at the same time; try again.", original_error=Conflict("conflict")
        )
    return GraphQLError("The change could not be saved.", original_error=error)


async def _roll_back(session: Any) -> None:
    """ROLLBACK; a connection that is gone already rolled back (PostgreSQL ends its transaction), and the
    pool discards it: that is not an error to answer with."""
    try:
        await session.rollback()
    except Exception as error:
        if not is_outage(error):
            raise
        log.warning("graphql.rollback_on_lost_connection", error=repr(error))


# Documents parsed before, by their text and parse options: clients send the same few over and over.
_parsed: LRUCache[tuple[str, tuple[tuple[str, object], ...]], DocumentNode] = LRUCache(maxsize=1_000)


class ParseOnce(SchemaExtension):
    """A document that parsed before is not parsed again (a few hundred microseconds of a request). Only
    documents that parsed are kept: one that fails is parsed each time by Strawberry itself, whose error
    FormatErrors shapes. Parsing the same text with the same options gives an equal document, and the
    executor does not change one, so a request cannot tell; ValidationCache then finds the very same
    object, not only an equal one."""

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if context.graphql_document is not None or query is None:
            yield
            return
        key = (query, tuple(sorted(context.parse_options.items())))
        document = _parsed.get(key)
        if document is not None:
            context.graphql_document = document
        yield
        if document is None and context.graphql_document is not None:
            _parsed[key] = context.graphql_document


class RefuseUnsafeText(SchemaExtension):
    """Every string a request carries, in the document's arguments and in its variables (JSON values
    included, keys and all), must be text PostgreSQL can store: no NUL or other C0 control character
    but tab, newline and carriage return, no lone surrogate. One such string refuses the operation
    with BAD_USER_INPUT and a field error per string, before any resolver runs."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.result is None:
            found = {**_document_literals(context), **unsafe_text(context.variables or {})}
            if found:
                refused = BadUserInput(
                    "Text may not contain control characters (other than tab and line breaks) or unpaired surrogates.",
                    field_errors=found,
                )
                error = GraphQLError(refused.message, original_error=refused)
                context.result = ExecutionResult(data=None, errors=[error])
        yield


# What `_unsafe_literals` found in a document, by the document's text: the same few are sent over and over,
# and walking one costs a few hundred microseconds.
_literals: LRUCache[str, dict[Path, str]] = LRUCache(maxsize=1_000)


def _document_literals(context: ExecutionContext) -> dict[Path, str]:
    """`_unsafe_literals` of the request's document, looked up by its text when it was parsed from one."""
    document = context.graphql_document
    assert document is not None
    query = context.query
    if query is None:
        return _unsafe_literals(document)
    found = _literals.get(query)
    if found is None:
        found = _literals[query] = _unsafe_literals(document)
    return found


def _unsafe_literals(document: DocumentNode) -> dict[Path, str]:
    """Strings written in the document: argument values (path from the argument's name) and
    variable defaults (path from the variable's name)."""
    found: dict[Path, str] = {}

    def walk(value: ValueNode | None, path: Path) -> None:
        if isinstance(value, StringValueNode):
            if (reason := unsafe_character(value.value)) is not None:
                found[path] = reason
        elif isinstance(value, ListValueNode):
            for index, item in enumerate(value.values):
                walk(item, (*path, index))
        elif isinstance(value, ObjectValueNode):
            for field in value.fields:
                walk(field.value, (*path, field.name.value))

    for node in nodes_of(document, (ArgumentNode, VariableDefinitionNode)):
        if isinstance(node, ArgumentNode):
            walk(node.value, (node.name.value,))
        elif isinstance(node, VariableDefinitionNode):
            walk(node.default_value, (node.variable.name.value,))
    return found


class FormatErrors(SchemaExtension):
    """Turns every error into the documented shape: a message and `extensions.code`."""

    def on_operation(self):  # type: ignore[no-untyped-def]
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if not errors:
            return
        context = self.execution_context.context
        request_id = getattr(context, "request_id", None)
        result.errors = [_format(error, request_id) for error in errors]  # type: ignore[union-attr]
        answered(result, context)  # type: ignore[arg-type]


def escaped(result: ExecutionResult | StrawberryResult, context: object) -> None:
    """The errors of an exception that escaped the operation's extensions (Strawberry answers it with
    its message as the error's, after FormatErrors has run): in the documented shape, the unexpected
    ones logged and masked, with the status FormatErrors would give. Errors with a code are kept."""
    if not result.errors or all((error.extensions or {}).get("code") for error in result.errors):
        return
    request_id = getattr(context, "request_id", None)
    result.errors = [
        error if (error.extensions or {}).get("code") else _format(error, request_id) for error in result.errors
    ]
    answered(result, context)


def answered(result: ExecutionResult | StrawberryResult, context: object) -> None:
    """The HTTP status of an answer whose errors are formatted: 503 when the only errors say a service is
    unavailable, 429 when an authentication limit refused it and nothing was answered."""
    response = getattr(context, "response", None)
    errors = result.errors or []
    codes = {(error.extensions or {}).get("code") for error in errors}
    if codes == {ServiceUnavailable.code} and response is not None:
        # Nothing was done: say so in the status too, so proxies and clients retry.
        response.status_code = ServiceUnavailable.http_status
        waits = [(error.extensions or {}).get("retryAfter") for error in errors]
        response.headers["Retry-After"] = str(
            max((w for w in waits if isinstance(w, int)), default=ServiceUnavailable.retry_after_seconds)
        )
    elif codes == {RateLimited.code} and response is not None and _nothing_answered(result):
        # An authentication limit (or the MFA backoff) refused the request, and nothing else ran: 429
        # as for the per-principal limit (ratelimit.py adds the RateLimit headers), the body as it is.
        response.status_code = RateLimited.http_status
        waits = [(error.extensions or {}).get("retryAfter") for error in errors]
        response.headers["Retry-After"] = str(max((w for w in waits if isinstance(w, int)), default=1))


def _nothing_answered(result: object) -> bool:
    """No field of the answer has a value (data null, or every root field null)."""
    data = getattr(result, "data", None)
    return data is None or (isinstance(data, dict) and all(value is None for value in data.values()))


def format_error(error: GraphQLError, request_id: str | None) -> GraphQLError:
    """An error in the documented shape (for the WebSocket, whose results pass no extension)."""
    return _format(error, request_id)


def _format(error: GraphQLError, request_id: str | None) -> GraphQLError:
    """`error` in the documented shape."""
    original = _original(error)
    if isinstance(original, AppError):
        return _with(error, original.message, original.extensions())
    if original is not None and is_overload(original):
        log.warning("graphql.overloaded", request_id=request_id)
        SHED.labels("database_pool").inc()
        return _with(error, OVERLOAD_MESSAGE, Overloaded(OVERLOAD_MESSAGE).extensions())
    if original is not None and is_statement_timeout(original):
        log.warning("graphql.statement_timeout", request_id=request_id, path=error.path)
        return _with(error, TOO_SLOW_MESSAGE, TooSlow(TOO_SLOW_MESSAGE).extensions())
    if original is not None and is_concurrent_conflict(original):
        log.warning("graphql.concurrent_conflict", request_id=request_id, path=error.path, error=repr(original))
        return _with(error, CONCURRENT_MESSAGE, Conflict(CONCURRENT_MESSAGE).extensions())
    if original is not None and is_outage(original):
        log.warning("graphql.service_unavailable", request_id=request_id, error=repr(original))
        return _with(error, OUTAGE_MESSAGE, ServiceUnavailable(OUTAGE_MESSAGE).extensions())
    if error.path is None and (original is None or error.message.startswith("Variable ")):
        # Parsing, validation and variable coercion: nothing ran, the request itself is malformed. (A
        # failed COMMIT or an exception that escaped the operation has no path either, but its cause.)
        code = "BAD_USER_INPUT" if error.message.startswith("Variable ") else "GRAPHQL_VALIDATION_FAILED"
        if error.message.startswith("Syntax Error"):
            code = "GRAPHQL_PARSE_FAILED"
        extensions = {**(error.extensions or {}), "code": code}
        if code == "BAD_USER_INPUT":
            extensions["fieldErrors"] = [{"path": _variable_path(error.message), "message": error.message}]
        return _with(error, error.message, extensions)
    log.error("graphql.unexpected_error", request_id=request_id, path=error.path, exc_info=original)
    return _with(
        error,
        "Something went wrong on our side; the request id identifies it in our logs.",
        {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id},
    )


def _variable_path(message: str) -> list[str]:
    # "Variable '$input' got invalid value ... at 'input.role'; ..."
    if " at '" in message:
        return message.split(" at '", 1)[1].split("'", 1)[0].split(".")
    name = message.split("'$", 1)[1].split("'", 1)[0] if "'$" in message else "variables"
    return [name]


def _with(error: GraphQLError, message: str, extensions: dict[str, object]) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions=extensions,
    )


def server_timing(path: str, statements: int, started: float) -> str:
    """`db;desc="executed, 3 sql statements";dur=4.2`: which path answered, its SQL and its time."""
    elapsed_ms = (time.perf_counter() - started) * 1000
    return f'db;desc="{path}, {statements} sql statements";dur={elapsed_ms:.1f}'
