"""Writing email from Rapport: `send_email` stores the message at once and leaves the sending to the
`email.send` job; templates a workspace shares.

A written message becomes real RFC 5322 bytes here (Message-ID under the sender's domain, and for a
reply In-Reply-To and References taken from the email answered, so the recipient's client continues
the thread). Those bytes enter the email pipeline like any other message (an inbound row of source
COMPOSE, processed in the same transaction), so threading, direction, links and the timeline are
the pipeline's own; the mailbox's Sent folder brings the same Message-ID back later and the
pipeline's Message-ID dedupe turns it into a link to this email. An `outbound_emails` row keeps the
envelope (Bcc is in the envelope only, never in the bytes) and where the sending stands.

Templates: `{{contact.firstName}}`, `{{company.name}}`, `{{deal.name}}`, `{{member.email}}` and custom
fields by key (`{{contact.tier}}`) are replaced by plain text; there is no code, no loop, no filter.
A variable Rapport does not know is refused with BAD_USER_INPUT naming it (a message is never sent
with a visible `{{…}}`); one it knows that is empty on this record becomes an empty string.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
import uuid
from collections.abc import Sequence
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from email_validator import EmailNotValidError, validate_email
from pydantic import Field, field_validator
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.actor import Actor
from rapport.config import Settings
from rapport.customfield import service as customfield_service
from rapport.email import compose_repository as repository
from rapport.email.ingest import Incoming, store_incoming
from rapport.email.parse import parse, sanitize_html
from rapport.email.pipeline.batch import process_workspace_batch
from rapport.email.pipeline.message import Parser
from rapport.errors import BadUserInput, NotFound, found
from rapport.file import service as file_service
from rapport.file.storage import store_of
from rapport.kit.ids import new_id
from rapport.kit.validation import InputModel
from rapport.mailbox import service as mailbox_service
from rapport.models import (
    Company,
    Contact,
    Deal,
    Email,
    EmailTemplate,
    InboundSource,
    OutboundEmail,
    OutboundState,
    Role,
)
from rapport.workspace import service as workspace_service

MAX_RECIPIENTS = 50
MAX_BODY_CHARS = 512 * 1024
MAX_ATTACHMENTS = 10
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
SEND_JOB = "email.send"
_VARIABLE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_ANY_BRACES = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


def _address(value: str) -> str:
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise ValueError("value is not a valid email address") from None  # read as kit.validation.EMAIL_EXAMPLE


class SendData(InputModel):
    mailbox_id: uuid.UUID
    to: list[str] = Field(min_length=1, max_length=MAX_RECIPIENTS)
    cc: list[str] = Field(default_factory=list, max_length=MAX_RECIPIENTS)
    bcc: list[str] = Field(default_factory=list, max_length=MAX_RECIPIENTS)
    subject: str = Field(min_length=1, max_length=998)
    text: str = Field(min_length=1, max_length=MAX_BODY_CHARS)
    html: str | None = Field(default=None, max_length=MAX_BODY_CHARS)
    reply_to_email_id: uuid.UUID | None = None
    attachment_file_ids: list[uuid.UUID] = Field(default_factory=list, max_length=MAX_ATTACHMENTS)
    template_id: uuid.UUID | None = None
    target_id: uuid.UUID | None = None

    @field_validator("to", "cc", "bcc")
    @classmethod
    def _addresses(cls, values: list[str]) -> list[str]:
        return [_address(v) for v in values]

    @field_validator("subject")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if any(char in value for char in "\r\n\x00"):
            raise ValueError("must be one line")
        return value.strip() or value

    @property
    def recipients(self) -> list[str]:
        return list(dict.fromkeys([*self.to, *self.cc, *self.bcc]))


class TemplateData(InputModel):
    name: str = Field(min_length=1, max_length=200)
    subject: str = Field(min_length=1, max_length=998)
    body: str = Field(min_length=1, max_length=MAX_BODY_CHARS)
    shared: bool = True


class _InlineParser:
    """The pipeline's parser for a message Rapport wrote itself: parsed here, in a thread (the bytes
    are ours, so the isolation of the worker's process pool is not needed)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes

    async def parse_many(self, raws: Sequence[bytes]) -> list[Any]:
        return [await asyncio.to_thread(parse, raw, max_bytes=self.max_bytes) for raw in raws]


# Templates and their variables.


