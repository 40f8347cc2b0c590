"""Companies: the organisations contacts work for and deals are won from. Domains are unique per workspace."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any

from pydantic import Field, field_validator
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activity import service as activity_service
from rapport.auth.actor import Actor, Principal
from rapport.company import repository
from rapport.customfield import service as customfield_service
from rapport.errors import Conflict
from rapport.kit import bulk, records
from rapport.kit.filters import Filter, Path, string_condition
from rapport.kit.listing import Direction, Order, SortKey
from rapport.kit.validation import InputModel
from rapport.models import Company, ObjectType, Role

DOMAIN_PATTERN = r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$"
FIELDS = {"name": "name", "domain": "domain", "industry": "industry", "employees": "employees", "owner_id": "ownerId"}


class CompanyData(InputModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    domain: str | None = Field(default=None, max_length=253)
    industry: str | None = Field(default=None, max_length=100)
    employees: int | None = Field(default=None, ge=0, le=10_000_000)
    owner_id: uuid.UUID | None = None
    custom_fields: dict[str, Any] | None = None

    @field_validator("domain", mode="before")
    @classmethod
    def _domain(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        domain = value.strip().lower().removeprefix("https://").removeprefix("http://").removeprefix("www.").rstrip("/")
        if domain and not re.match(DOMAIN_PATTERN, domain):
            raise ValueError("must be a domain like example.com")
        return domain or None


def _column_values(data: CompanyData) -> dict[str, Any]:
    return {field: getattr(data, field) for field in FIELDS if field in data.model_fields_set}


def _new_columns(data: CompanyData, path: Path) -> dict[str, Any]:
    """A bulk-created company's column values: it must have a name."""
    RECORDS.require_name(data.name, path)
    return _column_values(data)


async def create(session: AsyncSession, actor: Actor, *, data: CompanyData, path: Path = ("input",)) -> Company:
    actor.require(Role.MEMBER)
    values = await RECORDS.new_values(session, actor, _new_columns(data, path))
    if data.domain and await repository.domain_taken(session, actor.workspace_id, data.domain):
        raise Conflict(f"A company with the domain {data.domain} exists already.")
    return await RECORDS.insert(session, actor, values, custom_fields=data.custom_fields, path=path)


NewCompany = records.New[CompanyData]


async def create_many(
    session: AsyncSession,
    actor: Principal,
    *,
    companies: Sequence[NewCompany],
    source: str | None = None,
    allow_incomplete: bool = False,
    skip_taken_domains: bool = False,
) -> list[records.Written[CompanyData]]:
    """`create` for many companies with a few multi-row statements, in the order given; all or none.

    The same rules, timeline entries and `company.created` events as `create` (the payload names
    `source` when given). A domain that a live company has already is a CONFLICT, or with
    `skip_taken_domains` that company is left out of the answer (it was not created).
    `allow_incomplete` is as in `contact.service.create_many`.
    """
    actor.require(Role.MEMBER)
    if not companies:
        return []
    rows, notes = await RECORDS.new_rows(
        session, actor, companies, columns=_new_columns, fields=FIELDS, allow_incomplete=allow_incomplete
    )
    domains = [row["domain"] for row in rows if row["domain"]]
    if not skip_taken_domains:
        taken = await repository.taken_domains(session, actor.workspace_id, domains)
        taken |= {domain for domain in domains if domains.count(domain) > 1}
        if taken:
            raise Conflict(f"A company with the domain {sorted(taken)[0]} exists already.")
    return await RECORDS.insert_many(
        session, actor, companies, rows, notes=notes, source=source, skip_conflicts=repository.LIVE_DOMAIN_INDEX
    )


async def find_by_domains(session: AsyncSession, actor: Principal, *, domains: Sequence[str]) -> dict[str, Company]:
    """The live company for each of `domains` that one has (domains are unique among live companies)."""
    companies = await repository.find_by_domains(session, actor.workspace_id, domains)
    return {company.domain: company for company in companies if company.domain}


