"""The MIME tree → the readable body (plain and HTML) and everything else as attachments."""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from email import policy
from email.message import Message
from typing import Any, Final

from rapport.email.parse.charsets import clean, decode_bytes, decode_words, header_text, one_line, transfer_decode
from rapport.email.parse.results import Attachment

mimetypes.init()  # now, so that forked parser processes inherit the table instead of each reading it

_MAX_DEPTH = 40
_MAX_PARTS = 2_000
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_DEFAULT_NAMES: Final = {
    "text/calendar": "invite.ics",
    "application/ics": "invite.ics",
    "application/ms-tnef": "winmail.dat",
    "application/vnd.ms-tnef": "winmail.dat",
    "application/pgp-signature": "signature.asc",
    "application/pgp-encrypted": "pgp-version.txt",
    "application/pkcs7-signature": "smime.p7s",
    "application/x-pkcs7-signature": "smime.p7s",
    "application/pkcs7-mime": "smime.p7m",
    "application/x-pkcs7-mime": "smime.p7m",
    "message/delivery-status": "delivery-status.txt",
    "message/disposition-notification": "disposition-notification.txt",
    "message/feedback-report": "feedback-report.txt",
    "text/rfc822-headers": "headers.txt",
}


@dataclass(slots=True)
class Walk:
    headers_charset_hint: str | None
    attachments: list[Attachment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    parts: int = 0


@dataclass(frozen=True, slots=True)
class PartInfo:
    content_type: str
    charset: str | None
    disposition: str | None
    filename: str | None
    content_id: str | None
    transfer_encoding: str


_PART_INFO_ENTRIES = 4096
_part_infos: dict[tuple[tuple[tuple[str, str], ...], str | None], PartInfo] = {}


def part_info(part: Message[Any, Any], charset_hint: str | None) -> PartInfo:
    """What the part's Content-* headers say. It depends on them and the hint alone, and most leaf
    parts of a day's mail say the same thing (text/plain; charset=utf-8, quoted-printable): memoised."""
    fields = tuple(
        (str(name), str(value)) for name, value in part.raw_items() if str(name).lower().startswith("content-")
    )
    key = (fields, charset_hint)
    info = _part_infos.get(key)
    if info is None:
        if len(_part_infos) >= _PART_INFO_ENTRIES:
            _part_infos.clear()
        info = _part_infos[key] = _read_part_info(fields, charset_hint)
    return info


def _read_part_info(fields: tuple[tuple[str, str], ...], charset_hint: str | None) -> PartInfo:
    # compat32 reads MIME parameters by plain string splitting (RFC 2231 included) and never
    # raises; policy.default's header objects do raise on several corpus messages.
    view: Message[str, str] = Message()
    for name, value in fields:
        view[name] = header_text(value, charset_hint)
    content_type = view.get_content_type().lower()
    if "/" not in content_type or content_type.startswith("/") or content_type.endswith("/"):
        content_type = "text/plain"
    content_type = content_type[:255]
    filename: str | None = None
    for raw_name in (view.get_filename(), view.get_param("name")):
        if isinstance(raw_name, tuple):  # an RFC 2231 value compat32 could not collapse
            raw_name = raw_name[2]
        if raw_name:
            filename = one_line(decode_words(str(raw_name))) or None
            if filename:
                break
    content_id = one_line(view.get("content-id", "")).strip("<> ")[:255] or None
    encoding = view.get("content-transfer-encoding", "").strip().strip("\"'").split(None, 1)
    disposition = view.get_content_disposition()
    return PartInfo(
        content_type=content_type,
        charset=view.get_content_charset(),
        disposition=disposition.lower() if disposition else None,
        filename=filename,
        content_id=content_id,
        transfer_encoding=encoding[0].lower() if encoding else "7bit",
    )


def raw_payload(part: Message[Any, Any]) -> object:
    # get_payload() re-decodes 8-bit text with the declared charset and parses the
    # Content-Transfer-Encoding header on the way (which can raise): we want the bytes as sent.
    return getattr(part, "_payload", None)


def _payload_bytes(part: Message[Any, Any], info: PartInfo) -> bytes:
    payload = raw_payload(part)
    if isinstance(payload, list):
        data = b"\n".join(_flatten(item) for item in payload if isinstance(item, Message))
    elif isinstance(payload, bytes):
        data = payload
    else:
        data = str(payload).encode("utf-8", "surrogateescape")
    if info.transfer_encoding in ("x-uuencode", "uuencode", "x-uue", "uue"):
        try:
            decoded = part.get_payload(decode=True)
        except Exception:  # noqa: BLE001 — broken uuencode: keep the raw text
            decoded = None
        return decoded if isinstance(decoded, bytes) else data
    return transfer_decode(data, info.transfer_encoding)


def _flatten(message: Message[Any, Any]) -> bytes:
    try:
        return message.as_bytes(policy=policy.compat32)
    except Exception:  # noqa: BLE001 — a message the generator cannot write back: keep its body text
        payload = raw_payload(message)
        return payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else b""


def walk_part(part: Message[Any, Any], state: Walk, depth: int) -> tuple[list[str], list[str]]:
    """(texts, htmls) of the readable body under `part`; everything else goes to state.attachments."""
    state.parts += 1
    if state.parts > _MAX_PARTS:
        if state.parts == _MAX_PARTS + 1:
            state.warnings.append(f"more than {_MAX_PARTS} MIME parts: the rest ignored")
        return [], []
    info = part_info(part, state.headers_charset_hint)
    maintype, _, subtype = info.content_type.partition("/")
    payload = raw_payload(part)
    if maintype == "multipart" and isinstance(payload, list):
        if depth >= _MAX_DEPTH:
            state.warnings.append(f"MIME parts nested deeper than {_MAX_DEPTH} levels ignored")
            return [], []
        children = [child for child in payload if isinstance(child, Message)]
        if subtype == "alternative":
            return _walk_alternative(children, state, depth)
        texts: list[str] = []
        htmls: list[str] = []
        for child in children:
            child_texts, child_htmls = walk_part(child, state, depth + 1)
            texts += child_texts
            htmls += child_htmls
        return texts, htmls
    if maintype == "message" or isinstance(payload, list):
        _attach(state, info, _message_content(part, info), _embedded_subject(payload, state))
        return [], []
    is_body = info.disposition != "attachment"  # a named text part without a disposition is still shown inline
    if maintype == "multipart":  # declares parts but has none: its text is all there is
        return [_text_of(_payload_bytes(part, info), info)], []
    if info.content_type == "text/plain" and is_body:
        return [_text_of(_payload_bytes(part, info), info)], []
    if info.content_type == "text/html" and is_body:
        return [], [_html_of(_payload_bytes(part, info), info)]
    _attach(state, info, _payload_bytes(part, info), None)
    return [], []


def _walk_alternative(children: list[Message[Any, Any]], state: Walk, depth: int) -> tuple[list[str], list[str]]:
    texts: list[str] = []
    htmls: list[str] = []
    for child in children:
        child_texts, child_htmls = walk_part(child, state, depth + 1)
        if child_texts and not any(t.strip() for t in texts):
            texts = child_texts  # the first plain alternative that says something
        if child_htmls:
            htmls = child_htmls  # the last HTML alternative is the richest
    return texts, htmls


def _message_content(part: Message[Any, Any], info: PartInfo) -> bytes:
    payload = raw_payload(part)
    if isinstance(payload, list):
        data = b"\n".join(_flatten(item) for item in payload if isinstance(item, Message))
        if info.transfer_encoding in ("base64", "quoted-printable"):
            # The parser read the encoded text as a message; the real one is underneath.
            inner = payload[0] if payload and isinstance(payload[0], Message) else None
            body = raw_payload(inner) if inner is not None and not list(inner.raw_items()) else None
            if isinstance(body, str):
                return transfer_decode(body.encode("utf-8", "surrogateescape"), info.transfer_encoding)
        return data
    return _payload_bytes(part, info)


def _embedded_subject(payload: object, state: Walk) -> str | None:
    if not isinstance(payload, list) or not payload or not isinstance(payload[0], Message):
        return None
    inner = payload[0]
    for name, value in inner.raw_items():
        if str(name).lower() == "subject":
            return one_line(decode_words(header_text(str(value), state.headers_charset_hint))) or None
    return None


def _text_of(data: bytes, info: PartInfo) -> str:
    return _normalize_newlines(decode_bytes(data, info.charset))


def _html_of(data: bytes, info: PartInfo) -> str:
    charset = info.charset
    if charset is None:
        match = _META_CHARSET.search(data[:4096])
        charset = match.group(1).decode("ascii") if match else None
    return _normalize_newlines(decode_bytes(data, charset))


def _normalize_newlines(value: str) -> str:
    return clean(value.replace("\r\n", "\n").replace("\r", "\n"))


def _attach(state: Walk, info: PartInfo, content: bytes, subject: str | None) -> None:
    filename = _safe_filename(info.filename) or _default_filename(info.content_type, subject, len(state.attachments))
    state.attachments.append(
        Attachment(
            filename=filename,
            content_type=info.content_type,
            size=len(content),
            content=content,
            content_id=info.content_id,
            inline=info.disposition == "inline" or (info.disposition is None and info.content_id is not None),
        )
    )


def _safe_filename(name: str | None) -> str | None:
    if not name:
        return None
    base = re.split(r"[/\\]", one_line(name))[-1].strip(" .")
    if len(base) > 200:
        stem, dot, extension = base.rpartition(".")
        base = f"{stem[:190]}.{extension[:9]}" if dot and len(extension) <= 9 else base[:200]
    return base or None


def _default_filename(content_type: str, subject: str | None, index: int) -> str:
    if content_type in ("message/rfc822", "message/global"):
        return f"{(_safe_filename(subject) or 'forwarded-message')[:120]}.eml"
    known = _DEFAULT_NAMES.get(content_type)
    if known is not None:
        return known
    extension = mimetypes.guess_extension(content_type) or ".bin"
    return f"attachment-{index + 1}{extension}"
