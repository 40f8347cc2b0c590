"""Loads the benchmark data set into a running `rapport up`.

Accounts, workspaces and members go through the GraphQL API (signUp, inviteMember, acceptInvitation); the bulk rows
(field definitions, companies, contacts, deals, deal contacts, activities) are written with COPY as
the `postgres` superuser, which bypasses row-level security. Deterministic: the same --seed and
--anchor give the same rows and ids (ids are UUIDv7 built from the row's own timestamp and the
seeded random generator).

    cd server && uv run python ../bench/generate.py [--quick] [--data-dir /tmp/rapport-bench]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import math
import random
import re
import time
import uuid
from collections import defaultdict
from typing import Any

import asyncpg
import httpx
from common import (
    DEFAULT_API,
    DEFAULT_DATA_DIR,
    EMAIL_DOMAIN,
    FIXTURES,
    PASSWORD,
    STATE_DIR,
    db_url,
    graphql_error,
    require_local,
)
from words import (
    COMPANY_SUFFIXES,
    COMPANY_WORDS_A,
    COMPANY_WORDS_B,
    DEAL_ROLES,
    EMAIL_SUBJECTS,
    FIRST_NAMES,
    INDUSTRIES,
    JOB_TITLES,
    LAST_NAMES,
    NOTE_SENTENCES,
    PERSONAL_DOMAINS,
    PRODUCTS,
    TASKS,
    TLDS,
)

FULL = {"companies": 20_000, "contacts": 100_000, "deals": 50_000, "activities": 500_000}
QUICK = {"companies": 400, "contacts": 2_000, "deals": 1_000, "activities": 10_000}
MEMBERS_PER_WORKSPACE = 8  # the owner and 7 more
SAMPLE = 2_000  # ids per kind kept in the fixtures for the runner to pick from

SALES_STAGES = [
    ("Lead", 0.1, "OPEN", 0.30),
    ("Qualified", 0.25, "OPEN", 0.20),
    ("Proposal", 0.5, "OPEN", 0.15),
    ("Negotiation", 0.75, "OPEN", 0.10),
    ("Won", 1.0, "WON", 0.15),
    ("Lost", 0.0, "LOST", 0.10),
]
PARTNER_STAGES = [
    ("Sourced", 0.1, "OPEN", 0.4),
    ("Evaluating", 0.4, "OPEN", 0.3),
    ("Signed", 1.0, "WON", 0.2),
    ("Dropped", 0.0, "LOST", 0.1),
]

TIERS = (["bronze", "silver", "gold", "platinum"], [0.4, 0.3, 0.2, 0.1])
LEAD_SOURCES = ["Website", "Referral", "Event", "Outbound", "Partner", "Ads"]
SEGMENTS = (["SMB", "Mid-Market", "Enterprise"], [0.6, 0.3, 0.1])
COMPANY_TAGS = ["customer", "prospect", "partner", "reseller", "strategic", "at-risk", "expansion"]
FORECASTS = ["Pipeline", "Best case", "Commit", "Closed"]
COMPETITORS = ["Salesforce", "HubSpot", "Pipedrive", "Zoho", "Close", "Attio", "in-house spreadsheet"]

FIELD_DEFINITIONS: list[tuple[str, str, str, str, list[str] | None]] = [
    # object_type, key, label, type, options
    ("CONTACT", "tier", "Tier", "SELECT", TIERS[0]),
    ("CONTACT", "lead_source", "Lead source", "SELECT", LEAD_SOURCES),
    ("CONTACT", "score", "Lead score", "NUMBER", None),
    ("CONTACT", "newsletter", "Newsletter", "BOOLEAN", None),
    ("CONTACT", "linkedin", "LinkedIn", "URL", None),
    ("CONTACT", "last_contacted", "Last contacted", "DATE", None),
    ("COMPANY", "segment", "Segment", "SELECT", SEGMENTS[0]),
    ("COMPANY", "founded", "Founded", "NUMBER", None),
    ("COMPANY", "tags", "Tags", "MULTI_SELECT", COMPANY_TAGS),
    ("DEAL", "forecast", "Forecast category", "SELECT", FORECASTS),
    ("DEAL", "competitor", "Main competitor", "TEXT", None),
]
TABLE_OF = {"CONTACT": "contacts", "COMPANY": "companies", "DEAL": "deals"}


def uuid7_at(rng: random.Random, at: dt.datetime) -> uuid.UUID:
    """A UUIDv7 whose timestamp is `at` and whose random bits come from the seeded generator."""
    ms = int(at.timestamp() * 1000)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rng.getrandbits(12) << 64 | 0b10 << 62 | rng.getrandbits(62)
    return uuid.UUID(int=value)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


class Generator:
    """Rows of one workspace."""

    def __init__(self, seed: int, index: int, anchor: dt.datetime, sizes: dict[str, int]) -> None:
        self.rng = random.Random(seed * 1_000_003 + index)
        self.anchor = anchor
        self.sizes = sizes

    def past(self, days: float) -> dt.datetime:
        """A moment in the last `days` days, denser towards the present."""
        return self.anchor - dt.timedelta(seconds=days * 86400 * (self.rng.random() ** 1.3))

    def between(self, start: dt.datetime, end: dt.datetime) -> dt.datetime:
        return start + (end - start) * self.rng.random()

    def pick_member(self, members: list[dict[str, Any]], none_share: float = 0.05) -> dict[str, Any] | None:
        return None if self.rng.random() < none_share else self.rng.choice(members)

    # ---------- companies ----------

    def companies(self, ws: uuid.UUID, members: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        rng, rows, domains = self.rng, [], set()
        for _ in range(self.sizes["companies"]):
            base = f"{rng.choice(COMPANY_WORDS_A)} {rng.choice(COMPANY_WORDS_B)}"
            suffix = rng.choice(COMPANY_SUFFIXES)
            name = f"{base} {suffix}".strip()
            domain = f"{slug(base)}.{rng.choice(TLDS)}"
            n = 2
            while domain in domains:
                domain = f"{slug(base)}{n}.{rng.choice(TLDS)}"
                n += 1
            domains.add(domain)
            created = self.past(730)
            owner = self.pick_member(members)
            custom: dict[str, Any] = {
                "segment": rng.choices(*SEGMENTS)[0],
                "founded": rng.randint(1950, 2024),
            }
            if rng.random() < 0.6:
                custom["tags"] = sorted(rng.sample(COMPANY_TAGS, rng.randint(1, 3)))
            employees = int(math.exp(rng.gauss(4.0, 1.6))) if rng.random() < 0.85 else None
            rows.append(
                (
                    uuid7_at(rng, created),
                    ws,
                    name,
                    domain if rng.random() < 0.95 else None,
                    rng.choice(INDUSTRIES) if rng.random() < 0.9 else None,
                    employees,
                    owner["member_id"] if owner else None,
                    json.dumps(custom),
                    created,
                    self.between(created, self.anchor),
                )
            )
        return rows

    # ---------- contacts ----------

    def contacts(
        self, ws: uuid.UUID, members: list[dict[str, Any]], companies: list[tuple[Any, ...]]
    ) -> list[tuple[Any, ...]]:
        rng, rows = self.rng, []
        for _ in range(self.sizes["contacts"]):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            company = rng.choice(companies) if rng.random() < 0.85 else None
            emails = []
            if company is not None and company[3] is not None:
                local = rng.choice([f"{first}.{last}", f"{first[0]}{last}", first, f"{first}{last[0]}"])
                emails.append(f"{local.lower()}@{company[3]}")
            if not emails or rng.random() < 0.2:
                emails.append(f"{first.lower()}.{last.lower()}{rng.randint(1, 999)}@{rng.choice(PERSONAL_DOMAINS)}")
            phones = []
            for _ in range(rng.choices([0, 1, 2], [0.35, 0.55, 0.10])[0]):
                phones.append(f"+1 {rng.randint(201, 989)} 555 {rng.randint(0, 9999):04d}")
            if rng.random() < 0.03:  # a few contacts known only by email
                first_name, last_name = None, None
            else:
                first_name, last_name = first, (last if rng.random() < 0.97 else None)
            created = self.past(730)
            custom: dict[str, Any] = {}
            if rng.random() < 0.9:
                custom["tier"] = rng.choices(*TIERS)[0]
            if rng.random() < 0.8:
                custom["lead_source"] = rng.choice(LEAD_SOURCES)
            if rng.random() < 0.7:
                custom["score"] = rng.randint(0, 100)
            if rng.random() < 0.5:
                custom["newsletter"] = rng.random() < 0.4
            if rng.random() < 0.4:
                handle = f"{first.lower()}-{last.lower()}-{rng.randint(1, 99999)}"
                custom["linkedin"] = f"https://www.linkedin.com/in/{handle}"
            if rng.random() < 0.6:
                custom["last_contacted"] = self.between(created, self.anchor).date().isoformat()
            owner = self.pick_member(members, 0.1)
            rows.append(
                (
                    uuid7_at(rng, created),
                    ws,
                    first_name,
                    last_name,
                    emails,
                    phones,
                    rng.choice(JOB_TITLES) if rng.random() < 0.8 else None,
                    company[0] if company else None,
                    owner["member_id"] if owner else None,
                    json.dumps(custom),
                    created,
                    self.between(created, self.anchor),
                )
            )
        return rows

    # ---------- deals ----------

    def deals(
        self,
        ws: uuid.UUID,
        members: list[dict[str, Any]],
        companies: list[tuple[Any, ...]],
        contacts: list[tuple[Any, ...]],
        pipelines: list[dict[str, Any]],
    ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        rng, rows, links = self.rng, [], []
        contacts_by_company: dict[Any, list[Any]] = defaultdict(list)
        for c in contacts:
            if c[7] is not None:
                contacts_by_company[c[7]].append(c[0])
        positions: dict[Any, int] = defaultdict(int)
        sales, partners = pipelines
        for _ in range(self.sizes["deals"]):
            pipeline = sales if rng.random() < 0.9 else partners
            stage = rng.choices(pipeline["stages"], [s["share"] for s in pipeline["stages"]])[0]
            positions[stage["id"]] += 1
            company = rng.choice(companies) if rng.random() < 0.9 else None
            created = self.past(540)
            seats = rng.choice([5, 10, 25, 50, 100, 250, 500])
            name = f"{company[2] if company else 'Self-serve'} — {rng.choice(PRODUCTS)} ({seats} seats)"
            if rng.random() < 0.95:
                amount = int(math.exp(rng.gauss(9.6, 1.1))) * 1_000_000
                currency = rng.choices(["USD", "EUR", "GBP"], [0.8, 0.12, 0.08])[0]
            else:
                amount, currency = None, None
            closed = self.between(created, self.anchor) if stage["kind"] != "OPEN" else None
            close_date = (closed or self.anchor + dt.timedelta(days=rng.randint(-30, 180))).date()
            owner = self.pick_member(members)
            custom: dict[str, Any] = {"forecast": rng.choice(FORECASTS)}
            if rng.random() < 0.3:
                custom["competitor"] = rng.choice(COMPETITORS)
            deal_id = uuid7_at(rng, created)
            rows.append(
                (
                    deal_id,
                    ws,
                    name[:200],
                    amount,
                    currency,
                    pipeline["id"],
                    stage["id"],
                    float(positions[stage["id"]] * 1024),
                    close_date,
                    company[0] if company else None,
                    owner["member_id"] if owner else None,
                    stage["kind"],
                    closed,
                    json.dumps(custom),
                    created,
                    closed or self.between(created, self.anchor),
                )
            )
            pool = contacts_by_company.get(company[0], []) if company else []
            chosen: set[Any] = set()
            for _ in range(rng.choices([0, 1, 2, 3], [0.1, 0.5, 0.3, 0.1])[0]):
                chosen.add(rng.choice(pool) if pool and rng.random() < 0.9 else rng.choice(contacts)[0])
            for contact_id in chosen:
                links.append((ws, deal_id, contact_id, rng.choice(DEAL_ROLES), created))
        return rows, links

    # ---------- activities ----------

    def activities(
        self,
        ws: uuid.UUID,
        members: list[dict[str, Any]],
        subjects: dict[str, list[tuple[Any, ...]]],
        stage_names: dict[Any, list[str]],
    ) -> list[tuple[Any, ...]]:
        """A realistic mix over the last 18 months; a few records are much busier than the rest."""
        rng, rows = self.rng, []
        horizon = self.anchor - dt.timedelta(days=548)
        heat = {kind: rng.sample(items, len(items)) for kind, items in subjects.items()}
        kinds_by_type = {
            "contact": (["NOTE", "UPDATED", "EMAIL", "TASK", "CREATED"], [0.30, 0.25, 0.20, 0.15, 0.10]),
            "company": (["NOTE", "UPDATED", "TASK", "CREATED"], [0.35, 0.35, 0.15, 0.15]),
            "deal": (["STAGE_CHANGED", "NOTE", "UPDATED", "TASK", "CREATED"], [0.35, 0.25, 0.15, 0.15, 0.10]),
        }
        types = ["contact", "deal", "company"]
        type_weights = [0.60, 0.25, 0.15]
        for _ in range(self.sizes["activities"]):
            subject_type = rng.choices(types, type_weights)[0]
            items = heat[subject_type]
            subject = items[int(len(items) * rng.random() ** 2)]
            subject_id, created = subject[0], subject[-2]
            occurred = self.between(max(created, horizon), self.anchor)
            kind = rng.choices(*kinds_by_type[subject_type])[0]
            actor = self.pick_member(members, 0.03)
            who = actor["name"] if actor else "Rapport"
            changes = body = due = done = assignee = None
            if kind == "NOTE":
                body = " ".join(rng.sample(NOTE_SENTENCES, rng.randint(1, 4)))
                summary = f"{who} added a note"
            elif kind == "EMAIL":
                subject_line = rng.choice(EMAIL_SUBJECTS)
                body = " ".join(rng.sample(NOTE_SENTENCES, 2))
                summary = f"Email: {subject_line}"
            elif kind == "TASK":
                body = rng.choice(TASKS)
                due = occurred + dt.timedelta(days=rng.randint(1, 14), hours=rng.randint(0, 8))
                done = self.between(occurred, due) if rng.random() < 0.7 and due < self.anchor else None
                assignee = (actor or rng.choice(members))["member_id"]
                summary = f"{who} added a task: {body}"
            elif kind == "STAGE_CHANGED":
                names = stage_names[subject[5]]
                a, b = rng.sample(names, 2)
                changes = {"stage": {"from": a, "to": b}}
                summary = f"{who} moved the deal from {a} to {b}"
            elif kind == "UPDATED":
                field, before, after = self._change(subject_type)
                changes = {field: {"from": before, "to": after}}
                summary = f"{who} changed {field}"
            else:  # CREATED
                summary = f"{who} created this {subject_type}"
            rows.append(
                (
                    uuid7_at(rng, occurred),
                    occurred,
                    ws,
                    kind,
                    actor["user_id"] if actor else None,
                    subject_type,
                    subject_id,
                    summary,
                    json.dumps(changes) if changes else None,
                    body,
                    due,
                    done,
                    assignee,
                )
            )
        return rows

    def _change(self, subject_type: str) -> tuple[str, Any, Any]:
        rng = self.rng
        if subject_type == "contact":
            return rng.choice(
                [
                    ("jobTitle", rng.choice(JOB_TITLES), rng.choice(JOB_TITLES)),
                    ("tier", rng.choice(TIERS[0]), rng.choice(TIERS[0])),
                    ("score", rng.randint(0, 100), rng.randint(0, 100)),
                ]
            )
        if subject_type == "company":
            return rng.choice(
                [
                    ("employees", rng.randint(5, 500), rng.randint(5, 5000)),
                    ("segment", rng.choice(SEGMENTS[0]), rng.choice(SEGMENTS[0])),
                    ("industry", rng.choice(INDUSTRIES), rng.choice(INDUSTRIES)),
                ]
            )
        return rng.choice(
            [
                ("amount", str(rng.randint(1, 90) * 1_000_000_000), str(rng.randint(1, 90) * 1_000_000_000)),
                ("expectedCloseDate", "2026-03-31", "2026-06-30"),
                ("forecast", rng.choice(FORECASTS), rng.choice(FORECASTS)),
            ]
        )


# ---------- the API part: accounts, workspaces, members ----------

SIGN_UP = """mutation($input: SignUpInput!) { signUp(input: $input) {
  accessToken user { id } workspace { id name } } }"""
SIGN_IN = """mutation($input: SignInInput!) { signIn(input: $input) {
  accessToken user { id } workspace { id name } } }"""
INVITE = "mutation($email: String!, $role: Role!) { inviteMember(email: $email, role: $role) { link } }"
ACCEPT = (
    "mutation($token: String!, $name: String, $password: String) "
    "{ acceptInvitation(token: $token, name: $name, password: $password) { accessToken } }"
)
MEMBER_PASSWORD = "bench member password"


async def gql(client: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str | None = None) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await client.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    body = response.json()
    return body.get("data"), graphql_error(body)


async def account(client: httpx.AsyncClient, index: int) -> dict[str, Any]:
    """Signs up the owner of workspace `index` (or signs in when a previous run made it)."""
    email = f"owner{index}@{EMAIL_DOMAIN}"
    data, error = await gql(
        client,
        SIGN_UP,
        {
            "input": {
                "email": email,
                "password": PASSWORD,
                "name": f"Bench Owner {index}",
                "workspaceName": f"Bench {chr(65 + index)}",
            }
        },
    )
    if error:
        data, error = await gql(client, SIGN_IN, {"input": {"email": email, "password": PASSWORD}})
        if error:
            raise SystemExit(f"signUp and signIn of {email} failed: {error}")
        data = {"signUp": data["signIn"]}
    payload = data["signUp"]
    return {
        "email": email,
        "token": payload["accessToken"],
        "user_id": payload["user"]["id"],
        "workspace_id": payload["workspace"]["id"],
        "workspace_name": payload["workspace"]["name"],
    }


async def add_members(client: httpx.AsyncClient, con: asyncpg.Connection, owner: dict[str, Any], index: int) -> None:
    """Members join the way people do: the owner invites them (no SMTP here, so the link is in the answer)
    and each accepts, creating an account without a workspace of its own (or signing in on a rerun)."""
    rng = random.Random(index)
    for n in range(1, MEMBERS_PER_WORKSPACE):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"member{index}-{n}@{EMAIL_DOMAIN}"
        data, error = await gql(client, INVITE, {"email": email, "role": "MEMBER"}, owner["token"])
        if error:
            if "CONFLICT" in error or "already" in error.lower():
                continue  # a member since an earlier run
            raise SystemExit(f"inviteMember {email} failed: {error}")
        token = data["inviteMember"]["link"].split("#token=", 1)[1]
        _, error = await gql(
            client, ACCEPT, {"token": token, "name": f"{first} {last}", "password": MEMBER_PASSWORD}, None
        )
        if error and "CONFLICT" in error:  # the account exists (an interrupted run): sign in to accept
            _, error = await gql(client, ACCEPT, {"token": token, "password": MEMBER_PASSWORD}, None)
        if error:
            raise SystemExit(f"acceptInvitation {email} failed: {error}")


async def members_of(con: asyncpg.Connection, ws: uuid.UUID) -> list[dict[str, Any]]:
    rows = await con.fetch(
        """SELECT m.id AS member_id, u.id AS user_id, u.name FROM workspace_members m
           JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1 ORDER BY m.joined_at, m.id""",
        ws,
    )
    return [dict(r) for r in rows]


async def pipelines_of(con: asyncpg.Connection, ws: uuid.UUID, rng: random.Random) -> list[dict[str, Any]]:
    """The default Sales pipeline (made here if the API did not) and a second, Partnerships."""
    result = []
    for name, is_default, stages in (("Sales", True, SALES_STAGES), ("Partnerships", False, PARTNER_STAGES)):
        pid = await con.fetchval(
            "SELECT id FROM pipelines WHERE workspace_id = $1 AND name = $2 ORDER BY is_default DESC LIMIT 1", ws, name
        )
        if pid is None and is_default:
            pid = await con.fetchval("SELECT id FROM pipelines WHERE workspace_id = $1 AND is_default", ws)
        if pid is None:
            pid = uuid7_at(rng, dt.datetime.now(dt.UTC))
            await con.execute(
                "INSERT INTO pipelines (id, workspace_id, name, is_default, position) VALUES ($1, $2, $3, $4, $5)",
                pid,
                ws,
                name,
                is_default,
                len(result),
            )
            for pos, (stage, probability, kind, _) in enumerate(stages):
                await con.execute(
                    """INSERT INTO stages (id, workspace_id, pipeline_id, name, position, probability, kind)
                       VALUES ($1, $2, $3, $4, $5, $6, $7)""",
                    uuid7_at(rng, dt.datetime.now(dt.UTC)),
                    ws,
                    pid,
                    stage,
                    pos,
                    probability,
                    kind,
                )
        rows = await con.fetch(
            "SELECT id, name, kind::text AS kind FROM stages WHERE pipeline_id = $1 ORDER BY position", pid
        )
        shares = {s[0]: s[3] for s in stages}
        result.append(
            {
                "id": pid,
                "name": name,
                "stages": [
                    {"id": r["id"], "name": r["name"], "kind": r["kind"], "share": shares.get(r["name"], 0.1)}
                    for r in rows
                ],
            }
        )
    return result


async def field_definitions(con: asyncpg.Connection, ws: uuid.UUID, rng: random.Random) -> None:
    for position, (object_type, key, label, type_, options) in enumerate(FIELD_DEFINITIONS):
        await con.execute(
            """INSERT INTO field_definitions (id, workspace_id, object_type, key, label, type, options, position)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING""",
            uuid7_at(rng, dt.datetime.now(dt.UTC)),
            ws,
            object_type,
            key,
            label,
            type_,
            options,
            position,
        )
        await con.execute("SELECT rapport_index_custom_field($1, $2)", TABLE_OF[object_type], key)


async def clear(con: asyncpg.Connection, ws: uuid.UUID) -> None:
    async with con.transaction():
        await con.execute("DELETE FROM activities WHERE workspace_id = $1 AND subject_type <> 'workspace'", ws)
        for table in ("deal_contacts", "deals", "contacts", "companies"):
            await con.execute(f"DELETE FROM {table} WHERE workspace_id = $1", ws)
        await con.execute(
            "DELETE FROM stages WHERE workspace_id = $1 AND pipeline_id IN "
            "(SELECT id FROM pipelines WHERE workspace_id = $1 AND NOT is_default)",
            ws,
        )
        await con.execute("DELETE FROM pipelines WHERE workspace_id = $1 AND NOT is_default", ws)


COLUMNS = {
    "companies": [
        "id",
        "workspace_id",
        "name",
        "domain",
        "industry",
        "employees",
        "owner_id",
        "custom_fields",
        "created_at",
        "updated_at",
    ],
    "contacts": [
        "id",
        "workspace_id",
        "first_name",
        "last_name",
        "emails",
        "phones",
        "job_title",
        "company_id",
        "owner_id",
        "custom_fields",
        "created_at",
        "updated_at",
    ],
    "deals": [
        "id",
        "workspace_id",
        "name",
        "amount_micros",
        "currency",
        "pipeline_id",
        "stage_id",
        "position",
        "expected_close_date",
        "company_id",
        "owner_id",
        "status",
        "closed_at",
        "custom_fields",
        "created_at",
        "updated_at",
    ],
    "deal_contacts": ["workspace_id", "deal_id", "contact_id", "role", "created_at"],
    "activities": [
        "id",
        "occurred_at",
        "workspace_id",
        "kind",
        "actor_user_id",
        "subject_type",
        "subject_id",
        "summary",
        "changes",
        "body",
        "due_at",
        "done_at",
        "assignee_id",
    ],
}


async def load_workspace(
    con: asyncpg.Connection, gen: Generator, owner: dict[str, Any], timings: dict[str, float]
) -> dict[str, Any]:
    ws = uuid.UUID(owner["workspace_id"])
    members = await members_of(con, ws)
    await field_definitions(con, ws, gen.rng)
    pipelines = await pipelines_of(con, ws, gen.rng)

    def timed(name: str, fn: Any, *args: Any) -> Any:
        started = time.perf_counter()
        result = fn(*args)
        timings[f"generate {name}"] = timings.get(f"generate {name}", 0.0) + time.perf_counter() - started
        return result

    companies = timed("companies", gen.companies, ws, members)
    contacts = timed("contacts", gen.contacts, ws, members, companies)
    deals, links = timed("deals", gen.deals, ws, members, companies, contacts, pipelines)
    stage_names = {p["id"]: [s["name"] for s in p["stages"]] for p in pipelines}
    # every row has its id first and its created_at second to last; a deal has its pipeline at [5]
    activities = timed(
        "activities",
        gen.activities,
        ws,
        members,
        {"contact": contacts, "company": companies, "deal": deals},
        stage_names,
    )
    for table, rows in (
        ("companies", companies),
        ("contacts", contacts),
        ("deals", deals),
        ("deal_contacts", links),
        ("activities", activities),
    ):
        started = time.perf_counter()
        await con.copy_records_to_table(table, records=rows, columns=COLUMNS[table])
        timings[f"copy {table}"] = timings.get(f"copy {table}", 0.0) + time.perf_counter() - started
    return {"pipelines": pipelines, "members": members}


async def sample_ids(con: asyncpg.Connection, ws: uuid.UUID, rng: random.Random) -> dict[str, Any]:
    contacts = [
        str(r["id"])
        for r in await con.fetch("SELECT id FROM contacts WHERE workspace_id = $1 AND deleted_at IS NULL", ws)
    ]
    companies = [
        str(r["id"])
        for r in await con.fetch("SELECT id FROM companies WHERE workspace_id = $1 AND deleted_at IS NULL", ws)
    ]
    pipeline = await con.fetchrow("SELECT id FROM pipelines WHERE workspace_id = $1 AND is_default", ws)
    stages = [
        str(r["id"])
        for r in await con.fetch("SELECT id FROM stages WHERE pipeline_id = $1 ORDER BY position", pipeline["id"])
    ]
    deals = [
        str(r["id"])
        for r in await con.fetch(
            "SELECT id FROM deals WHERE workspace_id = $1 AND pipeline_id = $2 AND deleted_at IS NULL",
            ws,
            pipeline["id"],
        )
    ]
    return {
        "contact_ids": rng.sample(contacts, min(SAMPLE, len(contacts))),
        "company_ids": rng.sample(companies, min(SAMPLE, len(companies))),
        "deal_ids": rng.sample(deals, min(SAMPLE, len(deals))),
        "pipeline_id": str(pipeline["id"]),
        "stage_ids": stages,
        "counts": {
            t: await con.fetchval(f"SELECT count(*) FROM {t} WHERE workspace_id = $1", ws)
            for t in ("companies", "contacts", "deals", "deal_contacts", "activities")
        },
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", default=DEFAULT_API, help="Rapport's base URL (127.0.0.1 only)")
    parser.add_argument("--data-dir", default=DEFAULT_DATA_DIR, help="RAPPORT_DATA_DIR of the running `rapport up`")
    parser.add_argument("--quick", action="store_true", help="1/50 of the full size, for a smoke check")
    parser.add_argument("--workspaces", type=int, default=2)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--anchor",
        default=dt.date.today().isoformat(),
        help="'now' of the generated history (YYYY-MM-DD, default today)",
    )
    parser.add_argument("--reload", action="store_true", help="delete and regenerate records already loaded")
    args = parser.parse_args()
    api = require_local(args.api)
    sizes = QUICK if args.quick else FULL
    anchor = dt.datetime.fromisoformat(args.anchor).replace(tzinfo=dt.UTC)
    started = time.perf_counter()
    timings: dict[str, float] = {}
    con = await asyncpg.connect(db_url(args.data_dir))
    fixtures: dict[str, Any] = {
        "api": api,
        "data_dir": args.data_dir,
        "quick": args.quick,
        "seed": args.seed,
        "password": PASSWORD,
        "workspaces": [],
    }
    try:
        async with httpx.AsyncClient(base_url=api, timeout=60) as client:
            for index in range(args.workspaces):
                owner = await account(client, index)
                await add_members(client, con, owner, index)
                ws = uuid.UUID(owner["workspace_id"])
                loaded = await con.fetchval("SELECT count(*) FROM contacts WHERE workspace_id = $1", ws)
                if loaded and args.reload:
                    await clear(con, ws)
                    loaded = 0
                gen = Generator(args.seed, index, anchor, sizes)
                if loaded:
                    print(f"workspace {owner['workspace_name']}: {loaded} contacts already loaded (--reload to redo)")
                else:
                    await load_workspace(con, gen, owner, timings)
                    print(f"workspace {owner['workspace_name']}: loaded in {time.perf_counter() - started:.1f} s")
                entry = {
                    "index": index,
                    "id": owner["workspace_id"],
                    "name": owner["workspace_name"],
                    "owner_email": owner["email"],
                    "owner_user_id": owner["user_id"],
                    "members": [{k: str(v) for k, v in m.items()} for m in await members_of(con, ws)],
                }
                entry.update(await sample_ids(con, ws, random.Random(args.seed + index)))
                fixtures["workspaces"].append(entry)
        step = time.perf_counter()
        await con.execute(
            "VACUUM (ANALYZE) companies, contacts, deals, deal_contacts, activities, "
            "field_definitions, pipelines, stages, workspace_members, users"
        )
        timings["vacuum analyze"] = time.perf_counter() - step
    finally:
        await con.close()
    STATE_DIR.mkdir(exist_ok=True)
    FIXTURES.write_text(json.dumps(fixtures, indent=1))
    for name, seconds in timings.items():
        print(f"  {name:<24} {seconds:7.1f} s")
    for ws in fixtures["workspaces"]:
        print(f"  {ws['name']}: " + ", ".join(f"{v} {k}" for k, v in ws["counts"].items()))
    print(f"generated in {time.perf_counter() - started:.1f} s; fixtures in {FIXTURES}")


if __name__ == "__main__":
    asyncio.run(main())
