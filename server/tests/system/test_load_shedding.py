"""Load shedding: when every pooled connection (or every search slot) is busy for longer than the pool
timeout, the api answers 503 SERVICE_UNAVAILABLE at once instead of queueing the request behind the others
without bound."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import asyncpg
import httpx

from rapport.errors import OVERLOAD_MESSAGE, TOO_SLOW_MESSAGE
from tests.conftest import Servers, running_api
from tests.factories import CREATE_CONTACT, GraphQLClient, sign_up

CONTACT_COUNT = "query { contacts(first: 1) { totalCount } }"
# What a shed request is answered (with status 503 and Retry-After: 2).
SHED = {
    "data": None,
    "errors": [{"message": OVERLOAD_MESSAGE, "extensions": {"code": "SERVICE_UNAVAILABLE", "retryAfter": 2}}],
}


def sender(http: httpx.AsyncClient, token: str, body: dict[str, Any]) -> Callable[[], asyncio.Task[httpx.Response]]:
    """Sends `body` to /graphql with `token` each time it is called, as a task that runs on its own."""

    def send() -> asyncio.Task[httpx.Response]:
        return asyncio.ensure_future(http.post("/graphql", json=body, headers={"authorization": f"Bearer {token}"}))

    return send


async def waiting_on_lock(superuser: asyncpg.Connection, expected: int) -> int:
    """How many of the api's connections wait on a lock, once that is `expected` (or after 30 s)."""
    waiting = 0
    deadline = time.monotonic() + 30
    while waiting < expected and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
        waiting = await superuser.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'rapport' AND wait_event_type = 'Lock'"
        )
    return waiting


async def test_a_request_that_waits_too_long_for_a_connection_is_shed(servers: Servers) -> None:
    # An api with a pool of size one (two connections at most) that waits half a second at most
    # (no statement timeout: on a loaded machine the first held request could be cancelled by it before
    # the second one reached the lock)
    with running_api(
        servers,
        RAPPORT_DATABASE_POOL_SIZE="1",
        RAPPORT_DATABASE_POOL_TIMEOUT_SECONDS="0.5",
        RAPPORT_STATEMENT_TIMEOUT_MS="0",
    ) as base_url:
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as http:
            gql = GraphQLClient(http)
            account = await sign_up(gql)
            await gql.data(CREATE_CONTACT, {"input": {"firstName": "Ada"}}, token=account.access_token)

            count = sender(http, account.access_token, {"query": CONTACT_COUNT})

            superuser = await asyncpg.connect(servers.superuser_url.replace("postgresql+asyncpg", "postgresql"))
            try:
                # Given both connections held by requests that wait on a lock
                blocker = superuser.transaction()
                await blocker.start()
                await superuser.execute("LOCK TABLE contacts IN ACCESS EXCLUSIVE MODE")
                held = [count(), count()]
                waiting = await waiting_on_lock(superuser, 2)
                answered = [task.result().status_code for task in held if task.done()]
                assert waiting == 2, f"{waiting} waiting on the lock; answered already: {answered}"

                # When a third request comes
                shed = await count()

                # Then it is answered 503 while the other two still wait
                assert [task.done() for task in held] == [False, False]
                assert (shed.status_code, shed.headers["retry-after"]) == (503, "2")
                assert shed.json() == SHED
                await blocker.rollback()
            finally:
                await superuser.close()

            # And once the lock goes, the waiting requests and new ones are answered
            answers = await asyncio.gather(*held)
            assert [(a.status_code, a.json()) for a in answers] == [
                (200, {"data": {"contacts": {"totalCount": 1}}}),
                (200, {"data": {"contacts": {"totalCount": 1}}}),
            ]
            assert (await gql.data(CONTACT_COUNT, token=account.access_token)) == {"contacts": {"totalCount": 1}}
            metrics = (await http.get("/metrics")).text
            assert 'rapport_requests_shed_total{reason="database_pool"} 1.0' in metrics.splitlines()


SEARCH = "query($q: String!) { search(query: $q, first: 5) { edges { node { type score } } } }"


async def test_searches_are_answered_a_few_at_a_time_and_one_that_waits_too_long_is_shed(servers: Servers) -> None:
    # An api that answers one search at a time and waits half a second at most for its turn
    with running_api(
        servers,
        RAPPORT_SEARCH_CONCURRENCY="1",
        RAPPORT_DATABASE_POOL_TIMEOUT_SECONDS="0.5",
        RAPPORT_STATEMENT_TIMEOUT_MS="0",
    ) as base_url:
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as http:
            gql = GraphQLClient(http)
            account = await sign_up(gql)
            await gql.data(
                CREATE_CONTACT, {"input": {"firstName": "Ada", "lastName": "Byron"}}, token=account.access_token
            )

            search = sender(http, account.access_token, {"query": SEARCH, "variables": {"q": "byron"}})

            superuser = await asyncpg.connect(servers.superuser_url.replace("postgresql+asyncpg", "postgresql"))
            try:
                # Given the one search slot taken by a search that waits on a lock
                blocker = superuser.transaction()
                await blocker.start()
                await superuser.execute("LOCK TABLE contacts IN ACCESS EXCLUSIVE MODE")
                held = search()
                waiting = await waiting_on_lock(superuser, 1)
                assert waiting == 1, f"{waiting} waiting on the lock; answered already: {held.done()}"

                # When another search comes
                shed = await search()

                # Then it is answered 503 after waiting its turn for the pool's timeout, the first still waiting
                assert not held.done()
                assert (shed.status_code, shed.headers["retry-after"]) == (503, "2")
                assert shed.json() == SHED
                # while other requests are not held up by the searches' turns
                companies = "query { companies(first: 1) { totalCount } }"
                assert await gql.data(companies, token=account.access_token) == {"companies": {"totalCount": 0}}
                await blocker.rollback()
            finally:
                await superuser.close()

            # And once the lock goes, the waiting search is answered, and searches sent together are answered
            # one after the other
            answers = [await held, *await asyncio.gather(search(), search(), search())]
            assert [(a.status_code, a.headers["server-timing"].startswith('db;desc="compiled')) for a in answers] == [
                (200, True)
            ] * 4
            assert [[edge["node"]["type"] for edge in a.json()["data"]["search"]["edges"]] for a in answers] == [
                ["CONTACT"]
            ] * 4
            metrics = (await http.get("/metrics")).text
            assert 'rapport_requests_shed_total{reason="search_slots"} 1.0' in metrics.splitlines()


