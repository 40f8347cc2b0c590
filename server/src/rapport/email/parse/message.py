"""Raw RFC 5322 bytes → ParsedEmail. Pure: no database, no network, only ParseError escapes."""

from __future__ import annotations

import hashlib
from datetime import datetime
from email import policy
from email.message import Message
from email.parser import BytesParser
from typing import Any

from rapport.email.parse.charsets import short_reason
from rapport.email.parse.headers import (
    ADDRESS_LIST_HEADERS,
    EMAIL_HEADERS,
    POLICY,
    Headers,
    find_charset_hint,
    is_automated,
    normalize_subject,
    read_addresses,
    read_date,
    read_in_reply_to,
    read_list_id,
    read_message_id,
    read_references,
    read_unstructured,
    repair_header_block,
)
from rapport.email.parse.markup import html_to_text, sanitize_html
from rapport.email.parse.mime import Walk, part_info, walk_part
from rapport.email.parse.results import DEFAULT_MAX_BYTES, Address, Attachment, ParsedEmail, ParseError
from rapport.email.parse.snippet import make_snippet


def parse(raw: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedEmail:
    if len(raw) > max_bytes:
        raise ParseError(f"message exceeds size limit ({len(raw)} > {max_bytes} bytes)")
    try:
        return _parse(raw)
    except ParseError:
        raise
    except RecursionError:
        raise ParseError("MIME structure nested too deeply") from None
    except MemoryError:
        raise ParseError("out of memory while parsing") from None
    except Exception as error:
        raise ParseError(short_reason(f"parser crashed: {type(error).__name__}: {error}")) from error


def _parse(raw: bytes) -> ParsedEmail:
    warnings: list[str] = []
    source = repair_header_block(raw)
    if not source.strip():
        raise ParseError("empty message")
    try:
        message: Message[Any, Any] = BytesParser(policy=POLICY).parsebytes(source)
    except Exception as error:  # noqa: BLE001 — compat32 is the standard library's lenient mode
        warnings.append(
            short_reason(f"policy.default could not parse the message ({type(error).__name__}): used compat32")
        )
        message = BytesParser(policy=policy.compat32).parsebytes(source)
    headers = Headers(message, find_charset_hint(message))
    if not headers.values:
        raise ParseError("no headers")
    if not headers.values.keys() & EMAIL_HEADERS:
        raise ParseError("not an email: none of From, To, Subject, Date, Message-ID or MIME headers")

    senders = read_addresses(headers, "from", warnings) or read_addresses(headers, "sender", warnings)
    sender = senders[0] if senders else None
    to, cc, bcc, reply_to = (read_addresses(headers, name, warnings) for name in ADDRESS_LIST_HEADERS)
    subject = read_unstructured(headers, "subject", warnings)
    message_id = read_message_id(headers.first("message-id"))
    if headers.first("message-id") is not None and message_id is None:
        warnings.append("unusable Message-ID header ignored")

    state = Walk(headers.charset_hint)
    texts, htmls = walk_part(message, state, 0)
    warnings += state.warnings
    text = "\n\n".join(t.strip("\n") for t in texts if t.strip()) or None
    raw_html = "\n".join(h for h in htmls if h.strip()) or None
    html = sanitize_html(raw_html).strip() or None if raw_html else None
    if text is None and raw_html:
        text = html_to_text(raw_html) or None
    attachments = tuple(state.attachments)
    if sender is None and text is None and html is None and not attachments:
        raise ParseError("no sender and no body")

    sent_at = read_date(headers, warnings)
    top_type = part_info(message, headers.charset_hint).content_type
    return ParsedEmail(
        message_id=message_id,
        in_reply_to=read_in_reply_to(headers.first("in-reply-to")),
        references=read_references(headers.first("references"), message_id),
        subject=subject,
        normalized_subject=normalize_subject(subject),
        sent_at=sent_at,
        sender=sender,
        to=to,
        cc=cc,
        bcc=bcc,
        reply_to=reply_to,
        text=text,
        html=html,
        snippet=make_snippet(text),
        attachments=attachments,
        content_hash=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        fingerprint=_fingerprint(sender, to, cc, sent_at, subject, text, html, attachments),
        list_id=read_list_id(headers),
        is_automated=is_automated(headers, sender, top_type),
        warnings=tuple(dict.fromkeys(warnings)),
        authentication_results=tuple(headers.all("authentication-results")[:50]),
    )


def _fingerprint(
    sender: Address | None,
    to: tuple[Address, ...],
    cc: tuple[Address, ...],
    sent_at: datetime | None,
    subject: str | None,
    text: str | None,
    html: str | None,
    attachments: tuple[Attachment, ...],
) -> str:
    """The same mail fetched from two mailboxes differs in its transport headers, not in these."""
    parts = [
        sender.address if sender else "",
        ",".join(a.address for a in to),
        ",".join(a.address for a in cc),
        sent_at.isoformat() if sent_at else "",
        subject or "",
        text or "",
        html or "",
        ",".join(f"{a.filename}:{a.size}" for a in attachments),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()
