"""Encryption at rest for TOTP secrets (Fernet), the way mailbox passwords are encrypted.

The key is `RAPPORT_MFA_KEY` when set, otherwise derived from the signing secret with HKDF (another
`info` than the mailbox key's, so the two keys differ).
"""

from __future__ import annotations

from rapport.auth.tokens import signing_keys
from rapport.config import Settings
from rapport.errors import AppError
from rapport.kit.sealing import seal, unseal

PURPOSE = b"rapport totp secrets"


class SecretUnreadable(AppError):
    """The ciphertext was made with another key (or was altered)."""


def _material(settings: Settings) -> bytes:
    if settings.mfa_key is not None:
        return settings.mfa_key.get_secret_value().encode()
    return signing_keys(settings)[0].secret


def encrypt(settings: Settings, plaintext: str) -> bytes:
    return seal(_material(settings), purpose=PURPOSE, plaintext=plaintext)


def decrypt(settings: Settings, ciphertext: bytes) -> str:
    plaintext = unseal(_material(settings), purpose=PURPOSE, ciphertext=ciphertext)
    if plaintext is None:
        raise SecretUnreadable("The two-factor secret cannot be read with the current key.")
    return plaintext
