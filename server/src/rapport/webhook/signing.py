"""Standard Webhooks signatures (https://www.standardwebhooks.com), by the `standardwebhooks`
reference library: `v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">` with the
base64 key of a `whsec_` secret. Secrets are kept encrypted at rest (Fernet, a key derived from the
signing secret): unlike a password they must be read back to sign.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from datetime import datetime

from standardwebhooks.webhooks import Webhook

from rapport.auth.tokens import signing_keys
from rapport.config import Settings
from rapport.kit.sealing import seal, unseal

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signature_header(secrets_in_use: Sequence[str], *, message_id: str, timestamp: datetime, body: bytes) -> str:
    """The `webhook-signature` value: one `v1,` signature per secret (two during a rotation's
    overlap), separated by spaces; a receiver accepts the message when any of them matches."""
    return " ".join(Webhook(secret).sign(message_id, timestamp, body) for secret in secrets_in_use)


PURPOSE = b"rapport webhook secrets"


def encrypt(settings: Settings, secret: str) -> bytes:
    return seal(signing_keys(settings)[0].secret, purpose=PURPOSE, plaintext=secret)


def decrypt(settings: Settings, ciphertext: bytes) -> str:
    secret = unseal(signing_keys(settings)[0].secret, purpose=PURPOSE, ciphertext=ciphertext)
    if secret is None:
        raise ValueError("the webhook secret was encrypted with another key; rotate it")
    return secret
