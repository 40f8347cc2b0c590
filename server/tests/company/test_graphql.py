"""Companies: unique domains among live companies, and counts through DataLoaders."""

from __future__ import annotations

from typing import Any

from rapport.db import Database
from tests.factories import CREATE_COMPANY, CREATE_CONTACT, CREATE_DEAL, GraphQLClient, sign_up
from tests.state import rows, scalar


async def test_domains_are_normalised_and_unique_among_live_companies(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    token = account.access_token
    first = await gql.data(
        CREATE_COMPANY, {"input": {"name": "Umbrella", "domain": "https://www.Umbrella.COM/"}}, token=token
    )
    duplicate = await gql(CREATE_COMPANY, {"input": {"name": "Umbrella 2", "domain": "umbrella.com"}}, token=token)
    invalid = await gql(CREATE_COMPANY, {"input": {"name": "Bad", "domain": "not a domain"}}, token=token)
    company_id = first["createCompany"]["id"]
    await gql.data("mutation($id: UUID!) { deleteCompany(id: $id) }", {"id": company_id}, token=token)
    reused = await gql.data(
        CREATE_COMPANY, {"input": {"name": "Umbrella again", "domain": "umbrella.com"}}, token=token
    )
    restore = await gql("mutation($id: UUID!) { restoreCompany(id: $id) { id } }", {"id": company_id}, token=token)

    assert first["createCompany"]["domain"] == "umbrella.com"
    assert duplicate["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert invalid["errors"][0]["extensions"]["fieldErrors"][0]["path"] == ["input", "domain"]
    assert reused["createCompany"]["domain"] == "umbrella.com"
    assert restore["errors"][0]["extensions"]["code"] == "CONFLICT", "restoring would duplicate the domain"


async def test_a_company_page_shows_its_contacts_deals_and_counts(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    token = account.access_token
    company_id = (
        await gql.data(CREATE_COMPANY, {"input": {"name": "Stark Industries", "employees": 5000}}, token=token)
    )["createCompany"]["id"]
    for name in ("Tony", "Pepper"):
        await gql.data(CREATE_CONTACT, {"input": {"firstName": name, "companyId": company_id}}, token=token)
    await gql.data(CREATE_DEAL, {"input": {"name": "Arc reactor", "companyId": company_id}}, token=token)

    page = await gql.data(
        """query($id: UUID!) { company(id: $id) { name employees contactCount dealCount
          contacts { totalCount edges { node { name } } } deals { edges { node { name } } } } }""",
        {"id": company_id},
        token=token,
    )

    company = page["company"]
    assert (company["name"], company["employees"], company["contactCount"], company["dealCount"]) == (
        "Stark Industries",
        5000,
        2,
        1,
    )
    assert [e["node"]["name"] for e in company["contacts"]["edges"]] == ["Pepper", "Tony"]
    assert company["contacts"]["totalCount"] == 2
    assert [e["node"]["name"] for e in company["deals"]["edges"]] == ["Arc reactor"]


UPDATE_COMPANY = """mutation($id: UUID!, $input: CompanyInput!) {
  updateCompany(id: $id, input: $input) { id name domain industry employees customFields } }"""
COMPANY_TIMELINE = """query($id: UUID!) { company(id: $id) {
  timeline(first: 20) { totalCount edges { node { kind summary changes actor { user { email } } } } } } }"""
TABLES = ("companies", "activities", "outbox_events")


def codes(body: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]


async def test_update_changes_the_fields_given_and_logs_what_changed(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    token = account.access_token
    await gql.data(
        'mutation { createFieldDefinition(input: {objectType: COMPANY, key: "tier", label: "Tier", type: SELECT,'
        ' options: ["gold", "silver"]}) { id } }',
        token=token,
    )
    company = (await gql.data(CREATE_COMPANY, {"input": {"name": "Globex", "domain": "globex.com"}}, token=token))[
        "createCompany"
    ]

    updated = await gql.data(
        UPDATE_COMPANY,
        {
            "id": company["id"],
            "input": {"name": "Globex Corp", "industry": "Energy", "employees": 120, "customFields": {"tier": "gold"}},
        },
        token=token,
    )
    new_domain = await gql.data(
        UPDATE_COMPANY, {"id": company["id"], "input": {"domain": "https://www.GlobexCorp.com/"}}, token=token
    )
    same_again = await gql.data(
        UPDATE_COMPANY, {"id": company["id"], "input": {"industry": "Energy", "domain": "globexcorp.com"}}, token=token
    )
    timeline = (await gql.data(COMPANY_TIMELINE, {"id": company["id"]}, token=token))["company"]["timeline"]

    assert updated["updateCompany"] == {
        "id": company["id"],
        "name": "Globex Corp",
        "domain": "globex.com",
        "industry": "Energy",
        "employees": 120,
        "customFields": {"tier": "gold"},
    }
    assert new_domain["updateCompany"]["domain"] == "globexcorp.com", "normalised, and the fields not given are kept"
    assert new_domain["updateCompany"]["name"] == "Globex Corp"
    assert same_again["updateCompany"] == new_domain["updateCompany"]
    entries = [edge["node"] for edge in timeline["edges"]]
    assert timeline["totalCount"] == 3, "an update that changes nothing writes no entry"
    assert [(e["kind"], e["summary"]) for e in entries] == [
        ("UPDATED", "Updated domain"),
        ("UPDATED", "Updated name, industry, employees, customFields"),
        ("CREATED", "Created company Globex"),
    ]
    assert entries[0]["changes"] == {"domain": {"from": "globex.com", "to": "globexcorp.com"}}
    assert entries[1]["changes"] == {
        "name": {"from": "Globex", "to": "Globex Corp"},
        "industry": {"from": None, "to": "Energy"},
        "employees": {"from": None, "to": 120},
        "customFields": {"from": {}, "to": {"tier": "gold"}},
    }
    assert {e["actor"]["user"]["email"] for e in entries} == {account.email}


async def test_update_refuses_a_domain_another_live_company_has_and_changes_nothing(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    account = await sign_up(gql)
    token = account.access_token
    hooli = (await gql.data(CREATE_COMPANY, {"input": {"name": "Hooli", "domain": "hooli.xyz"}}, token=token))[
        "createCompany"
    ]
    piper = (await gql.data(CREATE_COMPANY, {"input": {"name": "Pied Piper", "domain": "piedpiper.com"}}, token=token))[
        "createCompany"
    ]
    gone = (await gql.data(CREATE_COMPANY, {"input": {"name": "Aviato", "domain": "aviato.com"}}, token=token))[
        "createCompany"
    ]
    await gql.data("mutation($id: UUID!) { deleteCompany(id: $id) }", {"id": gone["id"]}, token=token)
    before = await rows(superuser_db, account.workspace_id, *TABLES)

    taken = await gql(
        UPDATE_COMPANY, {"id": piper["id"], "input": {"name": "Pied Piper 2", "domain": "WWW.Hooli.xyz"}}, token=token
    )
    bad = await gql(UPDATE_COMPANY, {"id": piper["id"], "input": {"name": "", "domain": "no domain"}}, token=token)
    missing = await gql(
        UPDATE_COMPANY, {"id": "01890000-0000-7000-8000-000000000000", "input": {"name": "x"}}, token=token
    )
    after = await rows(superuser_db, account.workspace_id, *TABLES)
    freed = await gql.data(UPDATE_COMPANY, {"id": piper["id"], "input": {"domain": "aviato.com"}}, token=token)

    assert codes(taken) == ["CONFLICT"]
    assert taken["errors"][0]["message"] == "A company with the domain hooli.xyz exists already."
    assert taken["data"] is None
    assert codes(bad) == ["BAD_USER_INPUT"]
    assert sorted(tuple(f["path"]) for f in bad["errors"][0]["extensions"]["fieldErrors"]) == [
        ("input", "domain"),
        ("input", "name"),
    ]
    assert codes(missing) == ["NOT_FOUND"]
    assert after == before, "a refused update writes nothing"
    assert freed["updateCompany"]["domain"] == "aviato.com", "a deleted company's domain is free"
    assert hooli["domain"] == "hooli.xyz"


async def test_a_deleted_company_is_restored_with_its_links(gql: GraphQLClient, superuser_db: Database) -> None:
    account = await sign_up(gql)
    token = account.access_token
    company = (await gql.data(CREATE_COMPANY, {"input": {"name": "Vandelay", "domain": "vandelay.com"}}, token=token))[
        "createCompany"
    ]
    await gql.data(CREATE_CONTACT, {"input": {"firstName": "Art", "companyId": company["id"]}}, token=token)
    await gql.data("mutation($id: UUID!) { deleteCompany(id: $id) }", {"id": company["id"]}, token=token)
    while_deleted = await gql("query($id: UUID!) { company(id: $id) { id } }", {"id": company["id"]}, token=token)

    restored = await gql.data(
        "mutation($id: UUID!) { restoreCompany(id: $id) { id name domain contactCount } }",
        {"id": company["id"]},
        token=token,
    )
    again = await gql.data(
        "mutation($id: UUID!) { restoreCompany(id: $id) { id name } }", {"id": company["id"]}, token=token
    )
    unknown = await gql(
        "mutation($id: UUID!) { restoreCompany(id: $id) { id } }",
        {"id": "01890000-0000-7000-8000-000000000000"},
        token=token,
    )
    listed = await gql.data("query { companies { totalCount edges { node { id } } } }", token=token)
    timeline = (await gql.data(COMPANY_TIMELINE, {"id": company["id"]}, token=token))["company"]["timeline"]

    assert codes(while_deleted) == ["NOT_FOUND"]
    assert restored["restoreCompany"] == {
        "id": company["id"],
        "name": "Vandelay",
        "domain": "vandelay.com",
        "contactCount": 1,
    }
    assert again["restoreCompany"] == {"id": company["id"], "name": "Vandelay"}, "restoring a live company is a no-op"
    assert codes(unknown) == ["NOT_FOUND"]
    assert [edge["node"]["id"] for edge in listed["companies"]["edges"]] == [company["id"]]
    assert [(e["node"]["kind"], e["node"]["summary"]) for e in timeline["edges"]] == [
        ("RESTORED", "Restored company Vandelay"),
        ("DELETED", "Deleted company Vandelay"),
        ("CREATED", "Created company Vandelay"),
    ]
    assert await scalar(superuser_db, "SELECT deleted_at IS NULL FROM companies WHERE id = :id", id=company["id"]), (
        "the row is live again"
    )


async def test_batch_create_writes_the_valid_companies_and_reports_the_others(
    gql: GraphQLClient, superuser_db: Database
) -> None:
    account = await sign_up(gql)
    token = account.access_token
    await gql.data(CREATE_COMPANY, {"input": {"name": "Existing", "domain": "existing.com"}}, token=token)
    batch = """mutation($inputs: [CompanyInput!]!) { createCompanies(inputs: $inputs) {
      companies { name domain employees } errors { index code message fieldErrors } } }"""
    inputs = [
        {"name": "Acme", "domain": "Acme.com", "employees": 10},
        {"domain": "nameless.com"},
        {"name": "Clash", "domain": "existing.com"},
        {"name": "Acme twin", "domain": "acme.com"},
        {"name": "Bad domain", "domain": "not a domain"},
        {"name": "Orphan", "ownerId": "01890000-0000-7000-8000-000000000000"},
        {"name": "Too big", "employees": -1},
        {"name": "Wayne Enterprises"},
    ]

    result = (await gql.data(batch, {"inputs": inputs}, token=token))["createCompanies"]
    too_many = await gql(batch, {"inputs": [{"name": "x"}] * 101}, token=token)
    stored = await rows(superuser_db, account.workspace_id, "companies")

    assert result["companies"] == [
        {"name": "Acme", "domain": "acme.com", "employees": 10},
        {"name": "Wayne Enterprises", "domain": None, "employees": None},
    ]
    assert [(e["index"], e["code"]) for e in result["errors"]] == [
        (1, "BAD_USER_INPUT"),
        (2, "CONFLICT"),
        (3, "CONFLICT"),
        (4, "BAD_USER_INPUT"),
        (5, "NOT_FOUND"),
        (6, "BAD_USER_INPUT"),
    ]
    assert [[tuple(f["path"]) for f in e["fieldErrors"]] for e in result["errors"]] == [
        [("inputs", 1, "name")],
        [],
        [],
        [("inputs", 4, "domain")],
        [],
        [("inputs", 6, "employees")],
    ]
    assert result["errors"][1]["message"] == "A company with the domain existing.com exists already."
    assert codes(too_many) == ["BAD_USER_INPUT"]
    assert sorted(row["name"] for row in stored["companies"]) == ["Acme", "Existing", "Wayne Enterprises"]
