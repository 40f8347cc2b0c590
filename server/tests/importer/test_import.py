"""CSV imports and exports over real HTTP, run by a real worker."""

from __future__ import annotations

import asyncio
import csv
import io
import subprocess
from pathlib import Path
from typing import Any

import httpx

from tests.factories import CREATE_CONTACT, GraphQLClient, sign_up, status_of_declared_upload

SALESFORCE = (
    Path(__file__).resolve().parents[4] / "shared" / "corpus" / "csv" / "salesforce-dataloader__accountData.csv"
)
START = """
mutation($f: UUID!, $t: ObjectType!, $m: JSON!, $u: String) {
  startImport(fileId: $f, objectType: $t, mapping: $m, upsertBy: $u) { id state }
}"""
JOB = """
query($id: UUID!) { importJob(id: $id) {
  state totalRows processedRows createdCount updatedCount errorCount error errorsFile { id filename downloadUrl }
} }"""
UNDO = "mutation($id: UUID!) { undoImport(id: $id) { state } }"
CONTACTS = "query { contacts(first: 100) { totalCount edges { node { name emails phones jobTitle } } } }"


def bearer(token: str) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"}


async def upload_csv(
    http: httpx.AsyncClient, token: str, content: bytes, object_type: str = "CONTACT"
) -> httpx.Response:
    return await http.post(
        f"/api/v1/imports?objectType={object_type}",
        files={"file": ("people.csv", content, "text/csv")},
        headers=bearer(token),
    )


async def run_import(
    http: httpx.AsyncClient,
    gql: GraphQLClient,
    token: str,
    content: bytes,
    *,
    object_type: str = "CONTACT",
    mapping: dict[str, str] | None = None,
    upsert_by: str | None = None,
) -> dict[str, Any]:
    uploaded = await upload_csv(http, token, content, object_type)
    assert uploaded.status_code == 201, uploaded.text
    body = uploaded.json()
    started = await gql.data(
        START,
        {"f": body["id"], "t": object_type, "m": mapping or body["suggestedMapping"], "u": upsert_by},
        token=token,
    )
    job_id = started["startImport"]["id"]
    for _ in range(300):
        job = (await gql.data(JOB, {"id": job_id}, token=token))["importJob"]
        if job["state"] in ("SUCCEEDED", "FAILED"):
            return {"id": job_id, **job}
        await asyncio.sleep(0.1)
    raise AssertionError(f"the import did not finish: {job}")


