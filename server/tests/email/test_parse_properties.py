"""Properties of the MIME parser, over messages Hypothesis makes up: it never raises anything but
ParseError (whose reason is what the quarantine stores), and nothing it returns carries text the
database cannot store (NUL, other control characters, lone surrogates)."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.email.parse import Address, Attachment, ParsedEmail, ParseError, parse
from rapport.email.parse.headers import POLICY, read_mailboxes, split_address_list
from rapport.kit.text import unsafe_character

PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)

HEADER_NAMES = st.sampled_from(
    [
        "From",
        "To",
        "Cc",
        "Bcc",
        "Reply-To",
        "Subject",
        "Date",
        "Message-ID",
        "In-Reply-To",
        "References",
        "List-Id",
        "Content-Type",
        "Content-Transfer-Encoding",
        "Content-Disposition",
        "Auto-Submitted",
        "X-Other",
    ]
)
NASTY_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\x00", "\x01", "\x1b", "\x7f", "\r", "\n", "\t", "=", "?", "<", ">", "@", ",", ";", '"']),
    ),
    max_size=60,
)
ENCODED_WORDS = st.builds(
    lambda charset, kind, payload: f"=?{charset}?{kind}?{payload}?=",
    st.sampled_from(["utf-8", "iso-8859-1", "bogus", "utf-7", "iso-2022-jp", "x-unknown", ""]),
    st.sampled_from(["B", "Q", "b", "q", "X"]),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789+/=_", max_size=30),
)
HEADER_VALUES = st.one_of(NASTY_TEXT, ENCODED_WORDS, st.lists(ENCODED_WORDS, max_size=3).map(" ".join))
CONTENT_TYPES = st.sampled_from(
    [
        "text/plain",
        "text/html",
        "multipart/mixed",
        "multipart/alternative",
        "application/octet-stream",
        "message/rfc822",
        "image/png",
        "text/plain; charset=bogus",
        "text/plain; charset=utf-16",
        "multipart/",
    ]
)


@st.composite
def messages(draw: Any) -> bytes:
    """A message shaped like mail, with hostile headers, charsets, boundaries and bodies."""
    headers = draw(st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=10))
    content_type = draw(CONTENT_TYPES)
    boundary = draw(st.text(alphabet="abc-_=", min_size=0, max_size=8))
    lines = [f"{name}: {value}" for name, value in headers]
    lines.append(f'Content-Type: {content_type}; boundary="{boundary}"')
    head = "\r\n".join(lines).encode("utf-8", "surrogatepass")
    parts = draw(st.lists(st.tuples(CONTENT_TYPES, st.binary(max_size=200)), max_size=3))
    body = b"".join(
        b"--" + boundary.encode() + b"\r\nContent-Type: " + kind.encode() + b"\r\n\r\n" + payload + b"\r\n"
        for kind, payload in parts
    )
    if parts:
        body += b"--" + boundary.encode() + b"--\r\n"
    body += draw(st.binary(max_size=100))
    return head + b"\r\n\r\n" + body


def strings_in(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, ParsedEmail | Address | Attachment):
        return [text for field in dataclasses.fields(value) for text in strings_in(getattr(value, field.name))]
    if isinstance(value, tuple | list):
        return [text for item in value for text in strings_in(item)]
    return []


def assert_parsed_or_quarantined(raw: bytes) -> None:
    try:
        parsed = parse(raw)
    except ParseError as error:
        refused = error
    else:
        refused = None
    if refused is not None:
        # Quarantined with a short reason the database can hold.
        assert refused.reason
        assert unsafe_character(refused.reason) is None
        assert len(refused.reason) <= 300
        return
    unsafe = {text: unsafe_character(text) for text in strings_in(parsed) if unsafe_character(text) is not None}
    assert unsafe == {}
    assert parsed.size == len(raw)


@PROPERTY_SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_parse_or_are_quarantined(raw: bytes) -> None:
    assert_parsed_or_quarantined(raw)


@PROPERTY_SETTINGS
@given(messages())
def test_mail_shaped_messages_parse_to_storable_text_or_are_quarantined(raw: bytes) -> None:
    assert_parsed_or_quarantined(raw)


def test_a_nul_in_every_header_never_reaches_the_result() -> None:
    raw = (
        b"From: Ada\x00 <ada@example.com>\r\nTo: b\x00ob@example.com\r\nSubject: hi\x00there\x01\r\n"
        b"Message-ID: <id\x00@example.com>\r\nContent-Type: text/plain\r\n\r\nbody\x00text\r\n"
    )

    parsed = parse(raw)

    assert parsed.subject == "hithere"
    assert all(unsafe_character(text) is None for text in strings_in(parsed))


ADDRESS_PIECES = st.one_of(
    st.sampled_from(
        [
            "ada@example.com",
            "<ada@example.com>",
            "Ada Lovelace <ada@example.com>",
            '"Lovelace, Ada" <ada@example.com>',
            "=?utf-8?q?Ada_L=C3=B6w?= <ada@example.com>",
            "=?utf-8?b?w6lsw6htZQ==?= <e@example.com>",
            '"=?utf-8?q?Ada,_L?=" <ada@example.com>',
            "=?utf-8?q?Smith,_Jo?= <jo@example.com>",
            "=?utf-8?q?J._Smith?= <js@example.com>",
            "=?utf-8?b?QWRh?=x <ada@example.com>",
            "a=?x?= =?utf-8?q?b?= <b@example.com>",
            "ada@host <ada@host.example>",
            "undisclosed-recipients:;",
            "(comment) ada@example.com",
            "<@route,@other:ada@example.com>",
            "Ada <ada@example.com",
            "=?utf-8?q?broken",
            '"unterminated <a@b>',
            "ada@[127.0.0.1]",
            ".",
            "ümlaut@exämple.de",
            "",
            " ",
        ]
    ),
    st.text(alphabet='ab@.<>,"=?:;() \\qQbB_é-', max_size=20),
)
ADDRESS_LISTS = st.lists(ADDRESS_PIECES, min_size=1, max_size=5).flatmap(
    lambda pieces: st.sampled_from([", ", ",", " ,", ""]).map(lambda glue: glue.join(pieces))
)


def whole_list_reading(name: str, value: str) -> object:
    try:
        header = POLICY.header_factory(name, value)
    except Exception as error:  # the reading is compared, failures included
        return ("raised", type(error).__name__, str(error))
    return tuple((a.addr_spec, a.display_name) for a in header.addresses), bool(header.defects)


def memoised_reading(name: str, value: str) -> object:
    try:
        return read_mailboxes(name, value)
    except Exception as error:
        return ("raised", type(error).__name__, str(error))


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(st.sampled_from(["from", "to", "cc"]), ADDRESS_LISTS)
def test_an_address_list_reads_the_same_address_by_address_as_whole(name: str, value: str) -> None:
    # Twice: the second reading comes from the memo.
    assert memoised_reading(name, value) == whole_list_reading(name, value)
    assert memoised_reading(name, value) == whole_list_reading(name, value)


def test_an_address_list_is_split_only_where_the_parser_ends_an_address() -> None:
    assert split_address_list('"Lovelace, Ada" <ada@example.com>, bob@example.com') == [
        '"Lovelace, Ada" <ada@example.com>',
        "bob@example.com",
    ]
    assert split_address_list("=?utf-8?b?QWRh?= <ada@example.com>, =?utf-8?b?Qm9i?= <bob@example.com>") == [
        "=?utf-8?b?QWRh?= <ada@example.com>",
        "=?utf-8?b?Qm9i?= <bob@example.com>",
    ]
    assert split_address_list("=?utf-8?q?Smith,_Jo?= <jo@example.com>, bob@example.com") is None
    assert split_address_list("<@route,@other:ada@example.com>") is None
    assert split_address_list("ada@example.com, , bob@example.com") is None
    assert split_address_list("(Ada, the first) ada@example.com") is None


def test_a_list_with_an_address_the_parser_finds_fault_with_is_read_whole() -> None:
    # Read whole, the parser's recovery after "." trips over the comma before it (a TypeError).
    value = "ada@example.com, ., bob@example.com"

    assert memoised_reading("to", value) == whole_list_reading("to", value)
    assert memoised_reading("to", value)[0] == "raised"  # type: ignore[index]
