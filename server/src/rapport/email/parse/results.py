"""What parsing a message gives: ParsedEmail, or ParseError with the reason it cannot be stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

DEFAULT_MAX_BYTES: Final = 25 * 1024 * 1024
DEFAULT_TIMEOUT: Final = 5.0
SNIPPET_LENGTH: Final = 200


class ParseError(Exception):
    """The message cannot be stored sensibly; `reason` says why in a few words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Address:
    address: str  # lower-cased, domain in Unicode (see addresses.normalize_address)
    name: str | None


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str
    size: int
    content: bytes
    content_id: str | None
    inline: bool


@dataclass(frozen=True, slots=True)
class ParsedEmail:
    message_id: str | None
    in_reply_to: str | None
    references: tuple[str, ...]
    subject: str | None
    normalized_subject: str
    sent_at: datetime | None
    sender: Address | None
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    bcc: tuple[Address, ...]
    reply_to: tuple[Address, ...]
    text: str | None
    html: str | None
    snippet: str
    attachments: tuple[Attachment, ...]
    content_hash: str
    size: int
    fingerprint: str
    """sha256 of the sender, recipients, date, subject and bodies: equal for the same mail fetched
    from two mailboxes (whose transport headers differ) when it has no Message-ID."""
    list_id: str | None
    is_automated: bool
    """A bounce, auto-reply or bulk mail: linking should not create contacts from it."""
    warnings: tuple[str, ...]
    """What was repaired on the way (a header read the compat32 way, a charset guessed, …)."""
    authentication_results: tuple[str, ...] = ()
    """The raw `Authentication-Results` header values, top first (judged in `email.authresults`)."""
