"""Signatures match the Standard Webhooks spec's published example, and secrets survive encryption."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

from rapport.config import Settings
from rapport.webhook import signing
from tests.webhook.receiver import spec_signatures

# The example of the spec (and of its reference libraries' tests).
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
TIMESTAMP = datetime.fromtimestamp(1614265330, tz=UTC)
BODY = b'{"test": 2432232314}'
EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_the_signature_is_the_specs_example() -> None:
    header = signing.signature_header([SECRET], message_id=MESSAGE_ID, timestamp=TIMESTAMP, body=BODY)

    assert header == EXPECTED
    assert spec_signatures(SECRET, MESSAGE_ID, "1614265330", BODY) == EXPECTED


def test_during_a_rotation_both_secrets_sign_separated_by_a_space() -> None:
    other = signing.new_secret()

    header = signing.signature_header([other, SECRET], message_id=MESSAGE_ID, timestamp=TIMESTAMP, body=BODY)

    assert header.split(" ") == [spec_signatures(other, MESSAGE_ID, "1614265330", BODY), EXPECTED]


def test_new_secrets_carry_32_random_bytes() -> None:
    first, second = signing.new_secret(), signing.new_secret()

    assert first.startswith("whsec_")
    assert len(base64.b64decode(first.removeprefix("whsec_"))) == 32
    assert first != second


def test_secrets_are_stored_encrypted_and_read_back() -> None:
    settings = Settings(_env_file=None, secret_key="k" * 40)

    stored = signing.WEBHOOK_SECRETS.encrypt(settings, SECRET)

    assert SECRET.encode() not in stored
    assert signing.WEBHOOK_SECRETS.decrypt(settings, stored) == SECRET
