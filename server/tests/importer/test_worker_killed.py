"""An import whose worker is killed (SIGKILL) mid-way: what it reports as created is committed, nothing
more; a restarted worker resumes it after its last committed batch, and it ends with every row once."""

from __future__ import annotations

import asyncio
import signal
import time

import httpx

from tests.conftest import Servers, start_worker, stop_process
from tests.factories import GraphQLClient, sign_up
from tests.importer.test_import import JOB, START, upload_csv

ROWS = 8000  # eight batches of 1,000
COUNT = "query { contacts(first: 1) { totalCount } }"


def people(rows: int) -> bytes:
    lines = ["First Name,Last Name,Email"]
    lines += [f"Person,{n},person.{n}@killed.example.com" for n in range(rows)]
    return ("\n".join(lines) + "\n").encode()


async def test_an_import_killed_mid_way_is_consistent_then_resumes_to_the_end(
    servers: Servers, http: httpx.AsyncClient, gql: GraphQLClient
) -> None:
    account = await sign_up(gql)
    token = account.access_token
    uploaded = await upload_csv(http, token, people(ROWS))
    assert uploaded.status_code == 201, uploaded.text
    body = uploaded.json()
    first = start_worker(servers, timeout=240)
    try:
        started = await gql.data(
            START, {"f": body["id"], "t": "CONTACT", "m": body["suggestedMapping"], "u": None}, token=token
        )
        import_id = started["startImport"]["id"]
        deadline = time.monotonic() + 120
        while True:
            job = (await gql.data(JOB, {"id": import_id}, token=token))["importJob"]
            if job["processedRows"] >= 1000:
                break
            assert time.monotonic() < deadline, job
            await asyncio.sleep(0.05)
        first.send_signal(signal.SIGKILL)
        assert first.wait(timeout=10) == -signal.SIGKILL
    finally:
        stop_process(first)

    # Killed: the import says what it committed, batch by batch, and the records are exactly that.
    job = (await gql.data(JOB, {"id": import_id}, token=token))["importJob"]
    contacts = (await gql.data(COUNT, token=token))["contacts"]["totalCount"]
    assert job["state"] == "RUNNING", job
    assert 1000 <= job["processedRows"] < ROWS, job
    assert job["processedRows"] % 1000 == 0, job
    assert (job["createdCount"], job["errorCount"]) == (job["processedRows"], 0), job
    assert contacts == job["createdCount"]

    second = start_worker(servers, timeout=240)
    try:
        deadline = time.monotonic() + 180
        while job["state"] == "RUNNING":
            assert time.monotonic() < deadline, job
            await asyncio.sleep(0.2)
            job = (await gql.data(JOB, {"id": import_id}, token=token))["importJob"]
    finally:
        stop_process(second)

    # Resumed after the last committed batch: every row once (a row imported twice would be refused as
    # an existing email, in the error count), none missing.
    assert (job["state"], job["totalRows"], job["processedRows"]) == ("SUCCEEDED", ROWS, ROWS), job
    assert (job["createdCount"], job["updatedCount"], job["errorCount"]) == (ROWS, 0, 0), job
    assert (await gql.data(COUNT, token=token))["contacts"]["totalCount"] == ROWS
    emails = await gql.data(
        'query { contacts(first: 5, filter: {email: {eq: "person.7999@killed.example.com"}}) { totalCount } }',
        token=token,
    )
    assert emails["contacts"]["totalCount"] == 1
