"""Companies: unique domains among live companies, and counts through DataLoaders."""

from __future__ import annotations

from tests.factories import CREATE_COMPANY, CREATE_CONTACT, CREATE_DEAL, GraphQLClient, sign_up


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
