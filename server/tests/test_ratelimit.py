"""Rate limits, against an api started with small ones: per address and per account on the
authentication operations, failed sign-ins that back off without locking the owner out, per principal
on GraphQL and REST, per address on the inbound webhook; the IETF RateLimit headers, Retry-After and
RATE_LIMITED. Each test speaks from addresses of its own (X-Forwarded-For, believed from 127.0.0.1)."""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus
from websockets.typing import Subprotocol

from rapport.kit.origin import client_ip
from tests.conftest import Servers, free_port, stop_process, wait_ready
from tests.factories import SIGN_UP, unique_email
from tests.realtime.client import ws_url

LIMITS = {
    "RAPPORT_RATE_LIMIT_AUTH_PER_IP": "6/minute",
    "RAPPORT_RATE_LIMIT_AUTH_PER_ACCOUNT": "4/minute",
    "RAPPORT_RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT_IP": "3/minute",
    "RAPPORT_RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT": "5/hour",
    "RAPPORT_RATE_LIMIT_INBOUND_PER_IP": "2/minute",
    "RAPPORT_RATE_LIMIT_API_PER_PRINCIPAL": "30/minute",
    "RAPPORT_RATE_LIMIT_WEBSOCKET_PER_IP": "3/minute",
}
SIGN_IN = "mutation S($input: SignInInput!) { signIn(input: $input) { accessToken } }"
REFRESH = "mutation R($t: String!) { refreshToken(refreshToken: $t) { refreshToken } }"
PASSWORD = "correct horse battery"
_addresses = itertools.count(1)


def address() -> str:
    """An address no other test speaks from (TEST-NET-3)."""
    return f"203.0.113.{next(_addresses)}"


@pytest.fixture(scope="module")
def api_log(servers: Servers) -> Path:
    return servers.data_dir / f"limited-api-{uuid.uuid4().hex[:8]}.log"


@pytest.fixture(scope="module")
def limited_api(servers: Servers, api_log: Path) -> Iterator[str]:
    """`rapport api` with the small limits above, its log (info and up) in `api_log`."""
    port = free_port()
    with api_log.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "rapport", "api"],
            env=servers.env(RAPPORT_API_PORT=str(port), RAPPORT_LOG_LEVEL="INFO", **LIMITS),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base_url, process)
        yield base_url
    finally:
        stop_process(process)


def logged(api_log: Path) -> list[dict[str, Any]]:
    """The api's log so far, one JSON object a line (a line that is not JSON, a traceback's, as text)."""
    lines: list[dict[str, Any]] = []
    for line in api_log.read_text().splitlines():
        try:
            lines.append(json.loads(line))
        except ValueError:
            lines.append({"event": line, "level": "text"})
    return lines


@pytest.fixture
async def client(limited_api: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=limited_api, timeout=60) as http:
        yield http


async def call(
    http: httpx.AsyncClient, query: str, variables: dict[str, Any], *, ip: str, token: str | None = None
) -> httpx.Response:
    headers = {"x-forwarded-for": ip}
    if token:
        headers["authorization"] = f"Bearer {token}"
    return await http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)


def error_codes(response: httpx.Response) -> list[str]:
    return [error["extensions"]["code"] for error in response.json().get("errors", [])]


async def sign_up(http: httpx.AsyncClient, *, ip: str, email: str | None = None) -> dict[str, Any]:
    variables = {"input": {"email": email or unique_email(), "password": PASSWORD, "name": "Rae", "workspaceName": "W"}}
    response = await call(http, SIGN_UP, variables, ip=ip)
    assert error_codes(response) == [], response.text
    payload: dict[str, Any] = response.json()["data"]["signUp"]
    return payload


async def test_sign_ups_are_limited_per_address_and_the_answer_says_so(client: httpx.AsyncClient) -> None:
    ip, other = address(), address()
    answers = []
    for _ in range(6):
        response = await call(
            client,
            SIGN_UP,
            {"input": {"email": unique_email(), "password": PASSWORD, "name": "R", "workspaceName": "W"}},
            ip=ip,
        )
        answers.append((error_codes(response), response.headers["ratelimit"]))
    refused = await call(
        client,
        SIGN_UP,
        {"input": {"email": unique_email(), "password": PASSWORD, "name": "R", "workspaceName": "W"}},
        ip=ip,
    )

    assert [codes for codes, _ in answers] == [[]] * 6
    assert [header.split(", ")[0].split(";")[1] for _, header in answers] == ["r=5", "r=4", "r=3", "r=2", "r=1", "r=0"]
    assert answers[0][1].startswith('"auth-ip";r=5;t=')
    assert refused.status_code == 429
    assert error_codes(refused) == ["RATE_LIMITED"]
    retry_after = refused.json()["errors"][0]["extensions"]["retryAfter"]
    assert 1 <= retry_after <= 60
    assert refused.headers["retry-after"] == str(retry_after)
    assert refused.headers["ratelimit-policy"] == '"auth-ip";q=6;w=60'
    assert refused.headers["ratelimit"] == f'"auth-ip";r=0;t={retry_after}'
    # Another person behind the same web server is not held back.
    await sign_up(client, ip=other)


