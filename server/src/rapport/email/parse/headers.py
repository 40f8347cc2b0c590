"""Header fields, read with policy.default first and the compat32 way when it fails."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from datetime import UTC, datetime
from email import policy
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any, Final

from rapport.email.addresses import normalize_address
from rapport.email.parse.charsets import clean, codec_for, decode_words, header_text, one_line, short_reason
from rapport.email.parse.results import Address


class _MemoizingHeaderRegistry(HeaderRegistry):
    """policy.default's header registry, memoised. The feed parser asks a part for its
    Content-Type several times and every ask re-parsed the header and built a new header class:
    a third of all parse time. Header objects are immutable, so equal inputs can share one."""

    _MAX_ENTRIES = 4096
    _MAX_VALUE = 4096

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type[BaseHeader]] = {}
        self._headers: dict[tuple[str, str], BaseHeader] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        cls = self._classes.get(key)
        if cls is None:
            cls = self._classes[key] = super().__getitem__(name)
        return cls

    def __call__(self, name: str, value: Any) -> BaseHeader:
        if not isinstance(value, str) or len(value) > self._MAX_VALUE:
            return super().__call__(name, value)
        key = (name, value)
        header = self._headers.get(key)
        if header is None:
            if len(self._headers) >= self._MAX_ENTRIES:
                self._headers.clear()
            header = self._headers[key] = super().__call__(name, value)
        return header


POLICY: Final = policy.default.clone(header_factory=_MemoizingHeaderRegistry())

EMAIL_HEADERS = frozenset(
    {"from", "sender", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id", "in-reply-to"}
    | {"references", "mime-version", "content-type", "received", "return-path", "delivered-to"}
)
ADDRESS_LIST_HEADERS = ("to", "cc", "bcc", "reply-to")
# policy.default's header parser is recursive-descent Python, slow on huge values: past this
# length an address list is read with compat32's getaddresses instead.
_MAX_STRUCTURED_HEADER = 16_384
_MAX_REFERENCES = 100
_MAX_UNSTRUCTURED = 1_000  # a subject is indexed for threading: keep it well under a btree row
_MAX_ID_BYTES = 900
_BRACKETED_ID = re.compile(r"<([^<>]*)>")
_ANGLE = re.compile(r"""((?:"[^"]*"|[^<>",])*)<([^<>\s]+@[^<>\s]+)>""")
_BARE_ADDRESS = re.compile(r"[^\s<>,;:\"()\[\]]+@[^\s<>,;:\"()\[\]]+")
_SUBJECT_PREFIX = re.compile(
    r"^\s*(?:(?:re|r|i|fwd?|aw|wg|sv|vs|vb|antw|doorst|rif|tr|fs|odp|pd|res|enc|ynt|ilt|vl|ref|ats|bls"
    r"|απ|σχετ|προωθ|回复|回覆|答复|转发|轉寄|返信|転送|ответ|отв|пересл|fwdr?)"
    r"\s*(?:\[\d+\]|\(\d+\)|\^\d+)?\s*[:：]|\[[^\[\]]{0,100}\])\s*",
    re.IGNORECASE,
)
_AUTOMATED_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply"})


class Headers:
    """The message's raw header values, first found first, read without policy.default's parser."""

    def __init__(self, message: Message[Any, Any], charset_hint: str | None) -> None:
        self.values: dict[str, list[str]] = {}
        for name, value in message.raw_items():
            self.values.setdefault(str(name).strip().lower(), []).append(str(value))
        self.charset_hint = charset_hint

    def first(self, name: str) -> str | None:
        found = self.values.get(name)
        return self.text(found[0]) if found else None

    def all(self, name: str) -> list[str]:
        return [self.text(value) for value in self.values.get(name, [])]

    def text(self, value: str) -> str:
        return header_text(value, self.charset_hint)


def read_unstructured(headers: Headers, name: str, warnings: list[str]) -> str | None:
    value = headers.first(name)
    if value is None:
        return None
    decoded: str | None = None
    if len(value) <= _MAX_STRUCTURED_HEADER:
        try:
            decoded = str(POLICY.header_factory(name, value))
        except Exception as error:  # noqa: BLE001 — Python's header parser has crashers: decode leniently
            warnings.append(short_reason(f"malformed {name} header ({type(error).__name__}): decoded leniently"))
    # policy.default writes U+FFFD for a charset it does not know (iso-8859-8-i, ks_c_5601-1987, …)
    # and leaves encoded-words glued to text undecoded: those we decode ourselves.
    if decoded is None or "\ufffd" in decoded or "=?" in decoded:
        decoded = decode_words(value)
    decoded = one_line(decoded)
    if len(decoded) > _MAX_UNSTRUCTURED:
        warnings.append(f"{name} header of {len(decoded)} characters cut to {_MAX_UNSTRUCTURED}")
        decoded = decoded[:_MAX_UNSTRUCTURED]
    return decoded or None


def make_address(address: str, name: str | None) -> Address | None:
    normalized = normalize_address(clean(address))
    local, at, domain = normalized.rpartition("@")
    if not at or not local or not domain or len(normalized) > 320 or any(c.isspace() for c in normalized):
        return None
    display = one_line(name or "").strip("\"' ")[:300]
    return Address(normalized, display or None)


Mailboxes = tuple[tuple[tuple[str, str], ...], bool]
"""What policy.default's parser makes of an address list: (addr-spec, display name) per address, and
whether it found defects."""

# In an address list only these make the parser read past a comma (a quoted pair, a comment, a
# domain literal, a group, an obsolete route): a list with any of them is parsed whole.
_LIST_UNSAFE = re.compile(r"[\\()\[\]:;\r\n]")
# What an encoded word may hold for the list to be cut around it: no quote, comma, angle bracket, nor
# what could start another word inside it (white space, "@", ".").
_ENCODED_WORD_UNSAFE = re.compile(r'[",<>@.\s]')


def split_address_list(value: str) -> list[str] | None:
    """The list's addresses as separate strings, cut at the commas where policy.default's parser is
    between two addresses, without the white space around them; None when that is not certain (the
    list is then parsed whole)."""
    if _LIST_UNSAFE.search(value):
        return None
    # The parser reads an encoded word from "=?" to the first "?=" after it, wherever that is: with
    # nothing but word characters in any such span, the quotes, brackets and commas below are read
    # the same way by both. (With no "?=" after it, "=?" is plain text to the parser.)
    start = value.find("=?")
    while start >= 0:
        end = value.find("?=", start + 2)
        if end < 0:
            break
        if _ENCODED_WORD_UNSAFE.search(value, start, end):
            return None
        start = value.find("=?", end + 2)
    pieces: list[str] = []
    piece_start = 0
    in_angle = False
    index = 0
    while index < len(value):
        character = value[index]
        if character == '"':
            closing = value.find('"', index + 1)
            if closing < 0:
                return None
            index = closing
        elif character == "<":
            if in_angle:
                return None
            in_angle = True
        elif character == ">":
            if not in_angle:
                return None
            in_angle = False
        elif character == ",":
            if in_angle:
                return None
            pieces.append(value[piece_start:index])
            piece_start = index + 1
        index += 1
    if in_angle:
        return None
    pieces.append(value[piece_start:])
    pieces = [piece.strip(" \t") for piece in pieces]
    if not all(pieces):
        return None  # an empty element: the parser's recovery looks at its neighbours
    return pieces


def _parse_mailboxes(name: str, value: str) -> Mailboxes:
    header = POLICY.header_factory(name, value)
    return tuple((a.addr_spec, a.display_name) for a in header.addresses), bool(header.defects)


class _MailboxMemo:
    """policy.default's reading of an address list, from its addresses' readings, each memoised.

    The parser reads each address of a list on its own (a comma outside quotes, angle brackets and
    encoded words ends one) when every one of them reads cleanly: the list's addresses are then its
    addresses' addresses, in order. A list with an address the parser finds fault with is read whole,
    since its recovery looks beyond the comma. The same people write to each other all day, so most
    addresses were read before; whole lists rarely repeat. Parsing them was a quarter of parse time."""

    _MAX_ENTRIES = 8192

    def __init__(self) -> None:
        self._pieces: dict[tuple[str, str], Mailboxes] = {}

    def __call__(self, name: str, value: str) -> Mailboxes:
        pieces = split_address_list(value)
        if pieces is None or len(pieces) > 200:
            return _parse_mailboxes(name, value)
        addresses: list[tuple[str, str]] = []
        for piece in pieces:
            key = (name, piece)
            known = self._pieces.get(key)
            if known is None:
                try:
                    known = _parse_mailboxes(name, piece)
                except Exception:  # noqa: BLE001 — read whole, the error is the one the list raises
                    return _parse_mailboxes(name, value)
                if len(self._pieces) >= self._MAX_ENTRIES:
                    self._pieces.clear()
                self._pieces[key] = known
            piece_addresses, has_defects = known
            if has_defects:
                return _parse_mailboxes(name, value)
            addresses += piece_addresses
        return tuple(addresses), False


read_mailboxes = _MailboxMemo()


def read_addresses(headers: Headers, name: str, warnings: list[str]) -> tuple[Address, ...]:
    values = headers.all(name)
    if not values:
        return ()
    value = ", ".join(values)
    found: list[Address | None] = []
    parsed_by_default = False
    if len(value) <= _MAX_STRUCTURED_HEADER:
        try:
            mailboxes, has_defects = read_mailboxes(name, value)
            found = [make_address(addr_spec, display_name) for addr_spec, display_name in mailboxes]
            parsed_by_default = True
            if has_defects and "<" in value:
                # e.g. `ada@host <ada@host.example>`: an unquoted @ in the display name makes
                # the parser take the name for the address; the angle brackets know better.
                angled = [make_address(a, decode_words(d)) for d, a in _ANGLE.findall(value)]
                if {a.address for a in angled if a} - {a.address for a in found if a}:
                    found = angled
        except Exception as error:  # noqa: BLE001 — Python's header parser has crashers: compat32 next
            warnings.append(
                short_reason(f"malformed {name} header ({type(error).__name__}: {error}): read with compat32")
            )
    if not parsed_by_default or (not any(found) and "@" in value):
        try:
            found = [make_address(address, decode_words(display)) for display, address in getaddresses([value])]
        except RecursionError:  # compat32's address parser recurses once per word
            warnings.append(f"unreadable {name} header: addresses picked out by pattern")
            found = [make_address(address, None) for address in _BARE_ADDRESS.findall(value)]
    unique: dict[str, Address] = {}
    for address in found:
        if address is not None:
            unique.setdefault(address.address, address)
    return tuple(unique.values())


def read_date(headers: Headers, warnings: list[str]) -> datetime | None:
    value = headers.first("date")
    if value is None:
        return None
    moment: datetime | None = None
    with contextlib.suppress(Exception):  # the lenient reading below decides
        moment = POLICY.header_factory("date", value).datetime
    if moment is None:
        # Fractional seconds and a zone offset without its sign are common and harmless.
        repaired = re.sub(r"(\d\d:\d\d:\d\d)\.\d+", r"\1", value)
        repaired = re.sub(r"(\d\d:\d\d(?::\d\d)?)\s+(\d{4})\s*$", r"\1 +\2", repaired)
        try:
            moment = parsedate_to_datetime(repaired)
        except (ValueError, TypeError, IndexError, OverflowError):
            moment = None
    if moment is None:
        warnings.append(short_reason(f"unparseable Date header: {value}"))
        return None
    try:
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    if not 1970 <= moment.year <= 2200:
        warnings.append(short_reason(f"implausible Date header: {value}"))
        return None
    return moment


def normalize_id(value: str) -> str | None:
    candidate = "".join(value.split()).strip("<>")
    if not candidate or not candidate.isprintable() or not any(c.isalnum() for c in candidate):
        return None
    if len(candidate.encode("utf-8", "replace")) > _MAX_ID_BYTES:
        return None
    return candidate


def _read_id(value: str | None, bare: Callable[[list[str]], list[str]]) -> str | None:
    """The header's first <bracketed> id, else the first of the bare tokens that `bare` keeps."""
    if value is None:
        return None
    match = _BRACKETED_ID.search(value)
    if match:
        return normalize_id(match.group(1))
    kept = bare(value.split())
    return normalize_id(kept[0]) if kept else None


