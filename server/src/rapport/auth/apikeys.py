"""The API key format: `rpk_` + 54 base62 characters + a 6-character base62 CRC32 of them.

Like GitHub's tokens, the fixed prefix and the checksum let secret scanners find a leaked key with
few false positives, and let Rapport refuse a mistyped one without a database lookup. The body
encodes 24 random bytes followed by the workspace id (the random part leads, so keys of one
workspace do not share their first characters); only the key's SHA-256 is stored.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
import zlib

from rapport.errors import Unauthenticated

PREFIX = "rpk_"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
BODY_LENGTH = 54
CHECKSUM_LENGTH = 6
SHOWN_LENGTH = 12  # `prefix` in the API: rpk_ and the first 8 characters
PATTERN = re.compile(rf"^{PREFIX}[0-9A-Za-z]{{{BODY_LENGTH + CHECKSUM_LENGTH}}}$")
INVALID = "The API key is not valid."


def _base62(value: int, width: int) -> str:
    digits = []
    for _ in range(width):
        value, digit = divmod(value, 62)
        digits.append(ALPHABET[digit])
    if value:
        raise ValueError("value too large for width")
    return "".join(reversed(digits))


def _unbase62(text: str) -> int:
    value = 0
    for char in text:
        value = value * 62 + ALPHABET.index(char)
    return value


def _checksum(body: str) -> str:
    return _base62(zlib.crc32(body.encode()), CHECKSUM_LENGTH)


def looks_like_key(token: str) -> bool:
    return token.startswith(PREFIX)


def new_key(workspace_id: uuid.UUID) -> tuple[str, str, bytes]:
    """The secret to show once, its displayed prefix, and the digest to store."""
    raw = secrets.token_bytes(24) + workspace_id.bytes
    body = _base62(int.from_bytes(raw), BODY_LENGTH)
    token = PREFIX + body + _checksum(body)
    return token, token[:SHOWN_LENGTH], digest(token)


def digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def workspace_of(token: str) -> uuid.UUID:
    """The workspace a well-formed key names; UNAUTHENTICATED when the format or checksum is wrong."""
    if not PATTERN.match(token):
        raise Unauthenticated(INVALID)
    body, checksum = token[len(PREFIX) : len(PREFIX) + BODY_LENGTH], token[-CHECKSUM_LENGTH:]
    if not secrets.compare_digest(_checksum(body), checksum):
        raise Unauthenticated(INVALID)
    value = _unbase62(body)
    if value >= 1 << 320:
        raise Unauthenticated(INVALID)
    return uuid.UUID(bytes=value.to_bytes(40)[24:])
