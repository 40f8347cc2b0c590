"""Tokens for links sent by mail (invitations, password resets): a prefix, then base64url of the id
of what the link acts on (a workspace, a user) and 32 random bytes. The id lets the server scope its
transaction before looking the token up; only the token's SHA-256 is stored."""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
import uuid

from rapport.errors import BadUserInput

RANDOM_BYTES = 32


def new_token(prefix: str, owner_id: uuid.UUID) -> tuple[str, bytes]:
    """The token to send and the digest to store."""
    body = base64.urlsafe_b64encode(owner_id.bytes + secrets.token_bytes(RANDOM_BYTES)).decode().rstrip("=")
    token = prefix + body
    return token, digest(token)


def digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def owner_of(prefix: str, token: str) -> uuid.UUID | None:
    """The id a well-formed token names, or None when it is not one of `prefix`'s tokens."""
    if not token.startswith(prefix) or len(token) > 200:
        return None
    body = token[len(prefix) :]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(raw) != 16 + RANDOM_BYTES:
        return None
    return uuid.UUID(bytes=raw[:16])


class LinkRefused(BadUserInput):
    """A mailed link that cannot be used: `reason` says why (INVALID, EXPIRED, USED, REVOKED, ...)."""

    def __init__(self, message: str, *, reason: str, field: str = "token") -> None:
        super().__init__(message, field_errors={(field,): message})
        self.reason = reason

    def extensions(self) -> dict[str, object]:
        return {**super().extensions(), "reason": self.reason}
