"""Encryption at rest for mailbox passwords (Fernet: AES-128-CBC with an HMAC-SHA256 tag).

The key is `RAPPORT_MAILBOX_KEY` when set, otherwise derived from the signing secret with HKDF, so
a development install needs no extra setting. Rotating it means re-entering mailbox passwords.
"""

from __future__ import annotations

from rapport.auth.tokens import sealing_material
from rapport.kit.sealing import Sealer, SecretUnreadable

MAILBOX_PASSWORDS = Sealer(
    purpose=b"rapport mailbox passwords",
    material=lambda settings: sealing_material(settings, settings.mailbox_key),
    unreadable=lambda: SecretUnreadable("the mailbox password was encrypted with another key; enter it again"),
)
