"""Bytes and header words to text, whatever the mail claims its charset is."""

from __future__ import annotations

import binascii
import codecs
import contextlib
import re
from typing import Final

from charset_normalizer import from_bytes

LINE_BREAK = re.compile(r"\r\n|\r|\n")
SURROGATE = re.compile("[\udc80-\udcff]")
_ANY_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_NON_BASE64 = re.compile(rb"[^A-Za-z0-9+/]")


def clean(value: str) -> str:
    """Safe to store: no NUL or control characters, no lone surrogates."""
    value = _CONTROL.sub("", value)
    if _ANY_SURROGATE.search(value):
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def one_line(value: str) -> str:
    return " ".join(clean(value.replace("\t", " ").replace("\r", " ").replace("\n", " ")).split())


def short_reason(reason: str, limit: int = 300) -> str:
    reason = " ".join(clean(reason).split())
    return reason if len(reason) <= limit else reason[: limit - 1] + "…"


def header_text(value: str, charset_hint: str | None) -> str:
    """Unfolded, with raw 8-bit bytes decoded (UTF-8, else the body's charset, else cp1252)."""
    value = LINE_BREAK.sub("", value)
    if "\x1b" in value and value.isascii():  # raw ISO-2022-JP in a header, never encoded
        return decode_bytes(value.encode("ascii"), "iso-2022-jp")
    if not SURROGATE.search(value):
        return value
    return decode_bytes(value.encode("utf-8", "surrogateescape"), charset_hint)


def decode_words(value: str) -> str:
    """RFC 2047 encoded-words, leniently: any charset we can name, whitespace between words dropped,
    adjacent words in one charset joined before decoding (a character may be split across them)."""
    out: list[str] = []
    pending: list[tuple[str, bytes]] = []

    def flush() -> None:
        out.extend(decode_bytes(data, charset) for charset, data in pending)
        pending.clear()

    position = 0
    for match in _ENCODED_WORD.finditer(value):
        between = value[position : match.start()]
        if not pending or between.strip():
            flush()
            out.append(between)
        charset = match.group(1).split("*", 1)[0].lower()
        payload = match.group(3).encode("ascii", "replace")
        data = b64decode(payload) if match.group(2) in "bB" else binascii.a2b_qp(payload, header=True)
        if pending and pending[-1][0] == charset:
            pending[-1] = (charset, pending[-1][1] + data)
        else:
            pending.append((charset, data))
        position = match.end()
    flush()
    out.append(value[position:])
    return "".join(out)


_CHARSET_ALIASES: Final = {
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "ksc5601": "cp949",
    "euc-kr": "cp949",
    "x-mac-cyrillic": "mac_cyrillic",
    "iso-8859-8-i": "iso-8859-8",
    "iso-8859-8-e": "iso-8859-8",
    "iso-8859-6-i": "iso-8859-6",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cn-gb": "gb18030",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "x-sjis": "cp932",
    "sjis": "cp932",
    "windows-31j": "cp932",
    "iso-2022-jp": "iso2022_jp_ext",
    "unicode-1-1-utf-7": "utf-7",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "tis-620": "cp874",
    "windows-874": "cp874",
    "utf8": "utf-8",
}
_UNKNOWN_CHARSETS: Final = frozenset({"x-unknown", "unknown-8bit", "unknown", "x-user-defined", "default", "none"})
_UNSAFE_CODECS: Final = frozenset({"idna", "punycode", "unicode_escape", "raw_unicode_escape", "undefined", "mbcs"})
_CHARSET_TOKEN = re.compile(r"[a-z][a-z0-9_.:-]*[a-z0-9]")


