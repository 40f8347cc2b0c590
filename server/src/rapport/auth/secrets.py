"""Encryption at rest for TOTP secrets (Fernet), the way mailbox passwords are encrypted.

The key is `RAPPORT_MFA_KEY` (required in production), otherwise derived from the signing secret with
HKDF (another `info` than the mailbox key's, so the two keys differ). Rotation: the old key in
`RAPPORT_PREVIOUS_MFA_KEYS`, then `rapport reseal`.
"""

from __future__ import annotations

from rapport.auth.tokens import sealing_material
from rapport.kit.sealing import Sealer, SecretUnreadable

MFA_SECRETS = Sealer(
    purpose=b"rapport totp secrets",
    material=lambda settings: sealing_material(settings, settings.mfa_key, settings.previous_mfa_keys),
    unreadable=lambda: SecretUnreadable("The two-factor secret cannot be read with the current key."),
)
