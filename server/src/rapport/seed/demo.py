"""`rapport seed --demo`: a demo account whose workspace "Demo Co" is full of realistic records.

Everything goes through the services (validation, timelines, outbox events) in one transaction:
a failed seed leaves nothing behind, and a second run finds the demo account and adds nothing.
The data comes from a seeded random generator, so every run makes the same records; only the
dates follow today (deals closed over the last twelve months, tasks due around now). One thing no
service sets is written afterwards: when a closed deal closed (and so when it was opened), so the
dashboard shows a year of history rather than one busy day.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, update
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activity import service as activity_service
from rapport.auth import service as auth_service
from rapport.auth import users
from rapport.auth.actor import Actor
from rapport.company import service as company_service
from rapport.config import Settings
from rapport.contact import service as contact_service
from rapport.customfield import service as customfield_service
from rapport.db import Database
from rapport.deal import service as deal_service
from rapport.email import ingest
from rapport.email.parse import ParsedEmail, ParseError, parse
from rapport.email.pipeline import batch as email_pipeline
from rapport.kit.clock import utcnow
from rapport.kit.validation import validate
from rapport.models import Company, Contact, Deal, InboundSource, Role, Stage, StageKind
from rapport.pipeline import service as pipeline_service
from rapport.seed import data
from rapport.workspace import service as workspace_service

DEMO_EMAIL = "demo@rapport.dev"
DEMO_PASSWORD = "rapport-demo"
DEMO_NAME = "Alex Morgan"
DEMO_WORKSPACE = "Demo Co"
RANDOM_SEED = 20_260_101
CONTACTS = 150
CURRENCY = "USD"


@dataclass
class DemoResult:
    created: bool
    email: str = DEMO_EMAIL
    password: str = DEMO_PASSWORD
    workspace: str = DEMO_WORKSPACE
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def describe(self) -> str:
        if self.created:
            made = ", ".join(f"{count} {name}" for name, count in self.counts.items())
            first = f"demo workspace {self.workspace!r} created in {self.seconds:.1f}s ({made})"
        else:
            first = f"the demo workspace {self.workspace!r} exists already; nothing added"
        return f"rapport: {first}\nrapport: sign in as {self.email} with the password {self.password}"


async def seed_demo(db: Database, settings: Settings, *, now: datetime | None = None) -> DemoResult:
    """Creates the demo account and fills its workspace, unless the account exists already."""
    started = time.monotonic()
    async with db.transaction() as session:
        if await users.account_by_email(session, DEMO_EMAIL) is not None:
            return DemoResult(created=False)
        signed_up = await auth_service.sign_up(
            session,
            settings,
            data=auth_service.SignUpData(
                email=DEMO_EMAIL, password=DEMO_PASSWORD, name=DEMO_NAME, workspace_name=DEMO_WORKSPACE
            ),
        )
        assert signed_up.workspace is not None
        member = await workspace_service.get_membership(
            session, workspace_id=signed_up.workspace.id, user_id=signed_up.user.id
        )
        assert member is not None
        actor = Actor(
            user_id=signed_up.user.id, workspace_id=signed_up.workspace.id, member_id=member.id, role=Role.OWNER
        )
        counts = await _Demo(session, actor, settings, now or utcnow()).fill()
    return DemoResult(created=True, counts=counts, seconds=time.monotonic() - started)


class _TrustedParser:
    """Parses in this process: the demo's messages are our own, they need no isolation."""

    async def parse_many(self, raws: Sequence[bytes]) -> list[ParsedEmail | ParseError]:
        results: list[ParsedEmail | ParseError] = []
        for raw in raws:
            try:
                results.append(parse(raw))
            except ParseError as error:
                results.append(error)
        return results


