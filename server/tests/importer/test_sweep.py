"""`importer.sweep`: CSVs uploaded for an import that never started expire and their bytes go; imports
that stopped moving are failed with a reason and their `import.finished` event."""

from __future__ import annotations

import httpx
from redis.asyncio import Redis
from sqlalchemy import text

from rapport.db import Database, create_engine
from rapport.file import jobs as file_jobs
from rapport.file.storage import store_of
from rapport.importer import jobs as importer_jobs
from rapport.worker.registry import JobContext
from tests.conftest import Servers
from tests.factories import GraphQLClient, sign_up
from tests.importer.test_import import START, bearer, upload_csv

CSV = b"First Name,Email\nAda,ada@example.com\n"


async def run_jobs(servers: Servers, *names: str) -> list[dict[str, object]]:
    settings = servers.settings(file_purge_delay_seconds=0, import_upload_ttl_seconds=3600, import_stuck_seconds=600)
    db = Database(create_engine(servers.database_url, pool_size=1), create_engine(servers.system_url, pool_size=1))
    redis = Redis.from_url(servers.redis_url)
    try:
        context = JobContext(settings=settings, db=db, redis=redis)
        handlers = {"importer.sweep": importer_jobs.sweep, "file.purge": file_jobs.purge}
        return [dict(await handlers[name](context, {})) for name in names]
    finally:
        await redis.aclose()
        await db.dispose()


async def test_unstarted_uploads_expire_and_stuck_imports_fail(
    servers: Servers, http: httpx.AsyncClient, gql: GraphQLClient, superuser_db: Database
) -> None:
    account = await sign_up(gql)
    token = account.access_token
    fresh = (await upload_csv(http, token, CSV)).json()
    old = (await upload_csv(http, token, CSV)).json()
    started_file = (await upload_csv(http, token, CSV)).json()
    started = await gql.data(
        START, {"f": started_file["id"], "t": "CONTACT", "m": started_file["suggestedMapping"], "u": None}, token=token
    )
    import_id = started["startImport"]["id"]
    async with superuser_db.transaction() as session:
        # Two hours old: past the hour an upload waits and the ten minutes an import may stand still.
        await session.execute(
            text("UPDATE files SET created_at = now() - interval '2 hours' WHERE id = ANY(CAST(:ids AS uuid[]))"),
            {"ids": [old["id"], started_file["id"]]},
        )
        await session.execute(
            text("UPDATE import_jobs SET updated_at = now() - interval '2 hours' WHERE id = :id"), {"id": import_id}
        )
        key = await session.scalar(text("SELECT storage_key FROM files WHERE id = :id"), {"id": old["id"]})
    stored = store_of(servers.settings()).local_path(str(key))
    assert stored is not None
    assert stored.exists()

    swept, purged, again = await run_jobs(servers, "importer.sweep", "file.purge", "importer.sweep")

    assert swept == {"expiredUploads": 1, "failedImports": 1}
    assert purged["purged"] >= 1  # other tests' deleted files too: the stored object below is the proof
    assert again == {"expiredUploads": 0, "failedImports": 0}
    assert not stored.exists()
    async with superuser_db.transaction() as session:
        deleted = dict(
            (await session.execute(
                text("SELECT id::text, deleted_at IS NOT NULL FROM files WHERE id = ANY(CAST(:ids AS uuid[]))"),
                {"ids": [fresh["id"], old["id"], started_file["id"]]},
            )).all()
        )  # fmt: skip
        job = (
            await session.execute(text("SELECT state::text, error FROM import_jobs WHERE id = :id"), {"id": import_id})
        ).one()
        events = (
            (
                await session.execute(
                    text("SELECT payload FROM outbox_events WHERE workspace_id = :ws AND type = 'import.finished'"),
                    {"ws": account.workspace_id},
                )
            )
            .scalars()
            .all()
        )
    assert deleted == {fresh["id"]: False, old["id"]: True, started_file["id"]: False}
    assert job.state == "FAILED"
    assert job.error == (
        "The import stopped: nothing happened for 10 minutes (the worker running it was lost). "
        "0 rows were processed; undo the import or upload the rest again."
    )
    assert events == [
        {
            "id": import_id,
            "objectType": "CONTACT",
            "state": "FAILED",
            "userId": account.user_id,
            "totalRows": None,
            "processedRows": 0,
            "createdCount": 0,
            "updatedCount": 0,
            "errorCount": 0,
            "error": job.error,
            "errorsFileId": None,
        }
    ]
    downloaded = await http.get(f"/api/v1/files/{old['id']}", headers=bearer(token))
    assert downloaded.status_code == 404
