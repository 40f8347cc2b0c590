"""The job-row steps `importer.run` and `exporter.run` share: loading the row, marking it failed.
No worker runs in this module, so a started import stays QUEUED until a test moves it."""

from __future__ import annotations

import uuid

import httpx
import pytest

from rapport.db import Database
from rapport.errors import AppError
from rapport.importer import jobs, repository
from tests.factories import GraphQLClient, sign_up
from tests.importer.test_import import JOB, START, upload_csv


async def test_a_failed_import_is_marked_failed_with_its_message(
    http: httpx.AsyncClient, gql: GraphQLClient, app_db: Database
) -> None:
    account = await sign_up(gql)
    uploaded = (await upload_csv(http, account.access_token, b"Name,Email\nGrace,grace@example.com\n")).json()
    started = await gql.data(
        START,
        {"f": uploaded["id"], "t": "CONTACT", "m": uploaded["suggestedMapping"], "u": None},
        token=account.access_token,
    )
    job_id = started["startImport"]["id"]
    workspace_id = uuid.UUID(account.workspace_id)

    loaded_ws, loaded_id, row = await jobs._load(
        app_db, {"workspace_id": account.workspace_id, "import_id": job_id}, "import", repository.get_import
    )
    assert (loaded_ws, loaded_id, row.id, row.state.value) == (workspace_id, uuid.UUID(job_id), loaded_id, "QUEUED")

    await jobs._mark_failed(
        app_db,
        workspace_id,
        uuid.UUID(job_id),
        AppError("The file is gone."),
        get=repository.get_import,
        update=repository.update_import,
    )

    job = (await gql.data(JOB, {"id": job_id}, token=account.access_token))["importJob"]
    assert (job["state"], job["error"], job["processedRows"]) == ("FAILED", "The file is gone.", 0)


async def test_a_job_not_there_yet_is_retried(gql: GraphQLClient, app_db: Database) -> None:
    account = await sign_up(gql)
    missing = str(uuid.uuid4())
    with pytest.raises(LookupError, match=f"^export {missing} is not there \\(yet\\)$"):
        await jobs._load(
            app_db, {"workspace_id": account.workspace_id, "export_id": missing}, "export", repository.get_export
        )
