"""GraphQL for email: threads, emails, the forward-in address, the quarantine and the auto-create policy."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import cast

import strawberry

from rapport.company.graphql import Company
from rapport.contact.graphql import Contact
from rapport.email import service
from rapport.file import service as file_service
from rapport.file.graphql import File
from rapport.graphql.context import Info
from rapport.graphql.filters import StringFilter
from rapport.graphql.inputs import as_actor, connection_of
from rapport.graphql.permissions import CanManage, CanRead, CanWrite
from rapport.graphql.types import Connection, RowType, connection_type, of_row
from rapport.models import Attachment as AttachmentRow
from rapport.models import AutoCreatePolicy as AutoCreatePolicyValue
from rapport.models import Email as EmailRow
from rapport.models import EmailAuthentication as EmailAuthenticationValue
from rapport.models import EmailDirection as EmailDirectionValue
from rapport.models import EmailParticipant as ParticipantRow
from rapport.models import EmailThread as ThreadRow
from rapport.models import InboundEmail as InboundRow
from rapport.models import OutboundState as OutboundStateValue
from rapport.models import ParticipantRole as ParticipantRoleValue

EmailDirection = strawberry.enum(
    EmailDirectionValue, description="INBOUND: from outside to us; OUTBOUND: from us; INTERNAL: only among us."
)
EmailAuthentication = strawberry.enum(
    EmailAuthenticationValue,
    description="Whether forwarded-in mail comes from its From domain, as a trusted upstream mail server's "
    "Authentication-Results say: PASS; FAIL (the server checked, it did not pass); NONE (no trusted result: "
    "unauthenticated, the From may be forged).",
)
OutboundState = strawberry.enum(
    OutboundStateValue, description="Where sending an email written in Rapport stands: QUEUED, SENT or FAILED."
)
ParticipantRole = strawberry.enum(ParticipantRoleValue, description="Which header named the participant.")
AutoCreatePolicy = strawberry.enum(
    AutoCreatePolicyValue,
    description="Whether unknown correspondents become contacts: never, from mail sent and received, or only "
    "from mail we sent. Companies are made from their domain, never for public mail domains nor our own.",
)


@strawberry.type(description="A sender or recipient of an email, with the contact it matched.")
class EmailParticipant(RowType[ParticipantRow]):
    role = of_row(ParticipantRole, "FROM, TO, CC, BCC or REPLY_TO.")
    address = of_row(str, "The address, lower-cased.")
    name = of_row(str | None, "The display name the message gave.")

    @strawberry.field(description="The contact with this address (plus-addressing aware), if any.")
    async def contact(self, info: Info) -> Contact | None:
        if self.row.contact_id is None:
            return None
        return cast(Contact | None, await info.context.loaders.contact.load(self.row.contact_id))


@strawberry.type(description="A file attached to an email.")
class Attachment(RowType[AttachmentRow]):
    id = of_row(uuid.UUID, "The attachment's id.")
    filename = of_row(str, "The file name the message gave (decoded).")
    content_type = of_row(str, "The MIME type the message gave.")
    size = of_row(int, "Size in bytes.")

    @strawberry.field(description="Where to download it (GET, with the same credentials as the API).")
    def download_url(self) -> str:
        if self.row.file_id is not None:
            return f"/api/v1/files/{self.row.file_id}"
        return f"/api/v1/attachments/{self.row.id}"

    @strawberry.field(
        description="The attachment as a file of the email (stored like uploads: local disk or S3); null for "
        "attachments received before attachments were files."
    )
    async def file(self, info: Info) -> File | None:
        if self.row.file_id is None:
            return None
        return File(row=await as_actor(info, file_service.get, file_id=self.row.file_id))


@strawberry.type(description="One email message, stored once however many mailboxes it arrived in.")
class Email(RowType[EmailRow]):
    id = of_row(uuid.UUID, "The email's id.")
    message_id = of_row(str | None, "The Message-ID header, without angle brackets.")
    subject = of_row(str | None, "The subject, decoded.")
    sent_at = of_row(datetime | None, "The Date header, when it was readable.")
    received_at = of_row(datetime, "When Rapport received it.")
    direction = of_row(EmailDirection, "Seen from the workspace: inbound, outbound or internal.")
    authentication = of_row(
        EmailAuthentication | None,
        "For mail forwarded in (SMTP, webhook): whether its From is authenticated; a member's address that is "
        "not counts as inbound. Null for mail from a connected mailbox or sent from Rapport.",
    )

    @strawberry.field(description="Senders and recipients in header order.")
    async def participants(self, info: Info) -> list[EmailParticipant]:
        return EmailParticipant.of_all(await info.context.loaders.email_participants.load(self.row.id))

    snippet = of_row(str, "The start of the new text, without quoted replies or signature.")

    text = of_row(str | None, "The plain-text body (or a text rendering of an HTML-only message).", column="body_text")
    html = of_row(
        str | None, "The HTML body, sanitised: no scripts, no event handlers, no remote content.", column="body_html"
    )

    @strawberry.field(
        description="For an email written in Rapport: QUEUED until the send job hands it to the mailbox's SMTP "
        "server, then SENT or FAILED (see `sendError`; `retrySendEmail` tries again). Null for other mail."
    )
    async def outbound_state(self, info: Info) -> OutboundState | None:  # type: ignore[valid-type]
        outbound = await info.context.loaders.email_outbound.load(self.row.id)
        return None if outbound is None else outbound.state

    @strawberry.field(description="What the SMTP server answered (or why it could not be reached) when it FAILED.")
    async def send_error(self, info: Info) -> str | None:
        outbound = await info.context.loaders.email_outbound.load(self.row.id)
        return None if outbound is None or outbound.state is not OutboundStateValue.FAILED else outbound.error

    @strawberry.field(description="Attached files.")
    async def attachments(self, info: Info) -> list[Attachment]:
        return Attachment.of_all(await info.context.loaders.email_attachments.load(self.row.id))

    @strawberry.field(description="The conversation the email belongs to.")
    async def thread(self, info: Info) -> EmailThread:
        row = await info.context.loaders.email_thread.load(self.row.thread_id)
        assert row is not None
        return EmailThread(row=row)


@strawberry.type(description="A conversation: an email and its replies, by References, else by subject.")
class EmailThread(RowType[ThreadRow]):
    id = of_row(uuid.UUID, "The thread's id.")
    subject = of_row(str | None, "The subject of its first message.")
    message_count = of_row(int, "How many emails it holds.")
    last_message_at = of_row(datetime, "When its latest email was sent.")

    @strawberry.field(description="Its emails, oldest first.")
    async def emails(self, info: Info) -> list[Email]:
        return Email.of_all(await info.context.loaders.thread_emails.load(self.row.id))

    @strawberry.field(description="Contacts taking part, by name.")
    async def contacts(self, info: Info) -> list[Contact]:
        return cast(list[Contact], await info.context.loaders.thread_contacts.load(self.row.id))

    @strawberry.field(description="Companies of the participants, by name.")
    async def companies(self, info: Info) -> list[Company]:
        return cast(list[Company], await info.context.loaders.thread_companies.load(self.row.id))


@connection_type(
    noun="thread",
    plural="threads",
    description="A page of threads, latest activity first.",
)
class EmailThreadConnection(Connection[EmailThread]):
    pass


@strawberry.input(description="Which threads: those about a contact, a company or a deal, and/or by subject.")
class EmailThreadFilter:
    contact_id: uuid.UUID | None = strawberry.field(default=None, description="Threads with this contact.")
    company_id: uuid.UUID | None = strawberry.field(default=None, description="Threads with this company.")
    deal_id: uuid.UUID | None = strawberry.field(default=None, description="Threads about this open deal.")
    subject: StringFilter | None = strawberry.field(default=None, description="On the thread's subject.")


@strawberry.type(description="How mail reaches the workspace without a mailbox.")
class InboundEmail:
    address: str = strawberry.field(description="Forward or BCC mail to this address.")
    token: str = strawberry.field(
        description="For POST /api/v1/webhooks/inbound/email (raw MIME body) as the `X-Inbound-Token` header."
    )


@strawberry.type(description="A message set aside because it could not be read or stored.")
class QuarantinedEmail(RowType[InboundRow]):
    id = of_row(uuid.UUID, "The inbound message's id.")
    received_at = of_row(datetime, "When it arrived.")

    @strawberry.field(description="Why it was set aside.")
    def reason(self) -> str:
        return self.row.reason or "unknown"

    size = of_row(int, "Its size in bytes.")

    @strawberry.field(description="Where it came from: IMAP, SMTP or WEBHOOK.")
    def source(self) -> str:
        return self.row.source.value


def _inbound_address(info: Info, token: str) -> InboundEmail:
    return InboundEmail(address=f"{token}@{info.context.settings.inbound_domain}", token=token)


@strawberry.type
class EmailQuery:
    @strawberry.field(
        permission_classes=[CanRead],
        description="Email threads, latest activity first; filter by contact, company, deal or subject.",
    )
    async def email_threads(
        self, info: Info, first: int | None = 50, after: str | None = None, filter: EmailThreadFilter | None = None
    ) -> EmailThreadConnection:
        return await connection_of(
            info,
            EmailThreadConnection,
            lambda row: EmailThread(row=row),
            service.list_threads,
            first=50 if first is None else first,
            after=after,
            contact_id=filter.contact_id if filter else None,
            company_id=filter.company_id if filter else None,
            deal_id=filter.deal_id if filter else None,
            subject=filter.subject if filter else None,
        )

    @strawberry.field(permission_classes=[CanRead], description="One thread, or NOT_FOUND.")
    async def email_thread(self, info: Info, id: uuid.UUID) -> EmailThread | None:
        return EmailThread(row=await as_actor(info, service.get_thread, thread_id=id))

    @strawberry.field(permission_classes=[CanRead], description="One email, or NOT_FOUND.")
    async def email(self, info: Info, id: uuid.UUID) -> Email | None:
        return Email(row=await as_actor(info, service.get_email, email_id=id))

    @strawberry.field(
        permission_classes=[CanWrite],
        description="The workspace's forward-in address and webhook token (members and up: it lets mail in).",
    )
    async def inbound_email(self, info: Info) -> InboundEmail:
        return _inbound_address(info, await as_actor(info, service.inbound_token))

    @strawberry.field(permission_classes=[CanRead], description="Whether unknown correspondents become contacts.")
    async def contact_auto_create(self, info: Info) -> AutoCreatePolicy:  # type: ignore[valid-type]
        return await as_actor(info, service.get_auto_create)

    @strawberry.field(
        permission_classes=[CanManage], description="Messages set aside with their reason, newest first (admins)."
    )
    async def quarantined_emails(
        self, info: Info, first: int | None = 50, after: str | None = None
    ) -> list[QuarantinedEmail]:
        first = 50 if first is None else first
        page = await as_actor(info, service.list_quarantined, first=first, after=after)
        return [QuarantinedEmail(row=row) for _, row in page.items]


@strawberry.type
class EmailMutation:
    @strawberry.mutation(
        permission_classes=[CanManage], description="Sets whether unknown correspondents become contacts (admins)."
    )
    async def set_contact_auto_create(self, info: Info, policy: AutoCreatePolicy) -> AutoCreatePolicy:  # type: ignore[valid-type]
        await as_actor(info, service.set_auto_create, policy=AutoCreatePolicyValue(policy))
        return policy

    @strawberry.mutation(
        permission_classes=[CanManage],
        description="Replaces the forward-in address and webhook token; the old ones stop working at once (admins).",
    )
    async def rotate_inbound_token(self, info: Info) -> InboundEmail:
        return _inbound_address(info, await as_actor(info, service.rotate_inbound_token))
