"""A preview of what the sender wrote: quoted replies, forwarded headers and signatures removed."""

from __future__ import annotations

import re

from rapport.email.parse.results import SNIPPET_LENGTH

_QUOTE_HEADER = re.compile(
    r"""^\s*(?:
        on\b.{0,400}\bwrote\s*:
      | am\b.{0,400}\bschrieb\b.{0,200}:
      | le\b.{0,400}\ba\s+écrit\s*:
      | el\b.{0,400}\bescribió\s*:
      | il\b.{0,400}\bha\s+scritto\s*:
      | op\b.{0,400}\bschreef\b.{0,200}:
      | em\b.{0,400}\bescreveu\s*:
      | (?:den|på)\b.{0,400}\bskrev\b.{0,200}:
      | w\s+dniu\b.{0,400}\bpisze\s*:
      | .{0,400}\bнаписал(?:а|\(а\))?\s*:
      | -{2,}\s*(?:original\s+message|ursprüngliche\s+nachricht|message\s+d'origine|mensaje\s+original)\s*-{2,}
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_OUTLOOK_FROM = re.compile(r"^\s*\*?(?:from|von|de|van|da|från|fra|от)\s*:\*?\s", re.IGNORECASE)
_OUTLOOK_SENT = re.compile(
    r"^\s*\*?(?:sent|date|gesendet|datum|envoyé|enviado|verzonden|inviato|skickat|sendt|отправлено)\s*:",
    re.IGNORECASE,
)
_SENT_FROM = re.compile(r"^\s*(?:sent from my|sent from outlook|get outlook for|envoyé de mon|von meinem)\b", re.I)
_SNIPPET_SOURCE_LIMIT = 50_000


def _quote_start(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        joined = f"{stripped} {lines[index + 1].strip()}" if index + 1 < len(lines) else stripped
        if _QUOTE_HEADER.match(stripped) or (not stripped.endswith(":") and _QUOTE_HEADER.match(joined)):
            return index
        following = lines[index + 1 : index + 5]
        if _OUTLOOK_FROM.match(line) and any(_OUTLOOK_SENT.match(next_line) for next_line in following):
            return index - 1 if index > 0 and set(lines[index - 1].strip()) == {"_"} else index
    return None


def _until_signature(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        if line.rstrip() == "--" or line == "-- " or _SENT_FROM.match(line):
            return lines[:index]
    return lines


def reply_text(text: str) -> str:
    """The new part of a reply: quoted history, Outlook header blocks and the signature removed."""
    lines = text[:_SNIPPET_SOURCE_LIMIT].split("\n")
    start = _quote_start(lines)
    head = _until_signature([line for line in lines[:start] if not line.lstrip().startswith(">")])
    if any(line.strip() for line in head):
        return "\n".join(head).strip()
    # Bottom-posted, or nothing but a quote: the unquoted lines are the best we have.
    rest = [line for line in lines if not line.lstrip().startswith(">") and not _QUOTE_HEADER.match(line.strip())]
    return "\n".join(_until_signature(rest)).strip()


def make_snippet(text: str | None) -> str:
    if not text:
        return ""
    collapsed = " ".join(reply_text(text).split())
    if len(collapsed) <= SNIPPET_LENGTH:
        return collapsed
    cut = collapsed[:SNIPPET_LENGTH]
    space = cut.rfind(" ")
    return cut[:space] if space > SNIPPET_LENGTH * 3 // 4 else cut
