from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.scalars import JSON

from rapport.activity.graphql import ActivityConnection, timeline_of
from rapport.auth.actor import Actor
from rapport.company.graphql import Company
from rapport.contact import service
from rapport.graphql.compiled.lists import Listed, register_list, register_nested_list
from rapport.graphql.context import Info
from rapport.graphql.filters import CustomFieldFilter, DateTimeFilter, Order, StringFilter, UUIDFilter
from rapport.graphql.inputs import BatchItemError, as_actor, connection_of, given, run_batch
from rapport.graphql.permissions import CanRead, CanWrite
from rapport.graphql.types import Connection, Edge, connection_type, edge_type
from rapport.kit.validation import validate
from rapport.models import Contact as ContactRow
from rapport.workspace.graphql_types import Member

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

    @classmethod
    def is_type_of(cls, obj: object, info: object) -> bool:
        """In a union (search hits, record nodes) a row is this type."""
        return isinstance(obj, cls | ContactRow)

    @staticmethod
    def of(row: ContactRow) -> Contact:
        """A contact row as this type: the row has every field the type declares, so it serves as is."""
        return cast(Contact, row)

    @strawberry.field(description="The company the contact works for.")
    async def company(self, info: Info) -> Company | None:
        row = cast(ContactRow, self)
        if row.company_id is None:
            return None
        return cast(Company | None, await info.context.loaders.company.load(row.company_id))

    @strawberry.field(description="The member responsible for this contact.")
    async def owner(self, info: Info) -> Member | None:
        row = cast(ContactRow, self)
        if row.owner_id is None:
            return None
        member = await info.context.loaders.member.load(row.owner_id)
        return Member(row=member) if member else None

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


@edge_type(noun="contact", description="A contact and its cursor.")
class ContactEdge(Edge[Contact]):
    pass


@connection_type(ContactEdge, plural="contacts", description="A page of contacts.")
class ContactConnection(Connection[Contact]):
    edges: Sequence[ContactEdge]


@strawberry.input(description="Conditions on contacts; all given conditions must hold.")
class ContactFilter:
    and_: list[ContactFilter] | None = strawberry.field(default=None, name="and", description="All of these.")
    or_: list[ContactFilter] | None = strawberry.field(default=None, name="or", description="Any of these.")
    not_: ContactFilter | None = strawberry.field(default=None, name="not", description="Not this.")
    name: StringFilter | None = strawberry.field(default=None, description="On the display name.")
    email: StringFilter | None = strawberry.field(default=None, description="On any of the emails.")
    company_id: UUIDFilter | None = strawberry.field(default=None, description="On the company.")
    owner_id: UUIDFilter | None = strawberry.field(default=None, description="On the owner (a member id).")
    created_at: DateTimeFilter | None = strawberry.field(default=None, description="On the creation time.")
    updated_at: DateTimeFilter | None = strawberry.field(default=None, description="On the last change.")
    custom_field: CustomFieldFilter | None = strawberry.field(default=None, description="On a custom field.")


@strawberry.enum(description="Contact fields to sort by.")
class ContactOrderField(enum.StrEnum):
    NAME = "NAME"
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"


@strawberry.input(description="One sort key: a field or a custom field, with a direction.")
class ContactOrder(Order[ContactOrderField]):
    pass


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


def to_data(value: ContactInput, path: tuple[str | int, ...] = ("input",)) -> service.ContactData:
    return validate(service.ContactData, given(value), path=path)


async def _page(info: Info, *, first: int, after: str | None, **arguments: object) -> ContactConnection:
    """A page of `service.list_contacts` as a connection."""
    return await connection_of(
        info, ContactConnection, Contact.of, service.list_contacts, first=first, after=after, **arguments
    )


async def contacts_of_company(info: Info, company_id: uuid.UUID, *, first: int, after: str | None) -> ContactConnection:
    return await _page(info, first=first, after=after, filter=None, order_by=[], company_id=company_id)


async def _contacts_of_company(session: AsyncSession, actor: Actor, *, filter: Any, parent: Any) -> Listed:
    return await service.contacts_query(session, actor, filter=None, order_by=[], company_id=parent.id)


async def _deals_of_contact(session: AsyncSession, actor: Actor, *, filter: Any, parent: Any) -> Listed:
    return await service.deals_query(session, actor, contact_id=parent.id)


register_list("contacts", service.contacts_query)
register_nested_list("Company.contacts", _contacts_of_company)
register_nested_list("Contact.deals", _deals_of_contact)


@strawberry.type
class ContactQuery:
    @strawberry.field(
        description="Contacts of the workspace, by name unless ordered otherwise.", permission_classes=[CanRead]
    )
    async def contacts(
        self,
        info: Info,
        first: int | None = 50,
        after: str | None = None,
        filter: ContactFilter | None = None,
        order_by: list[ContactOrder] | None = None,
    ) -> ContactConnection:
        first = 50 if first is None else first
        return await _page(info, first=first, after=after, filter=filter, order_by=order_by or [])

    @strawberry.field(
        description="One contact by id; NOT_FOUND when there is none in this workspace (or it was deleted).",
        permission_classes=[CanRead],
    )
    async def contact(self, info: Info, id: uuid.UUID) -> Contact | None:
        return cast(Contact | None, await as_actor(info, service.get, contact_id=id))


@strawberry.type(description="What a batch create did: the records written, and the inputs refused with why.")
class CreateContactsPayload:
    contacts: list[Contact] = strawberry.field(description="The contacts created, in input order.")
    errors: list[BatchItemError] = strawberry.field(description="One per refused input, with its index.")


@strawberry.type
class ContactMutation:
    @strawberry.mutation(description="Creates a contact.", permission_classes=[CanWrite])
    async def create_contact(self, info: Info, input: ContactInput) -> Contact:
        return cast(Contact, await as_actor(info, service.create, data=to_data(input)))

    @strawberry.mutation(
        description="Creates up to 100 contacts: valid inputs are written, invalid ones come back in `errors`.",
        permission_classes=[CanWrite],
    )
    async def create_contacts(self, info: Info, inputs: list[ContactInput]) -> CreateContactsPayload:
        created, errors = await run_batch(
            info,
            inputs,
            lambda actor, item, path: service.create(info.context.session, actor, data=to_data(item, path), path=path),
        )
        return CreateContactsPayload(contacts=cast(list[Contact], created), errors=errors)

    @strawberry.mutation(description="Changes a contact's fields.", permission_classes=[CanWrite])
    async def update_contact(self, info: Info, id: uuid.UUID, input: ContactInput) -> Contact:
        row = await as_actor(info, service.update, contact_id=id, data=to_data(input))
        return Contact.of(row)

    @strawberry.mutation(description="Moves a contact to the trash (restorable).", permission_classes=[CanWrite])
    async def delete_contact(self, info: Info, id: uuid.UUID) -> bool:
        return await as_actor(info, service.delete, contact_id=id)

    @strawberry.mutation(description="Brings a deleted contact back.", permission_classes=[CanWrite])
    async def restore_contact(self, info: Info, id: uuid.UUID) -> Contact:
        return Contact.of(await as_actor(info, service.restore, contact_id=id))
