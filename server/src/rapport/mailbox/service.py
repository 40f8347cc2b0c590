"""IMAP mailboxes a member connects: settings tested before they are saved, the password encrypted
at rest, the sync itself done by the worker (imap_supervisor.py).

Who sees what: a member sees and disconnects their own mailboxes; OWNER and ADMIN see and
disconnect every mailbox of the workspace (to help when a sync fails); a VIEWER connects none.
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from collections.abc import Sequence
from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import Field, StringConstraints, field_validator, model_validator
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.actor import Actor
from rapport.config import Settings
from rapport.errors import BadUserInput, Conflict, NotFound
from rapport.kit import mailer
from rapport.kit.ids import new_id
from rapport.kit.sealing import SecretUnreadable, reseal_column
from rapport.kit.validation import InputModel
from rapport.mailbox import imap, repository, smtp
from rapport.mailbox.secrets import MAILBOX_PASSWORDS
from rapport.models import Mailbox, MailboxState, Role, SmtpSecurity

MAX_FOLDERS = 50
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Sent verbatim on the wire: no stripping, and no CR, LF or NUL (they would end the IMAP command).
Secret = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1, max_length=1024)]


class MailboxData(InputModel):
    address: str = Field(max_length=254)
    host: str = Field(min_length=1, max_length=253)
    port: int = Field(ge=1, le=65535)
    tls: bool
    username: Secret
    password: Secret
    folders: list[str] | None = Field(default=None, max_length=MAX_FOLDERS)
    # Sending: none of these when the mailbox only syncs; the user name and password default to IMAP's.
    smtp_host: str | None = Field(default=None, min_length=1, max_length=253)
    smtp_port: int | None = Field(default=None, ge=1, le=65535)
    smtp_security: SmtpSecurity | None = None
    smtp_username: Secret | None = None
    smtp_password: Secret | None = None

    @field_validator("address")
    @classmethod
    def _address(cls, value: str) -> str:
        try:
            return validate_email(value, check_deliverability=False).normalized
        except EmailNotValidError:
            raise ValueError("must be an email address") from None

    @field_validator("host", "smtp_host")
    @classmethod
    def _host(cls, value: str | None) -> str | None:
        if value is None:
            return None
        host = value.lower().rstrip(".")
        try:
            return str(ipaddress.ip_address(host.strip("[]")))
        except ValueError:
            pass
        if not _HOSTNAME.match(host):
            raise ValueError("must be a host name like imap.example.com, or an IP address")
        return host

    @field_validator("username", "password", "smtp_username", "smtp_password")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        if value is not None and any(char in value for char in "\r\n\x00"):
            raise ValueError("must not contain line breaks")
        return value

    @field_validator("folders")
    @classmethod
    def _folders(cls, folders: list[str] | None) -> list[str]:
        if folders is None:
            return ["INBOX"]
        cleaned = ["INBOX" if folder.strip().upper() == "INBOX" else folder.strip() for folder in folders]
        if not cleaned:
            raise ValueError("choose at least one folder")
        if any(not folder or len(folder) > 200 or _CONTROL.search(folder) for folder in cleaned):
            raise ValueError("folder names must be 1 to 200 characters, without control characters")
        return list(dict.fromkeys(cleaned))

    @model_validator(mode="after")
    def _smtp_complete(self) -> MailboxData:
        if self.smtp_host is None and any(
            v is not None for v in (self.smtp_port, self.smtp_security, self.smtp_username, self.smtp_password)
        ):
            raise ValueError("Give the SMTP server too, or none of the SMTP settings")
        return self

    @property
    def smtp(self) -> smtp.SmtpServer | None:
        if self.smtp_host is None:
            return None
        security = self.smtp_security or SmtpSecurity.STARTTLS
        port = self.smtp_port or {SmtpSecurity.TLS: 465, SmtpSecurity.STARTTLS: 587, SmtpSecurity.NONE: 25}[security]
        return smtp.SmtpServer(
            host=self.smtp_host,
            port=port,
            security=security,
            username=self.username if self.smtp_username is None else self.smtp_username,
            password=self.password if self.smtp_password is None else self.smtp_password,
        )


async def list_mailboxes(session: AsyncSession, actor: Actor) -> Sequence[Mailbox]:
    member_id = None if actor.role.at_least(Role.ADMIN) else actor.member_id
    return await repository.list_mailboxes(session, actor.workspace_id, member_id=member_id)


async def check_connect(session: AsyncSession, actor: Actor, *, data: MailboxData) -> None:
    """Refuses before the server is tried: a VIEWER, or an address another member connected."""
    actor.require(Role.MEMBER)
    existing = await repository.find_connected(session, actor.workspace_id, data.address)
    if existing is not None and existing.member_id != actor.member_id:
        raise Conflict(f"{data.address} is already connected by another member of this workspace.")


async def test_settings(settings: Settings, *, data: MailboxData) -> None:
    """Logs in to the server and opens every folder: BAD_USER_INPUT naming the field to fix when it fails.

    Needs no database, and its caller runs it outside any transaction: a server that answers slowly
    (or never) must not hold a pooled connection that other requests are waiting for."""
    try:
        await imap.test_connection(
            data.host,
            data.port,
            data.tls,
            data.username,
            data.password,
            data.folders or ["INBOX"],
            policy=settings.outbound_policy,
        )
    except imap.MailboxConnectionError as error:
        raise BadUserInput(
            f"Could not connect to the mailbox: {error.reason}.", field_errors={("input", error.field): error.reason}
        ) from None
    server = data.smtp
    if server is not None:
        try:
            await smtp.test_connection(server, policy=settings.outbound_policy, greeting=mailer.ehlo_name(settings))
        except smtp.SmtpFailed as error:
            raise BadUserInput(
                f"Could not connect to the SMTP server: {error.reason}.",
                field_errors={("input", error.field): error.reason},
            ) from None


test_settings.__test__ = False  # type: ignore[attr-defined]  # not a pytest test despite its name


async def save(session: AsyncSession, actor: Actor, settings: Settings, *, data: MailboxData) -> Mailbox:
    """Saves settings that `test_settings` accepted; the worker starts syncing at once.

    The checks of `check_connect` are made again: the test ran outside the transaction, and another
    member may have connected the address meanwhile. Connecting an address already connected by the
    same member replaces its settings (a password entered again); one disconnected before is connected
    again and resumes from its checkpoints when it is still the same account.
    """
    await check_connect(session, actor, data=data)
    existing = await repository.find_connected(session, actor.workspace_id, data.address)
    folders = data.folders or ["INBOX"]
    values: dict[str, object] = {
        "address": data.address,
        "host": data.host,
        "port": data.port,
        "tls": data.tls,
        "username": data.username,
        "password_encrypted": MAILBOX_PASSWORDS.encrypt(settings, data.password),
        "folders": folders,
        "state": MailboxState.CONNECTING,
        "last_error": None,
        "smtp_host": None,
        "smtp_port": None,
        "smtp_security": None,
        "smtp_username": None,
        "smtp_password_encrypted": None,
    }
    server = data.smtp
    if server is not None:
        values |= {
            "smtp_host": server.host,
            "smtp_port": server.port,
            "smtp_security": server.security,
            "smtp_username": data.smtp_username,
            "smtp_password_encrypted": None
            if data.smtp_password is None
            else MAILBOX_PASSWORDS.encrypt(settings, data.smtp_password),
        }
    previous = existing or await repository.find_disconnected(
        session, actor.workspace_id, actor.member_id, data.address
    )
    if previous is None:
        mailbox = await repository.insert_mailbox(
            session, {"id": new_id(), "workspace_id": actor.workspace_id, "member_id": actor.member_id, **values}
        )
    else:
        if (previous.host, previous.username) != (data.host, data.username):
            await repository.delete_checkpoints(session, previous.id)  # another account: its UIDs mean nothing here
        mailbox = await repository.update_mailbox(session, previous.id, values)
    await repository.notify_change(session, mailbox.id)
    return mailbox


async def disconnect(session: AsyncSession, actor: Actor, *, mailbox_id: uuid.UUID) -> bool:
    """Stops the sync; the emails already fetched stay."""
    actor.require(Role.MEMBER)
    mailbox = await get(session, actor, mailbox_id=mailbox_id)
    if mailbox.state != MailboxState.DISCONNECTED:
        await repository.update_mailbox(session, mailbox.id, {"state": MailboxState.DISCONNECTED, "last_error": None})
        await repository.notify_change(session, mailbox.id)
    return True


async def get(session: AsyncSession, actor: Actor, *, mailbox_id: uuid.UUID) -> Mailbox:
    mailbox = await repository.get_mailbox(session, actor.workspace_id, mailbox_id)
    if mailbox is None or (mailbox.member_id != actor.member_id and not actor.role.at_least(Role.ADMIN)):
        raise NotFound("No mailbox with this id in this workspace.")
    return mailbox


async def sending_mailbox(session: AsyncSession, actor: Actor, *, mailbox_id: uuid.UUID) -> Mailbox:
    """The mailbox `actor` sends from: only its owner sends from it (an admin sees every mailbox but
    writes as no one else). NOT_FOUND for another's, BAD_USER_INPUT when disconnected or without SMTP.
    The password is not read here: the send job decrypts it when it uses it."""
    mailbox = await repository.get_mailbox(session, actor.workspace_id, mailbox_id)
    if mailbox is None or mailbox.member_id != actor.member_id:
        raise NotFound("No mailbox of yours with this id in this workspace.")
    if mailbox.state == MailboxState.DISCONNECTED:
        raise BadUserInput(
            "This mailbox is disconnected: connect it again to send from it.",
            field_errors={("input", "mailboxId"): "This mailbox is disconnected"},
        )
    if mailbox.smtp_host is None:
        raise BadUserInput(
            "This mailbox has no SMTP server: add one in its settings to send from it.",
            field_errors={("input", "mailboxId"): "This mailbox has no SMTP server"},
        )
    return mailbox


def server_of(settings: Settings, mailbox: Mailbox) -> smtp.SmtpServer | None:
    """The mailbox's SMTP server with its credentials (decrypted here, used at once), or None."""
    if mailbox.smtp_host is None or mailbox.smtp_port is None or mailbox.smtp_security is None:
        return None
    encrypted = mailbox.smtp_password_encrypted or mailbox.password_encrypted
    return smtp.SmtpServer(
        host=mailbox.smtp_host,
        port=mailbox.smtp_port,
        security=SmtpSecurity(mailbox.smtp_security),
        username=mailbox.smtp_username or mailbox.username,
        password=MAILBOX_PASSWORDS.decrypt(settings, encrypted),
    )


