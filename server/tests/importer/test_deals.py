"""Deal imports and exports, and custom-field columns, over real HTTP with a real worker: stages by
name within a pipeline, amounts and currencies, owners by email, companies by name or domain;
custom fields typed from their cells with per-row errors; upsert by name and undo; the export."""

from __future__ import annotations

import asyncio
import csv
import io
import subprocess
from typing import Any

import httpx

from tests.factories import CREATE_COMPANY, GraphQLClient, sign_up
from tests.importer.test_import import UNDO, bearer, run_import, upload_csv

CREATE_FIELD = "mutation($input: FieldDefinitionInput!) { createFieldDefinition(input: $input) { key } }"
DEALS = """query { deals(first: 20, orderBy: [{field: NAME, direction: ASC_NULLS_LAST}]) { totalCount edges { node {
  name amount { amountMicros currency } pipeline { name } stage { name } status company { name }
  owner { user { email } } expectedCloseDate customFields } } } }"""
EXPORT = "mutation { startExport(objectType: DEAL) { id } }"
EXPORT_JOB = "query($id: UUID!) { exportJob(id: $id) { state rowCount file { downloadUrl } } }"


async def fields(gql: GraphQLClient, token: str) -> None:
    for field in (
        {"objectType": "DEAL", "key": "tier", "label": "Tier", "type": "SELECT", "options": ["Gold", "Silver"]},
        {"objectType": "DEAL", "key": "seats", "label": "Seats", "type": "NUMBER"},
        {"objectType": "DEAL", "key": "renewal", "label": "Renewal", "type": "DATE"},
        {"objectType": "CONTACT", "key": "vip", "label": "VIP", "type": "BOOLEAN"},
        {"objectType": "CONTACT", "key": "budget", "label": "Budget", "type": "CURRENCY"},
    ):
        await gql.data(CREATE_FIELD, {"input": field}, token=token)


async def deals(gql: GraphQLClient, token: str) -> list[dict[str, Any]]:
    return [edge["node"] for edge in (await gql.data(DEALS, token=token))["deals"]["edges"]]


async def errors_of(http: httpx.AsyncClient, token: str, job: dict[str, Any]) -> list[list[str]]:
    download = await http.get(job["errorsFile"]["downloadUrl"], headers=bearer(token))
    return [row[:2] for row in csv.reader(io.StringIO(download.text))][1:]


