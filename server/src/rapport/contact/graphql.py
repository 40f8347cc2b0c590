from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.scalars import JSON

from rapport.activity.graphql import ActivityConnection, timeline_of
from rapport.auth.actor import Actor
from rapport.company.graphql import Company, company_of
from rapport.contact import service
from rapport.graphql.compiled.lists import Listed, register_list, register_nested_list
from rapport.graphql.context import Info
from rapport.graphql.filters import (
    RecordFilter,
    StringFilter,
    UUIDFilter,
    record_filter,
    record_order,
)
from rapport.graphql.inputs import RecordFields, connection_of
from rapport.graphql.types import Connection, connection_type, served_by_rows
from rapport.models import Contact as ContactRow
from rapport.workspace.graphql_types import Member, member_of

if TYPE_CHECKING:
    from rapport.deal.graphql import DealConnection


@strawberry.type(description="A person the team sells to or works with.")
class Contact:
    id: uuid.UUID = strawberry.field(description="The contact's id.")
    first_name: str | None = strawberry.field(description="Given name.")
    last_name: str | None = strawberry.field(description="Family name.")
    name: str = strawberry.field(description="Display name: the full name, else the primary email.")
    emails: list[str] = strawberry.field(description="Email addresses, lower-cased; the first is the primary one.")
    phones: list[str] = strawberry.field(description="Phone numbers as entered.")
    job_title: str | None = strawberry.field(description="Job title.")
    custom_fields: JSON = strawberry.field(description="Values of the workspace's custom contact fields, by key.")
    created_at: datetime = strawberry.field(description="When the contact was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    last_activity_at: datetime | None = strawberry.field(
        description="When its last email, note, call, meeting or task was (null: none yet)."
    )

    is_type_of = served_by_rows(ContactRow)

    @staticmethod
    def of(row: ContactRow) -> Contact:
        """A contact row as this type: the row has every field the type declares, so it serves as is."""
        return cast(Contact, row)

    @strawberry.field(description="The company the contact works for.")
    async def company(self, info: Info) -> Company | None:
        return await company_of(info, cast(ContactRow, self).company_id)

    @strawberry.field(description="The member responsible for this contact.")
    async def owner(self, info: Info) -> Member | None:
        return await member_of(info, cast(ContactRow, self).owner_id)

    @strawberry.field(description="How many live deals the contact takes part in.")
    async def deal_count(self, info: Info) -> int:
        return await info.context.loaders.contact_deal_count.load(cast(ContactRow, self).id)

    @strawberry.field(description="Deals the contact takes part in, newest first.")
    async def deals(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Annotated[DealConnection, strawberry.lazy("rapport.deal.graphql")]:
        first = 20 if first is None else first
        from rapport.deal.graphql import Deal, DealConnection

        contact_id = cast(ContactRow, self).id
        return await connection_of(
            info, DealConnection, Deal.of, service.list_deals, contact_id=contact_id, first=first, after=after
        )

    @strawberry.field(description="Changes, notes, tasks and emails about this contact, newest first.")
    async def timeline(self, info: Info, first: int | None = 20, after: str | None = None) -> ActivityConnection:
        return await timeline_of(info, cast(ContactRow, self).id, first=first, after=after)


@connection_type(noun="contact", plural="contacts", description="A page of contacts.")
class ContactConnection(Connection[Contact]):
    pass


@record_filter(plural="contacts", name="On the display name.", updated_at=True)
class ContactFilter(RecordFilter):
    email: StringFilter | None = strawberry.field(default=None, description="On any of the emails.")
    company_id: UUIDFilter | None = strawberry.field(default=None, description="On the company.")
    owner_id: UUIDFilter | None = strawberry.field(default=None, description="On the owner (a member id).")


ContactOrder = record_order("Contact")


@strawberry.input(description="A contact's fields. On update, omitted fields stay as they are; null clears one.")
class ContactInput:
    first_name: str | None = strawberry.field(default=strawberry.UNSET, description="Given name.")
    last_name: str | None = strawberry.field(default=strawberry.UNSET, description="Family name.")
    emails: list[str] | None = strawberry.field(default=strawberry.UNSET, description="The first is the primary one.")
    phones: list[str] | None = strawberry.field(default=strawberry.UNSET, description="Phone numbers.")
    job_title: str | None = strawberry.field(default=strawberry.UNSET, description="Job title.")
    company_id: uuid.UUID | None = strawberry.field(default=strawberry.UNSET, description="A company of the workspace.")
    owner_id: uuid.UUID | None = strawberry.field(default=strawberry.UNSET, description="A member id; defaults to you.")
    custom_fields: JSON | None = strawberry.field(
        default=strawberry.UNSET, description="Values by key; null unsets one."
    )


async def contacts_of_company(
    info: Info, company_id: uuid.UUID, *, first: int | None, after: str | None
) -> ContactConnection:
    """`Company.contacts`: 20 a page unless told."""
    first = 20 if first is None else first
    return await CONTACTS.page(info, first=first, after=after, filter=None, order_by=[], company_id=company_id)


async def _contacts_of_company(session: AsyncSession, actor: Actor, *, filter: Any, parent: Any) -> Listed:
    return await service.contacts_query(session, actor, filter=None, order_by=[], company_id=parent.id)


async def _deals_of_contact(session: AsyncSession, actor: Actor, *, filter: Any, parent: Any) -> Listed:
    return await service.deals_query(session, actor, contact_id=parent.id)


register_list("contacts", service.contacts_query)
register_nested_list("Company.contacts", _contacts_of_company)
register_nested_list("Contact.deals", _deals_of_contact)


CONTACTS = RecordFields(
    Contact,
    ContactConnection,
    ContactInput,
    plural="contacts",
    lister=service.list_contacts,
    data=service.ContactData,
    service=service,
)
ContactQuery = CONTACTS.query(
    "Contacts of the workspace, by name unless ordered otherwise.", filter=ContactFilter, order=ContactOrder
)
ContactMutation = CONTACTS.mutation(filter=ContactFilter)
