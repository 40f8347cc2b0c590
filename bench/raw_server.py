"""The floor: queries (a) and (c) answered by one SQL statement each, straight from asyncpg.

Takes the same POST /graphql bodies as Rapport (it dispatches on `operationName` and ignores the
query text) and answers the same JSON, built in PostgreSQL with json_build_object / json_agg. It
connects as the app role `rapport` and scopes each transaction with the same set_config calls, so
row-level security applies as it does to Rapport. The workspace and user come from the
x-workspace-id and x-user-id headers (no token check: this is the floor, not a product).

    cd server && uv run python ../bench/raw_server.py --data-dir /tmp/rapport-bench --port 5060
"""

from __future__ import annotations

import argparse
import json
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import uvicorn
from common import DEFAULT_DATA_DIR, db_url
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

SCOPE = "SELECT set_config('rapport.workspace_id', $1, true), set_config('rapport.user_id', $2, true)"

# (a) first 50 contacts with a custom field value, by name (case-insensitive, then id), with
# their company and owner; one more row tells hasNextPage.
CONTACTS_LIST = """
WITH page AS (
  SELECT c.id, c.name, c.emails, c.job_title, c.company_id, c.owner_id, c.workspace_id
  FROM contacts c
  WHERE c.workspace_id = $1 AND c.deleted_at IS NULL AND c.custom_fields @> jsonb_build_object('tier', $2::text)
  ORDER BY lower(c.name) ASC NULLS LAST, c.id
  LIMIT 51
), rows AS (
  SELECT p.*, row_number() OVER (ORDER BY lower(p.name), p.id) AS n, count(*) OVER () AS total,
         translate(encode(convert_to(json_build_array(lower(p.name), p.id)::text, 'UTF8'), 'base64'), E'\\n', '')
           AS cursor
  FROM page p
)
SELECT json_build_object('data', json_build_object('contacts', json_build_object(
  'edges', coalesce(json_agg(json_build_object(
    'cursor', r.cursor,
    'node', json_build_object(
      'id', r.id, 'name', r.name, 'emails', r.emails, 'jobTitle', r.job_title,
      'company', CASE WHEN co.id IS NOT NULL THEN json_build_object('id', co.id, 'name', co.name) END,
      'owner', CASE WHEN m.id IS NOT NULL THEN
        json_build_object('id', m.id, 'user', json_build_object('name', u.name)) END)
  ) ORDER BY r.n) FILTER (WHERE r.n <= 50), '[]'),
  'pageInfo', json_build_object(
    'hasNextPage', count(*) > 50,
    'endCursor', max(r.cursor) FILTER (WHERE r.n = least(50, r.total)))
)))::text
FROM rows r
LEFT JOIN companies co ON co.workspace_id = r.workspace_id AND co.id = r.company_id
LEFT JOIN workspace_members m ON m.workspace_id = r.workspace_id AND m.id = r.owner_id
LEFT JOIN users u ON u.id = m.user_id
"""

# (c) one contact with its company, owner and last 20 timeline entries (with their actors).
CONTACT_PAGE = """
SELECT json_build_object('data', json_build_object('contact', (
  SELECT json_build_object(
    'id', c.id, 'name', c.name, 'firstName', c.first_name, 'lastName', c.last_name,
    'emails', c.emails, 'phones', c.phones, 'jobTitle', c.job_title,
    'customFields', c.custom_fields, 'createdAt', c.created_at,
    'company', (SELECT json_build_object('id', co.id, 'name', co.name, 'domain', co.domain)
                FROM companies co WHERE co.workspace_id = c.workspace_id AND co.id = c.company_id),
    'owner', (SELECT json_build_object('id', m.id, 'user', json_build_object('name', u.name, 'email', u.email))
              FROM workspace_members m JOIN users u ON u.id = m.user_id
              WHERE m.workspace_id = c.workspace_id AND m.id = c.owner_id),
    'timeline', json_build_object('edges', (
      SELECT coalesce(json_agg(json_build_object('node', json_build_object(
        'id', a.id, 'kind', a.kind, 'occurredAt', a.occurred_at, 'summary', a.summary, 'body', a.body,
        'changes', a.changes,
        'actor', (SELECT json_build_object('id', am.id, 'user', json_build_object('name', au.name))
                  FROM workspace_members am JOIN users au ON au.id = am.user_id
                  WHERE am.workspace_id = a.workspace_id AND am.user_id = a.actor_user_id))
      ) ORDER BY a.occurred_at DESC, a.id DESC), '[]')
      FROM (SELECT * FROM activities
            WHERE workspace_id = c.workspace_id AND subject_id = c.id
            ORDER BY occurred_at DESC, id DESC LIMIT 20) a)))
  FROM contacts c
  WHERE c.workspace_id = $1 AND c.id = $2 AND c.deleted_at IS NULL)))::text
"""


def build_app(dsn: str, pool_size: int) -> Starlette:
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: Starlette):  # type: ignore[no-untyped-def]
        state["pool"] = await asyncpg.create_pool(dsn, min_size=pool_size, max_size=pool_size)
        yield
        await state["pool"].close()

    async def graphql(request: Request) -> Response:
        body = json.loads(await request.body())
        variables = body.get("variables") or {}
        workspace_id = request.headers.get("x-workspace-id", "")
        user_id = request.headers.get("x-user-id", "")
        operation = body.get("operationName")
        if operation == "ContactsList":
            sql, args = CONTACTS_LIST, (workspace_id, variables["tier"])
        elif operation == "ContactPage":
            sql, args = CONTACT_PAGE, (workspace_id, variables["id"])
        else:
            return Response('{"errors":[{"message":"unknown operation"}]}', 400, media_type="application/json")
        async with state["pool"].acquire() as con, con.transaction():
            await con.execute(SCOPE, workspace_id, user_id)
            result = await con.fetchval(sql, *args)
        return Response(result, media_type="application/json")

    return Starlette(routes=[Route("/graphql", graphql, methods=["POST"])], lifespan=lifespan)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=DEFAULT_DATA_DIR)
    parser.add_argument("--port", type=int, default=5060)
    parser.add_argument("--pool-size", type=int, default=10, help="Rapport's default pool size")
    args = parser.parse_args()
    app = build_app(db_url(args.data_dir, role="rapport"), args.pool_size)
    uvicorn.run(app, host="127.0.0.1", port=args.port, access_log=False, log_level="warning")


if __name__ == "__main__":
    main()
