from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, cast

import strawberry
from strawberry.scalars import JSON

from rapport.activity.graphql import ActivityConnection, timeline_of
from rapport.company import service
from rapport.graphql.compiled.lists import register_list
from rapport.graphql.context import Info
from rapport.graphql.filters import CustomFieldFilter, DateTimeFilter, Order, StringFilter
from rapport.graphql.inputs import BatchItemError, as_actor, connection_of, given, run_batch
from rapport.graphql.permissions import CanRead, CanWrite
from rapport.graphql.types import Connection, Edge, connection_type, edge_type
from rapport.kit.validation import validate
from rapport.models import Company as CompanyRow
from rapport.workspace.graphql_types import Member

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

    @classmethod
    def is_type_of(cls, obj: object, info: object) -> bool:
        """In a union (search hits, record nodes) a row is this type."""
        return isinstance(obj, cls | CompanyRow)

    @staticmethod
    def of(row: CompanyRow) -> Company:
        """A company row as this type: the row has every field the type declares, so it serves as is."""
        return cast(Company, row)

    @strawberry.field(description="The member responsible for this company.")
    async def owner(self, info: Info) -> Member | None:
        row = cast(CompanyRow, self)
        if row.owner_id is None:
            return None
        member = await info.context.loaders.member.load(row.owner_id)
        return Member(row=member) if member else None

    @strawberry.field(description="People who work at this company, by name.")
    async def contacts(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Annotated[ContactConnection, strawberry.lazy("rapport.contact.graphql")]:
        first = 20 if first is None else first
        from rapport.contact.graphql import contacts_of_company

        return await contacts_of_company(info, cast(CompanyRow, self).id, first=first, after=after)

    @strawberry.field(description="Deals with this company, newest first.")
    async def deals(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Annotated[DealConnection, strawberry.lazy("rapport.deal.graphql")]:
        first = 20 if first is None else first
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


@edge_type(noun="company", description="A company and its cursor.")
class CompanyEdge(Edge[Company]):
    pass


@connection_type(CompanyEdge, plural="companies", description="A page of companies.")
class CompanyConnection(Connection[Company]):
    edges: Sequence[CompanyEdge]


@strawberry.input(description="Conditions on companies; all given conditions must hold.")
class CompanyFilter:
    and_: list[CompanyFilter] | None = strawberry.field(default=None, name="and", description="All of these.")
    or_: list[CompanyFilter] | None = strawberry.field(default=None, name="or", description="Any of these.")
    not_: CompanyFilter | None = strawberry.field(default=None, name="not", description="Not this.")
    name: StringFilter | None = strawberry.field(default=None, description="On the name.")
    domain: StringFilter | None = strawberry.field(default=None, description="On the domain.")
    industry: StringFilter | None = strawberry.field(default=None, description="On the industry.")
    created_at: DateTimeFilter | None = strawberry.field(default=None, description="On the creation time.")
    custom_field: CustomFieldFilter | None = strawberry.field(default=None, description="On a custom field.")


@strawberry.enum(description="Company fields to sort by.")
class CompanyOrderField(enum.StrEnum):
    NAME = "NAME"
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"


@strawberry.input(description="One sort key: a field or a custom field, with a direction.")
class CompanyOrder(Order[CompanyOrderField]):
    pass


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


def to_data(value: CompanyInput, path: tuple[str | int, ...] = ("input",)) -> service.CompanyData:
    return validate(service.CompanyData, given(value), path=path)


async def _page(info: Info, *, first: int, after: str | None, **arguments: object) -> CompanyConnection:
    """A page of `service.list_companies` as a connection."""
    return await connection_of(
        info, CompanyConnection, Company.of, service.list_companies, first=first, after=after, **arguments
    )


register_list("companies", service.companies_query)


@strawberry.type
class CompanyQuery:
    @strawberry.field(
        description="Companies of the workspace, by name unless ordered otherwise.", permission_classes=[CanRead]
    )
    async def companies(
        self,
        info: Info,
        first: int | None = 50,
        after: str | None = None,
        filter: CompanyFilter | None = None,
        order_by: list[CompanyOrder] | None = None,
    ) -> CompanyConnection:
        first = 50 if first is None else first
        return await _page(info, first=first, after=after, filter=filter, order_by=order_by or [])

    @strawberry.field(
        description="One company by id; NOT_FOUND when there is none in this workspace (or it was deleted).",
        permission_classes=[CanRead],
    )
    async def company(self, info: Info, id: uuid.UUID) -> Company | None:
        row = await as_actor(info, service.get, company_id=id)
        return cast(Company | None, row)


@strawberry.type(description="What a batch create did: the records written, and the inputs refused with why.")
class CreateCompaniesPayload:
    companies: list[Company] = strawberry.field(description="The companies created, in input order.")
    errors: list[BatchItemError] = strawberry.field(description="One per refused input, with its index.")


@strawberry.type
class CompanyMutation:
    @strawberry.mutation(description="Creates a company.", permission_classes=[CanWrite])
    async def create_company(self, info: Info, input: CompanyInput) -> Company:
        row = await as_actor(info, service.create, data=to_data(input))
        return Company.of(row)

    @strawberry.mutation(
        description="Creates up to 100 companies: valid inputs are written, invalid ones come back in `errors`.",
        permission_classes=[CanWrite],
    )
    async def create_companies(self, info: Info, inputs: list[CompanyInput]) -> CreateCompaniesPayload:
        created, errors = await run_batch(
            info,
            inputs,
            lambda actor, item, path: service.create(info.context.session, actor, data=to_data(item, path), path=path),
        )
        return CreateCompaniesPayload(companies=cast(list[Company], created), errors=errors)

    @strawberry.mutation(description="Changes a company's fields.", permission_classes=[CanWrite])
    async def update_company(self, info: Info, id: uuid.UUID, input: CompanyInput) -> Company:
        row = await as_actor(info, service.update, company_id=id, data=to_data(input))
        return Company.of(row)

    @strawberry.mutation(description="Moves a company to the trash (restorable).", permission_classes=[CanWrite])
    async def delete_company(self, info: Info, id: uuid.UUID) -> bool:
        return await as_actor(info, service.delete, company_id=id)

    @strawberry.mutation(description="Brings a deleted company back.", permission_classes=[CanWrite])
    async def restore_company(self, info: Info, id: uuid.UUID) -> Company:
        row = await as_actor(info, service.restore, company_id=id)
        return Company.of(row)