async def _variables(session: AsyncSession, actor: Actor, target_id: uuid.UUID | None) -> dict[str, dict[str, str]]:
    """What `{{object.field}}` may name for this target: its record, and the records it leads to."""
    values: dict[str, dict[str, str]] = {"contact": {}, "company": {}, "deal": {}, "member": {}}
    values["member"] = {"email": (await workspace_service.member_emails(session, actor)).get(actor.member_id, "")}
    if target_id is None:
        return values
    contact = await repository.get_record(session, Contact, actor.workspace_id, target_id)
    deal = None if contact else await repository.get_record(session, Deal, actor.workspace_id, target_id)
    company_id = contact.company_id if contact else deal.company_id if deal else target_id
    company = await repository.get_record(session, Company, actor.workspace_id, company_id) if company_id else None
    if contact is None and deal is None and company is None:
        raise NotFound("No contact, company or deal with this id in this workspace.")

    def fields(record: Any, base: dict[str, str | None]) -> dict[str, str]:
        custom = {key: "" if value is None else str(value) for key, value in (record.custom_fields or {}).items()}
        return {**custom, **{key: value or "" for key, value in base.items()}}

    if contact is not None:
        values["contact"] = fields(
            contact,
            {
                "firstName": contact.first_name,
                "lastName": contact.last_name,
                "name": contact.name,
                "email": contact.emails[0] if contact.emails else None,
                "jobTitle": contact.job_title,
            },
        )
    if company is not None:
        values["company"] = fields(company, {"name": company.name, "domain": company.domain})
    if deal is not None:
        values["deal"] = fields(deal, {"name": deal.name})
    # A record's known fields (and its custom fields) always render, empty when not set on this one.
    for kind, known in KNOWN_FIELDS.items():
        for name in known:
            values[kind].setdefault(name, "")
    return values


KNOWN_FIELDS = {
    "contact": ("firstName", "lastName", "name", "email", "jobTitle"),
    "company": ("name", "domain"),
    "deal": ("name",),
    "member": ("email",),
}


def render(
    template: str, variables: dict[str, dict[str, str]], *, field: str, path: tuple[str, ...] = ("input",)
) -> str:
    """Replaces each `{{object.field}}`; BAD_USER_INPUT naming the first variable that is not known."""

    def replace(match: re.Match[str]) -> str:
        kind, name = match.group(1), match.group(2)
        value = variables.get(kind, {}).get(name)
        if value is None:
            raise BadUserInput(
                f"Unknown variable {{{{{kind}.{name}}}}} in the {field}.",
                field_errors={(*path, field): f"Unknown variable {{{{{kind}.{name}}}}}"},
            )
        return value

    rendered = _VARIABLE.sub(replace, template)
    leftover = _ANY_BRACES.search(rendered)
    if leftover is not None:
        raise BadUserInput(
            f"Unknown variable {{{{{leftover.group(1).strip()[:60]}}}}} in the {field}.",
            field_errors={(*path, field): f"Unknown variable {{{{{leftover.group(1).strip()[:60]}}}}}"},
        )
    return rendered


async def _custom_field_keys(session: AsyncSession, actor: Actor) -> dict[str, set[str]]:
    """The custom fields each kind of record has: known variables, empty on a record without a value."""
    keys: dict[str, set[str]] = {}
    for definition in await customfield_service.list_definitions(session, actor):
        keys.setdefault(definition.object_type.value.lower(), set()).add(definition.key)
    return keys


async def render_template(
    session: AsyncSession, actor: Actor, *, template_id: uuid.UUID, target_id: uuid.UUID | None
) -> tuple[str, str]:
    """The template's subject and body for this record (for the compose form to fill in)."""
    template = await get_template(session, actor, template_id=template_id)
    variables = await _variables(session, actor, target_id)
    for kind, keys in (await _custom_field_keys(session, actor)).items():
        for key in keys:
            variables.setdefault(kind, {}).setdefault(key, "")
    return (
        render(template.subject, variables, field="subject", path=()),
        render(template.body, variables, field="body", path=()),
    )


async def list_templates(session: AsyncSession, actor: Actor) -> Sequence[EmailTemplate]:
    """The workspace's shared templates and the caller's own, by name."""
    return await repository.list_templates(session, actor.workspace_id, actor.member_id)


