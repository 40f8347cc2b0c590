"""Init container of the api, worker and smtp pods: waits until the database is at the migration head
this image carries (the rapport-migrate Job applies it), so new code never runs on an old schema.
Reads alembic_version as the app role, the same check as /readyz; gives up after 10 minutes."""

import asyncio
import sys
import time

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from rapport.config import get_settings
from rapport.migrate import head_revision


async def main() -> int:
    head = head_revision()
    engine = create_async_engine(get_settings().require_database_url(), pool_pre_ping=True)
    deadline = time.monotonic() + 600
    try:
        while True:
            try:
                async with engine.connect() as connection:
                    version = await connection.scalar(text("SELECT version_num FROM alembic_version"))
                if version == head:
                    print(f"migrations: the database is at {head}", flush=True)
                    return 0
                print(f"migrations: the database is at {version}, this image needs {head}; waiting", flush=True)
            except Exception as error:  # noqa: BLE001 - not there yet: wait
                print(f"migrations: cannot read alembic_version yet ({type(error).__name__}); waiting", flush=True)
            if time.monotonic() > deadline:
                print("migrations: gave up after 10 minutes; is the rapport-migrate Job failing?", flush=True)
                return 1
            await asyncio.sleep(3)
    finally:
        await engine.dispose()


sys.exit(asyncio.run(main()))
