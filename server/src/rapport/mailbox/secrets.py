"""Encryption at rest for mailbox passwords (Fernet: AES-128-CBC with an HMAC-SHA256 tag).

The key is `RAPPORT_MAILBOX_KEY` when set, otherwise derived from the signing secret with HKDF, so
a development install needs no extra setting. Rotating it means re-entering mailbox passwords.
"""

from __future__ import annotations

from rapport.auth.tokens import signing_keys
from rapport.config import Settings
from rapport.kit.sealing import seal, unseal

PURPOSE = b"rapport mailbox passwords"


class SecretUnreadable(Exception):
    """The ciphertext was made with another key (or was altered)."""


def _material(settings: Settings) -> bytes:
    if settings.mailbox_key is not None:
        return settings.mailbox_key.get_secret_value().encode()
    return signing_keys(settings)[0].secret


def encrypt(settings: Settings, plaintext: str) -> bytes:
    return seal(_material(settings), purpose=PURPOSE, plaintext=plaintext)


def decrypt(settings: Settings, ciphertext: bytes) -> str:
    plaintext = unseal(_material(settings), purpose=PURPOSE, ciphertext=ciphertext)
    if plaintext is None:
        raise SecretUnreadable("the mailbox password was encrypted with another key; enter it again")
    return plaintext