async def send(
    session: AsyncSession, settings: Settings, *, workspace_id: uuid.UUID, mailbox_id: uuid.UUID, sender: str,
    recipients: list[str], raw: bytes,
) -> str:  # fmt: skip
    """For the send job: hands `raw` to the mailbox's SMTP server; answers the server's reply or raises
    `smtp.SmtpFailed` with why (a mailbox since disconnected or without SMTP is a permanent failure)."""
    mailbox = await repository.get_mailbox(session, workspace_id, mailbox_id)
    if mailbox is None or mailbox.state == MailboxState.DISCONNECTED:
        raise smtp.SmtpFailed("the mailbox was disconnected", permanent=True)
    try:
        server = server_of(settings, mailbox)
    except SecretUnreadable as error:
        raise smtp.SmtpFailed(str(error), permanent=True) from None
    if server is None:
        raise smtp.SmtpFailed("the mailbox has no SMTP server any more", permanent=True)
    return await smtp.send(
        server,
        sender=sender,
        recipients=recipients,
        raw=raw,
        policy=settings.outbound_policy,
        greeting=mailer.ehlo_name(settings),
    )


async def reseal_passwords(session: AsyncSession, settings: Settings) -> tuple[int, int]:
    """Every stored IMAP and SMTP password sealed under the current mailbox key (`rapport reseal`, after
    a rotation): (sealed again, unreadable). Across workspaces: an owner's or the system's session."""
    imap = await reseal_column(session, settings, MAILBOX_PASSWORDS, table="mailboxes", column="password_encrypted")
    smtp = await reseal_column(
        session, settings, MAILBOX_PASSWORDS, table="mailboxes", column="smtp_password_encrypted"
    )
    return imap[0] + smtp[0], imap[1] + smtp[1]