class _Demo:
    def __init__(self, session: AsyncSession, actor: Actor, settings: Settings, now: datetime) -> None:
        self.session = session
        self.actor = actor
        self.settings = settings
        self.now = now
        self.random = random.Random(RANDOM_SEED)  # noqa: S311 - demo data, not secrets
        self.companies: list[Company] = []
        self.contacts: dict[uuid.UUID, list[Contact]] = {}
        self.deals: list[Deal] = []

    async def fill(self) -> dict[str, int]:
        await self._custom_fields()
        await self._companies()
        await self._contacts()
        await self._deals()
        notes = await self._notes()
        tasks = await self._tasks()
        emails = await self._emails()
        return {
            "companies": len(self.companies),
            "contacts": sum(len(people) for people in self.contacts.values()),
            "deals": len(self.deals),
            "notes": notes,
            "tasks": tasks,
            "emails": emails,
        }

    async def _custom_fields(self) -> None:
        for object_type, key, label, options in (
            ("COMPANY", "tier", "Tier", data.TIERS),
            ("CONTACT", "lead_source", "Lead source", data.LEAD_SOURCES),
            ("DEAL", "plan", "Plan", data.PLANS),
        ):
            definition = validate(
                customfield_service.DefinitionData,
                {"object_type": object_type, "key": key, "label": label, "type": "SELECT", "options": options},
            )
            await customfield_service.create_definition(self.session, self.actor, data=definition)

    async def _companies(self) -> None:
        for name, domain, industry, employees, tier in data.COMPANIES:
            company = validate(
                company_service.CompanyData,
                {
                    "name": name,
                    "domain": domain,
                    "industry": industry,
                    "employees": employees,
                    "custom_fields": {"tier": tier},
                },
            )
            self.companies.append(await company_service.create(self.session, self.actor, data=company))

    async def _contacts(self) -> None:
        # Two to six people per company, the first one its CEO.
        sizes = [2 + (i % 4) for i in range(len(self.companies))]
        for index in range(CONTACTS - sum(sizes)):
            sizes[index % len(sizes)] += 1
        used: set[tuple[str, str]] = set()
        for company, size in zip(self.companies, sizes, strict=True):
            people: list[Contact] = []
            for index in range(size):
                first, last = self._unique_name(used)
                local = f"{first}.{last}".lower().replace("'", "")
                phone = f"+1 {self.random.randint(201, 989)} 555 {self.random.randint(100, 199):04d}"
                contact = validate(
                    contact_service.ContactData,
                    {
                        "first_name": first,
                        "last_name": last,
                        "emails": [f"{local}@{company.domain}"],
                        "phones": [phone] if self.random.random() < 0.7 else [],
                        "job_title": data.TITLES[0] if index == 0 else self.random.choice(data.TITLES[1:]),
                        "company_id": company.id,
                        "custom_fields": {"lead_source": self.random.choice(data.LEAD_SOURCES)},
                    },
                )
                people.append(await contact_service.create(self.session, self.actor, data=contact))
            self.contacts[company.id] = people

    def _unique_name(self, used: set[tuple[str, str]]) -> tuple[str, str]:
        while True:
            name = (self.random.choice(data.FIRST_NAMES), self.random.choice(data.LAST_NAMES))
            if name not in used:
                used.add(name)
                return name

    async def _deals(self) -> None:
        pipeline = await pipeline_service.default_pipeline(self.session, self.actor)
        stages = list(await pipeline_service.list_stages(self.session, self.actor, pipeline_id=pipeline.id))
        by_name = {stage.name: stage for stage in stages}
        won = next(stage for stage in stages if stage.kind == StageKind.WON)
        lost = next(stage for stage in stages if stage.kind == StageKind.LOST)
        plan: list[tuple[Stage, datetime | None]] = [
            (by_name[name], None) for name, count in data.OPEN_DEALS.items() for _ in range(count)
        ]
        closing = zip(data.WON_BY_MONTH[::-1], data.LOST_BY_MONTH[::-1], strict=True)
        for months_ago, (won_count, lost_count) in enumerate(closing):
            plan += [(won, self._moment_in_month(months_ago)) for _ in range(won_count)]
            plan += [(lost, self._moment_in_month(months_ago)) for _ in range(lost_count)]
        companies = self.random.sample(self.companies, k=len(self.companies))
        closed: list[dict[str, Any]] = []
        for index, (stage, closed_at) in enumerate(plan):
            company = companies[index % len(companies)]
            offering, plan_name = self.random.choice(data.OFFERINGS)
            amount = self.random.randrange(8, 360) * 500
            close_date = closed_at.date() if closed_at else self.now.date() + timedelta(self.random.randint(5, 100))
            fields = validate(
                deal_service.DealData,
                {
                    "name": f"{company.name}: {offering}",
                    "amount": {"amount_micros": amount * 1_000_000, "currency": CURRENCY},
                    "company_id": company.id,
                    "expected_close_date": close_date,
                    "custom_fields": {"plan": plan_name},
                },
            )
            deal = await deal_service.create(self.session, self.actor, data=fields)
            if stage.id != deal.stage_id:
                deal = await deal_service.move(
                    self.session, self.actor, deal_id=deal.id, stage_id=stage.id, position=None
                )
            people = self.contacts[company.id]
            for role, contact in zip(data.DEAL_ROLES, self.random.sample(people, k=2), strict=True):
                await deal_service.set_contact(
                    self.session,
                    self.actor,
                    deal_id=deal.id,
                    contact_id=contact.id,
                    data=deal_service.DealContactData(role=role),
                )
            if closed_at is not None:
                opened = closed_at - timedelta(days=self.random.randint(20, 90), hours=self.random.randint(0, 8))
                closed.append({"b_id": deal.id, "b_closed": closed_at, "b_created": opened})
            self.deals.append(deal)
        # The move closed them now: put each back in the month the plan says.
        deals = cast(Table, Deal.__table__)
        await self.session.execute(
            update(deals)
            .where(deals.c.workspace_id == self.actor.workspace_id, deals.c.id == bindparam("b_id"))
            .values(closed_at=bindparam("b_closed"), created_at=bindparam("b_created")),
            closed,
        )

    def _moment_in_month(self, months_ago: int) -> datetime:
        """A working hour on some day of the month `months_ago` months back, never in the future."""
        year, month = self.now.year, self.now.month - months_ago
        while month < 1:
            year, month = year - 1, month + 12
        last_day = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
        day = self.random.randint(1, self.now.day if months_ago == 0 else last_day)
        moment = datetime(year, month, day, self.random.randint(9, 17), self.random.randint(0, 59), tzinfo=UTC)
        return min(moment, self.now - timedelta(minutes=1))

    async def _notes(self) -> int:
        people = [contact for group in self.contacts.values() for contact in group]
        for index in range(40):
            contact = self.random.choice(people)
            target = contact.id if index % 2 == 0 else self.random.choice(self.deals).id
            body = data.NOTES[index % len(data.NOTES)].format(
                first=contact.first_name, quarter=self.random.randint(1, 4)
            )
            note = validate(activity_service.NoteData, {"body": body})
            await activity_service.add_note(self.session, self.actor, target_id=target, data=note)
        return 40

    async def _tasks(self) -> int:
        open_deals = [deal for deal in self.deals if deal.status == StageKind.OPEN]
        for index, days in enumerate(data.TASK_DUE_DAYS):
            deal = open_deals[index % len(open_deals)]
            assert deal.company_id is not None
            contact = self.contacts[deal.company_id][0]
            due = None
            if days is not None:
                hour = self.random.choice([9, 11, 14, 16])
                due = (self.now + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
            body = data.TASKS[index % len(data.TASKS)].format(first=contact.first_name)
            fields = validate(activity_service.TaskData, {"body": body, "due_at": due})
            target = deal.id if index % 3 else contact.id
            task = await activity_service.add_task(self.session, self.actor, target_id=target, data=fields)
            if index >= len(data.TASK_DUE_DAYS) - data.DONE_TASKS:
                done = validate(activity_service.TaskData, {"done": True})
                await activity_service.update_task(self.session, self.actor, task_id=task.id, data=done)
        return len(data.TASK_DUE_DAYS)

    async def _emails(self) -> int:
        """A few threads with customers, through the email pipeline like forwarded mail."""
        me = f"{DEMO_NAME} <{DEMO_EMAIL}>"
        raws: list[bytes] = []
        for thread_index, (company_index, subject, messages) in enumerate(data.THREADS):
            contact = self.contacts[self.companies[company_index].id][0]
            them = f"{contact.name} <{contact.emails[0]}>"
            started = self.now - timedelta(days=2 + 3 * thread_index, hours=5)
            earlier: list[str] = []
            for index, (sender, body) in enumerate(messages):
                mail = EmailMessage()
                mail["From"], mail["To"] = (them, me) if sender == "them" else (me, them)
                mail["Subject"] = subject if index == 0 else f"Re: {subject}"
                mail["Date"] = format_datetime(started + timedelta(hours=5 * index))
                message_id = f"<demo-{thread_index}-{index}@rapport.dev>"
                mail["Message-ID"] = message_id
                # The seed wrote this mail and vouches for its From (forwarded-in mail needs that to be ours).
                domain = (contact.emails[0] if sender == "them" else DEMO_EMAIL).split("@")[1]
                mail["Authentication-Results"] = f"{_DEMO_AUTHSERV}; dmarc=pass header.from={domain}"
                if earlier:
                    mail["In-Reply-To"] = earlier[-1]
                    mail["References"] = " ".join(earlier)
                mail.set_content(body.format(first=contact.first_name))
                earlier.append(message_id)
                raws.append(mail.as_bytes())
        incoming = [
            ingest.Incoming(workspace_id=self.actor.workspace_id, raw=raw, source=InboundSource.WEBHOOK) for raw in raws
        ]
        ids = await ingest.store_incoming(self.session, incoming)
        outcome = await email_pipeline.process_workspace_batch(
            self.session,
            _TrustedParser(),
            self.settings.files_path,
            self.actor.workspace_id,
            ids,
            trusted_authserv_ids=frozenset({_DEMO_AUTHSERV}),
        )
        return outcome.stored


_DEMO_AUTHSERV = "demo.rapport.invalid"


def seed_into(database_url: str, settings: Settings) -> DemoResult:
    """Seeds through the app role, under row-level security like any request."""
    from rapport.db import create_engine

    async def main() -> DemoResult:
        db = Database(create_engine(database_url, pool_size=1, application_name="rapport-seed"))
        try:
            return await seed_demo(db, settings)
        finally:
            await db.dispose()

    return asyncio.run(main())


def run(settings: Settings) -> int:
    """`rapport seed --demo`: into the configured database, or the embedded one of the data directory
    (migrated first; started for the occasion and stopped after, unless `rapport up` is running it)."""
    if settings.database_url is not None:
        print(seed_into(settings.database_url.get_secret_value(), settings).describe(), flush=True)
        return 0
    from rapport import migrate
    from rapport.embedded import EmbeddedPostgres, EmbeddedServerError, borrowed_postgres

    try:
        with borrowed_postgres(EmbeddedPostgres(settings.data_dir)) as urls:
            migrate.upgrade(urls.database_owner_url)
            print(seed_into(urls.database_url, settings).describe(), flush=True)
    except EmbeddedServerError as error:
        print(f"rapport: {error}", file=sys.stderr)
        return 1
    return 0
