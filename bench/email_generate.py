"""Generates the email throughput corpus: realistic raw RFC 5322 messages, written once, sent later.

A few hundred companies with domains and people (most in the CRM as companies, contacts and open
deals, the others unknown), and threads of 1–8 messages between them and the workspace's own team:
proper Message-ID / In-Reply-To / References, replies quoting the previous message ("On … wrote:"
and "> " lines), 1–6 recipients in To/Cc, display names in seven languages as RFC 2047
encoded-words, bodies in utf-8, iso-8859-1, windows-1252, iso-2022-jp, koi8-r, gb2312 (and a few
windows-1251, shift_jis, gbk), quoted-printable / base64 / 8bit, multipart/alternative with HTML,
~15 % with attachments (PDF-like bytes, images, office files; 10–300 KB, log-uniform), a few
messages without Message-ID, a few quirky ones the parser must repair, a few duplicates (the same
message again, later; byte-identical or with other transport headers) and a few malformed ones.
Every message carries what should become of it (stored / duplicate / quarantined).

Output, in --out (default /tmp/rapport-bench-email-corpus):
  messages.bin   the raw messages back to back (the runner maps it, so sending costs no generation)
  index.jsonl    one line per message: offset, size, expected outcome, kind, thread subject, Message-ID…
  crm.json       the companies, contacts and open deals the runner creates in the workspace first
  manifest.json  settings and the corpus's statistics

Deterministic: the same --seed, --messages and --anchor give the same bytes.

    cd server && uv run python ../bench/email_generate.py [--messages 60000] [--check 2000] [--eml 20]
"""

from __future__ import annotations

import argparse
import base64
import binascii
import datetime as dt
import html
import json
import math
import random
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from email_words import (
    ATTACHMENT_NAMES,
    ATTRIBUTIONS,
    CHARSETS,
    CLOSINGS,
    ENGLISH_ACCENTED_FIRST,
    FORWARD_PREFIX,
    GREETINGS,
    LANGUAGE_WEIGHTS,
    MAILERS,
    NAMES,
    REPLY_PREFIX,
    SENTENCES,
    SUBJECTS,
    TITLES,
    ZONES,
)
from words import (
    COMPANY_SUFFIXES,
    COMPANY_WORDS_A,
    COMPANY_WORDS_B,
    FIRST_NAMES,
    INDUSTRIES,
    LAST_NAMES,
    PRODUCTS,
    TLDS,
)

DEFAULT_OUT = "/tmp/rapport-bench-email-corpus"  # noqa: S108 - 1.4 GB of generated data: not in the repository
US_DOMAIN = "rapport-bench.example"  # the workspace's own domain: its owner signs up with an address there
US_COMPANY = "Rapport Bench"
PUBLIC_DOMAINS = ["gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com", "gmx.de", "mail.ru", "qq.com"]
THREAD_LENGTHS = ([1, 2, 3, 4, 5, 6, 7, 8], [30, 22, 16, 11, 8, 6, 4, 3])
# Threads of one message, as a share of all messages: a Message-ID-less message stands alone.
SINGLE_MESSAGE_SHARE = THREAD_LENGTHS[1][0] / sum(n * w for n, w in zip(*THREAD_LENGTHS, strict=True))
RECIPIENTS = ([1, 2, 3, 4, 5, 6], [38, 25, 16, 10, 7, 4])
ATTACHMENT_KINDS = (["pdf", "png", "jpeg", "xlsx", "docx"], [45, 20, 15, 10, 10])
MIME_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXTENSIONS = {"pdf": "pdf", "png": "png", "jpeg": "jpg", "xlsx": "xlsx", "docx": "docx"}
TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "€": "EUR"})
CRLF = b"\r\n"


# ---------------------------------------------------------------- people and companies


@dataclass
class Person:
    first: str
    last: str
    address: str
    language: str
    company: int | None  # index in Corpus.companies; None for the workspace's own team
    title: str

    @property
    def name(self) -> str:
        return f"{self.last} {self.first}" if self.language in ("ja", "zh") else f"{self.first} {self.last}"


@dataclass
class Company:
    name: str
    domain: str
    language: str
    industry: str
    in_crm: bool
    deals: list[str]
    people: list[Person] = field(default_factory=list)


def fold_ascii(text: str) -> str:
    table = str.maketrans("äöüßàâçéèêëîïôûùüÿñáíóúÁÉÍÓÚÑ", "aousaaceeeeiiouuuynaiouAEIOUN")
    return re.sub(r"[^a-z0-9]", "", text.translate(table).lower())


def make_people(rng: random.Random, count: int, language: str, domain: str, company: int | None) -> list[Person]:
    people, locals_seen = [], set()
    pattern = rng.choice(["{f}.{l}", "{f}", "{fi}{l}", "{f}{li}", "{l}.{f}"])
    while len(people) < count:
        if language == "en":
            if rng.random() < 0.1:
                first, first_ascii = rng.choice(ENGLISH_ACCENTED_FIRST)
            else:
                first = first_ascii = rng.choice(FIRST_NAMES)
            last = last_ascii = rng.choice(LAST_NAMES)
        else:
            firsts, lasts = NAMES[language]
            first, first_ascii = rng.choice(firsts)
            last, last_ascii = rng.choice(lasts)
        f, l_ = fold_ascii(first_ascii), fold_ascii(last_ascii)
        local = pattern.format(f=f, l=l_, fi=f[:1], li=l_[:1])
        if local in locals_seen:
            local = f"{local}{len(people) + 1}"
        locals_seen.add(local)
        people.append(Person(first, last, f"{local}@{domain}", language, company, rng.choice(TITLES)))
    return people


