from __future__ import annotations

import uuid
from datetime import datetime

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.inputs import as_actor
from rapport.graphql.permissions import CanRead, CanWrite
from rapport.graphql.types import RowType, of_row
from rapport.kit.validation import validate
from rapport.mailbox import service
from rapport.models import Mailbox as MailboxRow
from rapport.models import MailboxState as MailboxStateEnum
from rapport.models import SmtpSecurity as SmtpSecurityEnum

MailboxState = strawberry.enum(
    MailboxStateEnum,
    description="CONNECTING until the worker logs in; SYNCING while it fetches mail; IDLE when up to date and "
    "waiting for new mail; ERROR with `lastError` (it keeps retrying); DISCONNECTED by its owner.",
)

SmtpSecurity = strawberry.enum(
    SmtpSecurityEnum,
    description="How the SMTP connection is protected: TLS from the start (port 465), STARTTLS (port 587), or "
    "NONE (a server on a trusted network only: the password travels in clear).",
)


@strawberry.type(description="A member's IMAP mailbox and the truth about its sync.")
class Mailbox(RowType[MailboxRow]):
    id = of_row(uuid.UUID, "The mailbox's id.")
    address = of_row(str, "The email address of the mailbox (its owner's, for direction).")
    state = of_row(MailboxState, "Where the sync stands.")
    last_sync_at = of_row(datetime | None, "When the mailbox was last fully synced.")
    message_count = of_row(int, "How many messages were fetched from it so far.")
    last_error = of_row(str | None, "Why the last attempt failed, in words (state ERROR).")
    host = of_row(str, "The IMAP server's host name.")
    port = of_row(int, "The IMAP server's port.")
    tls = of_row(bool, "Whether the connection uses TLS from the start (IMAPS).")
    username = of_row(str, "The user name it logs in with (the password is never shown).")
    smtp_host = of_row(str | None, "The SMTP server mail is sent through; null when the mailbox cannot send.")
    smtp_port = of_row(int | None, "The SMTP server's port.")
    smtp_security = of_row(SmtpSecurity | None, "How the SMTP connection is protected.")

    @strawberry.field(description="The user name it sends with (the IMAP one unless another was given).")
    def smtp_username(self) -> str | None:
        if self.row.smtp_host is None:
            return None
        return self.row.smtp_username or self.row.username

    @strawberry.field(description="Whether mail can be sent from it (an SMTP server is set).")
    def can_send(self) -> bool:
        return self.row.smtp_host is not None

    @strawberry.field(description="The folders synced; IDLE watches the first.")
    def folders(self) -> list[str]:
        return list(self.row.folders)


@strawberry.input(description="How to reach an IMAP mailbox. The connection is tested before it is saved.")
class MailboxInput:
    address: str = strawberry.field(description="The mailbox's email address.")
    host: str = strawberry.field(description="The IMAP server, like imap.example.com.")
    port: int = strawberry.field(description="993 for IMAPS (tls: true), 143 for plain IMAP.")
    tls: bool = strawberry.field(description="Connect with TLS from the start (IMAPS). STARTTLS is not supported.")
    username: str = strawberry.field(description="The user name to log in with, often the address.")
    password: str = strawberry.field(description="The password or app password; stored encrypted.")
    folders: list[str] | None = strawberry.field(
        default=None, description="The folders to sync, INBOX when omitted; new mail is watched in the first."
    )
    smtp_host: str | None = strawberry.field(
        default=None,
        description="The SMTP server to send through, like smtp.example.com; omitted, the mailbox only syncs. It "
        "is tested (connect and log in) before the settings are saved, under the same rules as the IMAP server.",
    )
    smtp_port: int | None = strawberry.field(
        default=None, description="Its port; 465 for TLS, 587 for STARTTLS (the default), 25 for NONE."
    )
    smtp_security: SmtpSecurity | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="STARTTLS when omitted."
    )
    smtp_username: str | None = strawberry.field(default=None, description="The IMAP user name when omitted.")
    smtp_password: str | None = strawberry.field(
        default=None, description="The IMAP password when omitted; stored encrypted."
    )


@strawberry.type
class MailboxQuery:
    @strawberry.field(
        description="The caller's IMAP mailboxes with their sync status; OWNER and ADMIN see every member's. "
        "Connected ones first.",
        permission_classes=[CanRead],
    )
    async def mailboxes(self, info: Info) -> list[Mailbox]:
        return Mailbox.of_all(await as_actor(info, service.list_mailboxes))


@strawberry.type
class MailboxMutation:
    @strawberry.mutation(
        description="Tests the settings against the IMAP server (BAD_USER_INPUT naming the field to fix when it "
        "fails), then saves them, password encrypted; the worker starts the backfill at once. Connecting an "
        "address again replaces its settings. The server must be on the internet (private, loopback and "
        "link-local addresses are refused unless the deployment allows them). It must be the only field of "
        "its mutation. MEMBER or higher.",
        permission_classes=[CanWrite],
    )
    async def connect_mailbox(self, info: Info, input: MailboxInput) -> Mailbox:
        fields: dict[str, object] = {
            "address": input.address,
            "host": input.host,
            "port": input.port,
            "tls": input.tls,
            "username": input.username,
            "password": input.password,
        }
        if input.folders is not None:
            fields["folders"] = input.folders
        for name in ("smtp_host", "smtp_port", "smtp_security", "smtp_username", "smtp_password"):
            value = getattr(input, name)
            if value is not None:
                fields[name] = SmtpSecurityEnum(value.value) if name == "smtp_security" else value
        data = validate(service.MailboxData, fields, path=("input",))
        context = info.context
        await service.check_connect(context.session, await context.actor(), data=data)
        async with context.transaction_released(info):
            await service.test_settings(context.settings, data=data)
        row = await service.save(context.session, await context.actor(), context.settings, data=data)
        return Mailbox(row=row)

    @strawberry.mutation(
        description="Stops syncing a mailbox; the emails fetched from it stay. Its owner, or OWNER and ADMIN.",
        permission_classes=[CanWrite],
    )
    async def disconnect_mailbox(self, info: Info, id: uuid.UUID) -> bool:
        return await as_actor(info, service.disconnect, mailbox_id=id)