def read_message_id(value: str | None) -> str | None:
    return _read_id(value, lambda tokens: tokens if len(tokens) == 1 else [])


def read_in_reply_to(value: str | None) -> str | None:
    return _read_id(value, lambda tokens: [token for token in tokens if "@" in token])


def read_references(value: str | None, own_id: str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    raw_ids = _BRACKETED_ID.findall(value) or re.split(r"[\s,]+", value)
    ids: dict[str, None] = {}
    for raw_id in raw_ids:
        normalized = normalize_id(raw_id)
        if normalized is not None and normalized != own_id:
            ids[normalized] = None
    unique = tuple(ids)
    if len(unique) > _MAX_REFERENCES:  # the root and the latest ancestors are what threading needs
        return (unique[0], *unique[-(_MAX_REFERENCES - 1) :])
    return unique


def normalize_subject(subject: str | None) -> str:
    """Lower-cased, reply/forward prefixes in many languages and [list] tags removed, for threading."""
    value = " ".join((subject or "").split())
    while True:
        stripped = _SUBJECT_PREFIX.sub("", value, count=1)
        if stripped == value:
            break
        value = stripped
    value = re.sub(r"\s*\((?:fwd|fw)\)\s*$", "", value, flags=re.IGNORECASE)
    return value.strip().lower()


def is_automated(headers: Headers, sender: Address | None, content_type: str) -> bool:
    auto_submitted = (headers.first("auto-submitted") or "no").strip().lower()
    precedence = (headers.first("precedence") or "").strip().lower()
    local_part = sender.address.rpartition("@")[0] if sender else ""
    return (
        not auto_submitted.startswith("no")
        or precedence in _AUTOMATED_PRECEDENCE
        or "x-autoreply" in headers.values
        or "x-autorespond" in headers.values
        or content_type == "multipart/report"
        or local_part in {"mailer-daemon", "postmaster"}
    )


def read_list_id(headers: Headers) -> str | None:
    value = headers.first("list-id")
    if value is None:
        return None
    match = _BRACKETED_ID.search(value)
    return normalize_id(match.group(1) if match else value)


def find_charset_hint(message: Message[Any, Any]) -> str | None:
    for index, part in enumerate(message.walk()):
        if index > 8:
            break
        for name, value in part.raw_items():
            if str(name).lower() == "content-type":
                match = re.search(r"""charset\s*=\s*["']?([A-Za-z0-9_:.-]+)""", str(value), re.IGNORECASE)
                if match and codec_for(match.group(1)) not in (None, "ascii"):
                    return match.group(1)
    return None


_OBSOLETE_FIELD_NAME = re.compile(rb"^([!-9;-~]+)[ \t]+:", re.MULTILINE)
_HEADER_BLOCK_END = re.compile(rb"\r?\n\r?\n|\r\r")
_FIELD_LINE = re.compile(rb"[!-9;-~]+:|From ")


def repair_header_block(raw: bytes) -> bytes:
    """What the standard library's feed parser does not forgive: a byte-order mark, blank lines
    before the headers, RFC 822's obsolete white space before a field name's colon, and a folded
    line that lost its leading white space (the parser would end the headers there)."""
    source = raw.removeprefix(b"\xef\xbb\xbf").lstrip(b"\r\n")
    end = _HEADER_BLOCK_END.search(source)
    block_end = end.start() if end else len(source)
    block = _OBSOLETE_FIELD_NAME.sub(rb"\1:", source[:block_end])
    lines = block.splitlines(keepends=True)
    is_field = [bool(_FIELD_LINE.match(line)) for line in lines]
    last_field = max((index for index, field in enumerate(is_field) if field), default=-1)
    for index in range(1, last_field):
        if not is_field[index] and lines[index][:1] not in (b" ", b"\t"):
            lines[index] = b" " + lines[index]
    repaired = b"".join(lines)
    return source if repaired == source[:block_end] else repaired + source[block_end:]
