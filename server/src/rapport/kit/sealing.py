"""Secrets kept encrypted at rest that Rapport must read back (mailbox passwords, TOTP secrets,
webhook signing secrets): Fernet (AES-128-CBC with an HMAC-SHA256 tag) under a key derived with HKDF
from the caller's key material and a purpose (`info`), so each kind of secret has its own key."""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

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
    """One kind of sealed secret: where its key material comes from (`material`, from the settings: the
    key to seal with first, then older ones that still unseal during a rotation), its purpose, and the
    error a ciphertext made under none of them raises (`unreadable`: for most kinds a `SecretUnreadable`
    with a message a person can act on)."""

    def __init__(
        self,
        *,
        purpose: bytes,
        material: Callable[[Settings], Sequence[bytes]],
        unreadable: Callable[[], Exception],
    ) -> None:
        self.purpose = purpose
        self.material = material
        self.unreadable = unreadable

    def encrypt(self, settings: Settings, plaintext: str) -> bytes:
        return seal(self.material(settings)[0], purpose=self.purpose, plaintext=plaintext)

    def decrypt(self, settings: Settings, ciphertext: bytes) -> str:
        for material in self.material(settings):
            plaintext = unseal(material, purpose=self.purpose, ciphertext=ciphertext)
            if plaintext is not None:
                return plaintext
        raise self.unreadable()

    def reseal(self, settings: Settings, ciphertext: bytes) -> bytes | None:
        """`ciphertext` sealed again under the current key; None when it already is (nothing to write)."""
        current = self.material(settings)[0]
        if unseal(current, purpose=self.purpose, ciphertext=ciphertext) is not None:
            return None
        return self.encrypt(settings, self.decrypt(settings, ciphertext))


RESEAL_PAGE = 500


async def reseal_column(
    session: AsyncSession, settings: Settings, sealer: Sealer, *, table: str, column: str
) -> tuple[int, int]:
    """Seals every value of `table.column` (a fixed name from the caller, never input) under `sealer`'s
    current key, a page at a time: (how many were sealed again, how many no key in use can read)."""
    resealed = unreadable = 0
    after = None
    while True:
        page = (
            await session.execute(
                text(
                    f"SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL"
                    " AND (CAST(:after AS uuid) IS NULL OR id > CAST(:after AS uuid)) ORDER BY id LIMIT :limit"
                ),
                {"after": after, "limit": RESEAL_PAGE},
            )
        ).all()
        for row_id, ciphertext in page:
            try:
                fresh = sealer.reseal(settings, bytes(ciphertext))
            except Exception:  # noqa: BLE001 - counted: the operator is told, the rest goes on
                unreadable += 1
                continue
            if fresh is not None:
                update = text(f"UPDATE {table} SET {column} = :value WHERE id = :id")
                await session.execute(update, {"value": fresh, "id": row_id})
                resealed += 1
        if len(page) < RESEAL_PAGE:
            return resealed, unreadable
        after = str(page[-1][0])
