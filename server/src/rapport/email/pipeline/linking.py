"""Linking: each message's people to contacts (made through the contact and company services when
the workspace's policy says so), their companies, and the open deals of both."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.actor import SystemActor
from rapport.company import service as company_service
from rapport.contact import service as contact_service
from rapport.email.addresses import base_address, domain_of, is_public_domain
from rapport.email.pipeline import repository
from rapport.email.pipeline.message import Message, Workspace
from rapport.models import AutoCreatePolicy, EmailDirection, ParticipantRole

# What records made here name as their source (the `source` of their `.created` events).
SOURCE = "email"
# Addresses that never become contacts, whatever the policy.
_ROBOT_LOCAL_PARTS = ("noreply", "no-reply", "donotreply", "do-not-reply", "mailer-daemon", "postmaster", "bounce")


@dataclass(slots=True)
class Links:
    contact_by_address: dict[str, uuid.UUID]
    company_by_domain: dict[str, uuid.UUID]
    company_of_contact: dict[uuid.UUID, uuid.UUID | None]
    deals_by_company: dict[uuid.UUID, list[uuid.UUID]]
    deals_by_contact: dict[uuid.UUID, list[uuid.UUID]]


async def link(session: AsyncSession, workspace_id: uuid.UUID, workspace: Workspace, messages: list[Message]) -> Links:
    external = {a for m in messages for _, a, _ in m.participants if not workspace.is_internal(a)}
    contact_by_address, company_of_contact = await _match_contacts(session, workspace_id, external)
    domains = {domain_of(a) for a in external} - {""}
    domains = {d for d in domains if not is_public_domain(d)}
    company_by_domain = await repository.companies_by_domain(session, workspace_id, domains) if domains else {}
    if workspace.policy is not AutoCreatePolicy.OFF:
        wanted = _auto_create_candidates(workspace, messages, contact_by_address)
        missing_domains = {domain_of(a) for a in wanted} & domains - set(company_by_domain)
        if missing_domains:
            await _create_companies(session, workspace_id, sorted(missing_domains), company_by_domain)
        names = {a: n for m in messages for _, a, n in m.participants if n}
        await _create_contacts(
            session, workspace_id, sorted(wanted), names, company_by_domain, contact_by_address, company_of_contact
        )
    companies = set(company_by_domain.values()) | {c for c in company_of_contact.values() if c}
    contacts = set(contact_by_address.values())
    deals_by_company: dict[uuid.UUID, list[uuid.UUID]] = {}
    deals_by_contact: dict[uuid.UUID, list[uuid.UUID]] = {}
    if companies or contacts:
        for deal_id, company_id, contact_id in await repository.open_deals(session, workspace_id, companies, contacts):
            if company_id in companies:
                deals_by_company.setdefault(company_id, []).append(deal_id)
            if contact_id is not None:
                deals_by_contact.setdefault(contact_id, []).append(deal_id)
    return Links(contact_by_address, company_by_domain, company_of_contact, deals_by_company, deals_by_contact)


async def _match_contacts(
    session: AsyncSession, workspace_id: uuid.UUID, addresses: set[str]
) -> tuple[dict[str, uuid.UUID], dict[uuid.UUID, uuid.UUID | None]]:
    """Contacts by address: an exact match first, else the same address without its +tag."""
    if not addresses:
        return {}, {}
    candidates = addresses | {base_address(a) for a in addresses}
    exact: dict[str, uuid.UUID] = {}
    by_base: dict[str, uuid.UUID] = {}
    company_of: dict[uuid.UUID, uuid.UUID | None] = {}
    for contact_id, emails, company_id in await repository.contacts_with_addresses(
        session, workspace_id, sorted(candidates)
    ):
        company_of[contact_id] = company_id
        for email in emails:
            exact.setdefault(email, contact_id)
            by_base.setdefault(base_address(email), contact_id)
    matched: dict[str, uuid.UUID] = {}
    for address in addresses:
        found = exact.get(address) or by_base.get(base_address(address))
        if found is not None:
            matched[address] = found
    return matched, company_of


def _auto_create_candidates(workspace: Workspace, messages: list[Message], known: dict[str, uuid.UUID]) -> set[str]:
    wanted: set[str] = set()
    for message in messages:
        if message.parsed.is_automated:  # bounces, auto-replies, bulk mail
            continue
        outbound = message.direction is EmailDirection.OUTBOUND
        if workspace.policy is AutoCreatePolicy.SENT_ONLY and not outbound:
            continue
        for role, address, _ in message.participants:
            if role is ParticipantRole.REPLY_TO or workspace.is_internal(address) or address in known:
                continue
            if outbound and role is ParticipantRole.FROM:
                continue
            if _is_robot(address):
                continue
            wanted.add(address)
    return wanted


def _is_robot(address: str) -> bool:
    """Not a person to keep as a contact: a no-reply or bounce address, or not a plain address at all."""
    local, at, domain = address.partition("@")
    if not at or not local or "." not in domain or len(address) > 254 or any(c.isspace() for c in address):
        return True
    return any(local.startswith(prefix) for prefix in _ROBOT_LOCAL_PARTS)


async def _create_companies(
    session: AsyncSession, workspace_id: uuid.UUID, domains: list[str], company_by_domain: dict[str, uuid.UUID]
) -> None:
    """Through the company service, with its rules and events; a domain that another transaction
    gave a company meanwhile is skipped, and that company is looked up instead."""
    new: list[company_service.NewCompany] = []
    for domain in domains:
        try:
            data = company_service.CompanyData(name=_company_name(domain), domain=domain)
        except ValidationError:
            continue  # not a domain a company could have: the contact is made without one
        new.append(company_service.NewCompany(data, summary=f"Created from email with {domain}"))
    created = await company_service.create_many(
        session,
        SystemActor(workspace_id),
        companies=new,
        source=SOURCE,
        allow_incomplete=True,
        skip_taken_domains=True,
    )
    company_by_domain.update((str(company.data.domain), company.id) for company in created)
    if len(created) < len(new):
        taken = {str(item.data.domain) for item in new} - set(company_by_domain)
        company_by_domain.update(await repository.companies_by_domain(session, workspace_id, taken))


async def _create_contacts(
    session: AsyncSession,
    workspace_id: uuid.UUID,
    addresses: list[str],
    names: dict[str, str],
    company_by_domain: dict[str, uuid.UUID],
    contact_by_address: dict[str, uuid.UUID],
    company_of_contact: dict[uuid.UUID, uuid.UUID | None],
) -> None:
    """Through the contact service, with its rules and events. An address the contact rules refuse
    makes no contact: the mail is stored all the same."""
    new: list[contact_service.NewContact] = []
    wanted: list[str] = []
    for address in addresses:
        first, last = _split_name(names.get(address))
        try:
            data = contact_service.ContactData(
                first_name=first, last_name=last, emails=[address], company_id=company_by_domain.get(domain_of(address))
            )
        except ValidationError:
            continue
        new.append(contact_service.NewContact(data, summary=f"Created from email with {address}"))
        wanted.append(address)
    created = await contact_service.create_many(
        session, SystemActor(workspace_id), contacts=new, source=SOURCE, allow_incomplete=True
    )
    for address, contact in zip(wanted, created, strict=True):
        contact_by_address[address] = contact.id
        company_of_contact[contact.id] = contact.data.company_id


def _company_name(domain: str) -> str:
    label = domain.split(".")[-2] if domain.count(".") >= 1 else domain
    return label.replace("-", " ").title()[:200]


def _split_name(name: str | None) -> tuple[str | None, str | None]:
    if not name or "@" in name:
        return None, None
    name = name.strip().strip("'\"")
    if "," in name:  # "Lovelace, Ada"
        last, _, first = name.partition(",")
        return (first.strip()[:100] or None), (last.strip()[:100] or None)
    first, _, last = name.partition(" ")
    return (first[:100] or None), (last.strip()[:100] or None)
