"""Contacts: the people a sales team talks to. A contact needs a name or an email."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any

from pydantic import EmailStr, Field, field_validator
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activity import service as activity_service
from rapport.auth.actor import Actor, Principal
from rapport.contact import repository
from rapport.customfield import service as customfield_service
from rapport.email import service as email_service
from rapport.errors import BadUserInput
from rapport.kit import bulk, records
from rapport.kit.filters import (
    Filter,
    Path,
    datetime_condition,
    email_array_condition,
    uuid_condition,
)
from rapport.kit.listing import Direction, Order, ScopeId, SortKey
from rapport.kit.validation import InputModel
from rapport.models import Contact, Deal, ObjectType, Role

PHONE_PATTERN = re.compile(r"^[0-9+()./ \-x]{3,50}$")
FIELDS = {
    "first_name": "firstName",
    "last_name": "lastName",
    "emails": "emails",
    "phones": "phones",
    "job_title": "jobTitle",
    "company_id": "companyId",
    "owner_id": "ownerId",
}


class ContactData(InputModel):
    first_name: str | None = Field(default=None, max_length=100)
    last_name: str | None = Field(default=None, max_length=100)
    emails: list[EmailStr] | None = Field(default=None, max_length=20)
    phones: list[str] | None = Field(default=None, max_length=20)
    job_title: str | None = Field(default=None, max_length=200)
    company_id: uuid.UUID | None = None
    owner_id: uuid.UUID | None = None
    custom_fields: dict[str, Any] | None = None

    @field_validator("first_name", "last_name", "job_title")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("emails")
    @classmethod
    def _emails(cls, emails: list[str] | None) -> list[str] | None:
        return None if emails is None else list(dict.fromkeys(email.lower() for email in emails))

    @field_validator("phones")
    @classmethod
    def _phones(cls, phones: list[str] | None) -> list[str] | None:
        if phones is None:
            return None
        cleaned = [phone.strip() for phone in phones]
        for phone in cleaned:
            if not PHONE_PATTERN.match(phone):
                raise ValueError(f"{phone!r} is not a phone number")
        return list(dict.fromkeys(cleaned))


def _column_values(data: ContactData) -> dict[str, Any]:
    values = {field: getattr(data, field) for field in FIELDS if field in data.model_fields_set}
    for array in ("emails", "phones"):
        if array in values and values[array] is None:
            values[array] = []
    return values


def _new_columns(data: ContactData, path: Path) -> dict[str, Any]:
    """A bulk-created contact's column values: a name or an email it must have."""
    given = _column_values(data)
    if not _has_identity(given.get("first_name"), given.get("last_name"), given.get("emails") or []):
        raise BadUserInput(
            "A contact needs a name or an email.", field_errors={(*path, "firstName"): "give a name or an email"}
        )
    return given | {"emails": given.get("emails") or [], "phones": given.get("phones") or []}


def _has_identity(first_name: str | None, last_name: str | None, emails: Sequence[str]) -> bool:
    return bool(first_name or last_name or emails)


async def create(session: AsyncSession, actor: Actor, *, data: ContactData, path: Path = ("input",)) -> Contact:
    actor.require(Role.MEMBER)
    values = _column_values(data)
    if not _has_identity(values.get("first_name"), values.get("last_name"), values.get("emails") or []):
        raise BadUserInput(
            "A contact needs a name or an email.",
            field_errors={
                (*path, "firstName"): "give a name or an email",
                (*path, "emails"): "give a name or an email",
            },
        )
    values = await RECORDS.new_values(session, actor, values)
    contact = await RECORDS.insert(session, actor, values, custom_fields=data.custom_fields, path=path)
    await email_service.link_past_emails(session, actor.workspace_id, contact.id, contact.emails)
    return contact


NewContact = records.New[ContactData]


async def create_many(
    session: AsyncSession,
    actor: Principal,
    *,
    contacts: Sequence[NewContact],
    source: str | None = None,
    allow_incomplete: bool = False,
) -> list[records.Written[ContactData]]:
    """`create` for many contacts with a few multi-row statements, in the order given; all or none.

    The same rules, timeline entries and `contact.created` events as `create` (the payload names
    `source` when given). With `allow_incomplete` (records Rapport makes itself) a contact may lack
    a required custom field: it is created, its timeline entry says what it lacks, and the list
    filter `customField: {key, string: {isNull: true}}` finds it. Past emails are not linked: the
    caller that has them (email ingestion) links them itself. Answers each contact's id and name
    with its input (only those are read back).
    """
    actor.require(Role.MEMBER)
    if not contacts:
        return []
    rows, notes = await RECORDS.new_rows(
        session, actor, contacts, columns=_new_columns, fields=FIELDS, allow_incomplete=allow_incomplete
    )
    return await RECORDS.insert_many(session, actor, contacts, rows, notes=notes, source=source)


async def update(session: AsyncSession, actor: Actor, *, contact_id: uuid.UUID, data: ContactData) -> Contact:
    contact = await RECORDS.for_update(session, actor, id=contact_id)
    path: Path = ("input",)
    values = _column_values(data)
    merged = {field: values.get(field, getattr(contact, field)) for field in ("first_name", "last_name", "emails")}
    if not _has_identity(merged["first_name"], merged["last_name"], merged["emails"] or []):
        raise BadUserInput(
            "A contact needs a name or an email.", field_errors={(*path, "firstName"): "give a name or an email"}
        )
    await records.check_references(session, actor.workspace_id, values)
    added = [email for email in values.get("emails") or [] if email not in contact.emails]
    updated = await RECORDS.update(session, actor, contact, values, data, fields=FIELDS)
    await email_service.link_past_emails(session, actor.workspace_id, updated.id, added)
    return updated


