"""A graphql-transport-ws client on the `websockets` library, as a browser's `graphql-ws` would speak it."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed


class Socket:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.count = 0

    async def send(self, **message: Any) -> None:
        await self.ws.send(json.dumps(message))

    async def receive(self, wait: float = 10) -> dict[str, Any]:
        """The next message that is not a ping (pings are answered)."""
        while True:
            message: dict[str, Any] = json.loads(await asyncio.wait_for(self.ws.recv(), wait))
            if message["type"] == "ping":
                await self.send(type="pong")
                continue
            return message

    async def subscribe(self, query: str, variables: dict[str, Any] | None = None) -> str:
        self.count += 1
        operation_id = str(self.count)
        await self.send(id=operation_id, type="subscribe", payload={"query": query, "variables": variables or {}})
        return operation_id

    async def nothing_within(self, seconds: float) -> bool:
        try:
            message = await self.receive(wait=seconds)
        except TimeoutError:
            return True
        raise AssertionError(f"expected nothing, got {message}")

    async def closed(self, wait: float = 15) -> tuple[int | None, str]:
        """Waits for the server to close the socket: (code, reason)."""
        try:
            while True:
                await asyncio.wait_for(self.ws.recv(), wait)
        except ConnectionClosed as closed:
            received = closed.rcvd
            return (received.code, received.reason) if received else (None, "")


def ws_url(api_url: str) -> str:
    return api_url.replace("http://", "ws://") + "/graphql"


@asynccontextmanager
async def opened(api_url: str, **connect_options: Any) -> AsyncIterator[Socket]:
    async with connect(ws_url(api_url), subprotocols=["graphql-transport-ws"], **connect_options) as ws:  # type: ignore[list-item]
        yield Socket(ws)


@asynccontextmanager
async def signed_in(api_url: str, token: str, **connect_options: Any) -> AsyncIterator[Socket]:
    async with opened(api_url, **connect_options) as socket:
        await socket.send(type="connection_init", payload={"authorization": f"Bearer {token}"})
        ack = await socket.receive()
        assert ack == {"type": "connection_ack"}, ack
        yield socket
