"""An outage (PostgreSQL or Redis unreachable) is told apart from a bad request."""

from __future__ import annotations

import asyncpg
import pytest
from redis import exceptions as redis_errors
from sqlalchemy.exc import DBAPIError, IntegrityError

from rapport.errors import BadUserInput, ServiceUnavailable, is_outage


def _caused_by(cause: BaseException) -> RuntimeError:
    try:
        raise RuntimeError("wrapped") from cause
    except RuntimeError as error:
        return error


@pytest.mark.parametrize(
    ("error", "outage"),
    [
        (ConnectionRefusedError(111, "Connection refused"), True),
        (FileNotFoundError(2, "No such file or directory"), True),
        (redis_errors.ConnectionError("Error 111 connecting"), True),
        (asyncpg.CannotConnectNowError("the database system is starting up"), True),
        (asyncpg.ConnectionDoesNotExistError("connection was closed in the middle of operation"), True),
        (DBAPIError("SELECT 1", {}, Exception("closed"), connection_invalidated=True), True),
        (_caused_by(ConnectionResetError(104, "Connection reset by peer")), True),
        (ServiceUnavailable("down"), True),
        (IntegrityError("INSERT", {}, asyncpg.UniqueViolationError("duplicate key")), False),
        (DBAPIError("SELECT 1", {}, asyncpg.DivisionByZeroError("division by zero")), False),
        (BadUserInput("no"), False),
        (ValueError("bad"), False),
    ],
)
def test_is_outage(error: BaseException, outage: bool) -> None:
    assert is_outage(error) is outage