async def test_refresh_is_limited_per_account(client: httpx.AsyncClient) -> None:
    account = await sign_up(client, ip=address())
    token = account["refreshToken"]
    for _ in range(4):
        response = await call(client, REFRESH, {"t": token}, ip=address())
        assert error_codes(response) == []
        token = response.json()["data"]["refreshToken"]["refreshToken"]

    refused = await call(client, REFRESH, {"t": token}, ip=address())

    assert refused.status_code == 429
    assert error_codes(refused) == ["RATE_LIMITED"]
    assert int(refused.headers["retry-after"]) == refused.json()["errors"][0]["extensions"]["retryAfter"]
    assert refused.headers["ratelimit-policy"] == '"auth-ip";q=6;w=60, "auth-account";q=4;w=60'
    # The token was not spent by the refused call.
    assert refused.json()["data"] is None


async def test_failed_sign_ins_back_off_without_locking_the_owner_out(client: httpx.AsyncClient) -> None:
    email = unique_email("victim")
    home, attacker = address(), address()
    await sign_up(client, ip=home, email=email)
    right = {"input": {"email": email, "password": PASSWORD}}
    wrong = {"input": {"email": email, "password": "guess guess guess"}}
    assert error_codes(await call(client, SIGN_IN, right, ip=home)) == []  # home is a known address now

    tries = [error_codes(await call(client, SIGN_IN, wrong, ip=attacker)) for _ in range(3)]
    from_attacker = await call(client, SIGN_IN, right, ip=attacker)
    fresh = await call(client, SIGN_IN, right, ip=address())

    assert tries == [["UNAUTHENTICATED"]] * 3
    assert from_attacker.status_code == 429
    assert error_codes(from_attacker) == ["RATE_LIMITED"]  # even the right password, from that address
    assert from_attacker.json()["errors"][0]["message"].startswith("Too many failed sign-ins for this account")
    assert from_attacker.headers["ratelimit-policy"] == '"sign-in-failures";q=3;w=60'
    assert (fresh.status_code, error_codes(fresh)) == (200, [])  # the owner, from a new address, signs in

    # Spraying from many addresses spends the account's own limit (5 an hour): new addresses wait...
    spray = [error_codes(await call(client, SIGN_IN, wrong, ip=address())) for _ in range(3)]
    assert spray == [["UNAUTHENTICATED"], ["UNAUTHENTICATED"], ["RATE_LIMITED"]]
    assert error_codes(await call(client, SIGN_IN, right, ip=address())) == ["RATE_LIMITED"]
    # ... and the addresses the owner signed in from before still work.
    assert error_codes(await call(client, SIGN_IN, right, ip=home)) == []


async def test_graphql_and_rest_share_a_limit_per_principal(client: httpx.AsyncClient) -> None:
    account = await sign_up(client, ip=address())
    token = account["accessToken"]
    remaining = []
    refused: httpx.Response | None = None
    for _ in range(31):
        response = await call(client, "query { me { id } }", {}, ip=address(), token=token)
        if response.status_code == 429:
            refused = response
            break
        remaining.append(int(response.headers["ratelimit"].split(";r=")[1].split(";")[0]))

    assert refused is not None
    assert len(remaining) == 30
    assert remaining == sorted(remaining, reverse=True)
    assert remaining[-1] == 0
    assert error_codes(refused) == ["RATE_LIMITED"]
    assert refused.headers["ratelimit-policy"] == '"api";q=30;w=60'
    assert int(refused.headers["retry-after"]) >= 1
    rest = await client.get(f"/api/v1/files/{uuid.uuid4()}", headers={"authorization": f"Bearer {token}"})
    assert rest.status_code == 429
    assert rest.json()["error"]["code"] == "RATE_LIMITED"
    assert rest.headers["retry-after"] == refused.headers["retry-after"] or int(rest.headers["retry-after"]) >= 1
    # Someone else is not held back.
    other = await sign_up(client, ip=address())
    assert (await call(client, "query { me { id } }", {}, ip=address(), token=other["accessToken"])).status_code == 200


