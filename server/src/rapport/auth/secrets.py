"""Encryption at rest for TOTP secrets (Fernet), the way mailbox passwords are encrypted.

The key is `RAPPORT_MFA_KEY` when set, otherwise derived from the signing secret with HKDF (another
`info` than the mailbox key's, so the two keys differ).
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from rapport.auth.tokens import signing_keys
from rapport.config import Settings
from rapport.errors import AppError


class SecretUnreadable(AppError):
    """The ciphertext was made with another key (or was altered)."""


@lru_cache(maxsize=4)
def _fernet(material: bytes) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"rapport totp secrets").derive(material)
    return Fernet(base64.urlsafe_b64encode(key))


def _cipher(settings: Settings) -> Fernet:
    if settings.mfa_key is not None:
        return _fernet(settings.mfa_key.get_secret_value().encode())
    return _fernet(signing_keys(settings)[0].secret)


def encrypt(settings: Settings, plaintext: str) -> bytes:
    return _cipher(settings).encrypt(plaintext.encode())


def decrypt(settings: Settings, ciphertext: bytes) -> str:
    try:
        return _cipher(settings).decrypt(ciphertext).decode()
    except InvalidToken as error:
        raise SecretUnreadable("The two-factor secret cannot be read with the current key.") from error