async def test_deals_import_with_stages_owners_companies_and_custom_fields_then_upsert_undo_and_export(
    http: httpx.AsyncClient, gql: GraphQLClient, worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    token = account.access_token
    await fields(gql, token)
    await gql.data(CREATE_COMPANY, {"input": {"name": "Acme", "domain": "acme.io"}}, token=token)
    owner = account.email
    content = (
        "Deal - Title,Deal - Value,Deal - Currency,Deal - Pipeline,Deal - Stage,Deal - Organization,"
        "Deal - Owner,Deal - Expected close date,Tier,Seats,Renewal\n"
        f'Big deal,"12,500.50",eur,Sales,proposal,https://www.acme.io/,{owner.upper()},2027-01-31,gold,25,2027/06/30\n'
        "Small deal,300 USD,,,,Acme,,,Silver,,\n"
        "No stage,100,EUR,Sales,Nowhere,,,,,,\n"
        "Bad tier,100,EUR,,,,,,Bronze,,\n"
        "Unknown company,1,EUR,,,Globex,,,,,\n"
        "Nobody owns it,1,EUR,,,,nobody@example.com,,,,\n"
        "No currency,5,,,,,,,,,\n"
        "Bad seats,5,EUR,,,,,,,many,\n"
        ",5,EUR,,,,,,,,\n"
    ).encode()

    uploaded = (await upload_csv(http, token, content, "DEAL")).json()
    job = await run_import(http, gql, token, content, object_type="DEAL")

    assert uploaded["suggestedMapping"] == {
        "Deal - Title": "name",
        "Deal - Value": "amount",
        "Deal - Currency": "currency",
        "Deal - Pipeline": "pipeline",
        "Deal - Stage": "stage",
        "Deal - Organization": "company",
        "Deal - Owner": "owner",
        "Deal - Expected close date": "expectedCloseDate",
        "Tier": "custom:tier",
        "Seats": "custom:seats",
        "Renewal": "custom:renewal",
    }
    assert [field["field"] for field in uploaded["customFields"]] == ["custom:tier", "custom:seats", "custom:renewal"]
    assert (job["state"], job["totalRows"], job["createdCount"], job["errorCount"]) == ("SUCCEEDED", 9, 2, 7), job
    assert await errors_of(http, token, job) == [
        ["4", "Some fields are not valid. (stage: no stage named 'Nowhere' in the pipeline Sales)"],
        ["5", "Some custom fields are not valid. (input.customFields.tier: must be one of: Gold, Silver)"],
        ["6", "Some fields are not valid. (company: no company named 'Globex' (by name or domain))"],
        ["7", "Some fields are not valid. (owner: no member with the email nobody@example.com)"],
        [
            "8",
            "Some fields are not valid. (currency: an amount needs a currency (a currency column, or 1234.50 EUR))",
        ],
        ["9", "Some custom fields are not valid. (customFields.seats: 'many' is not a number)"],
        ["10", "Some fields are not valid. (name: a deal needs a name)"],
    ]
    assert await deals(gql, token) == [
        {
            "name": "Big deal",
            "amount": {"amountMicros": "12500500000", "currency": "EUR"},
            "pipeline": {"name": "Sales"},
            "stage": {"name": "Proposal"},
            "status": "OPEN",
            "company": {"name": "Acme"},
            "owner": {"user": {"email": owner}},
            "expectedCloseDate": "2027-01-31",
            "customFields": {"tier": "Gold", "seats": 25, "renewal": "2027-06-30"},
        },
        {
            "name": "Small deal",
            "amount": {"amountMicros": "300000000", "currency": "USD"},
            "pipeline": {"name": "Sales"},
            "stage": {"name": "Lead"},
            "status": "OPEN",
            "company": {"name": "Acme"},
            "owner": {"user": {"email": owner}},
            "expectedCloseDate": None,
            "customFields": {"tier": "Silver"},
        },
    ]

    # Upsert by name within the company: the Big deal is won now, for more; then undone.
    again = b"Name,Amount,Stage,Company,Seats\nBig deal,20000 EUR,Won,acme.io,30\nNew one,10 EUR,,,\n"
    upserted = await run_import(http, gql, token, again, object_type="DEAL", upsert_by="name")
    assert (upserted["state"], upserted["createdCount"], upserted["updatedCount"], upserted["errorCount"]) == (
        "SUCCEEDED", 1, 1, 0,
    )  # fmt: skip
    big = (await deals(gql, token))[0]
    assert (big["stage"], big["status"], big["amount"], big["customFields"]["seats"]) == (
        {"name": "Won"}, "WON", {"amountMicros": "20000000000", "currency": "EUR"}, 30,
    )  # fmt: skip
    undone = await gql.data(UNDO, {"id": upserted["id"]}, token=token)
    assert undone == {"undoImport": {"state": "UNDONE"}}
    after_undo = await deals(gql, token)
    assert [deal["name"] for deal in after_undo] == ["Big deal", "Small deal"]
    assert (after_undo[0]["stage"], after_undo[0]["status"], after_undo[0]["amount"], after_undo[0]["customFields"]) == (
        {"name": "Proposal"}, "OPEN", {"amountMicros": "12500500000", "currency": "EUR"},
        {"tier": "Gold", "seats": 25, "renewal": "2027-06-30"},
    )  # fmt: skip

    started = (await gql.data(EXPORT, token=token))["startExport"]
    for _ in range(200):
        exported = (await gql.data(EXPORT_JOB, {"id": started["id"]}, token=token))["exportJob"]
        if exported["state"] in ("SUCCEEDED", "FAILED"):
            break
        await asyncio.sleep(0.1)
    assert (exported["state"], exported["rowCount"]) == ("SUCCEEDED", 2)
    download = await http.get(exported["file"]["downloadUrl"], headers=bearer(token))
    rows = sorted(row[1:10] + row[12:] for row in csv.reader(io.StringIO(download.text)))
    assert rows == [
        ["Big deal", "12500.5", "EUR", "Sales", "Proposal", "OPEN", "Acme", owner, "2027-01-31", "Gold", "25", "2027-06-30"],
        ["Small deal", "300", "USD", "Sales", "Lead", "OPEN", "Acme", owner, "", "Silver", "", ""],
        ["name", "amount", "currency", "pipeline", "stage", "status", "company", "owner", "expectedCloseDate",
         "Tier", "Seats", "Renewal"],
    ]  # fmt: skip

    # The export reads back: its columns map to the same fields, custom ones by label.
    reread = (await upload_csv(http, token, download.content, "DEAL")).json()
    assert reread["suggestedMapping"] == {
        "name": "name", "amount": "amount", "currency": "currency", "pipeline": "pipeline", "stage": "stage",
        "company": "company", "owner": "owner", "expectedCloseDate": "expectedCloseDate",
        "Tier": "custom:tier", "Seats": "custom:seats", "Renewal": "custom:renewal",
    }  # fmt: skip


async def test_contact_custom_field_columns_are_typed_with_errors_per_row(
    http: httpx.AsyncClient, gql: GraphQLClient, worker: subprocess.Popen[bytes]
) -> None:
    account = await sign_up(gql)
    token = account.access_token
    await fields(gql, token)
    content = (
        b"Email,VIP,Budget\n"
        b'ada@example.com,yes,"1,500.25 GBP"\n'
        b"bob@example.com,no,\n"
        b"cy@example.com,perhaps,\n"
        b"di@example.com,,250\n"
    )

    job = await run_import(
        http, gql, token, content, mapping={"Email": "email", "VIP": "custom:vip", "Budget": "custom:budget"}
    )

    assert (job["state"], job["createdCount"], job["errorCount"]) == ("SUCCEEDED", 2, 2), job
    assert await errors_of(http, token, job) == [
        ["4", "Some custom fields are not valid. (customFields.vip: 'perhaps' is not true or false (yes/no, 1/0))"],
        ["5", "Some custom fields are not valid. (customFields.budget: '250' has no currency (as 1234.50 EUR))"],
    ]
    contacts = await gql.data(
        "query { contacts(first: 10, orderBy: [{field: NAME, direction: ASC_NULLS_LAST}]) "
        "{ edges { node { name customFields } } } }",
        token=token,
    )
    assert [edge["node"] for edge in contacts["contacts"]["edges"]] == [
        {
            "name": "ada@example.com",
            "customFields": {"vip": True, "budget": {"amountMicros": 1500250000, "currency": "GBP"}},
        },
        {"name": "bob@example.com", "customFields": {"vip": False}},
    ]
