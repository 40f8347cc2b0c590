"""Encryption at rest for mailbox passwords (Fernet: AES-128-CBC with an HMAC-SHA256 tag).

The key is `RAPPORT_MAILBOX_KEY` (required in production), otherwise derived from the signing secret
with HKDF, so a development install needs no extra setting. To rotate it, put the old key in
`RAPPORT_PREVIOUS_MAILBOX_KEYS`, then `rapport reseal` seals every stored password under the new one.
"""

from __future__ import annotations

from rapport.auth.tokens import sealing_material
from rapport.kit.sealing import Sealer, SecretUnreadable

MAILBOX_PASSWORDS = Sealer(
    purpose=b"rapport mailbox passwords",
    material=lambda settings: sealing_material(settings, settings.mailbox_key, settings.previous_mailbox_keys),
    unreadable=lambda: SecretUnreadable("the mailbox password was encrypted with another key; enter it again"),
)