def codec_for(charset: str | None) -> str | None:
    """A Python codec for a MIME charset name, or None when the name means nothing we can use."""
    if not charset:
        return None
    name = charset.strip().strip("\"'").split("*", 1)[0].strip().lower()
    for candidate in (name, *_CHARSET_TOKEN.findall(name)[:1]):
        if candidate in _UNKNOWN_CHARSETS:
            return None
        candidate = _CHARSET_ALIASES.get(candidate, candidate)
        try:
            info = codecs.lookup(candidate)
        except (LookupError, ValueError):
            continue
        if info.name in _UNSAFE_CODECS or not getattr(info, "_is_text_encoding", True):
            return None
        return info.name
    return None


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Valid UTF-8 first (mail declared as a legacy charset is often UTF-8; the reverse is almost
    never valid UTF-8), then the declared charset, then mostly-valid UTF-8, then the declared
    charset with replacement characters; with no usable charset, a guess (`guess_text`)."""
    codec = codec_for(charset)
    if codec is not None and codec.startswith(("utf_16", "utf_32")):
        return data.decode(codec, "replace")
    if data.isascii():
        if codec is not None and codec.startswith("utf_7"):
            with contextlib.suppress(UnicodeError):
                return data.decode(codec)
        if b"\x1b" in data:  # ISO-2022, declared or not
            escaped = codec if codec is not None and codec.startswith("iso2022") else "iso2022_jp_ext"
            try:
                return data.decode(escaped)
            except UnicodeError:
                if escaped.startswith("iso2022_jp"):
                    return _iso2022jp_via_cp932(data)
        return data.decode("ascii")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = codec if codec not in ("ascii", "utf_8") else None
    if declared is not None:
        try:
            return data.decode(declared)
        except (UnicodeError, LookupError):
            pass
    lenient = data.decode("utf-8", "replace")
    replaced = lenient.count("\ufffd")
    if replaced * 4 <= sum(1 for c in lenient if ord(c) > 0x7F) - replaced:
        return lenient
    if declared is not None:
        return data.decode(declared, "replace")
    return guess_text(data)


# What a guess may answer, most likely first: the charsets unlabelled mail is written in (supersets
# where one exists: cp1252 for ISO-8859-1, gb18030 for GB2312/GBK, cp932 for Shift_JIS, cp949 for
# EUC-KR). charset-normalizer's own list has EBCDIC, UTF-16, DOS and Mac code pages, which win on
# short inputs by accident.
_GUESSES: Final = (
    "cp1252",
    "gb18030",
    "koi8_r",
    "cp1251",
    "cp932",
    "euc_jp",
    "cp949",
    "big5",
    "cp1250",
    "cp1257",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp874",
)
_PREFERENCE: Final = {name: rank for rank, name in enumerate(_GUESSES)}
# Guesses whose mess ratios are this close are a tie, which the order above settles: the detector
# breaks ties by the order it tried the code pages in (cp1250 before cp1252, cp949 before gb18030).
_CLOSE = 0.05
# Fewer bytes above 0x7F than this say too little to guess from: a name with one accent is cp1252.
_MIN_EVIDENCE = 4
_ASCII_BYTES = bytes(range(0x80))


def guess_text(data: bytes) -> str:
    """Bytes with no usable charset that are not UTF-8: the most likely of the readings that
    charset-normalizer finds least messy, else (too few 8-bit bytes, no reading) Windows-1252."""
    if len(data.translate(None, _ASCII_BYTES)) >= _MIN_EVIDENCE:
        matches = list(from_bytes(data, cp_isolation=list(_GUESSES), preemptive_behaviour=False))
        if matches:
            least = min(match.chaos for match in matches)
            _, text = min(
                (min(_PREFERENCE.get(name, len(_GUESSES)) for name in match.could_be_from_charset), str(match))
                for match in matches
                if match.chaos <= least + _CLOSE
            )
            return text
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _iso2022jp_via_cp932(data: bytes) -> str:
    """ISO-2022-JP as Windows writes it (CP50220/1: NEC and IBM extensions such as ①, №, ㈱),
    which Python's codecs refuse: each JIS X 0208 pair is rewritten to Shift_JIS for cp932."""
    out = bytearray()
    double_byte = False
    index = 0
    while index < len(data):
        if data[index] == 0x1B and index + 2 < len(data):
            double_byte = data[index + 1 : index + 3] in (b"$B", b"$@")
            index += 3
            continue
        byte = data[index]
        if double_byte and 0x21 <= byte <= 0x7E and index + 1 < len(data):
            second = data[index + 1]
            lead = (byte + 1) // 2 + (0x70 if byte <= 0x5E else 0xB0)
            trail = second + (0x1F + (second >= 0x60) if byte % 2 else 0x7E)
            out += bytes((lead, trail))
            index += 2
            continue
        out.append(byte)
        index += 1
    return out.decode("cp932", "replace")


def b64decode(data: bytes) -> bytes:
    """Lenient base64: stray characters skipped, missing or extra padding forgiven."""
    with contextlib.suppress(binascii.Error):
        return binascii.a2b_base64(data)  # skips characters outside the alphabet; fails on padding only
    cleaned = _NON_BASE64.sub(b"", data)
    remainder = len(cleaned) % 4
    if remainder == 1:
        cleaned = cleaned[:-1]
    elif remainder:
        cleaned += b"=" * (4 - remainder)
    try:
        return binascii.a2b_base64(cleaned)
    except binascii.Error:
        return b""


def transfer_decode(data: bytes, encoding: str) -> bytes:
    if encoding == "base64":
        return b64decode(data)
    if encoding == "quoted-printable":
        return binascii.a2b_qp(data)
    return data