async def get_template(session: AsyncSession, actor: Actor, *, template_id: uuid.UUID) -> EmailTemplate:
    template = await repository.get_template(session, actor.workspace_id, template_id)
    if template is None or (not template.shared and template.created_by != actor.member_id):
        raise NotFound("No email template with this id in this workspace.")
    return template


async def create_template(session: AsyncSession, actor: Actor, *, data: TemplateData) -> EmailTemplate:
    actor.require(Role.MEMBER)
    return await repository.insert_template(
        session,
        {
            "id": new_id(),
            "workspace_id": actor.workspace_id,
            "name": data.name.strip() or data.name,
            "subject": data.subject,
            "body": data.body,
            "shared": data.shared,
            "created_by": actor.member_id,
        },
    )


async def _editable_template(session: AsyncSession, actor: Actor, template_id: uuid.UUID) -> EmailTemplate:
    """Its author edits a template; OWNER and ADMIN edit the workspace's shared ones too."""
    actor.require(Role.MEMBER)
    template = await get_template(session, actor, template_id=template_id)
    if template.created_by != actor.member_id and not actor.role.at_least(Role.ADMIN):
        raise NotFound("No email template of yours with this id in this workspace.")
    return template


async def update_template(
    session: AsyncSession, actor: Actor, *, template_id: uuid.UUID, data: TemplateData
) -> EmailTemplate:
    template = await _editable_template(session, actor, template_id)
    values = {"name": data.name, "subject": data.subject, "body": data.body, "shared": data.shared}
    return await repository.update_template(session, template.id, values)


async def delete_template(session: AsyncSession, actor: Actor, *, template_id: uuid.UUID) -> bool:
    template = await _editable_template(session, actor, template_id)
    await repository.delete_template(session, template.id)
    return True


# Sending.


async def _attachments(
    session: AsyncSession, actor: Actor, settings: Settings, data: SendData
) -> list[tuple[str, str, bytes]]:
    if not data.attachment_file_ids:
        return []
    if data.target_id is None:
        raise BadUserInput(
            "Attachments come from a record's files: give the record (targetId).",
            field_errors={("input", "targetId"): "Give the record whose files are attached"},
        )
    files = []
    for index, file_id in enumerate(dict.fromkeys(data.attachment_file_ids)):
        try:
            file = await file_service.get(session, actor, file_id=file_id)
        except NotFound:
            file = None
        if file is None or file.target_id != data.target_id:
            raise BadUserInput(
                "An attachment is not a file of this record.",
                field_errors={("input", "attachmentFileIds", index): "Not a file of this record"},
            )
        files.append(file)
    if sum(file.size for file in files) > MAX_ATTACHMENT_BYTES:
        raise BadUserInput(
            f"Attachments may add up to {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB.",
            field_errors={("input", "attachmentFileIds"): "The files are too large together"},
        )
    store = store_of(settings)
    contents = []
    with tempfile.TemporaryDirectory() as spool:
        for file in files:
            path = Path(spool) / str(file.id)
            await store.get_to_file(file.storage_key, path)
            contents.append((file.filename, file.content_type, await asyncio.to_thread(path.read_bytes)))
    return contents


def _mime(
    *,
    message_id: str,
    sender: str,
    data: SendData,
    subject: str,
    text: str,
    html: str | None,
    reply: Email | None,
    attachments: list[tuple[str, str, bytes]],
) -> bytes:
    message = EmailMessage()
    message["Message-ID"] = f"<{message_id}>"
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["From"] = sender
    message["To"] = ", ".join(data.to)
    if data.cc:
        message["Cc"] = ", ".join(data.cc)
    message["Subject"] = subject
    if reply is not None and reply.message_id:
        references = [*reply.references, reply.message_id][-20:]
        message["In-Reply-To"] = f"<{reply.message_id}>"
        message["References"] = " ".join(f"<{ref}>" for ref in references)
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for filename, content_type, content in attachments:
        maintype, _, subtype = content_type.partition("/")
        message.add_attachment(
            content, maintype=maintype or "application", subtype=subtype or "octet-stream", filename=filename
        )
    return message.as_bytes(policy=SMTP_POLICY)  # CRLF line ends: the bytes stored are the bytes sent


