"""Workspaces are kept apart by the database itself, and every operation respects that."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import text

from rapport.config import Settings
from rapport.db import Database
from rapport.graphql.schema import build_schema
from rapport.mailbox.secrets import MAILBOX_PASSWORDS
from rapport.webhook.signing import WEBHOOK_SECRETS
from tests.conftest import TEST_SECRET, Servers
from tests.factories import GraphQLClient, Records, join, seed_records, sign_up

TENANT_TABLES_SQL = """
SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, c.relispartition
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
  AND (c.relname = 'workspaces' OR EXISTS (
    SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'workspace_id' AND NOT a.attisdropped))
ORDER BY c.relname
"""


async def tenant_tables(db: Database) -> list[Any]:
    async with db.transaction() as session:
        return list((await session.execute(text(TENANT_TABLES_SQL))).all())


async def test_every_tenant_table_has_row_level_security_enabled_and_forced(superuser_db: Database) -> None:
    tables = await tenant_tables(superuser_db)

    assert {t.relname for t in tables if not t.relispartition} >= {
        "workspaces",
        "workspace_members",
        "refresh_tokens",
        "outbox_events",
        "activities",
        "companies",
        "contacts",
        "pipelines",
        "stages",
        "deals",
        "deal_contacts",
        "field_definitions",
    }
    assert [t.relname for t in tables if not (t.relrowsecurity and t.relforcerowsecurity)] == []


async def test_the_app_role_cannot_bypass_row_level_security_and_owns_nothing(app_db: Database) -> None:
    async with app_db.transaction() as session:
        role = (
            await session.execute(
                text("SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles WHERE rolname = current_user")
            )
        ).one()
        owned = await session.scalar(
            text(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = 'public' AND pg_has_role(current_user, c.relowner, 'USAGE')"
            )
        )
    assert (role.rolsuper, role.rolbypassrls, role.rolcreaterole) == (False, False, False)
    assert owned == 0


async def test_with_no_workspace_set_the_app_role_reads_no_rows_from_any_tenant_table(
    gql: GraphQLClient, app_db: Database, superuser_db: Database
) -> None:
    for workspace in ("Alpha", "Beta"):
        account = await sign_up(gql, workspace=workspace)
        records = await seed_records(gql, account)
        await seed_email_rows(superuser_db, account.workspace_id, records)
        await gql.data(
            'mutation { saveView(name: "Mine", objectType: CONTACT, state: {}) { id } '
            'setLostReasons(reasons: ["Price"]) inviteMember(email: "invitee@example.com", role: MEMBER) { id } }',
            token=account.access_token,
        )
        await gql.data(  # a bulk change keeps what it did, for its undo
            'mutation($a: UUID!) { bulkUpdateContacts(ids: [$a], input: {jobTitle: "Chief"}) { id } }',
            {"a": records.contact_id},
            token=account.access_token,
        )
        async with superuser_db.transaction() as session:
            # The relay queues records for embedding; no worker runs in this test, so one row by hand.
            await session.execute(
                text(
                    "INSERT INTO embedding_queue (workspace_id, object_type, object_id)"
                    " VALUES (:ws, 'CONTACT', :id) ON CONFLICT DO NOTHING"
                ),
                {"ws": account.workspace_id, "id": records.contact_id},
            )
            # A security event of the workspace's audit log (the database chains it).
            await session.execute(
                text("INSERT INTO audit_events (id, workspace_id, action) VALUES (gen_random_uuid(), :ws, 'test')"),
                {"ws": account.workspace_id},
            )
    tables = [t.relname for t in await tenant_tables(superuser_db) if not t.relispartition]

    for table in tables:
        async with superuser_db.transaction() as session:
            stored = await session.scalar(text(f"SELECT count(*) FROM {table}"))
        async with app_db.transaction() as session:
            visible = await session.scalar(text(f"SELECT count(*) FROM {table}"))
        assert stored > 0, f"{table} should hold rows for this test to mean anything"
        assert visible == 0, f"{table} leaks {visible} rows with no workspace set"


# A file (an import's CSV), an import with one record and one refused row, and an export.
FILE_ROWS = (
    "INSERT INTO files (id, workspace_id, filename, content_type, size, sha256, storage_key, purpose)"
    " VALUES (:f, :ws, 'x.csv', 'text/csv', 1, decode(repeat('00', 32), 'hex'), 'k/import/x', 'import')",
    "INSERT INTO import_jobs (id, workspace_id, file_id, object_type, state, mapping, created_by)"
    " VALUES (:ij, :ws, :f, 'CONTACT', 'SUCCEEDED', '{}', :member)",
    "INSERT INTO import_records (import_id, record_id, workspace_id, action) VALUES (:ij, :contact, :ws, 'CREATED')",
    "INSERT INTO import_row_errors (import_id, row_number, workspace_id, reason, cells)"
    " VALUES (:ij, 2, :ws, 'x', '{}')",
    "INSERT INTO export_jobs (id, workspace_id, object_type, state, created_by)"
    " VALUES (:ex, :ws, 'CONTACT', 'QUEUED', :member)",
    # A disabled webhook endpoint (no worker sends to it) with one delivery in its log.
    "INSERT INTO webhook_endpoints (id, workspace_id, url, events, enabled, secret)"
    " VALUES (:wh, :ws, 'https://hooks.example.com/', '{*}', false, :webhook_secret)",
    "INSERT INTO webhook_deliveries (id, workspace_id, endpoint_id, event_type, body, state)"
    " VALUES (:wd, :ws, :wh, 'contact.created', '{}', 'DEAD')",
)
NOTIFICATION_ROW = (
    "INSERT INTO notifications (id, workspace_id, recipient_member_id, kind, title, dedupe_key)"
    " VALUES (:n, :ws, :member, 'TASK_DUE', 'Secret task due', 'seed')"
)
API_KEY_ROW = (
    "INSERT INTO api_keys (id, workspace_id, name, prefix, secret_hash, role, created_by_id)"
    " VALUES (:k, :ws, 'Zapier', 'rpk_00000000', decode(md5(random()::text), 'hex'), 'MEMBER', :member)"
)
# Secrets sealed as the test servers seal them: `rapport reseal` (tests/auth/test_key_rotation.py) runs
# over the whole database and fails on a secret no key in use can read.
_SETTINGS = Settings(env="test", secret_key=TEST_SECRET)
SEALED = {
    "password": MAILBOX_PASSWORDS.encrypt(_SETTINGS, "imap password"),
    "webhook_secret": WEBHOOK_SECRETS.encrypt(_SETTINGS, "whsec_dGVuYW5jeS10ZXN0LXNlY3JldC0wMTIzNDU2Nzg5"),
}
EMAIL_ROWS = (
    "INSERT INTO mailboxes (id, workspace_id, member_id, address, host, port, tls, username, password_encrypted)"
    " VALUES (:mb, :ws, :member, 'a@example.com', 'imap.example.com', 993, true, 'a', :password)",
    "INSERT INTO mailbox_folders (mailbox_id, workspace_id, name) VALUES (:mb, :ws, 'INBOX')",
    "INSERT INTO inbound_emails (id, workspace_id, source, mailbox_id, raw, size)"
    " VALUES (:in, :ws, 'IMAP', :mb, '\\x00', 1)",
    "INSERT INTO email_threads (id, workspace_id, normalized_subject, first_message_at, last_message_at)"
    " VALUES (:t, :ws, 'x', now(), now())",
    "INSERT INTO emails (id, workspace_id, thread_id, content_hash, received_at, direction, snippet, size)"
    " VALUES (:e, :ws, :t, '\\x00', now(), 'INBOUND', 'x', 1)",
    "INSERT INTO email_participants (workspace_id, email_id, position, role, address, contact_id)"
    " VALUES (:ws, :e, 0, 'FROM', 'x@example.com', :contact)",
    "INSERT INTO email_links (workspace_id, email_id, thread_id, target_type, target_id)"
    " VALUES (:ws, :e, :t, 'CONTACT', :contact)",
    "INSERT INTO email_mailboxes (workspace_id, email_id, mailbox_id) VALUES (:ws, :e, :mb)",
    "INSERT INTO attachments (id, workspace_id, email_id, filename, content_type, size, sha256)"
    " VALUES (:a, :ws, :e, 'x.txt', 'text/plain', 1, '\\x00')",
    # FAILED: no worker sends it.
    "INSERT INTO outbound_emails (email_id, workspace_id, mailbox_id, member_id, state, sender, recipients, raw)"
    " VALUES (:e, :ws, :mb, :member, 'FAILED', 'a@example.com', '{x@example.com}', '\\x00')",
    "INSERT INTO email_templates (id, workspace_id, name, subject, body) VALUES (:tp, :ws, 'T', 'S', 'B')",
    "INSERT INTO embeddings (workspace_id, object_type, object_id, model, model_version, content_hash, tokens, embedding)"
    " VALUES (:ws, 'CONTACT', :contact, 'm', 'v', '\\x00', 1, CAST(array_fill(0.05, ARRAY[384]) AS vector))",
    *FILE_ROWS,
    API_KEY_ROW,
)


async def seed_email_rows(db: Database, workspace_id: str, records: Records) -> None:
    """One row in each email table (the pipeline itself is tested in tests/email), and one embedding."""
    values = {
        "ws": workspace_id,
        "member": records.member_id,
        "contact": records.contact_id,
        **{key: uuid.uuid4() for key in ("mb", "in", "t", "e", "a", "f", "ij", "ex", "wh", "wd", "n", "k", "tp")},
        **SEALED,
    }
    async with db.transaction() as session:
        for statement in (*EMAIL_ROWS, NOTIFICATION_ROW):
            await session.execute(text(statement), values)


async def test_with_a_workspace_set_the_app_role_reads_only_that_workspace(
    gql: GraphQLClient, app_db: Database
) -> None:
    alpha = await sign_up(gql, workspace="Alpha")
    beta = await sign_up(gql, workspace="Beta")

    async with app_db.transaction(workspace_id=alpha.workspace_id) as session:  # type: ignore[arg-type]
        workspaces = (await session.scalars(text("SELECT id::text FROM workspaces"))).all()
        member_workspaces = set((await session.scalars(text("SELECT workspace_id::text FROM workspace_members"))).all())
        activity_workspaces = set((await session.scalars(text("SELECT workspace_id::text FROM activities"))).all())
        outbox_workspaces = set((await session.scalars(text("SELECT workspace_id::text FROM outbox_events"))).all())

    assert workspaces == [alpha.workspace_id]
    assert member_workspaces == activity_workspaces == outbox_workspaces == {alpha.workspace_id}
    assert beta.workspace_id not in member_workspaces


async def test_the_app_role_cannot_write_into_another_workspace(gql: GraphQLClient, app_db: Database) -> None:
    alpha = await sign_up(gql, workspace="Alpha")
    beta = await sign_up(gql, workspace="Beta")

    with pytest.raises(Exception, match="row-level security"):
        async with app_db.transaction(workspace_id=alpha.workspace_id) as session:  # type: ignore[arg-type]
            await session.execute(
                text(
                    "INSERT INTO workspace_members (id, workspace_id, user_id, role)"
                    " VALUES (gen_random_uuid(), :ws, :user, 'OWNER')"
                ),
                {"ws": beta.workspace_id, "user": alpha.user_id},
            )


# Every root field that takes an id, with a call using another workspace's ids. A new field
# with an id argument fails `test_every_field_taking_an_id_is_covered` until it is listed here.
# Each call names the victim's record it points at (an attribute of Records, or "workspace").
CROSS_WORKSPACE_CALLS: dict[str, tuple[str, dict[str, str]]] = {
    "switchWorkspace": ("mutation($a: UUID!) { switchWorkspace(workspaceId: $a) { accessToken } }", {"a": "workspace"}),
    "updateMemberRole": (
        "mutation($a: UUID!) { updateMemberRole(memberId: $a, role: VIEWER) { id } }",
        {"a": "helper"},
    ),
    "removeMember": ("mutation($a: UUID!) { removeMember(memberId: $a) }", {"a": "helper"}),
    "contact": ("query($a: UUID!) { contact(id: $a) { id } }", {"a": "contact_id"}),
    "company": ("query($a: UUID!) { company(id: $a) { id } }", {"a": "company_id"}),
    "deal": ("query($a: UUID!) { deal(id: $a) { id } }", {"a": "deal_id"}),
    "pipeline": ("query($a: UUID!) { pipeline(id: $a) { id } }", {"a": "pipeline_id"}),
    "stage": ("query($a: UUID!) { stage(id: $a) { id deals { totalCount } } }", {"a": "stage"}),
    "dealStats": (
        "query($a: UUID) { dealStats(pipelineId: $a) { byStage { count } closedByMonth { won } } }",
        {"a": "pipeline_id"},
    ),
    "tasks": ("query($a: UUID) { tasks(assigneeId: $a) { edges { node { id } } } }", {"a": "member_id"}),
    "updateContact": (
        'mutation($a: UUID!) { updateContact(id: $a, input: {jobTitle: "x"}) { id } }',
        {"a": "contact_id"},
    ),
    "deleteContact": ("mutation($a: UUID!) { deleteContact(id: $a) }", {"a": "contact_id"}),
    "restoreContact": ("mutation($a: UUID!) { restoreContact(id: $a) { id } }", {"a": "contact_id"}),
    "updateCompany": (
        'mutation($a: UUID!) { updateCompany(id: $a, input: {industry: "x"}) { id } }',
        {"a": "company_id"},
    ),
    "deleteCompany": ("mutation($a: UUID!) { deleteCompany(id: $a) }", {"a": "company_id"}),
    "restoreCompany": ("mutation($a: UUID!) { restoreCompany(id: $a) { id } }", {"a": "company_id"}),
    "updateDeal": ('mutation($a: UUID!) { updateDeal(id: $a, input: {name: "x"}) { id } }', {"a": "deal_id"}),
    "moveDeal": (
        "mutation($a: UUID!, $b: UUID!) { moveDeal(id: $a, stageId: $b) { id } }",
        {"a": "deal_id", "b": "stage"},
    ),
    "deleteDeal": ("mutation($a: UUID!) { deleteDeal(id: $a) }", {"a": "deal_id"}),
    "restoreDeal": ("mutation($a: UUID!) { restoreDeal(id: $a) { id } }", {"a": "deal_id"}),
    "setDealContact": (
        "mutation($a: UUID!, $b: UUID!) { setDealContact(dealId: $a, contactId: $b) { id } }",
        {"a": "deal_id", "b": "contact_id"},
    ),
    "removeDealContact": (
        "mutation($a: UUID!, $b: UUID!) { removeDealContact(dealId: $a, contactId: $b) { id } }",
        {"a": "deal_id", "b": "contact_id"},
    ),
    "updatePipeline": ('mutation($a: UUID!) { updatePipeline(id: $a, name: "x") { id } }', {"a": "pipeline_id"}),
    "deletePipeline": ("mutation($a: UUID!) { deletePipeline(id: $a) }", {"a": "pipeline_id"}),
    "addStage": ('mutation($a: UUID!) { addStage(pipelineId: $a, input: {name: "x"}) { id } }', {"a": "pipeline_id"}),
    "updateStage": ('mutation($a: UUID!) { updateStage(id: $a, input: {name: "x"}) { id } }', {"a": "stage"}),
    "reorderStages": (
        "mutation($a: UUID!) { reorderStages(pipelineId: $a, stageIds: []) { id } }",
        {"a": "pipeline_id"},
    ),
    "deleteStage": ("mutation($a: UUID!) { deleteStage(id: $a) }", {"a": "stage"}),
    "updateFieldDefinition": (
        'mutation($a: UUID!) { updateFieldDefinition(id: $a, input: {label: "x"}) { id } }',
        {"a": "field_id"},
    ),
    "deleteFieldDefinition": ("mutation($a: UUID!) { deleteFieldDefinition(id: $a) }", {"a": "field_id"}),
    "addNote": ('mutation($a: UUID!) { addNote(targetId: $a, body: "x") { id } }', {"a": "contact_id"}),
    "markNotificationsRead": (
        "mutation($a: UUID!) { markNotificationsRead(ids: [$a]) { notifications { id } } }",
        {"a": "notification"},
    ),
    "addTask": ('mutation($a: UUID!) { addTask(targetId: $a, body: "x") { id } }', {"a": "deal_id"}),
    "completeTask": ("mutation($a: UUID!) { completeTask(id: $a) { id } }", {"a": "task_id"}),
    "updateNote": ('mutation($a: UUID!) { updateNote(id: $a, body: "x") { id } }', {"a": "note"}),
    "deleteNote": ("mutation($a: UUID!) { deleteNote(id: $a) }", {"a": "note"}),
    "updateCall": ("mutation($a: UUID!) { updateCall(id: $a, input: {outcome: BUSY}) { id } }", {"a": "call"}),
    "deleteCall": ("mutation($a: UUID!) { deleteCall(id: $a) }", {"a": "call"}),
    "updateMeeting": ('mutation($a: UUID!) { updateMeeting(id: $a, input: {title: "x"}) { id } }', {"a": "meeting"}),
    "deleteMeeting": ("mutation($a: UUID!) { deleteMeeting(id: $a) }", {"a": "meeting"}),
    "updateTask": ('mutation($a: UUID!) { updateTask(id: $a, body: "x") { id } }', {"a": "task_id"}),
    "emailThread": ("query($a: UUID!) { emailThread(id: $a) { id } }", {"a": "thread"}),
    "email": ("query($a: UUID!) { email(id: $a) { id } }", {"a": "email"}),
    "disconnectMailbox": ("mutation($a: UUID!) { disconnectMailbox(id: $a) }", {"a": "mailbox"}),
    "retrySendEmail": ("mutation($a: UUID!) { retrySendEmail(id: $a) { id } }", {"a": "email"}),
    "renderEmailTemplate": ("query($a: UUID!) { renderEmailTemplate(id: $a) { subject } }", {"a": "template"}),
    "updateEmailTemplate": (
        'mutation($a: UUID!) { updateEmailTemplate(id: $a, name: "x", subject: "x", body: "x") { id } }',
        {"a": "template"},
    ),
    "deleteEmailTemplate": ("mutation($a: UUID!) { deleteEmailTemplate(id: $a) }", {"a": "template"}),
    "files": ("query($a: UUID!) { files(targetId: $a) { id } }", {"a": "contact_id"}),
    "attachFile": (
        "mutation($a: UUID!, $t: UUID!) { attachFile(fileId: $a, targetId: $t) { id } }",
        {"a": "file", "t": "own_deal"},
    ),
    "deleteFile": ("mutation($a: UUID!) { deleteFile(id: $a) }", {"a": "file"}),
    "revokeApiKey": ("mutation($a: UUID!) { revokeApiKey(id: $a) }", {"a": "api_key"}),
    "importJob": ("query($a: UUID!) { importJob(id: $a) { id } }", {"a": "import"}),
    "exportJob": ("query($a: UUID!) { exportJob(id: $a) { id } }", {"a": "export"}),
    "startImport": (
        'mutation($a: UUID!) { startImport(fileId: $a, objectType: CONTACT, mapping: {Email: "email"}) { id } }',
        {"a": "file"},
    ),
    "undoImport": ("mutation($a: UUID!) { undoImport(id: $a) { id } }", {"a": "import"}),
    "mergeContacts": (
        "mutation($a: UUID!, $t: UUID!) { mergeContacts(primaryId: $t, duplicateIds: [$a]) { id } }",
        {"a": "contact_id", "t": "own_contact"},
    ),
    "mergeCompanies": (
        "mutation($a: UUID!, $t: UUID!) { mergeCompanies(primaryId: $t, duplicateIds: [$a]) { id } }",
        {"a": "company_id", "t": "own_company"},
    ),
    "undoMerge": ("mutation($a: UUID!) { undoMerge(id: $a) { __typename } }", {"a": "contact_id"}),
    "similar": ("query($a: UUID!) { similar(id: $a) { type } }", {"a": "contact_id"}),
    "webhookDeliveries": (
        "query($a: UUID!) { webhookDeliveries(endpointId: $a) { edges { node { id } } } }",
        {"a": "webhook"},
    ),
    "updateWebhookEndpoint": (
        "mutation($a: UUID!) { updateWebhookEndpoint(id: $a, enabled: true) { id } }",
        {"a": "webhook"},
    ),
    "rotateWebhookSecret": ("mutation($a: UUID!) { rotateWebhookSecret(id: $a) { secret } }", {"a": "webhook"}),
    "deleteWebhookEndpoint": ("mutation($a: UUID!) { deleteWebhookEndpoint(id: $a) }", {"a": "webhook"}),
    "sendTestWebhook": ("mutation($a: UUID!) { sendTestWebhook(endpointId: $a) { id } }", {"a": "webhook"}),
    "retryWebhookDelivery": ("mutation($a: UUID!) { retryWebhookDelivery(id: $a) { id } }", {"a": "delivery"}),
    "deleteView": ("mutation($a: UUID!) { deleteView(id: $a) }", {"a": "view"}),
    "revokeInvitation": ("mutation($a: UUID!) { revokeInvitation(id: $a) }", {"a": "invitation"}),
    "bulkUpdateContacts": (
        'mutation($a: UUID!) { bulkUpdateContacts(ids: [$a], input: {jobTitle: "x"}) { updated errors { code } } }',
        {"a": "contact_id"},
    ),
    "bulkUpdateCompanies": (
        'mutation($a: UUID!) { bulkUpdateCompanies(ids: [$a], input: {industry: "x"}) { updated errors { code } } }',
        {"a": "company_id"},
    ),
    "bulkUpdateDeals": (
        'mutation($a: UUID!) { bulkUpdateDeals(ids: [$a], input: {name: "x"}) { updated errors { code } } }',
        {"a": "deal_id"},
    ),
    "bulkDeleteContacts": (
        "mutation($a: UUID!) { bulkDeleteContacts(ids: [$a]) { updated errors { code } } }",
        {"a": "contact_id"},
    ),
    "bulkDeleteCompanies": (
        "mutation($a: UUID!) { bulkDeleteCompanies(ids: [$a]) { updated errors { code } } }",
        {"a": "company_id"},
    ),
    "bulkDeleteDeals": (
        "mutation($a: UUID!) { bulkDeleteDeals(ids: [$a]) { updated errors { code } } }",
        {"a": "deal_id"},
    ),
    "undoBulk": ("mutation($a: UUID!) { undoBulk(id: $a) { updated } }", {"a": "bulk"}),
    "startExport": ("mutation($a: UUID!) { startExport(objectType: CONTACT, ids: [$a]) { id } }", {"a": "contact_id"}),
}
# Ids inside inputs: references to another workspace's records.
CROSS_WORKSPACE_INPUTS: dict[str, tuple[str, dict[str, str]]] = {
    "createContact.companyId": (
        'mutation($a: UUID!) { createContact(input: {firstName: "x", companyId: $a}) { id } }',
        {"a": "company_id"},
    ),
    "createContact.ownerId": (
        'mutation($a: UUID!) { createContact(input: {firstName: "x", ownerId: $a}) { id } }',
        {"a": "member_id"},
    ),
    "createDeal.stageId": (
        'mutation($a: UUID!) { createDeal(input: {name: "x", stageId: $a}) { id } }',
        {"a": "stage"},
    ),
    "createDeal.pipelineId": (
        'mutation($a: UUID!) { createDeal(input: {name: "x", pipelineId: $a}) { id } }',
        {"a": "pipeline_id"},
    ),
    "createCompany.ownerId": (
        'mutation($a: UUID!) { createCompany(input: {name: "x", ownerId: $a}) { id } }',
        {"a": "member_id"},
    ),
    "emailThreads.contactId": (
        "query($a: UUID!) { emailThreads(filter: {contactId: $a}) { edges { node { id } } } }",
        {"a": "contact_id"},
    ),
    "logCall.targetId": (
        "mutation($a: UUID!) { logCall(input: {targetId: $a, outcome: BUSY}) { id } }",
        {"a": "contact_id"},
    ),
    "logMeeting.targetId": (
        'mutation($a: UUID!) { logMeeting(input: {targetId: $a, title: "x", startsAt: "2026-12-01T10:00:00Z"}) { id } }',
        {"a": "deal_id"},
    ),
    "logMeeting.attendeeContactIds": (
        'mutation($a: UUID!, $t: UUID!) { logMeeting(input: {targetId: $t, title: "x",'
        ' startsAt: "2026-12-01T10:00:00Z", attendeeContactIds: [$a]}) { id } }',
        {"a": "contact_id", "t": "own_deal"},
    ),
    "logMeeting.attendeeMemberIds": (
        'mutation($a: UUID!, $t: UUID!) { logMeeting(input: {targetId: $t, title: "x",'
        ' startsAt: "2026-12-01T10:00:00Z", attendeeMemberIds: [$a]}) { id } }',
        {"a": "member_id", "t": "own_deal"},
    ),
    "addTask.assigneeId": (
        'mutation($a: UUID!, $t: UUID!) { addTask(targetId: $t, body: "x", assigneeId: $a) { id } }',
        {"a": "member_id", "t": "own_deal"},
    ),
}


def test_every_field_taking_an_id_is_covered(servers: Servers) -> None:
    schema = build_schema(servers.settings())._schema
    taking_ids = {
        name
        for root in (schema.query_type, schema.mutation_type)
        for name, field in root.fields.items()
        if any("UUID" in str(arg.type) for arg in field.args.values())
    }
    assert taking_ids == set(CROSS_WORKSPACE_CALLS)


SNAPSHOT = """
SELECT
  (SELECT json_agg(json_build_object('id', id, 'role', role) ORDER BY id) FROM workspace_members WHERE workspace_id = :ws),
  (SELECT count(*) FROM activities WHERE workspace_id = :ws),
  (SELECT count(*) FROM outbox_events WHERE workspace_id = :ws),
  (SELECT json_agg(c ORDER BY c.id) FROM contacts c WHERE workspace_id = :ws),
  (SELECT json_agg(c ORDER BY c.id) FROM companies c WHERE workspace_id = :ws),
  (SELECT json_agg(d ORDER BY d.id) FROM deals d WHERE workspace_id = :ws),
  (SELECT json_agg(d ORDER BY d.deal_id) FROM deal_contacts d WHERE workspace_id = :ws),
  (SELECT json_agg(p ORDER BY p.id) FROM pipelines p WHERE workspace_id = :ws),
  (SELECT json_agg(s ORDER BY s.id) FROM stages s WHERE workspace_id = :ws),
  (SELECT json_agg(f ORDER BY f.id) FROM field_definitions f WHERE workspace_id = :ws),
  (SELECT json_agg(a ORDER BY a.id) FROM activities a WHERE workspace_id = :ws AND kind = 'TASK'),
  (SELECT json_agg(m ORDER BY m.id) FROM mailboxes m WHERE workspace_id = :ws),
  (SELECT json_agg(f ORDER BY f.id) FROM files f WHERE workspace_id = :ws),
  (SELECT json_agg(i ORDER BY i.id) FROM import_jobs i WHERE workspace_id = :ws),
  (SELECT json_agg(e ORDER BY e.id) FROM export_jobs e WHERE workspace_id = :ws),
  (SELECT json_agg(b ORDER BY b.id) FROM bulk_changes b WHERE workspace_id = :ws),
  (SELECT json_agg(w ORDER BY w.id) FROM webhook_endpoints w WHERE workspace_id = :ws),
  (SELECT json_agg(d ORDER BY d.id) FROM webhook_deliveries d WHERE workspace_id = :ws),
  (SELECT json_agg(k ORDER BY k.id) FROM api_keys k WHERE workspace_id = :ws),
  (SELECT json_agg(v ORDER BY v.id) FROM saved_views v WHERE workspace_id = :ws),
  (SELECT json_agg(t ORDER BY t.id) FROM email_templates t WHERE workspace_id = :ws),
  (SELECT json_agg(o ORDER BY o.email_id) FROM outbound_emails o WHERE workspace_id = :ws),
  (SELECT json_agg(i ORDER BY i.id) FROM invitations i WHERE workspace_id = :ws)
