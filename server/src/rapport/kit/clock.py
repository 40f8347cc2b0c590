import asyncio
from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


async def idle(stop: asyncio.Event, wake: asyncio.Event, *, seconds: float) -> None:
    """A polling loop's pause: returns when `stop` or `wake` is set, or after `seconds`."""
    stopping = asyncio.ensure_future(stop.wait())
    woken = asyncio.ensure_future(wake.wait())
    await asyncio.wait({stopping, woken}, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    woken.cancel()
