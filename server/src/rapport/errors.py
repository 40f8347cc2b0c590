"""Expected failures, each with the code clients see in `extensions.code` (or a REST body)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

FieldPath = tuple[str | int, ...]
T = TypeVar("T")


class AppError(Exception):
    code = "INTERNAL_SERVER_ERROR"
    http_status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def extensions(self) -> dict[str, object]:
        return {"code": self.code}


def found(value: T | None, message: str) -> T:
    """`value`, or NOT_FOUND with `message` when there is none."""
    if value is None:
        raise NotFound(message)
    return value


class Unauthenticated(AppError):
    code = "UNAUTHENTICATED"
    http_status = 401


class Forbidden(AppError):
    code = "FORBIDDEN"
    http_status = 403


class NotFound(AppError):
    code = "NOT_FOUND"
    http_status = 404


class Conflict(AppError):
    code = "CONFLICT"
    http_status = 409


class RateLimited(AppError):
    code = "RATE_LIMITED"
    http_status = 429

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds

    def extensions(self) -> dict[str, object]:
        return {"code": self.code, "retryAfter": self.retry_after_seconds}


class BadUserInput(AppError):
    code = "BAD_USER_INPUT"
    http_status = 400

    def __init__(self, message: str, *, field_errors: Mapping[FieldPath, str] | None = None) -> None:
        super().__init__(message)
        self.field_errors = {tuple(path): text for path, text in (field_errors or {}).items()}

    def extensions(self) -> dict[str, object]:
        return {
            "code": self.code,
            "fieldErrors": [{"path": list(path), "message": text} for path, text in self.field_errors.items()],
        }


class ServiceUnavailable(AppError):
    """PostgreSQL or Redis cannot be reached (restarting, say): the client should try again shortly."""

    code = "SERVICE_UNAVAILABLE"
    http_status = 503
    retry_after_seconds = 1

    def extensions(self) -> dict[str, object]:
        return {"code": self.code, "retryAfter": self.retry_after_seconds}


class ReadOnly(ServiceUnavailable):
    """Emergency mode: reads work, changes are refused until the operator turns it off."""

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class Overloaded(ServiceUnavailable):
    """Load shedding: no database connection came free within the pool timeout; nothing was done."""

    retry_after_seconds = 2


class TooSlow(ServiceUnavailable):
    """A statement ran past the statement timeout (`RAPPORT_STATEMENT_TIMEOUT_MS`): it was stopped and the
    transaction rolled back."""

    retry_after_seconds = 5


TOO_SLOW_MESSAGE = (
    "This request took longer than Rapport allows and was stopped; nothing was changed. "
    "Narrow it (fewer records, a filter, other words) or try again in a moment."
)

OVERLOAD_MESSAGE = "Rapport is overloaded right now and did nothing with this request; try again in a few seconds."

CONCURRENT_MESSAGE = "This conflicts with a change made at the same time; nothing was changed. Try again."

OUTAGE_MESSAGE = "Rapport cannot reach its database or queue right now (it is restarting); try again in a moment."

# SQLSTATE classes and codes that say the server, not the statement, failed: connection exceptions,
# admin or crash shutdown, "the database system is starting up", insufficient resources.
_OUTAGE_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53")


def is_overload(error: BaseException) -> bool:
    """True when `error` (or what caused it) is the database pool's wait passing its timeout."""
    from sqlalchemy import exc as sqlalchemy_errors

    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, Overloaded | sqlalchemy_errors.TimeoutError):
            return True
        current = current.__cause__ or current.__context__
    return False


def is_outage(error: BaseException) -> bool:
    """True when `error` (or what caused it) is PostgreSQL or Redis being unreachable, not a bad request."""
    from asyncpg import exceptions as asyncpg_errors
    from redis import exceptions as redis_errors
    from sqlalchemy import exc as sqlalchemy_errors

    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ServiceUnavailable | OSError | redis_errors.ConnectionError | redis_errors.TimeoutError):
            return True
        if isinstance(current, asyncpg_errors.InterfaceError | asyncpg_errors.ConnectionDoesNotExistError):
            return True
        if isinstance(current, sqlalchemy_errors.TimeoutError):  # no pooled connection came free in time
            return True
        if isinstance(current, sqlalchemy_errors.DBAPIError) and current.connection_invalidated:
            return True
        state = str(getattr(current, "sqlstate", "") or getattr(current, "pgcode", "") or "")
        if state and state.startswith(_OUTAGE_SQLSTATES):
            return True
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return False


def is_statement_timeout(error: BaseException) -> bool:
    """True when `error` (or what caused it) is PostgreSQL cancelling a statement that ran past the
    statement timeout (SQLSTATE 57014)."""
    return _sqlstate_in(error, ("57014",))


def is_concurrent_conflict(error: BaseException) -> bool:
    """True when `error` (or what caused it) is PostgreSQL ending a transaction for another that ran at the
    same time: a deadlock (40P01) or a serialization failure (40001). Nothing was written; the same request
    again is expected to succeed."""
    return _sqlstate_in(error, ("40P01", "40001"))


def _sqlstate_in(error: BaseException, states: tuple[str, ...]) -> bool:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if str(getattr(current, "sqlstate", "") or getattr(current, "pgcode", "") or "") in states:
            return True
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return False
