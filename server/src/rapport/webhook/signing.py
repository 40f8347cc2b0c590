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

from rapport.auth.tokens import sealing_material
from rapport.kit.sealing import Sealer

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signature_header(secrets_in_use: Sequence[str], *, message_id: str, timestamp: datetime, body: bytes) -> str:
    """The `webhook-signature` value: one `v1,` signature per secret (two during a rotation's
    overlap), separated by spaces; a receiver accepts the message when any of them matches."""
    return " ".join(Webhook(secret).sign(message_id, timestamp, body) for secret in secrets_in_use)


WEBHOOK_SECRETS = Sealer(
    purpose=b"rapport webhook secrets",
    material=lambda settings: sealing_material(settings),
    unreadable=lambda: ValueError("the webhook secret was encrypted with another key; rotate it"),
)