async def test_a_statement_past_the_timeout_answers_a_code_and_changes_nothing(servers: Servers) -> None:
    with running_api(servers, RAPPORT_STATEMENT_TIMEOUT_MS="500") as base_url:
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as http:
            gql = GraphQLClient(http)
            account = await sign_up(gql)
            headers = {"authorization": f"Bearer {account.access_token}"}
            superuser = await asyncpg.connect(servers.superuser_url.replace("postgresql+asyncpg", "postgresql"))
            try:
                # Given the contacts table held by another transaction for longer than the timeout
                blocker = superuser.transaction()
                await blocker.start()
                await superuser.execute("LOCK TABLE contacts IN ACCESS EXCLUSIVE MODE")
                read = await http.post("/graphql", json={"query": CONTACT_COUNT}, headers=headers)
                create = {"query": CREATE_CONTACT, "variables": {"input": {"firstName": "Slow"}}}
                write = await http.post("/graphql", json=create, headers=headers)
                await blocker.rollback()
            finally:
                await superuser.close()
            after = await gql.data(CONTACT_COUNT, token=account.access_token)

    # Then both are told what happened with a code, not INTERNAL_SERVER_ERROR, and nothing was written
    for answer in (read, write):
        assert answer.headers["retry-after"] == "5"
        assert [error["extensions"] for error in answer.json()["errors"]] == [
            {"code": "SERVICE_UNAVAILABLE", "retryAfter": 5}
        ]
        assert answer.json()["errors"][0]["message"] == TOO_SLOW_MESSAGE
    assert after == {"contacts": {"totalCount": 0}}


async def test_a_request_whose_database_connection_dies_is_answered_in_graphqls_shape(servers: Servers) -> None:
    # What the supervisor's test met when it killed PostgreSQL under load: a compiled read (its statement
    # goes straight to asyncpg) whose connection died was answered 503 the REST way ({"error": ...}) and the
    # api closed the HTTP connection, so the client's next request on it failed too.
    with running_api(servers, RAPPORT_STATEMENT_TIMEOUT_MS="0") as base_url:
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as http:
            gql = GraphQLClient(http)
            account = await sign_up(gql)
            await gql.data(CREATE_CONTACT, {"input": {"firstName": "Ada"}}, token=account.access_token)
            headers = {"authorization": f"Bearer {account.access_token}"}
            superuser = await asyncpg.connect(servers.superuser_url.replace("postgresql+asyncpg", "postgresql"))
            answers: dict[str, httpx.Response] = {}
            try:
                for name, query in (
                    ("compiled", CONTACT_COUNT),
                    ("executed", "query { me { id @include(if: true) } }"),
                ):
                    # Given a request waiting on a lock, when its database connection is terminated
                    blocker = superuser.transaction()
                    await blocker.start()
                    await superuser.execute(
                        "LOCK TABLE contacts, users IN ACCESS EXCLUSIVE MODE"
                        if name == "executed"
                        else "LOCK TABLE contacts IN ACCESS EXCLUSIVE MODE"
                    )
                    pending = asyncio.ensure_future(http.post("/graphql", json={"query": query}, headers=headers))
                    waiting: list[asyncpg.Record] = []
                    deadline = time.monotonic() + 30
                    while not waiting and time.monotonic() < deadline:
                        await asyncio.sleep(0.1)
                        waiting = await superuser.fetch(
                            "SELECT pid FROM pg_stat_activity WHERE application_name = 'rapport'"
                            " AND wait_event_type = 'Lock'"
                        )
                    assert waiting, f"{name}: no request waited on the lock"
                    for row in waiting:
                        await superuser.execute("SELECT pg_terminate_backend($1)", row["pid"])
                    await blocker.rollback()
                    answers[name] = await pending
            finally:
                await superuser.close()
            # The same HTTP connection still serves the next request.
            after = await gql.data(CONTACT_COUNT, token=account.access_token)

    # Then the compiled read is answered from a fresh connection, and the executor's in GraphQL's shape
    # with a code to retry on; neither is the REST shape or a dropped connection.
    assert (answers["compiled"].status_code, answers["compiled"].json()) == (
        200,
        {"data": {"contacts": {"totalCount": 1}}},
    )
    executed = answers["executed"]
    assert executed.status_code in (200, 503), executed.text
    if executed.status_code == 503:
        assert [error["extensions"]["code"] for error in executed.json()["errors"]] == ["SERVICE_UNAVAILABLE"]
    assert after == {"contacts": {"totalCount": 1}}
