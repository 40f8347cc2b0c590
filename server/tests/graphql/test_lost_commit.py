"""A change whose COMMIT never completes (PostgreSQL ends the connection while it commits, as when it is
killed) is answered with a code and no data: nothing was saved, so no field may say it was. And an error
that escapes the operation's extensions still reaches the client in the documented shape."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import httpx
from graphql import GraphQLError
from sqlalchemy import text
from starlette.responses import Response
from strawberry.types import ExecutionResult

from rapport.db import Database
from rapport.errors import NotFound
from rapport.graphql.extensions import escaped
from tests.factories import CREATE_CONTACT, GraphQLClient, sign_up

# A deferred trigger runs at COMMIT: for the marked name it ends its own connection, as a PostgreSQL
# that is killed (or restarts) while a change commits does.
LOSE_AT_COMMIT = """
CREATE FUNCTION pg_temp.lose_at_commit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
  IF NEW.last_name LIKE 'LostAtCommit%' THEN
    PERFORM pg_terminate_backend(pg_backend_pid());
  END IF;
  RETURN NULL;
END $$"""


async def test_a_commit_the_database_drops_is_answered_unavailable_with_no_data_and_nothing_saved(
    http: httpx.AsyncClient, superuser_db: Database
) -> None:
    account = await sign_up(GraphQLClient(http))
    marker = f"LostAtCommit{uuid.uuid4().hex[:8]}"
    trigger = f"lose_at_commit_{uuid.uuid4().hex[:8]}"
    async with superuser_db.transaction() as session:
        # Not pg_temp: the trigger must outlive this session, and the api's connections must run it.
        await session.execute(text(LOSE_AT_COMMIT.replace("pg_temp.lose_at_commit", f"public.{trigger}")))
        await session.execute(
            text(
                f"CREATE CONSTRAINT TRIGGER {trigger} AFTER INSERT ON contacts DEFERRABLE INITIALLY DEFERRED "
                f"FOR EACH ROW EXECUTE FUNCTION public.{trigger}()"
            )
        )
    try:
        response = await http.post(
            "/graphql",
            json={"query": CREATE_CONTACT, "variables": {"input": {"firstName": "Ada", "lastName": marker}}},
            headers={"authorization": f"Bearer {account.access_token}"},
        )
    finally:
        async with superuser_db.transaction() as session:
            await session.execute(text(f"DROP TRIGGER {trigger} ON contacts"))
            await session.execute(text(f"DROP FUNCTION public.{trigger}()"))

    body = response.json()
    assert response.status_code == 503, body
    assert body["data"] is None  # the contact's id would say it was saved
    assert [error["extensions"]["code"] for error in body["errors"]] == ["SERVICE_UNAVAILABLE"]
    assert response.headers["retry-after"]
    async with superuser_db.transaction() as session:
        saved = await session.scalar(text("SELECT count(*) FROM contacts WHERE last_name = :m"), {"m": marker})
    assert saved == 0
    # The api goes on: the next change commits on a sound connection.
    created = await GraphQLClient(http).data(
        CREATE_CONTACT, {"input": {"firstName": "Ada", "lastName": "Afterwards"}}, token=account.access_token
    )
    assert created["createContact"]["id"]


def test_an_error_that_escaped_the_extensions_gets_its_code_and_hides_what_failed() -> None:
    context = SimpleNamespace(request_id="req-1", response=Response())
    unexpected = ExecutionResult(
        data=None, errors=[GraphQLError("password=hunter2 at db:5432", original_error=RuntimeError("internals"))]
    )
    escaped(unexpected, context)
    assert unexpected.errors is not None
    assert [(error.message, error.extensions) for error in unexpected.errors] == [
        (
            "Something went wrong on our side; the request id identifies it in our logs.",
            {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-1"},
        )
    ]

    lost = ExecutionResult(data=None, errors=[GraphQLError("connection reset", original_error=ConnectionResetError())])
    escaped(lost, context)
    assert lost.errors is not None
    assert [error.extensions["code"] for error in lost.errors if error.extensions] == ["SERVICE_UNAVAILABLE"]
    assert context.response.status_code == 503

    # Without a cause it is the request's own error (parse, validation), as FormatErrors says.
    invalid = ExecutionResult(data=None, errors=[GraphQLError("Cannot query field 'nope' on type 'Query'.")])
    escaped(invalid, context)
    assert invalid.errors is not None
    assert [error.extensions["code"] for error in invalid.errors if error.extensions] == ["GRAPHQL_VALIDATION_FAILED"]

    # Errors that already have their code are left as they are.
    coded = GraphQLError("No such contact.", extensions=NotFound("No such contact.").extensions())
    kept = ExecutionResult(data=None, errors=[coded])
    escaped(kept, SimpleNamespace(request_id="req-2", response=Response()))
    assert kept.errors == [coded]
