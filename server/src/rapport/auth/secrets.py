"""Encryption at rest for TOTP secrets (Fernet), the way mailbox passwords are encrypted.

The key is `RAPPORT_MFA_KEY` when set, otherwise derived from the signing secret with HKDF (another
`info` than the mailbox key's, so the two keys differ).
"""

from __future__ import annotations

from rapport.auth.tokens import sealing_material
from rapport.kit.sealing import Sealer, SecretUnreadable

MFA_SECRETS = Sealer(
    purpose=b"rapport totp secrets",
    material=lambda settings: sealing_material(settings, settings.mfa_key),
    unreadable=lambda: SecretUnreadable("The two-factor secret cannot be read with the current key."),
)
