from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Boolean, Computed, DateTime, Enum, Integer, LargeBinary, SmallInteger, String, Text, func
from sqlalchemy.dialects.postgresql import ARRAY, BIGINT, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from rapport.kit.ids import new_id
from rapport.models.base import Base, IdMixin, TimestampMixin
from rapport.models.field_definition import ObjectType


class EmailDirection(enum.StrEnum):
    INBOUND = "INBOUND"
    OUTBOUND = "OUTBOUND"
    INTERNAL = "INTERNAL"


class EmailAuthentication(enum.StrEnum):
    """Whether forwarded-in mail comes from its From domain, as a trusted upstream's Authentication-Results say."""

    PASS = "PASS"
    FAIL = "FAIL"
    NONE = "NONE"


class ParticipantRole(enum.StrEnum):
    FROM = "FROM"
    TO = "TO"
    CC = "CC"
    BCC = "BCC"
    REPLY_TO = "REPLY_TO"


class MailboxState(enum.StrEnum):
    CONNECTING = "CONNECTING"
    SYNCING = "SYNCING"
    IDLE = "IDLE"
    ERROR = "ERROR"
    DISCONNECTED = "DISCONNECTED"


class AutoCreatePolicy(enum.StrEnum):
    OFF = "OFF"
    SENT_AND_RECEIVED = "SENT_AND_RECEIVED"
    SENT_ONLY = "SENT_ONLY"


class InboundSource(enum.StrEnum):
    IMAP = "IMAP"
    SMTP = "SMTP"
    WEBHOOK = "WEBHOOK"
    COMPOSE = "COMPOSE"


class SmtpSecurity(enum.StrEnum):
    TLS = "TLS"
    STARTTLS = "STARTTLS"
    NONE = "NONE"


class OutboundState(enum.StrEnum):
    QUEUED = "QUEUED"
    SENT = "SENT"
    FAILED = "FAILED"


class InboundState(enum.StrEnum):
    PENDING = "PENDING"
    STORED = "STORED"
    DUPLICATE = "DUPLICATE"
    QUARANTINED = "QUARANTINED"


class Mailbox(IdMixin, TimestampMixin, Base):
    """A member's IMAP mailbox. The password is encrypted (see email/secrets.py)."""

    __tablename__ = "mailboxes"

    workspace_id: Mapped[uuid.UUID]
    member_id: Mapped[uuid.UUID]
    address: Mapped[str] = mapped_column(String(254))
    host: Mapped[str] = mapped_column(String(253))
    port: Mapped[int]
    tls: Mapped[bool]
    username: Mapped[str] = mapped_column(String(254))
    password_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    folders: Mapped[list[str]] = mapped_column(ARRAY(String(200)), server_default="{INBOX}")
    state: Mapped[MailboxState] = mapped_column(
        Enum(MailboxState, name="mailbox_state"), server_default=MailboxState.CONNECTING.value
    )
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    message_count: Mapped[int] = mapped_column(Integer, server_default="0")
    # Where mail is sent from; none means the mailbox only syncs. A null user name or password is the IMAP one.
    smtp_host: Mapped[str | None] = mapped_column(String(253))
    smtp_port: Mapped[int | None]
    smtp_security: Mapped[SmtpSecurity | None] = mapped_column(Enum(SmtpSecurity, name="smtp_security"))
    smtp_username: Mapped[str | None] = mapped_column(String(254))
    smtp_password_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)


