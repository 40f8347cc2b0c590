"""Contacts: the people a sales team talks to. A contact needs a name or an email."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any

from pydantic import EmailStr, Field, field_validator
from sqlalchemy import Select, func
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.activity import service as activity_service
from rapport.auth.actor import Actor, Principal
from rapport.contact import repository
from rapport.customfield import service as customfield_service
from rapport.email import service as email_service
from rapport.errors import BadUserInput
from rapport.kit import merging, records
from rapport.kit.filters import (
    Filter,
    Path,
    datetime_condition,
    email_array_condition,
    string_condition,
    uuid_condition,
)
from rapport.kit.ids import new_id
from rapport.kit.listing import Direction, ListSpec, Order, ScopeId, SortKey, fetch_page
from rapport.kit.pagination import Page
from rapport.kit.validation import InputModel
from rapport.models import ActivityKind, Contact, Deal, ObjectType, Role

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
    values.setdefault("owner_id", actor.member_id)
    await records.check_references(session, actor.workspace_id, values)
    definitions = await customfield_service.definitions_by_key(session, actor, ObjectType.CONTACT)
    custom = customfield_service.validate_values(
        definitions, data.custom_fields, current=None, path=(*path, "customFields")
    )
    contact = await records.insert_one(
        session, Contact, {"id": new_id(), "workspace_id": actor.workspace_id, **values, "custom_fields": custom}
    )
    await activity_service.log_change(
        session,
        actor,
        kind=ActivityKind.CREATED,
        subject_type="contact",
        subject_id=contact.id,
        summary=f"Created contact {contact.name}",
        event="contact.created",
        payload=activity_service.created_payload(contact.id),
    )
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
) -> list[Contact]:
    """`create` for many contacts with a few multi-row statements, in the order given; all or none.

    The same rules, timeline entries and `contact.created` events as `create` (the payload names
    `source` when given). With `allow_incomplete` (records Rapport makes itself) a contact may lack
    a required custom field: it is created, its timeline entry says what it lacks, and the list
    filter `customField: {key, string: {isNull: true}}` finds it. Past emails are not linked: the
    caller that has them (email ingestion) links them itself.
    """
    actor.require(Role.MEMBER)
    if not contacts:
        return []
    definitions = await customfield_service.definitions_by_key(session, actor, ObjectType.CONTACT)
    rows: list[dict[str, Any]] = []
    notes: dict[uuid.UUID, tuple[str | None, list[str]]] = {}
    for index, item in enumerate(contacts):
        path: Path = ("input", index)
        given = _column_values(item.data)
        if not _has_identity(given.get("first_name"), given.get("last_name"), given.get("emails") or []):
            raise BadUserInput(
                "A contact needs a name or an email.", field_errors={(*path, "firstName"): "give a name or an email"}
            )
        custom, lacking = customfield_service.validate_new(
            definitions, item.data.custom_fields, path=(*path, "customFields"), allow_incomplete=allow_incomplete
        )
        row = {field: given.get(field) for field in FIELDS} | {
            "id": new_id(),
            "workspace_id": actor.workspace_id,
            "emails": given.get("emails") or [],
            "phones": given.get("phones") or [],
            "owner_id": given.get("owner_id", actor.member_id),
            "custom_fields": custom,
        }
        notes[row["id"]] = (item.summary, lacking)
        rows.append(row)
    await records.check_references_many(session, actor.workspace_id, rows)
    created = await records.insert_many(session, Contact, rows)
    await activity_service.log_creations(
        session,
        actor,
        subject_type="contact",
        created=[activity_service.Created(c.id, c.name, *notes[c.id]) for c in created],
        source=source,
    )
    return created


async def update(session: AsyncSession, actor: Actor, *, contact_id: uuid.UUID, data: ContactData) -> Contact:
    actor.require(Role.MEMBER)
    contact = await get(session, actor, contact_id=contact_id, for_update=True)
    path: Path = ("input",)
    values = _column_values(data)
    merged = {field: values.get(field, getattr(contact, field)) for field in ("first_name", "last_name", "emails")}
    if not _has_identity(merged["first_name"], merged["last_name"], merged["emails"] or []):
        raise BadUserInput(
            "A contact needs a name or an email.", field_errors={(*path, "firstName"): "give a name or an email"}
        )
    await records.check_references(session, actor.workspace_id, values)
    await customfield_service.update_values(
        session, actor, ObjectType.CONTACT, values, data, current=contact.custom_fields, path=(*path, "customFields")
    )
    added = [email for email in values.get("emails") or [] if email not in contact.emails]
    updated = await activity_service.update_with_diff(
        session, actor, Contact, contact, values, subject_type="contact", fields=FIELDS
    )
    await email_service.link_past_emails(session, actor.workspace_id, updated.id, added)
    return updated


async def delete(session: AsyncSession, actor: Actor, *, contact_id: uuid.UUID) -> bool:
    await activity_service.trash_or_restore(
        session, actor, Contact, contact_id, subject_type="contact", label=lambda contact: contact.name, deleted=True
    )
    return True


async def restore(session: AsyncSession, actor: Actor, *, contact_id: uuid.UUID) -> Contact:
    return await activity_service.trash_or_restore(
        session, actor, Contact, contact_id, subject_type="contact", label=lambda contact: contact.name, deleted=False
    )


async def get(session: AsyncSession, actor: Actor, *, contact_id: uuid.UUID, for_update: bool = False) -> Contact:
    return await records.get_live(
        session, Contact, actor.workspace_id, contact_id, noun="contact", for_update=for_update
    )


LIST = ListSpec(
    object_type=ObjectType.CONTACT,
    custom_fields=Contact.custom_fields,
    filters={
        "name": lambda f: string_condition(Contact.name, f),
        "email": lambda f: email_array_condition(Contact.emails, f),
        "company_id": lambda f: uuid_condition(Contact.company_id, f),
        "owner_id": lambda f: uuid_condition(Contact.owner_id, f),
        "created_at": lambda f: datetime_condition(Contact.created_at, f),
        "updated_at": lambda f: datetime_condition(Contact.updated_at, f),
    },
    sorts={
        "NAME": lambda direction: SortKey.text(func.lower(Contact.name), direction),
        "CREATED_AT": lambda direction: SortKey.timestamp(Contact.created_at, direction),
        "UPDATED_AT": lambda direction: SortKey.timestamp(Contact.updated_at, direction),
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


async def list_contacts(
    session: AsyncSession,
    actor: Actor,
    *,
    first: int,
    after: str | None,
    filter: Filter | None,
    order_by: Sequence[Order],
    company_id: uuid.UUID | None = None,
) -> Page[Contact]:
    query, keys = await contacts_query(session, actor, filter=filter, order_by=order_by, company_id=company_id)
    return await fetch_page(session, query, id_column=Contact.id, keys=keys, first=first, after=after)


async def deals_query(
    session: AsyncSession, actor: Actor, *, contact_id: ScopeId
) -> tuple[Select[Deal], list[SortKey]]:
    """The deals a contact takes part in, newest first."""
    return repository.deals_query(actor.workspace_id, contact_id), [
        SortKey.timestamp(Deal.created_at, Direction.DESC_NULLS_LAST)
    ]


async def list_deals(
    session: AsyncSession, actor: Actor, *, contact_id: uuid.UUID, first: int, after: str | None
) -> Page[Deal]:
    query, keys = await deals_query(session, actor, contact_id=contact_id)
    return await fetch_page(session, query, id_column=Deal.id, keys=keys, first=first, after=after)


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
    actor.require(Role.MEMBER)
    values, custom, taken = merging.merge_values(
        {column: getattr(primary, column) for column in (*MERGED_SCALARS, "emails", "phones")},
        primary.custom_fields,
        [
            (d.id, {c: getattr(d, c) for c in (*MERGED_SCALARS, "emails", "phones")}, d.custom_fields)
            for d in duplicates
        ],
        scalars=MERGED_SCALARS,
        lists={"emails": 20, "phones": 20},
    )
    if custom != primary.custom_fields:
        values["custom_fields"] = custom
    updated = await activity_service.update_with_diff(
        session, actor, Contact, primary, values, subject_type="contact", fields=FIELDS
    )
    for duplicate in duplicates:
        given = taken[duplicate.id]
        await activity_service.mark_merged(
            session,
            actor,
            Contact,
            duplicate,
            into=updated,
            subject_type="contact",
            label=duplicate.name,
            into_label=updated.name,
            undo={
                **undo[duplicate.id],
                "filled": {column: activity_service.plain(value) for column, value in given.filled.items()},
                "customFields": given.custom_fields,
                "added": given.added,
            },
        )
    return updated


async def unmerge(session: AsyncSession, actor: Actor, *, contact_id: uuid.UUID, undo: dict[str, Any]) -> Contact:
    """The contact side of a merge's undo: the merged contact restored as it was (a merge never
    changes it), and what it gave the primary taken back from the primary where the primary still
    holds it unchanged (fields it filled, custom fields, emails and phones it added)."""
    actor.require(Role.MEMBER)
    restored = await activity_service.trash_or_restore(
        session, actor, Contact, contact_id, subject_type="contact", label=lambda contact: contact.name, deleted=False
    )
    primary = await records.get(session, Contact, actor.workspace_id, uuid.UUID(undo["into"]), for_update=True)
    if primary is None:
        return restored
    values: dict[str, Any] = {
        column: None
        for column, value in undo.get("filled", {}).items()
        if activity_service.plain(getattr(primary, column)) == value
    }
    for column, items in undo.get("added", {}).items():
        kept = [item for item in getattr(primary, column) if item not in items]
        if kept != getattr(primary, column):
            values[column] = kept
    custom = {
        key: value
        for key, value in primary.custom_fields.items()
        if key not in undo.get("customFields", {}) or undo["customFields"][key] != value
    }
    if custom != primary.custom_fields:
        values["custom_fields"] = custom
    remaining = {field: values.get(field, getattr(primary, field)) for field in ("first_name", "last_name", "emails")}
    if not _has_identity(remaining["first_name"], remaining["last_name"], remaining["emails"] or []):
        values.pop("emails", None)  # the primary keeps the addresses it would otherwise be left without
    await activity_service.update_with_diff(
        session, actor, Contact, primary, values, subject_type="contact", fields=FIELDS
    )
    return restored
