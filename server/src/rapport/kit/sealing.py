"""Secrets kept encrypted at rest that Rapport must read back (mailbox passwords, TOTP secrets,
webhook signing secrets): Fernet (AES-128-CBC with an HMAC-SHA256 tag) under a key derived with HKDF
from the caller's key material and a purpose (`info`), so each kind of secret has its own key."""

from __future__ import annotations

import base64
from collections.abc import Callable
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from rapport.config import Settings
from rapport.errors import AppError


@lru_cache(maxsize=16)
def _fernet(material: bytes, purpose: bytes) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(material)
    return Fernet(base64.urlsafe_b64encode(key))


def seal(material: bytes, *, purpose: bytes, plaintext: str) -> bytes:
    return _fernet(material, purpose).encrypt(plaintext.encode())


def unseal(material: bytes, *, purpose: bytes, ciphertext: bytes) -> str | None:
    """The plaintext, or None when the ciphertext was made under another key (or was altered)."""
    try:
        return _fernet(material, purpose).decrypt(ciphertext).decode()
    except InvalidToken:
        return None


class SecretUnreadable(AppError):
    """The ciphertext was made with another key (or was altered)."""


class Sealer:
    """One kind of sealed secret: where its key material comes from (`material`, from the settings),
    its purpose, and the error a ciphertext made under another key raises (`unreadable`: for most
    kinds a `SecretUnreadable` with a message a person can act on)."""

    def __init__(
        self, *, purpose: bytes, material: Callable[[Settings], bytes], unreadable: Callable[[], Exception]
    ) -> None:
        self.purpose = purpose
        self.material = material
        self.unreadable = unreadable

    def encrypt(self, settings: Settings, plaintext: str) -> bytes:
        return seal(self.material(settings), purpose=self.purpose, plaintext=plaintext)

    def decrypt(self, settings: Settings, ciphertext: bytes) -> str:
        plaintext = unseal(self.material(settings), purpose=self.purpose, ciphertext=ciphertext)
        if plaintext is None:
            raise self.unreadable()
        return plaintext