def make_companies(rng: random.Random, count: int, crm_share: float, deal_share: float) -> list[Company]:
    companies, domains = [], {US_DOMAIN}
    languages, weights = zip(*LANGUAGE_WEIGHTS.items(), strict=True)
    for index in range(count):
        base = f"{rng.choice(COMPANY_WORDS_A)} {rng.choice(COMPANY_WORDS_B)}"
        language = rng.choices(languages, weights)[0]
        tld = {"de": "de", "fr": "fr", "es": "es", "ru": "ru", "ja": "co.jp", "zh": "cn"}.get(language) or rng.choice(
            TLDS
        )
        domain = f"{fold_ascii(base)}.{tld}"
        n = 2
        while domain in domains:
            domain = f"{fold_ascii(base)}{n}.{tld}"
            n += 1
        domains.add(domain)
        in_crm = rng.random() < crm_share
        deals = []
        if in_crm and rng.random() < deal_share:
            deals = [f"{base} — {p}" for p in rng.sample(PRODUCTS, rng.choice([1, 1, 1, 2]))]
        company = Company(
            f"{base} {rng.choice(COMPANY_SUFFIXES)}".strip(), domain, language, rng.choice(INDUSTRIES), in_crm, deals
        )
        size = max(2, min(9, int(math.exp(rng.gauss(1.2, 0.5)))))
        company.people = make_people(rng, size, language, domain, index)
        companies.append(company)
    return companies


# ---------------------------------------------------------------- MIME building blocks


def choose_charset(rng: random.Random, language: str) -> str:
    charsets, weights = zip(*CHARSETS[language], strict=True)
    return str(rng.choices(charsets, weights)[0])


def encodable(text: str, charset: str, *, plain_typography: bool = True) -> tuple[str, str]:
    """The text and a charset that can carry it: the chosen one (after plain typography, as a mail
    client would write it, unless the text must stay as it is), else UTF-8."""
    for candidate in (text, text.translate(TYPOGRAPHY)) if plain_typography else (text,):
        try:
            candidate.encode(charset)
            return candidate, charset
        except UnicodeEncodeError:
            continue
    return text, "utf-8"


def encoded_words(text: str, charset: str, q: bool) -> list[str]:
    """RFC 2047 encoded-words of at most 75 characters, split between characters (never inside one)."""
    words, chunk = [], ""
    prefix = f"=?{charset}?{'Q' if q else 'B'}?"

    def encode(s: str) -> str:
        data = s.encode(charset)
        if q:
            body = "".join(
                "_" if b == 0x20 else chr(b) if (48 <= b <= 57 or 65 <= b <= 90 or 97 <= b <= 122) else f"={b:02X}"
                for b in data
            )
        else:
            body = base64.b64encode(data).decode()
        return f"{prefix}{body}?="

    for char in text:
        if chunk and len(encode(chunk + char)) > 75:
            words.append(encode(chunk))
            chunk = ""
        chunk += char
    if chunk:
        words.append(encode(chunk))
    return words


def header_text(rng: random.Random, text: str, charset: str, *, raw_8bit: bool = False) -> str:
    """An unstructured header value: ASCII as is, else encoded-words (B or Q), or raw UTF-8 when asked."""
    if text.isascii():
        return text
    if raw_8bit:
        return text  # written as UTF-8 bytes: wrong, common, and the parser must cope
    text, charset = encodable(text, charset, plain_typography=False)
    q = charset.startswith(("iso-8859", "windows-125")) and rng.random() < 0.7
    return " ".join(encoded_words(text, charset, q))


def mailbox(rng: random.Random, person: Person, charset: str, *, raw_8bit: bool = False) -> str:
    name = person.name
    if name.isascii():
        return f'"{name}" <{person.address}>' if rng.random() < 0.4 else f"{name} <{person.address}>"
    return f"{header_text(rng, name, charset, raw_8bit=raw_8bit)} <{person.address}>"


def fold(name: str, value: str) -> str:
    """`Name: value`, folded at spaces so that no line passes 78 characters (when it can)."""
    line, lines = f"{name}:", []
    for token in value.split(" "):
        if len(line) + 1 + len(token) > 78 and line.strip() and not line.endswith(":"):
            lines.append(line)
            line = " " + token
        else:
            line = f"{line} {token}" if line else token
    lines.append(line)
    return "\r\n".join(lines)


def transfer_encode(data: bytes, cte: str) -> bytes:
    if cte == "base64":
        return base64.encodebytes(data).replace(b"\n", CRLF)
    if cte == "quoted-printable":
        return binascii.b2a_qp(data.replace(b"\r\n", b"\n")).replace(b"\n", CRLF)
    return data.replace(b"\r\n", b"\n").replace(b"\n", CRLF)