class MailboxFolder(Base):
    """How far one IMAP folder is synced: up to `last_uid` while `uidvalidity` stays the same."""

    __tablename__ = "mailbox_folders"

    mailbox_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    workspace_id: Mapped[uuid.UUID]
    uidvalidity: Mapped[int | None] = mapped_column(BIGINT)
    last_uid: Mapped[int] = mapped_column(BIGINT, server_default="0")
    synced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class InboundEmail(Base):
    """A raw message as it arrived, before and after processing (quarantined ones keep a reason)."""

    __tablename__ = "inbound_emails"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    workspace_id: Mapped[uuid.UUID]
    source: Mapped[InboundSource] = mapped_column(Enum(InboundSource, name="inbound_source"))
    mailbox_id: Mapped[uuid.UUID | None]
    folder: Mapped[str | None] = mapped_column(String(200))
    uidvalidity: Mapped[int | None] = mapped_column(BIGINT)
    uid: Mapped[int | None] = mapped_column(BIGINT)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int]
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    state: Mapped[InboundState] = mapped_column(
        Enum(InboundState, name="inbound_state"), server_default=InboundState.PENDING.value
    )
    reason: Mapped[str | None] = mapped_column(Text)
    email_id: Mapped[uuid.UUID | None]
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class EmailThread(IdMixin, Base):
    __tablename__ = "email_threads"

    workspace_id: Mapped[uuid.UUID]
    subject: Mapped[str | None] = mapped_column(Text)
    normalized_subject: Mapped[str] = mapped_column(Text)
    message_count: Mapped[int] = mapped_column(Integer, server_default="0")
    first_message_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_message_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Email(IdMixin, Base):
    __tablename__ = "emails"

    workspace_id: Mapped[uuid.UUID]
    thread_id: Mapped[uuid.UUID]
    message_id: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[bytes] = mapped_column(LargeBinary)
    in_reply_to: Mapped[str | None] = mapped_column(Text)
    references: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    subject: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    direction: Mapped[EmailDirection] = mapped_column(Enum(EmailDirection, name="email_direction"))
    # Forward-in mail only (SMTP listener, webhook); NULL for IMAP and for mail sent from Rapport.
    authentication: Mapped[EmailAuthentication | None] = mapped_column(
        Enum(EmailAuthentication, name="email_authentication")
    )
    snippet: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str | None] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    size: Mapped[int]
    inbound_id: Mapped[uuid.UUID | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Maintained by PostgreSQL (0004_search); never loaded with the row.
    search_vector: Mapped[str | None] = mapped_column(
        TSVECTOR, Computed("see migration 0004_search", persisted=True), deferred=True, deferred_raiseload=True
    )


class EmailParticipant(Base):
    __tablename__ = "email_participants"

    email_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    workspace_id: Mapped[uuid.UUID]
    role: Mapped[ParticipantRole] = mapped_column(Enum(ParticipantRole, name="participant_role"))
    address: Mapped[str] = mapped_column(String(320))
    name: Mapped[str | None] = mapped_column(Text)
    contact_id: Mapped[uuid.UUID | None]


class EmailLink(Base):
    """An email is about this contact, company or deal (one row per target)."""

    __tablename__ = "email_links"

    email_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    target_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    workspace_id: Mapped[uuid.UUID]
    thread_id: Mapped[uuid.UUID]
    target_type: Mapped[ObjectType] = mapped_column(Enum(ObjectType, name="object_type"))


class EmailMailbox(Base):
    __tablename__ = "email_mailboxes"

    email_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    mailbox_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    workspace_id: Mapped[uuid.UUID]


class Attachment(IdMixin, Base):
    __tablename__ = "attachments"

    workspace_id: Mapped[uuid.UUID]
    email_id: Mapped[uuid.UUID]
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BIGINT)
    sha256: Mapped[bytes] = mapped_column(LargeBinary)
    content_id: Mapped[str | None] = mapped_column(String(255))
    inline: Mapped[bool] = mapped_column(Boolean, server_default="false")
    file_id: Mapped[uuid.UUID | None]  # its file (the file domain's store); None for attachments stored before
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class OutboundEmail(Base):
    """An email written in Rapport: its envelope, its bytes, and where its sending stands."""

    __tablename__ = "outbound_emails"

    email_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    workspace_id: Mapped[uuid.UUID]
    mailbox_id: Mapped[uuid.UUID]
    member_id: Mapped[uuid.UUID | None]
    state: Mapped[OutboundState] = mapped_column(
        Enum(OutboundState, name="outbound_state"), server_default=OutboundState.QUEUED.value
    )
    error: Mapped[str | None] = mapped_column(Text)
    sender: Mapped[str] = mapped_column(String(320))
    recipients: Mapped[list[str]] = mapped_column(ARRAY(String(320)))
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class EmailTemplate(IdMixin, TimestampMixin, Base):
    """A subject and body with {{variables}}, the workspace's when shared, else its author's."""

    __tablename__ = "email_templates"

    workspace_id: Mapped[uuid.UUID]
    name: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(998))
    body: Mapped[str] = mapped_column(Text)
    shared: Mapped[bool] = mapped_column(Boolean, server_default="true")
    created_by: Mapped[uuid.UUID | None]
