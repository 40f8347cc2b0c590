"""`rapport audit verify`: walks every audit chain as the owner role and names the first bad row."""

from __future__ import annotations

import asyncio
import sys

from rapport.audit import service
from rapport.config import Settings
from rapport.db import Database, create_engine


async def verify_url(owner_url: str) -> service.VerifyResult:
    db = Database(create_engine(owner_url, pool_size=1, application_name="rapport-audit-verify"))
    try:
        async with db.sessionmaker() as session, session.begin():
            return await service.verify(session)
    finally:
        await db.dispose()


def report(result: service.VerifyResult) -> int:
    """Prints the outcome; 0 when every chain holds, 1 otherwise."""
    if not result.problems:
        print(f"audit log intact: {result.events} event(s) in {result.chains} chain(s)")
        return 0
    for problem in result.problems:
        print(f"audit log TAMPERED: {problem.describe()}", file=sys.stderr)
    return 1


def run(settings: Settings) -> int:
    """Against the configured database (RAPPORT_DATABASE_OWNER_URL), or the embedded one of the data
    directory (started for the occasion and stopped after, unless `rapport up` is running it)."""
    if settings.database_url is not None:
        return report(asyncio.run(verify_url(settings.require_owner_url())))
    from rapport.embedded import EmbeddedPostgres, EmbeddedServerError, borrowed_postgres

    try:
        with borrowed_postgres(EmbeddedPostgres(settings.data_dir)) as urls:
            return report(asyncio.run(verify_url(urls.database_owner_url)))
    except EmbeddedServerError as error:
        print(f"rapport: {error}", file=sys.stderr)
        return 2
