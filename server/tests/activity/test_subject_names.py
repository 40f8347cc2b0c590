"""Timeline entries and tasks name the record they are about (for lists outside the record's page)."""

from __future__ import annotations

from tests.factories import CREATE_COMPANY, CREATE_CONTACT, CREATE_DEAL, GraphQLClient, sign_up


async def test_tasks_name_the_record_they_are_about(gql: GraphQLClient) -> None:
    account = await sign_up(gql)
    token = account.access_token
    company = (await gql.data(CREATE_COMPANY, {"input": {"name": "Globex"}}, token=token))["createCompany"]["id"]
    contact = (await gql.data(CREATE_CONTACT, {"input": {"firstName": "Hank", "lastName": "Scorpio"}}, token=token))[
        "createContact"
    ]["id"]
    deal_id = (await gql.data(CREATE_DEAL, {"input": {"name": "Doomsday device"}}, token=token))["createDeal"]["id"]
    for target in (company, contact, deal_id):
        await gql.data(
            'mutation($id: UUID!) { addTask(targetId: $id, body: "Follow up") { id } }', {"id": target}, token=token
        )
    await gql.data("mutation($id: UUID!) { deleteCompany(id: $id) }", {"id": company}, token=token)

    tasks = await gql.data("query { tasks(done: false) { edges { node { subjectType subjectName } } } }", token=token)

    assert sorted(
        (edge["node"]["subjectType"], edge["node"]["subjectName"] or "") for edge in tasks["tasks"]["edges"]
    ) == [("company", ""), ("contact", "Hank Scorpio"), ("deal", "Doomsday device")]
