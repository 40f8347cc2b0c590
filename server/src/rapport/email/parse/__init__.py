"""Raw RFC 5322 bytes → ParsedEmail, and a pool of parser processes that isolates every message.

The standard library parses the MIME structure (`policy.default`); what it lacks is added here:
header fallbacks (a header that policy.default chokes on is read again the compat32 way), repairs
of the header block, charset repair (unknown, misspelled and lying charsets, raw 8-bit headers,
ISO-2022-JP as Windows writes it; text with no usable charset is guessed by charset-normalizer), a
choice of body, HTML sanitising (nh3), HTML to text, and a reply-stripped snippet. `parse` is pure
and raises only ParseError; `Parser` runs it in worker processes (pebble's ProcessPool) with a hard
per-message timeout."""

from rapport.email.parse.headers import normalize_subject
from rapport.email.parse.isolation import Parser, ParserClosed
from rapport.email.parse.markup import html_to_text, sanitize_html
from rapport.email.parse.message import parse
from rapport.email.parse.results import (
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT,
    SNIPPET_LENGTH,
    Address,
    Attachment,
    ParsedEmail,
    ParseError,
)
from rapport.email.parse.snippet import make_snippet, reply_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "SNIPPET_LENGTH",
    "Address",
    "Attachment",
    "ParseError",
    "ParsedEmail",
    "Parser",
    "ParserClosed",
    "html_to_text",
    "make_snippet",
    "normalize_subject",
    "parse",
    "reply_text",
    "sanitize_html",
]
