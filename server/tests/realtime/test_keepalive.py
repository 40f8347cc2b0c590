"""Keep-alive: every socket gets a ping each RAPPORT_REALTIME_PING_SECONDS (1 s here); one that has answered
nothing for two intervals is closed with 4451. The pings of a process's sockets are spread over the
interval (one slot of them per 0.25 s tick), not sent to all at once."""

from __future__ import annotations

import asyncio
import itertools
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import AsyncExitStack

import pytest

from tests.conftest import Servers, free_port, stop_process, wait_ready
from tests.factories import GraphQLClient, sign_up
from tests.realtime.client import Socket, signed_in
from tests.realtime.conftest import REALTIME_ENV


@pytest.fixture(scope="module")
def pinging_api(servers: Servers) -> Iterator[str]:
    port = free_port()
    env = servers.env(RAPPORT_API_PORT=str(port), RAPPORT_REALTIME_PING_SECONDS="1", **REALTIME_ENV)
    process = subprocess.Popen([sys.executable, "-m", "rapport", "api"], env=env)
    wait_ready(f"http://127.0.0.1:{port}", process)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(process)


async def pings_for(socket: Socket, seconds: float, *, answer: bool) -> list[float]:
    """When each ping arrived over `seconds` (answered with a pong when `answer`)."""
    arrived: list[float] = []
    ends = time.monotonic() + seconds
    while (left := ends - time.monotonic()) > 0:
        try:
            message = json.loads(await asyncio.wait_for(socket.ws.recv(), left))
        except TimeoutError:
            break
        assert message == {"type": "ping"}, message
        arrived.append(time.monotonic())
        if answer:
            await socket.send(type="pong")
    return arrived


async def test_a_socket_that_answers_is_pinged_each_interval_and_kept(gql: GraphQLClient, pinging_api: str) -> None:
    account = await sign_up(gql)
    async with signed_in(pinging_api, account.access_token) as socket:
        arrived = await pings_for(socket, 5.5, answer=True)
        assert not socket.ws.close_code

    # One ping a second, each about a second after the one before.
    assert 4 <= len(arrived) <= 7, arrived
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrived)]
    assert all(0.5 < gap < 1.6 for gap in gaps), gaps


async def test_a_socket_that_never_answers_is_closed_with_4451(gql: GraphQLClient, pinging_api: str) -> None:
    account = await sign_up(gql)
    async with signed_in(pinging_api, account.access_token) as socket:
        started = time.monotonic()
        arrived = await pings_for(socket, 0.9, answer=False)
        closed = await socket.closed(wait=10)
        took = time.monotonic() - started

    assert closed == (4451, "No pong: the connection seems dead.")
    assert arrived  # it was asked first
    assert 2 <= took < 5, took


async def test_the_pings_of_many_sockets_are_spread_over_the_interval(gql: GraphQLClient, pinging_api: str) -> None:
    account = await sign_up(gql)
    async with AsyncExitStack() as stack:
        sockets = [await stack.enter_async_context(signed_in(pinging_api, account.access_token)) for _ in range(8)]
        firsts = await asyncio.gather(*(pings_for(socket, 1.3, answer=True) for socket in sockets))

    # Four slots of 0.25 s for a 1 s interval; eight sockets that joined one after another fill all four,
    # so their first pings arrive over about 0.75 s (all at once before: the same tick).
    times = [arrived[0] for arrived in firsts]
    assert max(times) - min(times) > 0.45, times