async def test_the_inbound_webhook_is_limited_per_address(client: httpx.AsyncClient) -> None:
    ip = address()
    statuses = []
    for _ in range(3):
        response = await client.post(
            "/api/v1/webhooks/inbound/email",
            content=b"From: a@example.com\r\n\r\nhi",
            headers={"x-forwarded-for": ip, "content-type": "message/rfc822", "authorization": "Bearer nope"},
        )
        statuses.append(response.status_code)

    assert statuses[:2] != [429, 429]
    assert statuses[2] == 429
    assert response.headers["ratelimit-policy"] == '"inbound";q=2;w=60'


def test_the_client_address_is_believed_only_from_trusted_proxies() -> None:
    trusted = ("127.0.0.1/32", "10.0.0.0/8")
    assert client_ip("127.0.0.1", ["198.51.100.7"], trusted) == "198.51.100.7"
    # A client's own X-Forwarded-For (leftmost) is not believed: the rightmost untrusted hop is.
    assert client_ip("127.0.0.1", ["1.2.3.4, 198.51.100.7, 10.1.1.1"], trusted) == "198.51.100.7"
    assert client_ip("198.51.100.9", ["1.2.3.4"], trusted) == "198.51.100.9"
    assert client_ip("127.0.0.1", ["not an address"], trusted) == "127.0.0.1"
    assert client_ip("127.0.0.1", ["1.2.3.4"], ()) == "127.0.0.1"


async def test_websocket_connection_attempts_are_limited_per_address(
    limited_api: str, client: httpx.AsyncClient, api_log: Path
) -> None:
    ip, other = address(), address()
    token = (await sign_up(client, ip=address()))["accessToken"]

    async def attempt(source: str) -> ClientConnection:
        return await connect(
            ws_url(limited_api),
            subprotocols=[Subprotocol("graphql-transport-ws")],
            additional_headers={"x-forwarded-for": source},
            open_timeout=30,
        )

    accepted = [await attempt(ip) for _ in range(3)]
    with pytest.raises(InvalidStatus) as refused:
        await attempt(ip)
    let_in = await attempt(other)  # someone else behind the same proxy
    try:
        response = refused.value.response
        retry_after = int(response.headers["retry-after"])
        assert [ws.subprotocol for ws in [*accepted, let_in]] == ["graphql-transport-ws"] * 4
        assert response.status_code == 429
        assert 1 <= retry_after <= 60
        assert response.headers["ratelimit-policy"] == '"websocket";q=3;w=60'
        assert response.headers["ratelimit"] == f'"websocket";r=0;t={retry_after}'
        assert json.loads(response.body) == {
            "error": {
                "message": f"Too many connection attempts; try again in {retry_after}s.",
                "code": "RATE_LIMITED",
                "retryAfter": retry_after,
            }
        }
        # A socket let in before still works.
        init = {"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}
        await accepted[0].send(json.dumps(init))
        assert json.loads(await asyncio.wait_for(accepted[0].recv(), 30)) == {"type": "connection_ack"}
    finally:
        for ws in [*accepted, let_in]:
            await ws.close()
    # A refusal is not an error of the server's.
    assert [line for line in logged(api_log) if line["level"] in ("error", "critical", "text")] == []


async def test_a_client_that_goes_away_mid_request_is_no_error(limited_api: str, api_log: Path) -> None:
    host, port = limited_api.removeprefix("http://").split(":")
    head = (
        "POST /graphql HTTP/1.1\r\nHost: api\r\nContent-Type: application/json\r\n"
        f"X-Forwarded-For: {address()}\r\nContent-Length: 5000\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=30) as gone:
        gone.sendall(head.encode() + b'{"query": "{ me { id } }", "variables": {')
        await asyncio.sleep(0.5)  # the api is reading the body by now

    deadline = asyncio.get_running_loop().time() + 60
    while not any(line["event"] == "http.client_disconnected" for line in logged(api_log)):
        assert asyncio.get_running_loop().time() < deadline, "the disconnect was never logged"
        await asyncio.sleep(0.2)

    lines = logged(api_log)
    disconnected = [line for line in lines if line["event"] == "http.client_disconnected"]
    assert [(line["level"], line["method"], line["path"]) for line in disconnected] == [("info", "POST", "/graphql")]
    assert "exception" not in disconnected[0]
    assert [line for line in lines if line["level"] in ("error", "critical", "text")] == []
