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
from pydantic import Field, StringConstraints, field_validator
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.actor import Actor
from rapport.config import Settings
from rapport.errors import BadUserInput, Conflict, NotFound
from rapport.kit.ids import new_id
from rapport.kit.validation import InputModel
from rapport.mailbox import imap, repository
from rapport.mailbox.secrets import encrypt
from rapport.models import Mailbox, MailboxState, Role

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

    @field_validator("address")
    @classmethod
    def _address(cls, value: str) -> str:
        try:
            return validate_email(value, check_deliverability=False).normalized
        except EmailNotValidError:
            raise ValueError("must be an email address") from None

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        host = value.lower().rstrip(".")
        try:
            return str(ipaddress.ip_address(host.strip("[]")))
        except ValueError:
            pass
        if not _HOSTNAME.match(host):
            raise ValueError("must be a host name like imap.example.com, or an IP address")
        return host

    @field_validator("username", "password")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if any(char in value for char in "\r\n\x00"):
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
        "password_encrypted": encrypt(settings, data.password),
        "folders": folders,
        "state": MailboxState.CONNECTING,
        "last_error": None,
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