def choose_cte(rng: random.Random, charset: str) -> str:
    if charset == "us-ascii":
        return "7bit"
    if charset == "iso-2022-jp":
        return rng.choices(["7bit", "base64"], [80, 20])[0]
    if charset in ("gb2312", "gbk", "shift_jis"):
        return rng.choices(["base64", "8bit"], [60, 40])[0]
    if charset in ("koi8-r", "windows-1251"):
        return rng.choices(["8bit", "base64", "quoted-printable"], [50, 30, 20])[0]
    if charset == "utf-8":
        return rng.choices(["quoted-printable", "base64", "8bit"], [50, 30, 20])[0]
    return rng.choices(["quoted-printable", "8bit"], [70, 30])[0]


def text_part(content_type: str, text: str, charset: str, cte: str, *, label: str | None = None) -> bytes:
    """A text part; `label` is the charset the header claims, when it is not the one used (a quirk)."""
    headers = f'Content-Type: {content_type}; charset="{label or charset}"\r\nContent-Transfer-Encoding: {cte}\r\n\r\n'
    return headers.encode() + transfer_encode(text.encode(charset), cte)


def attachment_content(rng: random.Random, kind: str, size: int) -> bytes:
    noise = rng.randbytes(size)
    if kind == "pdf":
        head = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n3 0 obj\n<< /Length "
        return (
            head + str(size).encode() + b" /Filter /FlateDecode >>\nstream\n" + noise + b"\nendstream\nendobj\n%%EOF\n"
        )
    if kind == "png":
        return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x04\x00\x00\x00\x03\x00\x08\x06\x00\x00\x00" + noise
    if kind == "jpeg":
        return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + noise + b"\xff\xd9"
    return b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + noise  # xlsx / docx are zip files


def attachment_part(rng: random.Random, filename: str, kind: str, content: bytes) -> bytes:
    if filename.isascii():
        disposition = f'attachment; filename="{filename}"'
        type_name = f'; name="{filename}"'
    elif rng.random() < 0.7:  # RFC 2231, what most clients write
        quoted = "".join(
            c if c.isalnum() and c.isascii() else "".join(f"%{b:02X}" for b in c.encode()) for c in filename
        )
        disposition = f"attachment;\r\n filename*=utf-8''{quoted}"
        type_name = ""
    else:  # an encoded-word in quotes: not what RFC 2047 allows, what Outlook and Gmail send
        word = " ".join(encoded_words(filename, "utf-8", q=False))
        disposition = f'attachment; filename="{word}"'
        type_name = f'; name="{word}"'
    headers = (
        f"Content-Type: {MIME_TYPES[kind]}{type_name}\r\nContent-Disposition: {disposition}\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
    )
    return headers.encode() + transfer_encode(content, "base64")


def multipart(subtype: str, boundary: str, parts: list[bytes]) -> bytes:
    out = [f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n\r\n'.encode()]
    if subtype == "mixed":
        out.append(b"This is a multi-part message in MIME format.\r\n\r\n")
    for part in parts:
        out += [f"--{boundary}\r\n".encode(), part, CRLF]
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out)


# ---------------------------------------------------------------- messages


@dataclass
class Message:
    """One generated message, and what the pipeline should make of it."""

    when: dt.datetime
    raw: bytes
    expect: str  # stored / duplicate / quarantined
    kind: str  # first / reply / forward / newsletter / no-id / quirky / duplicate / malformed
    thread: int | None = None
    thread_subject: str | None = None
    message_id: str | None = None
    sender: str | None = None
    language: str | None = None
    charset: str | None = None
    cte: str | None = None
    html: bool = False
    attachments: int = 0
    attachment_bytes: int = 0
    quirk: str | None = None
    original: int | None = None  # for duplicates: the position of the original


@dataclass
class Previous:
    text: str
    html: str
    sender: Person
    when: dt.datetime
    message_id: str
    references: list[str]
    recipients: list[Person]