async def test_salesforce_accounts_export_imports_as_companies(
    http: httpx.AsyncClient, gql: GraphQLClient, worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    content = SALESFORCE.read_bytes()

    uploaded = await upload_csv(http, account.access_token, content, "COMPANY")
    body = uploaded.json()
    assert body["encoding"] == "cp1252"
    assert body["delimiter"] == ","
    assert body["columns"][:4] == ["ID", "ISDELETED", "MASTERRECORDID", "NAME"]
    assert body["suggestedMapping"] == {
        "NAME": "name",
        "WEBSITE": "domain",
        "INDUSTRY": "industry",
        "NUMBEROFEMPLOYEES": "employees",
    }
    job = await run_import(http, gql, account.access_token, content, object_type="COMPANY")

    assert job["state"] == "SUCCEEDED", job
    assert (job["totalRows"], job["processedRows"], job["createdCount"], job["errorCount"]) == (423, 423, 423, 0)
    names = await gql.data(
        'query { companies(first: 5, filter: {name: {startsWith: "Pébéo"}}) { edges { node { name } } } }',
        token=account.access_token,
    )
    assert names["companies"]["edges"] == [{"node": {"name": "Pébéo of America"}}]


async def test_broken_rows_go_to_the_errors_csv_and_formulas_are_neutralised(
    http: httpx.AsyncClient, gql: GraphQLClient, worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    content = (
        b"First Name,Last Name,Email,Phone\n"
        b"Ada,Lovelace,ada@example.com,+44 20 1234\n"
        b"Bad,Email,not-an-email,\n"
        b"Too,Many,many@example.com,1,EXTRA\n"
        b"Short,Row\n"
        b'=HYPERLINK("http://evil"),X,x@example.com,=1+1\n'
        b"Ada,Again,ada@example.com,\n"
    )

    job = await run_import(http, gql, account.access_token, content)

    assert (job["state"], job["createdCount"], job["errorCount"]) == ("SUCCEEDED", 2, 4), job
    errors = await http.get(job["errorsFile"]["downloadUrl"], headers=bearer(account.access_token))
    assert errors.headers["content-disposition"].startswith('attachment; filename="people-errors.csv"')
    rows = list(csv.reader(io.StringIO(errors.text)))
    assert rows[0] == ["row", "error", "First Name", "Last Name", "Email", "Phone"]
    assert [row[0] for row in rows[1:]] == ["3", "4", "6", "7"]
    assert rows[2][1] == "The row has 5 cells; the header has 4."
    assert rows[3][2] == '\'=HYPERLINK("http://evil")'
    assert rows[3][5] == "'=1+1"
    assert rows[4][1] == "Row 2 has the same email (ada@example.com)."
    contacts = (await gql.data(CONTACTS, token=account.access_token))["contacts"]
    assert sorted(edge["node"]["name"] for edge in contacts["edges"]) == ["Ada Lovelace", "Short Row"]


async def test_upsert_by_email_then_undo_restores_and_deletes(
    http: httpx.AsyncClient, gql: GraphQLClient, worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    await gql.data(
        CREATE_CONTACT,
        {"input": {"firstName": "Grace", "emails": ["grace@example.com"], "jobTitle": "Admiral"}},
        token=account.access_token,
    )
    content = b"Email,Job Title,First Name\ngrace@example.com,Rear Admiral,Grace\nnew@example.com,Engineer,Newton\n"

    job = await run_import(http, gql, account.access_token, content, upsert_by="email")

    assert (job["createdCount"], job["updatedCount"], job["errorCount"]) == (1, 1, 0)
    after = (await gql.data(CONTACTS, token=account.access_token))["contacts"]["edges"]
    assert sorted((e["node"]["name"], e["node"]["jobTitle"]) for e in after) == [
        ("Grace", "Rear Admiral"),
        ("Newton", "Engineer"),
    ]

    undone = await gql.data(UNDO, {"id": job["id"]}, token=account.access_token)

    assert undone == {"undoImport": {"state": "UNDONE"}}
    restored = (await gql.data(CONTACTS, token=account.access_token))["contacts"]
    assert [(e["node"]["name"], e["node"]["jobTitle"], e["node"]["emails"]) for e in restored["edges"]] == [
        ("Grace", "Admiral", ["grace@example.com"])
    ]


async def test_create_only_refuses_existing_emails(
    http: httpx.AsyncClient, gql: GraphQLClient, worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    await gql.data(CREATE_CONTACT, {"input": {"emails": ["grace@example.com"]}}, token=account.access_token)

    job = await run_import(http, gql, account.access_token, b"Email\ngrace@example.com\n")

    assert (job["createdCount"], job["updatedCount"], job["errorCount"]) == (0, 0, 1)


async def test_wrong_encoding_binary_and_huge_files_are_refused(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    utf16 = "Name,Email\nZoë,zoe@example.com\n".encode("utf-16")

    decoded = await upload_csv(http, account.access_token, utf16)
    binary = await upload_csv(http, account.access_token, b"\x00\x01\x02\x03" * 100)
    empty = await upload_csv(http, account.access_token, b"")

    assert decoded.status_code == 201
    assert decoded.json()["columns"] == ["Name", "Email"]
    assert decoded.json()["sample"] == [["Zoë", "zoe@example.com"]]
    assert binary.status_code == 400
    assert empty.status_code == 400
    assert empty.json()["error"]["message"] == "The file is empty."

    status_line = await status_of_declared_upload(http, "/api/v1/imports", account.access_token, 1024**3)
    assert status_line.startswith(b"HTTP/1.1 413")


async def test_bad_mapping_is_refused(http: httpx.AsyncClient, gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    body = (await upload_csv(http, account.access_token, b"Email\na@example.com\n")).json()

    answer = await gql(START, {"f": body["id"], "t": "CONTACT", "m": {"Email": "password"}}, token=account.access_token)

    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert answer["errors"][0]["extensions"]["fieldErrors"][0]["path"] == ["mapping", "Email"]


async def test_export_streams_the_filtered_list_with_formulas_neutralised(
    http: httpx.AsyncClient, gql: GraphQLClient, worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    for first in ("=SUM(A1)", "Bob", "Alice"):
        await gql.data(CREATE_CONTACT, {"input": {"firstName": first, "lastName": "Test"}}, token=account.access_token)

    started = await gql.data(
        'mutation { startExport(objectType: CONTACT, filter: {name: {neq: "Bob Test"}}) { id state } }',
        token=account.access_token,
    )
    export_id = started["startExport"]["id"]
    for _ in range(200):
        job = (
            await gql.data(
                "query($id: UUID!) { exportJob(id: $id) { state rowCount file { downloadUrl contentType } } }",
                {"id": export_id},
                token=account.access_token,
            )
        )["exportJob"]
        if job["state"] == "SUCCEEDED":
            break
        await asyncio.sleep(0.1)

    assert job["rowCount"] == 2
    assert job["file"]["contentType"] == "text/csv"
    download = await http.get(job["file"]["downloadUrl"], headers=bearer(account.access_token))
    rows = list(csv.reader(io.StringIO(download.text)))
    assert rows[0][:4] == ["id", "firstName", "lastName", "name"]
    assert sorted(row[1] for row in rows[1:]) == ["'=SUM(A1)", "Alice"]