async def send_email(session: AsyncSession, actor: Actor, settings: Settings, *, data: SendData) -> Email:
    """Stores the message as OUTBOUND in its thread with state QUEUED; the caller enqueues `email.send`
    after the commit (`send_job`). Nothing is written when any check refuses."""
    actor.require(Role.MEMBER)
    if len(data.recipients) > MAX_RECIPIENTS:
        raise BadUserInput(
            f"A message goes to at most {MAX_RECIPIENTS} recipients (To, Cc and Bcc together).",
            field_errors={("input", "to"): f"At most {MAX_RECIPIENTS} recipients"},
        )
    mailbox = await mailbox_service.sending_mailbox(session, actor, mailbox_id=data.mailbox_id)
    reply = None
    if data.reply_to_email_id is not None:
        reply = await repository.get_email(session, actor.workspace_id, data.reply_to_email_id)
        if reply is None:
            raise NotFound("No email with this id in your workspace.")
    subject, text = data.subject, data.text
    if data.template_id is not None:
        await get_template(session, actor, template_id=data.template_id)
        variables = await _variables(session, actor, data.target_id)
        for kind, keys in (await _custom_field_keys(session, actor)).items():
            for key in keys:
                variables.setdefault(kind, {}).setdefault(key, "")
        subject = render(subject, variables, field="subject")
        text = render(text, variables, field="text")
    elif data.target_id is not None:
        await _variables(session, actor, data.target_id)  # the record must be one of this workspace's
    html = sanitize_html(data.html) if data.html is not None else None
    attachments = await _attachments(session, actor, settings, data)
    domain = mailbox.address.rpartition("@")[2]
    message_id = make_msgid(idstring="rapport", domain=domain).strip("<>")
    raw = _mime(
        message_id=message_id,
        sender=mailbox.address,
        data=data,
        subject=subject,
        text=text,
        html=html,
        reply=reply,
        attachments=attachments,
    )
    if len(raw) > settings.max_email_bytes:
        raise BadUserInput(
            "The message is too large to send.", field_errors={("input", "text"): "The message is too large"}
        )
    [inbound_id] = await store_incoming(
        session,
        [Incoming(workspace_id=actor.workspace_id, raw=raw, source=InboundSource.COMPOSE, mailbox_id=mailbox.id)],
    )
    parser: Parser = _InlineParser(settings.max_email_bytes)
    await process_workspace_batch(
        session,
        parser,
        settings.files_path,
        actor.workspace_id,
        [inbound_id],
        files=store_of(settings),
    )
    email_id = await repository.email_of_inbound(session, inbound_id)
    if email_id is None:  # the pipeline quarantined our own message: a bug, never a silent loss
        raise RuntimeError(f"the message written could not be stored (inbound {inbound_id})")
    await repository.insert_outbound(
        session,
        {
            "email_id": email_id,
            "workspace_id": actor.workspace_id,
            "mailbox_id": mailbox.id,
            "member_id": actor.member_id,
            "state": OutboundState.QUEUED,
            "sender": mailbox.address,
            "recipients": data.recipients,
            "raw": raw,
        },
    )
    return found(await repository.get_email(session, actor.workspace_id, email_id), "No email with this id.")


async def retry_send(session: AsyncSession, actor: Actor, *, email_id: uuid.UUID) -> Email:
    """A FAILED message goes back to QUEUED (its sender only); the caller enqueues `email.send`."""
    actor.require(Role.MEMBER)
    outbound = await repository.get_outbound(session, actor.workspace_id, email_id, for_update=True)
    if outbound is None or outbound.member_id != actor.member_id:
        raise NotFound("No email of yours waiting to be sent with this id.")
    if outbound.state != OutboundState.FAILED:
        raise BadUserInput(
            f"Only a message that failed is sent again; this one is {outbound.state.value.lower()}.",
            field_errors={("id",): f"This message is {outbound.state.value.lower()}"},
        )
    await repository.update_outbound(session, email_id, {"state": OutboundState.QUEUED, "error": None})
    return found(await repository.get_email(session, actor.workspace_id, email_id), "No email with this id.")


async def outbound_of(session: AsyncSession, actor: Actor, *, email_ids: Sequence[uuid.UUID]) -> list[OutboundEmail]:
    return list(await repository.list_outbound(session, actor.workspace_id, email_ids))


def send_job(email: Email) -> tuple[str, dict[str, str]]:
    """The job that sends `email` (no job id: a retry is a new job; the job itself sends only QUEUED mail)."""
    return SEND_JOB, {"workspace_id": str(email.workspace_id), "email_id": str(email.id)}
