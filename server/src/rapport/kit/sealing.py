"""Secrets kept encrypted at rest that Rapport must read back (mailbox passwords, TOTP secrets,
webhook signing secrets): Fernet (AES-128-CBC with an HMAC-SHA256 tag) under a key derived with HKDF
from the caller's key material and a purpose (`info`), so each kind of secret has its own key."""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF


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
