from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, cast

import strawberry
from strawberry.scalars import JSON

from rapport.activity.graphql import ActivityConnection, timeline_of
from rapport.company import service
from rapport.graphql.compiled.lists import register_list
from rapport.graphql.context import Info
from rapport.graphql.filters import RecordFilter, StringFilter, record_filter, record_order
from rapport.graphql.inputs import RecordFields
from rapport.graphql.types import Connection, connection_type, served_by_rows
from rapport.models import Company as CompanyRow
from rapport.workspace.graphql_types import Member, member_of

if TYPE_CHECKING:
    from rapport.contact.graphql import ContactConnection
    from rapport.deal.graphql import DealConnection


@strawberry.type(description="An organisation: the employer of contacts and the customer of deals.")
class Company:
    id: uuid.UUID = strawberry.field(description="The company's id.")
    name: str = strawberry.field(description="The company's name.")
    domain: str | None = strawberry.field(description="Its web domain, lower-cased; unique in the workspace.")
    industry: str | None = strawberry.field(description="Free-text industry.")
    employees: int | None = strawberry.field(description="Head count.")
    custom_fields: JSON = strawberry.field(description="Values of the workspace's custom company fields, by key.")
    created_at: datetime = strawberry.field(description="When the company was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    last_activity_at: datetime | None = strawberry.field(
        description="When its last email, note, call, meeting or task was, its contacts' notes, calls and"
        " meetings included (null: none yet)."
    )

    is_type_of = served_by_rows(CompanyRow)

    @staticmethod
    def of(row: CompanyRow) -> Company:
        """A company row as this type: the row has every field the type declares, so it serves as is."""
        return cast(Company, row)

    @strawberry.field(description="The member responsible for this company.")
    async def owner(self, info: Info) -> Member | None:
        return await member_of(info, cast(CompanyRow, self).owner_id)

    @strawberry.field(description="People who work at this company, by name.")
    async def contacts(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Annotated[ContactConnection, strawberry.lazy("rapport.contact.graphql")]:
        from rapport.contact.graphql import contacts_of_company

        return await contacts_of_company(info, cast(CompanyRow, self).id, first=first, after=after)

    @strawberry.field(description="Deals with this company, newest first.")
    async def deals(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Annotated[DealConnection, strawberry.lazy("rapport.deal.graphql")]:
        from rapport.deal.graphql import deals_of_company

        return await deals_of_company(info, cast(CompanyRow, self).id, first=first, after=after)

    @strawberry.field(description="How many live contacts work here.")
    async def contact_count(self, info: Info) -> int:
        return await info.context.loaders.company_contact_count.load(cast(CompanyRow, self).id)

    @strawberry.field(description="How many live deals are with this company.")
    async def deal_count(self, info: Info) -> int:
        return await info.context.loaders.company_deal_count.load(cast(CompanyRow, self).id)

    @strawberry.field(description="Changes, notes, tasks and emails about this company, newest first.")
    async def timeline(self, info: Info, first: int | None = 20, after: str | None = None) -> ActivityConnection:
        return await timeline_of(info, cast(CompanyRow, self).id, first=first, after=after)


async def company_of(info: Info, company_id: uuid.UUID | None) -> Company | None:
    """The company a record names, if any."""
    if company_id is None:
        return None
    return cast(Company | None, await info.context.loaders.company.load(company_id))


@connection_type(noun="company", plural="companies", description="A page of companies.")
class CompanyConnection(Connection[Company]):
    pass


@record_filter(plural="companies")
class CompanyFilter(RecordFilter):
    domain: StringFilter | None = strawberry.field(default=None, description="On the domain.")
    industry: StringFilter | None = strawberry.field(default=None, description="On the industry.")


CompanyOrder = record_order("Company")


@strawberry.input(description="A company's fields. On update, omitted fields stay as they are; null clears one.")
class CompanyInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Required on create.")
    domain: str | None = strawberry.field(default=strawberry.UNSET, description="example.com; unique in the workspace.")
    industry: str | None = strawberry.field(default=strawberry.UNSET, description="Free text.")
    employees: int | None = strawberry.field(default=strawberry.UNSET, description="Head count, 0 or more.")
    owner_id: uuid.UUID | None = strawberry.field(default=strawberry.UNSET, description="A member id; defaults to you.")
    custom_fields: JSON | None = strawberry.field(
        default=strawberry.UNSET, description="Values by key; null unsets one."
    )


register_list("companies", service.companies_query)


COMPANIES = RecordFields(
    Company,
    CompanyConnection,
    CompanyInput,
    plural="companies",
    lister=service.list_companies,
    data=service.CompanyData,
    service=service,
)
CompanyQuery = COMPANIES.query(
    "Companies of the workspace, by name unless ordered otherwise.", filter=CompanyFilter, order=CompanyOrder
)
CompanyMutation = COMPANIES.mutation(filter=CompanyFilter)
