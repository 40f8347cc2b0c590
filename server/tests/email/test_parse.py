"""The parser on the real-world corpus in ../shared/corpus/mime and on small hand-written messages.

Pure tests: no database, no servers. The corpus is read in place, never copied into the repo."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rapport.email.parse import (
    DEFAULT_MAX_BYTES,
    ParsedEmail,
    ParseError,
    Parser,
    normalize_subject,
    parse,
)

CORPUS = Path(os.environ.get("RAPPORT_MIME_CORPUS", Path(__file__).resolve().parents[4] / "shared/corpus/mime"))
CORPUS_FILES = sorted(CORPUS.glob("*.eml")) if CORPUS.is_dir() else []
SLOW_MARKER = b"X-Test-Behaviour: hang"
CRASH_MARKER = b"X-Test-Behaviour: exit"


def corpus(name: str) -> bytes:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus file {name} is not available")
    return path.read_bytes()


def message(*headers: str, body: str = "Hello", content_type: str = "text/plain; charset=utf-8") -> bytes:
    lines = [*headers, "MIME-Version: 1.0", f"Content-Type: {content_type}", "", body]
    return "\r\n".join(lines).encode()


def misbehaving_parse(raw: bytes) -> ParsedEmail:
    """Runs in the worker process: hangs or dies on marked messages, parses the rest."""
    if SLOW_MARKER in raw:
        time.sleep(3600)
    if CRASH_MARKER in raw:
        os._exit(3)
    return parse(raw)


def assert_storable(value: str | None) -> None:
    if value is not None:
        assert "\x00" not in value
        value.encode("utf-8")  # no lone surrogates: PostgreSQL takes it


def assert_sensible(raw: bytes, parsed: ParsedEmail) -> None:
    assert parsed.sender is not None or parsed.subject or parsed.text or parsed.attachments
    if parsed.sender is not None:
        local, at, domain = parsed.sender.address.rpartition("@")
        assert at
        assert local
        assert domain
        assert parsed.sender.address == parsed.sender.address.lower()
    for address in (*parsed.to, *parsed.cc, *parsed.bcc, *parsed.reply_to):
        assert "@" in address.address
        assert " " not in address.address
    assert isinstance(parsed.snippet, str)
    assert len(parsed.snippet) <= 200
    if parsed.message_id is not None:
        assert parsed.message_id == parsed.message_id.strip()
        assert not {"<", ">", " ", "\t", "\n"} & set(parsed.message_id)
    assert len(set(parsed.references)) == len(parsed.references)
    assert not [ref for ref in parsed.references if "<" in ref or ">" in ref]
    if parsed.sent_at is not None:
        assert parsed.sent_at.tzinfo == UTC
    for attachment in parsed.attachments:
        assert attachment.filename
        assert "/" not in attachment.filename
        assert "\\" not in attachment.filename
        assert attachment.size == len(attachment.content)
        assert "/" in attachment.content_type
        assert_storable(attachment.filename)
    for text in (parsed.subject, parsed.text, parsed.html, parsed.snippet, parsed.normalized_subject):
        assert_storable(text)
    assert parsed.content_hash == hashlib.sha256(raw).hexdigest()
    assert parsed.size == len(raw)


# --- The whole corpus ---------------------------------------------------------------------------


@pytest.mark.skipif(not CORPUS_FILES, reason="the MIME corpus (../shared/corpus/mime) is not available")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda path: path.name)
def test_every_corpus_message_parses_sensibly_or_is_quarantined_with_a_reason(path: Path) -> None:
    raw = path.read_bytes()
    outcome: ParsedEmail | ParseError
    try:
        outcome = parse(raw)
    except ParseError as error:
        outcome = error

    if isinstance(outcome, ParseError):
        assert outcome.reason.strip()
    else:
        assert_sensible(raw, outcome)


@pytest.fixture(scope="module")
def parser() -> Iterator[Parser]:
    with Parser(workers=2, timeout=5.0) as pool:
        yield pool


@pytest.mark.skipif(not CORPUS_FILES, reason="the MIME corpus (../shared/corpus/mime) is not available")
async def test_the_corpus_through_the_pool_has_one_outcome_per_message_and_none_times_out(parser: Parser) -> None:
    raws = [path.read_bytes() for path in CORPUS_FILES]

    outcomes = await parser.parse_many(raws)

    assert len(outcomes) == len(raws)
    quarantined = {
        path.name: o.reason for path, o in zip(CORPUS_FILES, outcomes, strict=True) if isinstance(o, ParseError)
    }
    assert not [reason for reason in quarantined.values() if reason.startswith(("timed out", "parser process"))]
    assert all(reason for reason in quarantined.values())
    # Only messages with nothing to store are set aside: no sender and no readable part.
    assert set(quarantined.values()) <= {"no sender and no body"}
    assert len(quarantined) <= 5
    for raw, outcome in zip(raws, outcomes, strict=True):
        if isinstance(outcome, ParsedEmail):
            assert outcome.content_hash == hashlib.sha256(raw).hexdigest()


# --- Headers ------------------------------------------------------------------------------------


def test_message_id_is_normalised_without_brackets_or_folding() -> None:
    cases = {
        "Message-ID:   <abc.123@example.com>  ": "abc.123@example.com",
        "Message-ID: abc.123@example.com": "abc.123@example.com",
        "Message-ID: <abc.123@\r\n example.com>": "abc.123@example.com",
        "Message-ID: <first@example.com> <second@example.com>": "first@example.com",
        "Message-ID: <>": None,
        "Message-ID: not an id at all": None,
    }
    for header, expected in cases.items():
        assert parse(message("From: a@example.com", header)).message_id == expected, header
    assert parse(message("From: a@example.com")).message_id is None


def test_references_keep_order_drop_duplicates_and_the_message_itself() -> None:
    raw = message(
        "From: a@example.com",
        "Message-ID: <self@example.com>",
        "In-Reply-To: <parent@example.com> (sent by Ada)",
        "References: <root@example.com> <middle@example.com>\r\n <root@example.com>,<parent@example.com>"
        " <self@example.com>",
    )

    parsed = parse(raw)

    assert parsed.references == ("root@example.com", "middle@example.com", "parent@example.com")
    assert parsed.in_reply_to == "parent@example.com"


def test_references_without_brackets_and_a_garbage_in_reply_to() -> None:
    raw = message(
        "From: a@example.com",
        "In-Reply-To: Your message of Monday",
        "References: root@example.com parent@example.com",
    )

    parsed = parse(raw)

    assert parsed.references == ("root@example.com", "parent@example.com")
    assert parsed.in_reply_to is None


def test_a_five_id_references_chain_from_the_corpus() -> None:
    parsed = parse(corpus("apache-james__ham1.eml"))

    assert parsed.references == (
        "1029945287.4797.TMDA@deepeddy.vircio.com",
        "1029882468.3116.TMDA@deepeddy.vircio.com",
        "9627.1029933001@munnari.OZ.AU",
        "1029943066.26919.TMDA@deepeddy.vircio.com",
        "1029944441.398.TMDA@deepeddy.vircio.com",
    )
    assert parsed.in_reply_to == "1029945287.4797.TMDA@deepeddy.vircio.com"
    assert parsed.message_id == "13258.1030015585@munnari.OZ.AU"


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Re: Quarterly plan", "quarterly plan"),
        ("RE: Fwd: AW: SV: Quarterly   plan", "quarterly plan"),
        ("Re[2]: Quarterly plan", "quarterly plan"),
        ("Re(3): Quarterly plan", "quarterly plan"),
        ("Fw: WG: Quarterly plan", "quarterly plan"),
        ("[sales-team] Re: [EXTERNAL] Quarterly plan", "quarterly plan"),
        ("R: R: I: Quarterly plan", "quarterly plan"),
        ("回复：Quarterly plan", "quarterly plan"),
        ("Quarterly plan (fwd)", "quarterly plan"),
        ("Re: ", ""),
        (None, ""),
        ("Regarding the plan", "regarding the plan"),
        ("Free: 2 tickets", "free: 2 tickets"),
    ],
)
def test_subject_normalisation(subject: str | None, expected: str) -> None:
    assert normalize_subject(subject) == expected


def test_subject_with_encoded_words_is_decoded_and_normalised() -> None:
    raw = message("From: a@example.com", "Subject: =?utf-8?q?Re=3A_=5Bcrm=5D_Gr=C3=BC=C3=9Fe?= =?utf-8?b?w6Q=?=")

    parsed = parse(raw)

    assert parsed.subject == "Re: [crm] Grüßeä"
    assert parsed.normalized_subject == "grüßeä"


def test_addresses_are_lower_cased_decoded_and_deduplicated() -> None:
    raw = message(
        'From: "Lovelace, Ada" <Ada+CRM@Example.COM>',
        "To: =?utf-8?q?J=C3=B6rg?= <jorg@example.com>, bob@example.com, BOB@example.com",
        "Cc: undisclosed-recipients:;",
        "Reply-To: team@xn--bcher-kva.example",
    )

    parsed = parse(raw)

    assert parsed.sender is not None
    assert (parsed.sender.address, parsed.sender.name) == ("ada+crm@example.com", "Lovelace, Ada")
    assert [(a.address, a.name) for a in parsed.to] == [("jorg@example.com", "Jörg"), ("bob@example.com", None)]
    assert parsed.cc == ()
    assert [a.address for a in parsed.reply_to] == ["team@bücher.example"]


def test_a_from_header_that_crashes_policy_default_is_read_the_compat32_way() -> None:
    parsed = parse(corpus("apache-james__JAMES-1593.eml"))

    assert parsed.sender is not None
    assert parsed.sender.address == "c@yahoo.com"
    assert any("from header" in warning for warning in parsed.warnings)


def test_a_pathological_to_header_does_not_lose_the_message() -> None:
    parsed = parse(corpus("mimekit__stack-overflow.eml"))  # 135 KB of encoded-words in To:

    assert parsed.sender is not None
    assert parsed.sender.address == "test@test.com"
    assert parsed.subject == "Message Subject"
    assert parsed.text == "Message Body"


def test_dates_become_utc_and_garbage_becomes_none() -> None:
    def sent_at(value: str) -> datetime | None:
        return parse(message("From: a@example.com", f"Date: {value}")).sent_at

    assert sent_at("Tue, 07 May 2013 23:11:57 +0200") == datetime(2013, 5, 7, 21, 11, 57, tzinfo=UTC)
    assert sent_at("Tue, 07 May 2013 23:11:57 -0000") == datetime(2013, 5, 7, 23, 11, 57, tzinfo=UTC)
    assert sent_at("Tue, 17 Jul 2012 22:23:35.882 0000") == datetime(2012, 7, 17, 22, 23, 35, tzinfo=UTC)
    assert sent_at("<HR>") is None
    assert sent_at("Mon, 30 Jun 3609 15:33:50 +0600") is None


# --- Charsets -----------------------------------------------------------------------------------


def test_iso_2022_jp_subject_and_body() -> None:
    parsed = parse(corpus("ruby-mail__japanese_iso_2022.eml"))

    assert parsed.subject == "まみむめも"
    assert parsed.text is not None
    assert "すみません。" in parsed.text


def test_iso_2022_jp_with_windows_extensions_that_python_codecs_refuse() -> None:
    parsed = parse(corpus("php-mime-mail-parser__issue116.eml"))

    assert parsed.subject == "ЖД№41 от 28.09.2016"


def test_korean_ks_c_5601_body() -> None:
    parsed = parse(corpus("ruby-mail__ks_c_5601-1987.eml"))

    assert parsed.text is not None
    assert "스티해" in parsed.text


def test_a_misspelled_charset_name_still_decodes() -> None:
    parsed = parse(corpus("django-mailbox__message_with_invalid_encoding.eml"))  # charset "_iso-2022-jp$ESC"

    assert parsed.text is not None
    assert parsed.text.startswith("We offer loans to private individuals")


def test_cp1251_body_and_a_hebrew_iso_8859_8_i_subject() -> None:
    assert parse(corpus("django-mailbox__message_with_single_byte_encoding.eml")).text == (
        "Это сообщение имеет неправильную кодировка."
    )
    assert parse(corpus("php-mime-mail-parser__issue149.eml")).subject == "מענה 'אני לא נמצא': Invoice 02722027"


def test_utf8_declared_as_gb2312_is_read_as_utf8() -> None:
    parsed = parse(corpus("spamscope-mailparser__mail_test_12.eml"))

    assert parsed.subject == "代开各地增值税发票"
    assert parsed.text is not None
    assert parsed.text.startswith("你好！")


def test_unknown_charset_falls_back_without_losing_ascii_text() -> None:
    raw = message("From: a@example.com", body="caf\xe9 ok", content_type="text/plain; charset=x-unknown")
    raw = raw.replace("caf\xe9".encode(), b"caf\xe9")

    assert parse(raw).text == "café ok"


def test_a_raw_8bit_subject_with_no_charset_anywhere_is_guessed() -> None:
    parsed = parse(corpus("django-mailbox__message_with_single_byte_extended_subject_encoding.eml"))

    assert parsed.subject == "Узнай как зарабатывать от 1000$ в неделю!"


@pytest.mark.parametrize(
    ("text", "charset"),
    [
        ("Здравствуйте, Анна!\r\n\r\nРуководство утвердило бюджет на следующий квартал.", "koi8-r"),
        ("Здравствуйте, Анна!\r\n\r\nВозможна ли скидка при заключении договора на два года?", "windows-1251"),
        ("黄敏您好：\r\n\r\n附件是发票，请查收，付款期限为三十天。法务部门将在周五前审核合同。", "gb2312"),
        ("お問い合わせいただきありがとうございます。担当者より折り返しご連絡いたします。", "shift_jis"),
        # The detector alone reads these two as Central European (dčs, ŕ bientôt): on a tie, Western wins.
        ("Je reviens vers vous dès que j'ai un retour de la direction financière.", "windows-1252"),
        ("Pourriez-vous décaler le point de suivi à mardi prochain ? Merci, à bientôt", "iso-8859-1"),
        ("Grüße aus München", "windows-1252"),
    ],
    ids=["koi8-r", "windows-1251", "gb2312", "shift_jis", "windows-1252-fr", "iso-8859-1-fr", "windows-1252-de"],
)
def test_an_unlabelled_legacy_body_is_guessed(text: str, charset: str) -> None:
    raw = b"From: a@example.com\r\nContent-Type: text/plain\r\n\r\n" + text.encode(charset)

    assert parse(raw).text == text.replace("\r\n", "\n")


# --- Attachments and structure ------------------------------------------------------------------


def test_non_ascii_attachment_filenames() -> None:
    arabic = parse(corpus("apache-james__messageWithNonASCIIFilenameAttachment.eml")).attachments
    rfc2231 = parse(corpus("ruby-mail__japanese_attachment_long_name.eml")).attachments
    raw_8bit = parse(corpus("enmime__mime-bad-8bit-filename.eml")).attachments

    assert [a.filename for a in arabic] == ["ديناصور.odt"]
    assert arabic[0].content_type == "application/vnd.oasis.opendocument.text"
    assert arabic[0].content.startswith(b"PK")
    assert [a.filename for a in rfc2231] == ["かきくけこかきくけこかきくけこかきくけこかきくけこ.txt"]
    assert rfc2231[0].content == b"this is the data\r\n"
    assert [a.filename for a in raw_8bit] == ["管理.doc"]


def test_a_forwarded_message_is_an_attachment_not_our_body() -> None:
    parsed = parse(corpus("ruby-mail__attachment_message_rfc822.eml"))

    assert parsed.text == "This is the first part."
    [forwarded] = parsed.attachments
    assert forwarded.content_type == "message/rfc822"
    assert forwarded.filename.endswith(".eml")
    inner = parse(forwarded.content)
    assert inner.sender is not None
    assert inner.text is not None
    assert inner.text not in (parsed.text or "")


def test_a_base64_encoded_forwarded_message_is_decoded() -> None:
    parsed = parse(corpus("mime4j__base64encoded-rfc822message-nested.eml"))

    [forwarded] = parsed.attachments
    assert forwarded.content_type == "message/rfc822"
    assert forwarded.content.startswith(b"MIME-Version: 1.0")


def test_pgp_signed_message_keeps_the_text_and_the_signature_as_attachment() -> None:
    parsed = parse(corpus("mimekit___Announce_GnuPG_2.1.20_released.eml"))

    assert parsed.text is not None
    assert "The GnuPG team is pleased to announce" in parsed.text
    [signature] = parsed.attachments
    assert (signature.filename, signature.content_type) == ("signature.asc", "application/pgp-signature")
    assert signature.content.startswith(b"-----BEGIN PGP SIGNATURE-----")


def test_pgp_encrypted_message_has_no_text_and_keeps_the_encrypted_part() -> None:
    raw = message(
        "From: a@example.com",
        "Subject: secret",
        content_type='multipart/encrypted; protocol="application/pgp-encrypted"; boundary="b"',
        body=(
            "--b\r\nContent-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n"
            '--b\r\nContent-Type: application/octet-stream; name="encrypted.asc"\r\n\r\n'
            "-----BEGIN PGP MESSAGE-----\r\nhQEMA\r\n-----END PGP MESSAGE-----\r\n--b--\r\n"
        ),
    )

    parsed = parse(raw)

    assert parsed.text is None
    assert parsed.html is None
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [
        ("pgp-version.txt", "application/pgp-encrypted"),
        ("encrypted.asc", "application/octet-stream"),
    ]


def test_smime_encrypted_message_has_no_text_and_keeps_the_envelope() -> None:
    parsed = parse(corpus("apache-james__crypted.eml"))

    assert parsed.text is None
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [("smime.p7m", "application/pkcs7-mime")]


def test_calendar_invite_is_an_attachment() -> None:
    parsed = parse(corpus("php-mime-mail-parser__m0020.eml"))

    [invite] = parsed.attachments
    assert (invite.filename, invite.content_type) == ("invite.ics", "text/calendar")
    assert invite.content.startswith(b"BEGIN:VCALENDAR")


def test_google_calendar_invite_keeps_its_text_and_the_ics() -> None:
    parsed = parse(corpus("postal-mime__calendar-event.eml"))

    assert parsed.text is not None
    assert parsed.text.startswith("Test event ⏰")
    assert "text/calendar" in {a.content_type for a in parsed.attachments}
    assert all(a.content.startswith(b"BEGIN:VCALENDAR") for a in parsed.attachments)


def test_tnef_winmail_dat_is_an_attachment() -> None:
    parsed = parse(corpus("mimekit__rich-text.eml"))

    [winmail] = parsed.attachments
    assert (winmail.filename, winmail.content_type) == ("winmail.dat", "application/ms-tnef")
    assert winmail.content.startswith(b"\x78\x9f\x3e\x22")  # the TNEF signature


def test_inline_image_keeps_its_content_id() -> None:
    parsed = parse(corpus("enmime__html-only-inline.eml"))

    [image] = parsed.attachments
    assert image.inline
    assert image.content_id == "8B8481A2-25CA-4886-9B5A-8EB9115DD064@skynet"
    assert parsed.html is not None
    assert 'src="cid:8B8481A2-25CA-4886-9B5A-8EB9115DD064@skynet"' in parsed.html
    assert parsed.text == "Test of HTML section"


def test_multipart_alternative_prefers_text_plain() -> None:
    raw = message(
        "From: a@example.com",
        content_type='multipart/alternative; boundary="b"',
        body=(
            "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlain words\r\n"
            "--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Rich <b>words</b></p>\r\n--b--\r\n"
        ),
    )

    parsed = parse(raw)

    assert parsed.text == "Plain words"
    assert parsed.html == "<p>Rich <b>words</b></p>"


# --- HTML ---------------------------------------------------------------------------------------


def test_html_is_sanitised() -> None:
    html = (
        '<html><head><title>T</title><style>p{color:red}</style><script>alert("head")</script></head><body>'
        '<p onclick="steal()">Hi <b>there</b><script>alert("x")</script></p>'
        '<img src="https://cdn.example.com/logo.png" onerror="alert(1)">'
        '<img src="http://tracker.example.com/pixel.gif">'
        '<img src="cid:logo@example.com">'
        '<a href="javascript:alert(1)">bad</a> <a href="https://example.com/x">good</a>'
        '<div style="color: red; background-image: url(https://t.example/p.gif); position: fixed">styled</div>'
        '<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input></form>'
        "</body></html>"
    )
    raw = message("From: a@example.com", body=html, content_type="text/html; charset=utf-8")

    parsed = parse(raw)

    assert parsed.html is not None
    lowered = parsed.html.lower()
    for forbidden in ("<script", "alert", "onerror", "onclick", "javascript:", "tracker.example", "<iframe", "<form"):
        assert forbidden not in lowered, forbidden
    assert "url(" not in lowered
    assert "position" not in lowered
    assert '<img src="https://cdn.example.com/logo.png">' in parsed.html
    assert '<img src="cid:logo@example.com">' in parsed.html
    assert '<a href="https://example.com/x" rel="noopener noreferrer">good</a>' in parsed.html
    assert 'style="color:red"' in parsed.html.replace(" ", "")
    assert parsed.text == "Hi there\n\nbad good\nstyled"


def test_html_only_mail_gets_a_readable_text_rendering() -> None:
    html = (
        "<div>Dear Ada,</div><p>The <b>contract</b> is&nbsp;ready.</p>"
        "<ul><li>Price: 10 &euro;</li><li>Start: Monday</li></ul>Thanks<br>Bob"
    )
    raw = message("From: a@example.com", body=html, content_type="text/html; charset=utf-8")

    parsed = parse(raw)

    assert parsed.text == "Dear Ada,\n\nThe contract is ready.\n\n- Price: 10 €\n- Start: Monday\nThanks\nBob"
    assert parsed.snippet == "Dear Ada, The contract is ready. - Price: 10 € - Start: Monday Thanks Bob"


# --- Snippet ------------------------------------------------------------------------------------


def snippet_of(body: str) -> str:
    return parse(message("From: a@example.com", body=body)).snippet


def test_snippet_strips_a_gmail_quote_spread_over_two_lines() -> None:
    body = (
        "Sounds good, see you then.\r\n\r\n"
        "On Mon, Apr 2, 2012 at 4:21 PM, Megan One <\r\nxxx@gmail.com> wrote:\r\n\r\n"
        "> Shall we meet on Tuesday?\r\n"
    )

    assert snippet_of(body) == "Sounds good, see you then."


def test_snippet_strips_quoted_lines_and_the_signature() -> None:
    body = (
        "Yes.\r\n> Do you agree?\r\n> -- \r\nAlso: the price is fine.\r\n\r\n-- \r\nAda Lovelace\r\nAnalytical Engines"
    )

    assert snippet_of(body) == "Yes. Also: the price is fine."


def test_snippet_strips_outlook_original_message_blocks() -> None:
    original = "Approved.\r\n\r\n-----Original Message-----\r\nFrom: Bob\r\nSent: Monday\r\nSubject: Budget\r\n\r\nOld"
    header_block = (
        "Approved too.\r\n\r\n________________________________\r\n"
        "From: Bob Smith <bob@example.com>\r\nSent: Monday, April 2, 2012 4:21 PM\r\n"
        "To: Ada\r\nSubject: Budget\r\n\r\nThe old text"
    )

    assert snippet_of(original) == "Approved."
    assert snippet_of(header_block) == "Approved too."


def test_snippet_strips_localised_quote_headers_and_sent_from_lines() -> None:
    german = "Passt.\r\n\r\nAm 02.04.2012 um 16:21 schrieb Bob <bob@example.com>:\r\n> Alt"
    french = "D'accord.\r\nSent from my iPhone\r\n\r\nLe 2 avr. 2012 à 16:21, Bob a écrit :\r\n> Ancien"

    assert snippet_of(german) == "Passt."
    assert snippet_of(french) == "D'accord."


def test_snippet_of_a_bottom_posted_reply_keeps_the_new_text() -> None:
    body = "On Monday, Bob wrote:\r\n> Shall we?\r\n\r\nYes, let us."

    assert snippet_of(body) == "Yes, let us."


def test_snippet_is_about_200_characters_cut_at_a_word() -> None:
    snippet = snippet_of("word " * 100)

    assert 150 < len(snippet) <= 200
    assert snippet.endswith("word")


def test_corpus_replies_from_six_mail_clients_have_only_the_new_text_as_snippet() -> None:
    for client in ("android", "apple_mail_2", "gmail", "hotmail", "outlook", "yahoo"):
        assert parse(corpus(f"talon__{client}.eml")).snippet == "Hello", client


# --- What cannot be stored ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty message"),
        (b"\r\n\r\n  \r\n", "empty message"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "no headers"),
        (b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", "no headers"),
        (b"Host: example.com\r\nAccept: */*\r\n\r\nhello", "not an email"),
        (b"Subject: nothing\r\nContent-Type: text/plain\r\n\r\n", "no sender and no body"),
    ],
)
def test_input_that_is_not_a_usable_email_is_quarantined_with_a_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(ParseError) as raised:
        parse(raw)

    assert raised.value.reason.startswith(reason)


def test_size_limit_is_checked_before_parsing() -> None:
    raw = message("From: a@example.com", body="x" * 2000)

    with pytest.raises(ParseError, match="exceeds size limit"):
        parse(raw, max_bytes=1000)
    assert parse(raw, max_bytes=DEFAULT_MAX_BYTES).text == "x" * 2000


def test_a_message_without_from_but_with_a_body_is_kept() -> None:
    parsed = parse(b"To: b@example.com\r\nSubject: hi\r\n\r\nbody text")

    assert parsed.sender is None
    assert parsed.text == "body text"


def test_broken_header_folding_and_obsolete_syntax_are_repaired() -> None:
    broken_fold = parse(corpus("mimekit__issue358.eml"))  # a fold without its leading space
    obsolete = parse(b"\xef\xbb\xbf\r\nSubject : spaced\r\nFrom : a@example.com\r\n\r\nbody")

    assert broken_fold.text == "Test headers"
    assert broken_fold.sender is not None
    assert broken_fold.sender.address == "jang.abcdef@xyzlinux12345678.it"
    assert (obsolete.subject, obsolete.text) == ("spaced", "body")
    assert obsolete.sender is not None
    assert obsolete.sender.address == "a@example.com"


def test_automated_mail_and_list_ids_are_recognised() -> None:
    bounce = parse(corpus("sisimai__lhost-postfix-01.eml"))
    auto_reply = parse(corpus("sisimai__rfc3834-01.eml"))
    person = parse(corpus("talon__gmail.eml"))
    list_post = parse(corpus("apache-james__frnog.eml"))

    assert bounce.is_automated
    assert auto_reply.is_automated
    assert not person.is_automated
    assert list_post.list_id == "frnog.frnog.org"


# --- Isolation ----------------------------------------------------------------------------------


async def test_a_stuck_message_times_out_and_the_next_one_still_parses() -> None:
    stuck = message("From: a@example.com", SLOW_MARKER.decode())
    fine = message("From: b@example.com", body="still here")

    async with Parser(workers=1, timeout=2.0, parse_function=misbehaving_parse) as parser:
        outcomes = await parser.parse_many([fine, stuck, fine])
        after = await parser.parse(fine)

    assert isinstance(outcomes[0], ParsedEmail)
    assert outcomes[0].text == "still here"
    assert isinstance(outcomes[1], ParseError)
    assert outcomes[1].reason == "timed out after 2 s"
    assert isinstance(outcomes[2], ParsedEmail)
    assert outcomes[2].text == "still here"
    assert after.text == "still here"


async def test_a_message_that_kills_its_worker_is_quarantined_and_the_pool_goes_on() -> None:
    deadly = message("From: a@example.com", CRASH_MARKER.decode())
    fine = message("From: b@example.com", body="still here")

    async with Parser(workers=2, timeout=5.0, parse_function=misbehaving_parse) as parser:
        outcomes = await parser.parse_many([deadly, fine, fine, fine])
        with pytest.raises(ParseError, match="parser process died"):
            await parser.parse(deadly)
        after = await parser.parse(fine)

    assert isinstance(outcomes[0], ParseError)
    assert outcomes[0].reason == "parser process died on this message"
    assert all(isinstance(o, ParsedEmail) and o.text == "still here" for o in outcomes[1:])
    assert after.text == "still here"


async def test_the_pool_refuses_oversized_messages_without_sending_them() -> None:
    async with Parser(workers=1, max_bytes=100) as parser:
        outcomes = await parser.parse_many([b"x" * 101, message("From: a@example.com")])

    assert isinstance(outcomes[0], ParseError)
    assert outcomes[0].reason.startswith("message exceeds size limit")
    assert isinstance(outcomes[1], ParsedEmail)
