"""What `pool_pre_ping` costs: short transactions (`Database.transaction()`: set_scope, SELECT 1,
COMMIT) with and without it, in alternating rounds; client CPU per transaction (wall time is noise
on a shared machine). Against a running `rapport up`'s embedded PostgreSQL:

    cd server && uv run python ../bench/pool_preping.py --socket-dir <RAPPORT_DATA_DIR>/postgres
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from rapport.db import Database, create_engine


async def per_transaction(url: str, *, pre_ping: bool, count: int) -> float:
    engine = create_async_engine(url, pool_size=5, pool_pre_ping=True) if pre_ping else create_engine(url, pool_size=5)
    db = Database(engine)
    async with db.transaction() as session:
        await session.execute(text("SELECT 1"))
    started = time.process_time()
    for _ in range(count):
        async with db.transaction() as session:
            await session.execute(text("SELECT 1"))
    elapsed = time.process_time() - started
    await db.dispose()
    return elapsed / count * 1e6


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--socket-dir", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    url = f"postgresql+asyncpg://rapport@/rapport?host={args.socket_dir}"
    results: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(args.rounds):
        for pre_ping in (False, True):
            results[pre_ping].append(await per_transaction(url, pre_ping=pre_ping, count=args.count))
    for pre_ping, values in results.items():
        print(f"pool_pre_ping={pre_ping}: median {statistics.median(values):.0f} µs of client CPU per transaction")


if __name__ == "__main__":
    asyncio.run(main())