class Writer:
    def __init__(self, rng: random.Random, companies: list[Company], team: list[Person], args: argparse.Namespace):
        self.rng = rng
        self.companies = companies
        self.team = team
        self.args = args
        self.counter = 0
        self.charsets = Counter[str]()

    # ---- pieces

    def message_id(self, sender: Person) -> str:
        self.counter += 1
        rng, domain = self.rng, sender.address.rpartition("@")[2]
        style = rng.random()
        if style < 0.3:
            return f"CA+{base64.b64encode(rng.randbytes(27)).decode().replace('/', '_')}@mail.gmail.com"
        if style < 0.6:
            return f"{rng.randbytes(16).hex().upper()}.{self.counter}@{domain}"
        return f"{rng.randbytes(8).hex()}-{self.counter:07d}@mail.{domain}"

    def date(self, when: dt.datetime, language: str) -> str:
        hours = self.rng.choice(ZONES[language])
        return format_datetime(when.astimezone(dt.timezone(dt.timedelta(hours=hours))))

    def paragraph(self, language: str) -> str:
        count = self.rng.choice([1, 2, 2, 3, 4])
        return " ".join(self.rng.sample(SENTENCES[language], count))

    def content(self, language: str, sender: Person, to: Person) -> tuple[list[str], str]:
        """The new part of a message (greeting, paragraphs, closing) and its signature."""
        rng = self.rng
        greeting = GREETINGS[language].format(first=to.first, last=to.last)
        paragraphs = [greeting] + [self.paragraph(language) for _ in range(rng.choice([1, 1, 2, 3]))]
        paragraphs.append(f"{CLOSINGS[language]}\n{sender.first if language not in ('ja', 'zh') else sender.name}")
        company = self.companies[sender.company].name if sender.company is not None else US_COMPANY
        signature = (
            f"{sender.name}\n{sender.title}, {company}\n+1 555 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        )
        return paragraphs, signature

    def attachments(self, language: str, company: str, when: dt.datetime) -> list[tuple[str, str, bytes]]:
        rng, out = self.rng, []
        for _ in range(1 if rng.random() < 0.8 else 2):
            kind = rng.choices(*ATTACHMENT_KINDS)[0]
            size = int(math.exp(rng.uniform(math.log(10_000), math.log(300_000))))
            extension = EXTENSIONS[kind]
            names = [n for n in ATTACHMENT_NAMES[language] if n.endswith(f".{extension}")] or [
                f"document_{{n}}.{extension}"
            ]
            name = rng.choice(names).format(
                company=company.split()[0], year=when.year, day=when.day, n=rng.randint(1, 9999)
            )
            out.append((name, kind, attachment_content(rng, kind, size)))
        return out

    # ---- one message

    def build(
        self,
        *,
        when: dt.datetime,
        language: str,
        sender: Person,
        to: list[Person],
        cc: list[Person],
        subject: str,
        previous: Previous | None,
        forward: bool = False,
        quirk: str | None = None,
        no_id: bool = False,
        newsletter: bool = False,
    ) -> tuple[Message, Previous]:
        rng = self.rng
        domain = sender.address.rpartition("@")[2]
        charset = choose_charset(rng, language)
        paragraphs, signature = self.content(language, sender, to[0])
        new_text = "\n\n".join(paragraphs) + "\n\n-- \n" + signature
        text, html_body = new_text, "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
        html_body += f'<div class="signature">{html.escape(signature).replace(chr(10), "<br>")}</div>'
        if previous is not None:
            stamp = self.date(previous.when, language if rng.random() < 0.4 else "en")
            template = ATTRIBUTIONS[language if rng.random() < 0.4 else "en"]
            if forward:
                line = "---------- Forwarded message ---------\nFrom: {name} <{address}>\nDate: {date}\n"
                text = (
                    new_text
                    + "\n\n"
                    + line.format(name=previous.sender.name, address=previous.sender.address, date=stamp)
                )
                text += "\n" + previous.text
                html_body += f"<div>---------- Forwarded message ---------</div><div>{previous.html}</div>"
            else:
                attribution = template.format(date=stamp, name=previous.sender.name, address=previous.sender.address)
                quoted = "\n".join(f"> {line}" if line else ">" for line in previous.text.split("\n"))
                text = f"{new_text}\n\n{attribution}\n{quoted}\n"
                html_body += (
                    f'<div class="gmail_quote"><div>{html.escape(attribution)}</div>'
                    f'<blockquote style="margin:0 0 0 .8ex;border-left:1px #ccc solid;padding-left:1ex">'
                    f"{previous.html}</blockquote></div>"
                )
        text, charset = encodable(text, charset)
        cte = choose_cte(rng, charset)
        if quirk == "unknown-charset":
            charset_label = rng.choice(["utf8", "x-unknown", "latin1", "unicode-1-1-utf-8"])
        else:
            charset_label = charset
        message_id = None if no_id else self.message_id(sender)
        references = [*previous.references, previous.message_id] if previous is not None and not forward else []
        raw_8bit = quirk == "raw-8bit-headers"
        header_charset = charset if rng.random() < 0.5 else "utf-8"
        headers = [
            fold(
                "Received",
                f"from mail.{domain} (mail.{domain} "
                f"[203.0.113.{rng.randint(1, 254)}]) by mx.{US_DOMAIN} with ESMTPS id {rng.randbytes(6).hex()} "
                f"for <{to[0].address}>; {self.date(when, 'en')}",
            ),
        ]
        if rng.random() < 0.5:
            body_hash = base64.b64encode(rng.randbytes(32)).decode()
            signature_b64 = base64.b64encode(rng.randbytes(256)).decode()
            folded_b = "\r\n\t".join(signature_b64[i : i + 70] for i in range(0, len(signature_b64), 70))
            headers.append(
                f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n\td={domain};"
                f" s=selector1; h=from:to:subject:date:message-id;\r\n\tbh={body_hash};\r\n\tb={folded_b}"
            )
        if quirk != "no-date":
            date_value = when.strftime("%Y-%m-%d %H:%M:%S") if quirk == "odd-date" else self.date(when, language)
            headers.append(f"Date: {date_value}")
        headers.append(f"From: {mailbox(rng, sender, header_charset, raw_8bit=raw_8bit)}")
        headers.append(fold("To", ", ".join(mailbox(rng, p, header_charset, raw_8bit=raw_8bit) for p in to)))
        if cc:
            headers.append(fold("Cc", ", ".join(mailbox(rng, p, header_charset, raw_8bit=raw_8bit) for p in cc)))
        headers.append(fold("Subject", header_text(rng, subject, header_charset, raw_8bit=raw_8bit)))
        if message_id:
            headers.append(f"Message-ID: <{message_id}>")
        if references:
            headers.append(f"In-Reply-To: <{references[-1]}>")
            headers.append(fold("References", " ".join(f"<{r}>" for r in references)))
        if newsletter:
            headers += [
                f"List-Id: News from {self.companies[sender.company].name if sender.company is not None else ''} "
                f"<news.{domain}>",
                f"List-Unsubscribe: <https://{domain}/unsubscribe?u={rng.randbytes(8).hex()}>",
                "Precedence: bulk",
            ]
        headers.append(f"X-Mailer: {rng.choice(MAILERS)}")
        if rng.random() < 0.3:
            headers.append(f"Thread-Topic: {header_text(rng, subject, 'utf-8')}")
        headers.append("MIME-Version: 1.0")
        if quirk == "lowercase-headers":
            headers = [h.split(":", 1)[0].lower() + ":" + h.split(":", 1)[1] for h in headers]

        is_html = rng.random() < 0.45 or newsletter
        document = (
            f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<style>p{{margin:0 0 1em}}</style></head><body>{html_body}"
            + (
                f'<img src="https://t.{domain}/o/{rng.randbytes(6).hex()}.gif" width="1" height="1">'
                if rng.random() < 0.2
                else ""
            )
            + ("<script>track()</script>" if rng.random() < 0.02 else "")
            + "</body></html>"
        )
        bare_lf = quirk == "bare-lf"
        plain = text_part("text/plain", text, charset, cte, label=charset_label)
        if is_html:
            document, html_charset = encodable(document, charset)
            rich = text_part("text/html", document, html_charset, choose_cte(rng, html_charset))
            body = multipart("alternative", f"=_alt_{rng.randbytes(8).hex()}", [plain, rich])
        else:
            body = plain
        files: list[tuple[str, str, bytes]] = []
        if rng.random() < self.args.attachments and not newsletter:
            company = self.companies[sender.company].name if sender.company is not None else US_COMPANY
            files = self.attachments(language, company, when)
            body = multipart(
                "mixed",
                f"=_mix_{rng.randbytes(8).hex()}",
                [body] + [attachment_part(rng, n, k, c) for n, k, c in files],
            )
        head = "\r\n".join(headers).encode("utf-8") + CRLF
        raw = head + body
        if bare_lf:
            raw = raw.replace(CRLF, b"\n")
        self.charsets[f"{language}:{charset}"] += 1
        message = Message(
            when=when,
            raw=raw,
            expect="stored",
            kind="newsletter"
            if newsletter
            else "no-id"
            if no_id
            else "forward"
            if forward
            else "reply"
            if previous
            else "first",
            message_id=message_id,
            sender=sender.address,
            language=language,
            charset=charset,
            cte=cte,
            html=is_html,
            attachments=len(files),
            attachment_bytes=sum(len(c) for _, _, c in files),
            quirk=quirk,
        )
        return message, Previous(
            text=text,
            html=html_body,
            sender=sender,
            when=when,
            message_id=message_id or "",
            references=references,
            recipients=to + cc,
        )


# ---------------------------------------------------------------- threads


def external_people(rng: random.Random, company: Company, public_share: float) -> list[Person]:
    """The people of a company, some writing from a public mailbox (a freelancer, a personal address)."""
    people = list(company.people)
    if rng.random() < public_share:
        p = rng.choice(people)
        local = fold_ascii(p.address.split("@")[0]) + str(rng.randint(1, 99))
        people.append(Person(p.first, p.last, f"{local}@{rng.choice(PUBLIC_DOMAINS)}", p.language, p.company, p.title))
    return people


def variant_address(rng: random.Random, person: Person) -> Person:
    """The same person as a plus-address or in other letter case: linking must still find the contact."""
    local, _, domain = person.address.partition("@")
    address = (
        f"{local}+{rng.choice(['crm', 'news', 'billing'])}@{domain}" if rng.random() < 0.5 else person.address.title()
    )
    return Person(person.first, person.last, address, person.language, person.company, person.title)


def thread_messages(w: Writer, thread: int, start: dt.datetime, args: argparse.Namespace) -> list[Message]:
    rng = w.rng
    company = rng.choice(w.companies)
    language = company.language
    outside = external_people(rng, company, 0.1)
    team = rng.sample(w.team, rng.choice([1, 1, 2, 3]))
    kind = rng.random()
    length = rng.choices(*THREAD_LENGTHS)[0]
    ref = f"#{thread:06d}-{rng.randbytes(2).hex().upper()}"
    template = rng.choice(SUBJECTS[language])
    subject = f"{template.format(product=rng.choice(PRODUCTS), company=company.name, us=US_COMPANY)} [{ref}]"
    if kind < 0.03:  # a newsletter: one message, from a robot, to one of us
        robot = Person("News", company.name, f"newsletter@{company.domain}", language, company.people[0].company, "")
        m, _ = w.build(when=start, language=language, sender=robot, to=[rng.choice(w.team)], cc=[], subject=subject,
                       previous=None, newsletter=True)  # fmt: skip
        m.thread, m.thread_subject = thread, subject
        return [m]
    if kind < 0.08:  # internal: only our team
        language = "en"
        outside = []
        team = rng.sample(w.team, rng.choice([2, 3, 4]))
    n_recipients = rng.choices(*RECIPIENTS)[0]
    people = team + outside
    first_sender = rng.choice(outside) if outside and kind < 0.65 else rng.choice(team)
    others = [p for p in people if p is not first_sender]
    rng.shuffle(others)
    recipients = others[: max(1, min(n_recipients, len(others)))] or [rng.choice(w.team)]
    if first_sender.company is not None and all(r.company is not None for r in recipients):
        recipients[-1 if len(recipients) > 1 else 0] = rng.choice(w.team)  # mail to a customer reaches one of us
    messages: list[Message] = []
    previous: Previous | None = None
    when = start
    sender, to, cc = first_sender, recipients[:1], recipients[1:]
    for _ in range(length):
        forward = previous is not None and rng.random() < 0.05
        quirk = None
        no_id = False
        if length == 1 and rng.random() < args.no_message_id / SINGLE_MESSAGE_SHARE:
            no_id = True
        elif rng.random() < args.quirky:
            quirk = rng.choice(
                ["unknown-charset", "raw-8bit-headers", "no-date", "odd-date", "bare-lf", "lowercase-headers"]
            )
        this_sender = sender
        if sender.company is not None and sender.company >= 0 and rng.random() < args.variant_addresses:
            this_sender = variant_address(rng, sender)
        prefix = "" if previous is None else (FORWARD_PREFIX if forward else REPLY_PREFIX)[language]
        if prefix and rng.random() < 0.3 and language not in ("ja", "zh"):
            prefix = prefix.lower() if rng.random() < 0.5 else prefix.upper()
        m, previous_next = w.build(
            when=when, language=language, sender=this_sender, to=to, cc=cc, subject=prefix + subject,
            previous=previous, forward=forward, quirk=quirk, no_id=no_id,
        )  # fmt: skip
        if forward:  # a forward starts a conversation of its own
            m.thread, m.thread_subject = None, None
            messages.append(m)
            break
        m.thread, m.thread_subject = thread, subject
        messages.append(m)
        previous = previous_next
        if no_id:
            break
        # the reply: from one of the people who received the last message, to its sender, the rest in Cc
        candidates = [p for p in previous.recipients if p.address != sender.address]
        replier = rng.choice(candidates) if candidates else rng.choice(w.team)
        rest = [p for p in [sender, *previous.recipients] if p.address not in (replier.address, sender.address)]
        to, cc = [sender], (rest if rng.random() < 0.7 else [])
        sender = replier
        when = when + dt.timedelta(seconds=min(4 * 86400, math.exp(rng.gauss(math.log(25 * 60), 1.4))))
    return messages


def malformed(rng: random.Random, index: int) -> tuple[bytes, str]:
    kind = rng.choice(["binary", "html-page", "json", "x-headers-only", "no-sender-no-body", "pdf", "no-colon"])
    if kind == "binary":
        return rng.randbytes(rng.randint(200, 4000)), kind
    if kind == "html-page":
        return (
            b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>\n",
            kind,
        )
    if kind == "json":
        return json.dumps({"event": "inbound", "id": index, "payload": {"text": "hello"}}).encode() + b"\n", kind
    if kind == "x-headers-only":
        return f"X-Mailer: bulk-tool\r\nX-Spam-Score: {rng.randint(1, 9)}\r\n\r\nhello {index}\r\n".encode(), kind
    if kind == "no-sender-no-body":
        return f"To: someone@{US_DOMAIN}\r\nSubject: nothing {index}\r\n\r\n".encode(), kind
    if kind == "pdf":
        return b"%PDF-1.4\n" + rng.randbytes(rng.randint(500, 5000)), kind
    return f"this is not a header {index}\r\nnor is this\r\n\r\nbody\r\n".encode(), kind


def duplicate_of(rng: random.Random, original: Message) -> bytes:
    """The same message again: byte for byte (a retry), or with other transport headers (a second mailbox).
    Without a Message-ID only the bytes identify a message, so those come back byte for byte."""
    if original.message_id is None or rng.random() < 0.5:
        return original.raw
    extra = f"Delivered-To: inbox{rng.randint(2, 9)}@{US_DOMAIN}\r\nX-Forwarded-For: mailbox-{rng.randint(2, 9)}\r\n"
    return extra.encode() + original.raw


# ---------------------------------------------------------------- the corpus


def generate(args: argparse.Namespace) -> tuple[list[Message], list[Company], list[Person], Counter[str]]:
    rng = random.Random(args.seed)  # noqa: S311 - seeded on purpose: the same corpus every time
    companies = make_companies(rng, args.companies, args.crm_share, args.deal_share)
    team = make_people(rng, 12, "en", US_DOMAIN, None)
    team[0] = Person("Olivia", "Owner", f"owner@{US_DOMAIN}", "en", None, "Head of Sales")  # the workspace's owner
    writer = Writer(rng, companies, team, args)
    anchor = dt.datetime.fromisoformat(args.anchor).replace(tzinfo=dt.UTC)
    span = dt.timedelta(hours=args.span_hours)
    n_malformed = round(args.messages * args.malformed)
    n_duplicates = round(args.messages * args.duplicates)
    n_originals = args.messages - n_malformed - n_duplicates
    originals: list[Message] = []
    thread = 0
    # Threads start uniformly over the span; 1.25x what is needed, so that late replies can be cut.
    while len(originals) < n_originals * 1.25:
        thread += 1
        start = anchor - span + span * rng.random()
        originals += thread_messages(writer, thread, start, args)
    originals.sort(key=lambda m: m.when)
    originals = originals[:n_originals]
    for m in originals:
        if m.kind in ("forward", "no-id"):
            m.thread_subject = None
    # Duplicates come later than their original: mostly seconds to minutes later, a few right behind it.
    keyed: list[tuple[float, int, Message]] = [(float(i), 0, m) for i, m in enumerate(originals)]
    stored_positions = list(range(len(originals)))
    for _ in range(n_duplicates):
        position = rng.choice(stored_positions)
        original = originals[position]
        offset = rng.uniform(1, 5) if rng.random() < 0.2 else rng.uniform(5, 3000)
        copy = Message(when=original.when, raw=duplicate_of(rng, original), expect="duplicate", kind="duplicate",
                       message_id=original.message_id, thread=original.thread, original=position)  # fmt: skip
        keyed.append((position + offset, 1, copy))
    for i in range(n_malformed):
        raw, kind = malformed(rng, i)
        keyed.append(
            (
                rng.uniform(0, len(originals)),
                2,
                Message(when=anchor, raw=raw, expect="quarantined", kind="malformed", quirk=kind),
            )
        )
    keyed.sort(key=lambda k: (k[0], k[1]))
    ordered = [m for _, _, m in keyed]
    position_of = {id(m): n for n, m in enumerate(ordered)}
    for m in ordered:
        if m.original is not None:  # from a position among the originals to one in the final order
            m.original = position_of[id(originals[m.original])]
    return ordered, companies, team, writer.charsets


def crm_document(companies: list[Company], team: list[Person]) -> dict[str, Any]:
    return {
        "us": {"company": US_COMPANY, "domain": US_DOMAIN, "owner": team[0].address, "team": [p.address for p in team]},
        "companies": [
            {
                "name": c.name,
                "domain": c.domain,
                "industry": c.industry,
                "deals": c.deals,
                # 80 % of a CRM company's people are contacts; the rest are strangers at a known domain
                "contacts": [
                    {"firstName": p.first, "lastName": p.last, "email": p.address, "jobTitle": p.title}
                    for k, p in enumerate(c.people)
                    if k % 5 != 4
                ],
            }
            for c in companies
            if c.in_crm
        ],
        "unknown_companies": [c.domain for c in companies if not c.in_crm],
    }


def percentile(values: list[int], p: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else 0


def statistics_of(messages: list[Message], companies: list[Company]) -> dict[str, Any]:
    sizes = [len(m.raw) for m in messages]
    threads = Counter(m.thread for m in messages if m.thread is not None and m.expect == "stored")
    crm_domains = {c.domain for c in companies if c.in_crm}
    senders = [m.sender for m in messages if m.sender and m.expect == "stored"]
    return {
        "messages": len(messages),
        "expect": dict(Counter(m.expect for m in messages)),
        "kind": dict(Counter(m.kind for m in messages)),
        "threads": len(threads),
        "thread_length": dict(sorted(Counter(threads.values()).items())),
        "language": dict(Counter(m.language for m in messages if m.language)),
        "charset": dict(Counter(m.charset for m in messages if m.charset)),
        "transfer_encoding": dict(Counter(m.cte for m in messages if m.cte)),
        "html_share": round(sum(m.html for m in messages) / len(messages), 3),
        "with_attachments_share": round(sum(1 for m in messages if m.attachments) / len(messages), 3),
        "attachments": sum(m.attachments for m in messages),
        "attachment_mb": round(sum(m.attachment_bytes for m in messages) / 1e6, 1),
        "quirks": dict(Counter(m.quirk for m in messages if m.quirk)),
        "senders_at_crm_domains_share": round(
            sum(1 for s in senders if s.rpartition("@")[2].lower() in crm_domains) / max(1, len(senders)), 3
        ),
        "size_bytes": {
            "mean": round(statistics.fmean(sizes)),
            "p50": percentile(sizes, 0.5),
            "p95": percentile(sizes, 0.95),
            "max": max(sizes),
            "total_mb": round(sum(sizes) / 1e6, 1),
        },
    }


def write(args: argparse.Namespace, messages: list[Message], crm: dict[str, Any], stats: dict[str, Any]) -> None:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    offset = 0
    with (out / "messages.bin").open("wb") as blob, (out / "index.jsonl").open("w") as index:
        for n, m in enumerate(messages):
            blob.write(m.raw)
            entry = {
                "n": n,
                "offset": offset,
                "size": len(m.raw),
                "expect": m.expect,
                "kind": m.kind,
                "thread": m.thread,
                "thread_subject": m.thread_subject,
                "message_id": m.message_id,
                "sender": m.sender,
                "charset": m.charset,
                "attachments": m.attachments,
                "quirk": m.quirk,
                "original": m.original,
            }
            index.write(json.dumps(entry, ensure_ascii=False) + "\n")
            offset += len(m.raw)
    (out / "crm.json").write_text(json.dumps(crm, indent=1, ensure_ascii=False))
    settings = {k: v for k, v in vars(args).items() if k not in ("out",)}
    (out / "manifest.json").write_text(json.dumps({"settings": settings, "stats": stats}, indent=1, ensure_ascii=False))
    if args.eml:
        eml = out / "eml"
        eml.mkdir(exist_ok=True)
        for n, m in enumerate(messages[: args.eml]):
            (eml / f"{n:06d}-{m.kind}.eml").write_bytes(m.raw)


def check(messages: list[Message], limit: int) -> dict[str, Any]:
    """Parses the first `limit` messages with Rapport's own parser (in this process) and compares each
    outcome with what the corpus expects: quarantined or not, Message-ID, the subject a probe will
    look for, no U+FFFD from a charset. Also times the parser, per message."""
    from rapport.email.parse import ParseError, parse

    problems: list[str] = []
    timings: dict[str, list[float]] = {}
    for n, m in enumerate(messages[:limit]):
        started = time.perf_counter()
        try:
            parsed = parse(m.raw)
            outcome = "stored"
        except ParseError as error:
            parsed, outcome = None, f"quarantined: {error.reason}"
        elapsed = time.perf_counter() - started
        shape = (
            "malformed"
            if m.expect == "quarantined"
            else "attachments"
            if m.attachments
            else "html"
            if m.html
            else "plain"
        )
        timings.setdefault(shape, []).append(elapsed)
        wanted = "quarantined" if m.expect == "quarantined" else "stored"
        if not outcome.startswith(wanted):
            problems.append(f"#{n} {m.kind}/{m.quirk}: expected {wanted}, got {outcome}")
            continue
        if parsed is None:
            continue
        if m.message_id is not None and parsed.message_id != m.message_id:
            problems.append(f"#{n}: Message-ID {parsed.message_id!r} != {m.message_id!r}")
        if m.kind == "first" and m.thread_subject and parsed.subject != m.thread_subject:
            problems.append(f"#{n} ({m.charset}, {m.quirk}): subject {parsed.subject!r} != {m.thread_subject!r}")
        if m.quirk != "unknown-charset" and "\ufffd" in (parsed.text or "") + (parsed.subject or "") + "".join(
            a.name or "" for a in parsed.to
        ):
            problems.append(f"#{n} ({m.charset}, {m.cte}, {m.quirk}): U+FFFD in the decoded text")
        if m.sender and (parsed.sender is None or parsed.sender.address != m.sender.lower()):
            problems.append(f"#{n}: sender {parsed.sender} != {m.sender}")
    per_shape = {
        shape: {
            "messages": len(t),
            "ms_per_message": round(1000 * statistics.fmean(t), 2),
            "p95_ms": round(1000 * sorted(t)[int(0.95 * (len(t) - 1))], 2),
        }
        for shape, t in timings.items()
    }
    all_times = [x for t in timings.values() for x in t]
    return {
        "checked": min(limit, len(messages)),
        "problems": len(problems),
        "examples": problems[:15],
        "parse_ms_per_message": round(1000 * statistics.fmean(all_times), 2) if all_times else None,
        "by_shape": per_shape,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--messages", type=int, default=60_000, help="messages in all (10,000/min for 5 min is 50,000)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--anchor", default=dt.date.today().isoformat(), help="'now' of the Date headers (YYYY-MM-DD)")
    parser.add_argument("--span-hours", type=float, default=48.0, help="the Date headers span this many hours")
    parser.add_argument("--companies", type=int, default=300)
    parser.add_argument("--crm-share", type=float, default=0.6, help="companies that are in the CRM")
    parser.add_argument("--deal-share", type=float, default=0.4, help="CRM companies with open deals")
    parser.add_argument("--attachments", type=float, default=0.15, help="share of messages with attachments")
    parser.add_argument("--duplicates", type=float, default=0.01, help="share of messages that are a repeat")
    parser.add_argument("--malformed", type=float, default=0.005, help="share of messages that must be quarantined")
    parser.add_argument("--no-message-id", type=float, default=0.02, help="share of messages without a Message-ID")
    parser.add_argument("--quirky", type=float, default=0.01, help="share of odd but storable messages")
    parser.add_argument("--variant-addresses", type=float, default=0.03, help="plus-addressed / other-case senders")
    parser.add_argument("--eml", type=int, default=0, help="also write the first N as .eml files, to look at")
    parser.add_argument("--check", type=int, default=0, help="parse the first N with Rapport's parser and compare")
    args = parser.parse_args()
    started = time.perf_counter()
    messages, companies, team, charsets = generate(args)
    generated = time.perf_counter() - started
    stats = statistics_of(messages, companies)
    stats["language_charset"] = dict(charsets.most_common())
    crm = crm_document(companies, team)
    stats["crm"] = {
        "companies": len(crm["companies"]),
        "contacts": sum(len(c["contacts"]) for c in crm["companies"]),
        "open_deals": sum(len(c["deals"]) for c in crm["companies"]),
        "unknown_companies": len(crm["unknown_companies"]),
    }
    stats["generate_seconds"] = round(generated, 1)
    if args.check:
        stats["check"] = check(messages, args.check)
    write(args, messages, crm, stats)
    print(json.dumps(stats, indent=1, ensure_ascii=False))
    print(
        f"{len(messages)} messages in {generated:.1f} s, written to {args.out} in {time.perf_counter() - started:.1f} s"
    )
    if args.check and stats["check"]["problems"]:
        print(f"check: {stats['check']['problems']} messages differ from what the corpus expects", file=sys.stderr)


if __name__ == "__main__":
    main()