async def find_by_names(session: AsyncSession, actor: Principal, *, names: Sequence[str]) -> dict[str, Company]:
    """The live company for each of `names` that one has, by lower-cased name (the oldest when several do)."""
    found: dict[str, Company] = {}
    for company in await records.list_named(session, Company, Company.name, actor.workspace_id, names):
        found.setdefault(company.name.lower(), company)
    return found


async def names_by_ids(session: AsyncSession, actor: Principal, *, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The names of the live companies among `ids` (exports)."""
    companies = await records.list_by_ids(session, Company, actor.workspace_id, list(ids))
    return {company.id: company.name for company in companies}


async def update(session: AsyncSession, actor: Actor, *, company_id: uuid.UUID, data: CompanyData) -> Company:
    company = await RECORDS.for_update(session, actor, id=company_id)
    path: Path = ("input",)
    if "name" in data.model_fields_set:
        RECORDS.require_name(data.name, path)
    values = _column_values(data)
    await records.check_references(session, actor.workspace_id, values)
    if (
        data.domain
        and data.domain != company.domain
        and await repository.domain_taken(session, actor.workspace_id, data.domain, except_id=company.id)
    ):
        raise Conflict(f"A company with the domain {data.domain} exists already.")
    return await RECORDS.update(session, actor, company, values, data, fields=FIELDS)


async def _domain_free(session: AsyncSession, actor: Actor, company: Company) -> None:
    """A company comes back from the trash only if no live one took its domain meanwhile."""
    if company.domain and await repository.domain_taken(session, actor.workspace_id, company.domain):
        raise Conflict(f"Another company now has the domain {company.domain}; change one of them first.")


RECORDS = activity_service.Records(Company, "company", label=lambda company: company.name, restore_check=_domain_free)
get, delete, restore, lock = RECORDS.get, RECORDS.delete, RECORDS.restore, RECORDS.lock


LIST = records.list_spec(
    Company,
    ObjectType.COMPANY,
    name=Company.name,
    filters={
        "domain": lambda f: string_condition(Company.domain, f),
        "industry": lambda f: string_condition(Company.industry, f),
    },
    default_order=("NAME", Direction.ASC_NULLS_LAST),
)


async def companies_query(
    session: AsyncSession, actor: Actor, *, filter: Filter | None, order_by: Sequence[Order]
) -> tuple[Select[Company], list[SortKey]]:
    """The filtered companies and the sort keys of a list."""
    condition, keys = await customfield_service.list_conditions(session, actor, LIST, filter=filter, order_by=order_by)
    return repository.list_query(actor.workspace_id, condition), keys


BULK = RECORDS.bulk_kind(columns=FIELDS, query=companies_query, update=update, data_of=bulk.model_data(CompanyData))
bulk_update, bulk_delete = BULK.bulk_update, BULK.bulk_delete


list_companies = records.paged(companies_query, Company)


MERGED_SCALARS = ("domain", "industry", "employees", "owner_id")


async def merge(
    session: AsyncSession,
    actor: Actor,
    *,
    primary: Company,
    duplicates: Sequence[Company],
    undo: dict[uuid.UUID, dict[str, Any]],
) -> Company:
    """The company side of a merge (see contact.service.merge). A blank domain is filled too (the
    duplicates leave before the primary is filled, and live companies' domains are unique): mail from it
    then finds the primary; an undo gives it back."""
    return await RECORDS.merge(
        session, actor, primary, duplicates, fields=FIELDS, scalars=MERGED_SCALARS, lists={}, undo=undo
    )


async def unmerge(session: AsyncSession, actor: Actor, *, company_id: uuid.UUID, undo: dict[str, Any]) -> Company:
    """The company side of a merge's undo (see contact.service.unmerge)."""
    return await RECORDS.unmerge(session, actor, id=company_id, undo=undo, fields=FIELDS)
