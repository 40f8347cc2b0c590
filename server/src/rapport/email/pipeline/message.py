"""What the pipeline's stages pass along: a parsed message on its way to storage, and the workspace's facts."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

from rapport.email.addresses import domain_of
from rapport.email.parse import ParsedEmail, ParseError
from rapport.kit.ids import new_id
from rapport.models import AutoCreatePolicy, EmailAuthentication, EmailDirection, InboundSource, ParticipantRole

# Indexed text must fit a btree entry (~2.7 kB); an id or subject longer than this is not a real one.
MAX_ID_LENGTH = 900
MAX_SUBJECT_KEY_LENGTH = 500

Participant = tuple[ParticipantRole, str, str | None]


class Parser(Protocol):
    async def parse_many(self, raws: Sequence[bytes]) -> list[ParsedEmail | ParseError]: ...


@dataclass(slots=True)
class Outcome:
    stored: int = 0
    duplicates: int = 0
    quarantined: int = 0
    # When each stored message was received (for the receipt-to-stored delay, observed after commit).
    received: list[datetime] = field(default_factory=list)

    def add(self, other: Outcome) -> None:
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.quarantined += other.quarantined
        self.received.extend(other.received)


@dataclass(slots=True)
class Message:
    inbound_id: uuid.UUID
    mailbox_id: uuid.UUID | None
    received_at: datetime
    parsed: ParsedEmail
    email_id: uuid.UUID = field(default_factory=new_id)
    thread_id: uuid.UUID | None = None
    direction: EmailDirection = EmailDirection.INBOUND
    # Forward-in mail (SMTP, WEBHOOK) only: what a trusted upstream says of its From domain.
    authentication: EmailAuthentication | None = None
    participants: list[Participant] = field(default_factory=list)

    @property
    def when(self) -> datetime:
        return self.parsed.sent_at or self.received_at

    @property
    def key(self) -> str:
        return self.parsed.message_id or f"sha256:{self.parsed.fingerprint}"


@dataclass(slots=True)
class Workspace:
    """What linking needs to know about the workspace: who is "us"."""

    policy: AutoCreatePolicy
    member_users: dict[str, uuid.UUID]  # address -> user id
    mailbox_addresses: dict[uuid.UUID, str]
    own_domains: frozenset[str]

    def is_internal(self, address: str) -> bool:
        return (
            address in self.member_users
            or address in self.mailbox_addresses.values()
            or domain_of(address) in self.own_domains
        )


def bounded(parsed: ParsedEmail) -> ParsedEmail:
    """Drops ids too long to index (the mail is then known by its hash) and shortens the subject key."""

    def fits(value: str | None) -> str | None:
        return value if value is not None and len(value) <= MAX_ID_LENGTH else None

    references = tuple(r for r in parsed.references if len(r) <= MAX_ID_LENGTH)
    if (
        fits(parsed.message_id) == parsed.message_id
        and fits(parsed.in_reply_to) == parsed.in_reply_to
        and references == parsed.references
        and len(parsed.normalized_subject) <= MAX_SUBJECT_KEY_LENGTH
    ):
        return parsed
    return replace(
        parsed,
        message_id=fits(parsed.message_id),
        in_reply_to=fits(parsed.in_reply_to),
        references=references,
        normalized_subject=parsed.normalized_subject[:MAX_SUBJECT_KEY_LENGTH],
    )


def participants(parsed: ParsedEmail) -> list[Participant]:
    found: list[Participant] = []
    seen: set[tuple[ParticipantRole, str]] = set()
    groups: list[tuple[ParticipantRole, Iterable[Any]]] = [
        (ParticipantRole.FROM, [parsed.sender] if parsed.sender else []),
        (ParticipantRole.TO, parsed.to),
        (ParticipantRole.CC, parsed.cc),
        (ParticipantRole.BCC, parsed.bcc),
        (ParticipantRole.REPLY_TO, parsed.reply_to),
    ]
    for role, addresses in groups:
        for address in addresses:
            value = address.address.strip().lower()[:320]
            if not value or (role, value) in seen:
                continue
            seen.add((role, value))
            found.append((role, value, (address.name or None) and address.name[:500]))
    return found[:500]


# Forward-in: anyone can send it with any From. IMAP (the member's own credentials) and COMPOSE (sent
# from Rapport) are not judged.
FORWARDED = frozenset({InboundSource.SMTP, InboundSource.WEBHOOK})


def direction(workspace: Workspace, message: Message) -> EmailDirection:
    """Mail from a member's address (or the workspace's own domain) is ours: OUTBOUND, or INTERNAL when
    every recipient is ours too. Forwarded-in mail is ours only when authenticated (`authentication`
    PASS); otherwise it is INBOUND, whoever its From names."""
    sender = message.parsed.sender.address.lower() if message.parsed.sender else None
    mailbox_address = workspace.mailbox_addresses.get(message.mailbox_id) if message.mailbox_id else None
    from_us = sender is not None and (sender == mailbox_address or workspace.is_internal(sender))
    if message.authentication is not None and message.authentication is not EmailAuthentication.PASS:
        from_us = False
    if not from_us:
        return EmailDirection.INBOUND
    others = [a for role, a, _ in message.participants if role is not ParticipantRole.FROM]
    if others and all(workspace.is_internal(a) for a in others):
        return EmailDirection.INTERNAL
    return EmailDirection.OUTBOUND
