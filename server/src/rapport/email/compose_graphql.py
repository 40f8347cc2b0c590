"""GraphQL for writing email: sendEmail, retrySendEmail and the workspace's email templates."""

from __future__ import annotations

import uuid

import strawberry
import structlog

from rapport.email import compose
from rapport.email.graphql import Email
from rapport.graphql.context import Info
from rapport.graphql.inputs import as_actor
from rapport.graphql.permissions import CanRead, CanWrite
from rapport.graphql.types import RowType, of_row
from rapport.kit.validation import validate
from rapport.models import Email as EmailRow
from rapport.models import EmailTemplate as TemplateRow
from rapport.worker.queue import shared_queue
from rapport.workspace.graphql_types import Member

log = structlog.get_logger("rapport.email")
# The api enqueues right after its transaction; the job waits this long, and is retried if the row is
# not committed yet (it reloads by id, so running twice is harmless).
ENQUEUE_DELAY_MS = 300


@strawberry.type(
    description="A subject and body with variables: {{contact.firstName}}, {{contact.lastName}}, {{contact.name}}, "
    "{{contact.email}}, {{contact.jobTitle}}, {{company.name}}, {{company.domain}}, {{deal.name}}, "
    "{{member.email}}, and custom fields by key ({{contact.tier}}). Variables become plain text; an unknown one "
    "is refused (BAD_USER_INPUT naming it), a known one empty on the record becomes empty."
)
class EmailTemplate(RowType[TemplateRow]):
    id = of_row(uuid.UUID, "The template's id.")
    name = of_row(str, "Its name, as the compose form lists it.")
    subject = of_row(str, "The subject, with variables.")
    body = of_row(str, "The plain-text body, with variables.")
    shared = of_row(bool, "Whether the whole workspace uses it (else only its author sees it).")

    @strawberry.field(description="Who wrote it.")
    async def created_by(self, info: Info) -> Member | None:
        if self.row.created_by is None:
            return None
        row = await info.context.loaders.member.load(self.row.created_by)
        return None if row is None else Member(row=row)


@strawberry.type(description="A template rendered for one record, to fill the compose form.")
class RenderedEmailTemplate:
    subject: str = strawberry.field(description="The subject with its variables replaced.")
    body: str = strawberry.field(description="The body with its variables replaced.")


@strawberry.input(description="A message to send from one of the caller's mailboxes.")
class SendEmailInput:
    mailbox_id: uuid.UUID = strawberry.field(description="One of the caller's mailboxes with an SMTP server.")
    to: list[str] = strawberry.field(description="Recipients (To, Cc and Bcc: at most 50 together).")
    subject: str = strawberry.field(description="The subject, one line.")
    text: str = strawberry.field(description="The plain-text body (at most 512 KiB).")
    cc: list[str] | None = strawberry.field(default=None, description="Copied recipients.")
    bcc: list[str] | None = strawberry.field(
        default=None, description="Hidden recipients: in the envelope only, never in the message."
    )
    html: str | None = strawberry.field(default=None, description="An HTML body too; sanitised before it is sent.")
    reply_to_email_id: uuid.UUID | None = strawberry.field(
        default=None,
        description="Continue a thread: In-Reply-To and References are set from this email, and the message "
        "joins its thread.",
    )
    attachment_file_ids: list[uuid.UUID] | None = strawberry.field(
        default=None, description="Files of the record `targetId` to attach (at most 10, 20 MB together)."
    )
    template_id: uuid.UUID | None = strawberry.field(
        default=None,
        description="The template the subject and text come from: their {{variables}} are rendered for `targetId`.",
    )
    target_id: uuid.UUID | None = strawberry.field(
        default=None, description="The contact, company or deal the message is written from."
    )


async def _enqueue_send(info: Info, row: EmailRow) -> None:
    name, data = compose.send_job(row)
    try:
        await shared_queue(info.context.settings.require_redis_url()).enqueue(name, data, delay_ms=ENQUEUE_DELAY_MS)
    except Exception:  # stored QUEUED: the send sweep picks it up within a minute
        log.warning("email.send_enqueue_failed", email_id=str(row.id), exc_info=True)


@strawberry.type
class ComposeQuery:
    @strawberry.field(
        permission_classes=[CanRead], description="The workspace's shared email templates and the caller's own."
    )
    async def email_templates(self, info: Info) -> list[EmailTemplate]:
        return EmailTemplate.of_all(await as_actor(info, compose.list_templates))

    @strawberry.field(
        permission_classes=[CanRead],
        description="A template's subject and body with the variables of a contact, company or deal filled in "
        "(BAD_USER_INPUT naming an unknown variable).",
    )
    async def render_email_template(
        self, info: Info, id: uuid.UUID, target_id: uuid.UUID | None = None
    ) -> RenderedEmailTemplate:
        subject, body = await as_actor(info, compose.render_template, template_id=id, target_id=target_id)
        return RenderedEmailTemplate(subject=subject, body=body)


@strawberry.type
class ComposeMutation:
    @strawberry.mutation(
        permission_classes=[CanWrite],
        description="Writes an email from one of the caller's mailboxes: stored at once as OUTBOUND in its thread "
        "(outboundState QUEUED), then sent by a job through the mailbox's SMTP server. MEMBER or higher.",
    )
    async def send_email(self, info: Info, input: SendEmailInput) -> Email:
        fields = {key: value for key, value in vars(input).items() if value is not None}
        data = validate(compose.SendData, fields, path=("input",))
        context = info.context
        row = await compose.send_email(context.session, await context.actor(), context.settings, data=data)
        await _enqueue_send(info, row)
        return Email(row=row)

    @strawberry.mutation(
        permission_classes=[CanWrite], description="Sends a FAILED email again (its sender only); it is QUEUED again."
    )
    async def retry_send_email(self, info: Info, id: uuid.UUID) -> Email:
        row = await as_actor(info, compose.retry_send, email_id=id)
        await _enqueue_send(info, row)
        return Email(row=row)

    @strawberry.mutation(permission_classes=[CanWrite], description="Adds an email template. MEMBER or higher.")
    async def create_email_template(
        self, info: Info, name: str, subject: str, body: str, shared: bool = True
    ) -> EmailTemplate:
        data = validate(compose.TemplateData, {"name": name, "subject": subject, "body": body, "shared": shared})
        return EmailTemplate(row=await as_actor(info, compose.create_template, data=data))

    @strawberry.mutation(
        permission_classes=[CanWrite],
        description="Changes an email template: its author, or OWNER and ADMIN for a shared one.",
    )
    async def update_email_template(
        self, info: Info, id: uuid.UUID, name: str, subject: str, body: str, shared: bool = True
    ) -> EmailTemplate:
        data = validate(compose.TemplateData, {"name": name, "subject": subject, "body": body, "shared": shared})
        return EmailTemplate(row=await as_actor(info, compose.update_template, template_id=id, data=data))

    @strawberry.mutation(
        permission_classes=[CanWrite],
        description="Deletes an email template: its author, or OWNER and ADMIN for a shared one.",
    )
    async def delete_email_template(self, info: Info, id: uuid.UUID) -> bool:
        return await as_actor(info, compose.delete_template, template_id=id)