RECORDS = activity_service.Records(Contact, "contact", label=lambda contact: contact.name)
get, delete, restore, lock = RECORDS.get, RECORDS.delete, RECORDS.restore, RECORDS.lock


async def find_by_emails(session: AsyncSession, actor: Principal, *, emails: Sequence[str]) -> dict[str, Contact]:
    """The live contact for each of `emails` that one has (lower-cased; the oldest when several do)."""
    found: dict[str, Contact] = {}
    rows = sorted(await repository.find_by_emails(session, actor.workspace_id, emails), key=lambda c: c.created_at)
    wanted = set(emails)
    for contact in rows:
        for email in contact.emails:
            if email in wanted:
                found.setdefault(email, contact)
    return found


LIST = records.list_spec(
    Contact,
    ObjectType.CONTACT,
    name=Contact.name,
    filters={
        "email": lambda f: email_array_condition(Contact.emails, f),
        "company_id": lambda f: uuid_condition(Contact.company_id, f),
        "owner_id": lambda f: uuid_condition(Contact.owner_id, f),
        "updated_at": lambda f: datetime_condition(Contact.updated_at, f),
    },
    default_order=("NAME", Direction.ASC_NULLS_LAST),
)


async def contacts_query(
    session: AsyncSession,
    actor: Actor,
    *,
    filter: Filter | None,
    order_by: Sequence[Order],
    company_id: ScopeId | None = None,
) -> tuple[Select[Contact], list[SortKey]]:
    """The filtered contacts and the sort keys of a list."""
    condition, keys = await customfield_service.list_conditions(session, actor, LIST, filter=filter, order_by=order_by)
    query = repository.list_query(actor.workspace_id, condition)
    if company_id is not None:
        query = query.where(Contact.company_id == company_id)
    return query, keys


list_contacts = records.paged(contacts_query, Contact)


BULK = RECORDS.bulk_kind(columns=FIELDS, query=contacts_query, update=update, data_of=bulk.model_data(ContactData))
bulk_update, bulk_delete = BULK.bulk_update, BULK.bulk_delete


async def deals_query(
    session: AsyncSession, actor: Actor, *, contact_id: ScopeId
) -> tuple[Select[Deal], list[SortKey]]:
    """The deals a contact takes part in, newest first."""
    return repository.deals_query(actor.workspace_id, contact_id), [
        SortKey.timestamp(Deal.created_at, Direction.DESC_NULLS_LAST)
    ]


list_deals = records.paged(deals_query, Deal)


async def move_company(
    session: AsyncSession, actor: Actor, *, from_id: uuid.UUID, to_id: uuid.UUID, only: Sequence[str] | None = None
) -> list[str]:
    """A company merge moves the people of the merged company to the primary one (its undo moves
    `only` those back), with a `contact.updated` event each. Answers the contacts moved."""
    actor.require(Role.MEMBER)
    moved = await repository.move_company(session, actor.workspace_id, from_id=from_id, to_id=to_id, ids=only)
    await activity_service.record_many(
        session,
        workspace_id=actor.workspace_id,
        entries=[],
        events=[
            activity_service.Event("contact.updated", {"id": moved_id, "changed": ["companyId"]}, actor.user_id)
            for moved_id in moved
        ],
    )
    return moved


MERGED_SCALARS = ("first_name", "last_name", "job_title", "company_id", "owner_id")


async def merge(
    session: AsyncSession,
    actor: Actor,
    *,
    primary: Contact,
    duplicates: Sequence[Contact],
    undo: dict[uuid.UUID, dict[str, Any]],
) -> Contact:
    """The contact side of a merge: the primary's blank fields and custom fields filled from the
    duplicates (the primary wins), their emails and phones added; the duplicates soft-deleted with a
    MERGED entry that keeps `undo` and what each gave; `contact.updated` and `contact.merged` events."""
    lists = {"emails": 20, "phones": 20}
    return await RECORDS.merge(
        session, actor, primary, duplicates, fields=FIELDS, scalars=MERGED_SCALARS, lists=lists, undo=undo
    )


async def unmerge(session: AsyncSession, actor: Actor, *, contact_id: uuid.UUID, undo: dict[str, Any]) -> Contact:
    """The contact side of a merge's undo: the merged contact restored as it was (a merge never
    changes it), and what it gave the primary taken back from the primary where the primary still
    holds it unchanged (fields it filled, custom fields, emails and phones it added)."""
    return await RECORDS.unmerge(session, actor, id=contact_id, undo=undo, fields=FIELDS, keep=_keeping_identity)


def _keeping_identity(primary: Contact, values: dict[str, Any]) -> dict[str, Any]:
    """What an unmerge takes back from the primary, but the emails when it would be left without a name or
    an email."""
    remaining = {field: values.get(field, getattr(primary, field)) for field in ("first_name", "last_name", "emails")}
    if not _has_identity(remaining["first_name"], remaining["last_name"], remaining["emails"] or []):
        return {column: value for column, value in values.items() if column != "emails"}
    return values