"""


@pytest.fixture(scope="module")
async def tenants(gql: GraphQLClient, superuser_db: Database) -> dict[str, Any]:
    attacker = await sign_up(gql, name="Mallory Attacker", workspace="Attackers")
    victim = await sign_up(gql, name="Victor Victim", workspace="Victims")
    helper = await sign_up(gql, name="Helen Helper", workspace="Helpers")
    helper_member_id, _ = await join(gql, victim, helper, "ADMIN")
    records: Records = await seed_records(gql, victim)
    own: Records = await seed_records(gql, attacker)
    timeline = await gql.data(
        "query($id: UUID!) { contact(id: $id) { timeline { edges { node { id kind } } } } }",
        {"id": records.contact_id},
        token=victim.access_token,
    )
    note_id = next(e["node"]["id"] for e in timeline["contact"]["timeline"]["edges"] if e["node"]["kind"] == "NOTE")
    call = await gql.data(
        "mutation($t: UUID!) { logCall(input: {targetId: $t, outcome: CONNECTED}) { id } }",
        {"t": records.contact_id},
        token=victim.access_token,
    )
    meeting = await gql.data(
        'mutation($t: UUID!) { logMeeting(input: {targetId: $t, title: "Plan", startsAt: "2026-12-01T10:00:00Z"})'
        " { id } }",
        {"t": records.contact_id},
        token=victim.access_token,
    )
    bulk = await gql.data(
        'mutation($a: UUID!) { bulkUpdateContacts(ids: [$a], input: {jobTitle: "Chief"}) { id } }',
        {"a": records.contact_id},
        token=victim.access_token,
    )
    thread_id, email_id, mailbox_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    file_id, import_id, export_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    endpoint_id, delivery_id = uuid.uuid4(), uuid.uuid4()
    notification_id, key_id, view_id, template_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    invitation_id = uuid.uuid4()
    async with superuser_db.transaction() as session:
        values = {
            "t": thread_id,
            "e": email_id,
            "m": mailbox_id,
            "ws": victim.workspace_id,
            "c": records.contact_id,
            "member": records.member_id,
            "f": file_id,
            "ij": import_id,
            "ex": export_id,
            "wh": endpoint_id,
            "wd": delivery_id,
            "contact": records.contact_id,
            "n": notification_id,
            "k": key_id,
            "v": view_id,
            "tp": template_id,
            "inv": invitation_id,
            **SEALED,
        }
        for statement in (
            *FILE_ROWS,
            NOTIFICATION_ROW,
            API_KEY_ROW,
            "INSERT INTO saved_views (id, workspace_id, owner_member_id, object_type, name, state, shared)"
            " VALUES (:v, :ws, :member, 'CONTACT', 'Team', '{}', true)",
            "INSERT INTO email_templates (id, workspace_id, name, subject, body) VALUES (:tp, :ws, 'T', 'S', 'B')",
            "INSERT INTO invitations (id, workspace_id, email, role, token_hash, expires_at)"
            " VALUES (:inv, :ws, 'invitee@example.com', 'MEMBER', '\\x01', now() + interval '7 days')",
            "INSERT INTO email_threads (id, workspace_id, subject, normalized_subject, message_count,"
            " first_message_at, last_message_at) VALUES (:t, :ws, 'Secret', 'secret', 1, now(), now())",
            "INSERT INTO emails (id, workspace_id, thread_id, content_hash, received_at, direction, snippet, size)"
            " VALUES (:e, :ws, :t, '\\x00', now(), 'INBOUND', 'secret', 1)",
            "INSERT INTO email_links (workspace_id, email_id, thread_id, target_type, target_id)"
            " VALUES (:ws, :e, :t, 'CONTACT', :c)",
            # DISCONNECTED: no worker tries to sync it.
            "INSERT INTO mailboxes (id, workspace_id, member_id, address, host, port, tls, username,"
            " password_encrypted, state) VALUES (:m, :ws, :member, 'victor@example.com', 'imap.example.com', 993,"
            " true, 'victor', :password, 'DISCONNECTED')",
        ):
            await session.execute(text(statement), values)
    targets = {
        "thread": str(thread_id),
        "email": str(email_id),
        "mailbox": str(mailbox_id),
        "file": str(file_id),
        "import": str(import_id),
        "export": str(export_id),
        "webhook": str(endpoint_id),
        "delivery": str(delivery_id),
        "notification": str(notification_id),
        "note": note_id,
        "call": call["logCall"]["id"],
        "meeting": meeting["logMeeting"]["id"],
        "api_key": str(key_id),
        "view": str(view_id),
        "template": str(template_id),
        "invitation": str(invitation_id),
        "bulk": bulk["bulkUpdateContacts"]["id"],
        "workspace": victim.workspace_id,
        "helper": helper_member_id,
        "stage": records.stage_ids[0],
        "own_deal": own.deal_id,
        "own_contact": own.contact_id,
        "own_company": own.company_id,
        **{key: value for key, value in vars(records).items() if isinstance(value, str)},
    }
    return {"attacker": attacker, "victim": victim, "targets": targets}


async def snapshot(db: Database, workspace_id: str) -> list[Any]:
    async with db.transaction() as session:
        return list((await session.execute(text(SNAPSHOT), {"ws": workspace_id})).one())


@pytest.mark.parametrize("case", sorted(CROSS_WORKSPACE_CALLS) + sorted(CROSS_WORKSPACE_INPUTS))
async def test_another_workspaces_ids_are_not_found_or_forbidden_and_change_nothing(
    gql: GraphQLClient, superuser_db: Database, tenants: dict[str, Any], case: str
) -> None:
    query, variables = {**CROSS_WORKSPACE_CALLS, **CROSS_WORKSPACE_INPUTS}[case]
    values = {name: tenants["targets"][target] for name, target in variables.items()}

    before = await snapshot(superuser_db, tenants["victim"].workspace_id)
    body = await gql(query, values, token=tenants["attacker"].access_token)

    if case == "tasks":  # a filter: another workspace's member simply matches nothing
        assert body["data"]["tasks"]["edges"] == []
    elif case == "emailThreads.contactId":
        assert body["data"]["emailThreads"]["edges"] == []
    elif case == "files":  # another workspace's record has no files here
        assert body["data"]["files"] == []
    elif case == "markNotificationsRead":  # ids that are not the caller's match nothing, and stay unread
        assert body["data"]["markNotificationsRead"]["notifications"] == []
        async with superuser_db.transaction() as session:
            read_at = await session.scalar(
                text("SELECT read_at FROM notifications WHERE id = :id"), {"id": tenants["targets"]["notification"]}
            )
        assert read_at is None
    elif case == "startExport":  # an export of the caller's own list: another workspace's ids match nothing
        assert body["data"]["startExport"]["id"]
    elif case.startswith(("bulkUpdate", "bulkDelete")):  # all or nothing: the other workspace's record is not found
        assert body["data"][case] == {"updated": 0, "errors": [{"code": "NOT_FOUND"}]}
    else:
        assert body["errors"][0]["extensions"]["code"] in ("NOT_FOUND", "FORBIDDEN"), body
    assert await snapshot(superuser_db, tenants["victim"].workspace_id) == before
