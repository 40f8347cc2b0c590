"""Init container of the api, worker and smtp pods: waits until the database is at the migration head
this image carries (the rapport-migrate Job applies it), so new code never runs on an old schema.
Reads alembic_version as the app role, the same check as /readyz; gives up after
RAPPORT_MIGRATION_WAIT_SECONDS (600)."""

import asyncio
import os
import sys
import time

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from rapport.config import get_settings
from rapport.migrate import head_revision


async def main() -> int:
    head = head_revision()
    engine = create_async_engine(get_settings().require_database_url(), pool_pre_ping=True)
    patience = float(os.environ.get("RAPPORT_MIGRATION_WAIT_SECONDS", "600"))
    deadline = time.monotonic() + patience
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
                print(f"migrations: gave up after {patience:.0f} s; is the rapport-migrate Job failing?", flush=True)
                return 1
            await asyncio.sleep(min(3.0, patience / 4))
    finally:
        await engine.dispose()


sys.exit(asyncio.run(main()))
