"""Keys of the secrets sealed at rest (mailbox passwords, TOTP secrets; finding 8 of the security review):
their own in production, rotated with the old key kept as a previous one, and `rapport reseal`."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError
from sqlalchemy import text

from rapport.auth.secrets import MFA_SECRETS
from rapport.config import Settings
from rapport.db import Database
from rapport.kit.sealing import SecretUnreadable
from rapport.mailbox.secrets import MAILBOX_PASSWORDS
from tests.auth.support import START
from tests.conftest import TEST_SECRET, Servers
from tests.factories import GraphQLClient, sign_up

SIGNING = "signing-key-for-the-rotation-tests-0123456789"
OLD, NEW = "the-old-mailbox-key-0123456789abcdef", "the-new-mailbox-key-0123456789abcdef"


def test_a_rotated_mailbox_key_still_unseals_until_resealed_then_only_the_new_one_is_needed() -> None:
    before = Settings(env="test", secret_key=SIGNING, mailbox_key=OLD)
    sealed = MAILBOX_PASSWORDS.encrypt(before, "imap password")
    rotating = Settings(env="test", secret_key=SIGNING, mailbox_key=NEW, previous_mailbox_keys=[OLD])
    assert MAILBOX_PASSWORDS.decrypt(rotating, sealed) == "imap password"
    resealed = MAILBOX_PASSWORDS.reseal(rotating, sealed)
    assert resealed is not None
    assert MAILBOX_PASSWORDS.reseal(rotating, resealed) is None  # already under the current key

    after = Settings(env="test", secret_key="another-signing-key-0123456789abcdef", mailbox_key=NEW)
    assert MAILBOX_PASSWORDS.decrypt(after, resealed) == "imap password"
    with pytest.raises(SecretUnreadable):
        MAILBOX_PASSWORDS.decrypt(after, sealed)


def test_rotating_the_signing_key_keeps_secrets_sealed_under_a_derived_key_readable() -> None:
    first = Settings(env="test", secret_key=SIGNING)
    sealed = MFA_SECRETS.encrypt(first, "JBSWY3DPEHPK3PXP")
    rotated = Settings(env="test", secret_key="the-next-signing-key-0123456789abcd", previous_secret_keys=[SIGNING])
    assert MFA_SECRETS.decrypt(rotated, sealed) == "JBSWY3DPEHPK3PXP"
    # Setting a key of its own for the first time loses nothing either.
    own = Settings(env="test", secret_key=SIGNING, mfa_key=NEW)
    assert MFA_SECRETS.decrypt(own, sealed) == "JBSWY3DPEHPK3PXP"
    with pytest.raises(SecretUnreadable):
        MFA_SECRETS.decrypt(Settings(env="test", secret_key="the-next-signing-key-0123456789abcd"), sealed)


def test_production_refuses_to_start_without_keys_of_their_own_for_sealed_secrets() -> None:
    needed = {
        "env": "production",
        "secret_key": SIGNING,
        "database_url": "postgresql+asyncpg://rapport@db/rapport",
        "redis_url": "redis://redis:6379/0",
    }
    with pytest.raises(ValidationError, match="production needs RAPPORT_MAILBOX_KEY, RAPPORT_MFA_KEY"):
        Settings(_env_file=None, **needed)  # type: ignore[call-arg]
    settings = Settings(_env_file=None, **needed, mailbox_key=OLD, mfa_key=NEW)  # type: ignore[call-arg]
    assert MAILBOX_PASSWORDS.encrypt(settings, "x") != MFA_SECRETS.encrypt(settings, "x")


def reseal(servers: Servers, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rapport", "reseal"], env=servers.env(**env), capture_output=True, text=True, timeout=120
    )


async def test_rapport_reseal_seals_stored_secrets_under_the_current_key(
    gql: GraphQLClient, servers: Servers, superuser_db: Database
) -> None:
    account = await sign_up(gql)
    await gql.data(START, token=account.access_token)

    async def pending() -> bytes:
        async with superuser_db.transaction() as session:
            row = await session.scalar(
                text("SELECT mfa_pending_secret_encrypted FROM users WHERE id = :id"), {"id": account.user_id}
            )
        assert isinstance(row, bytes)
        return row

    before = await pending()
    derived = Settings(env="test", secret_key=TEST_SECRET)
    secret = MFA_SECRETS.decrypt(derived, before)
    try:
        done = reseal(servers, RAPPORT_MFA_KEY=NEW)
        assert done.returncode == 0, done.stderr
        assert "two-factor secrets: " in done.stdout
        assert "UNREADABLE" not in done.stdout
        after = await pending()
        assert after != before
        only_new = Settings(env="test", secret_key="an-unrelated-signing-key-0123456789", mfa_key=NEW)
        assert MFA_SECRETS.decrypt(only_new, after) == secret
        with pytest.raises(SecretUnreadable):
            MFA_SECRETS.decrypt(derived, after)
    finally:
        # Back under the test servers' own key, for the tests that follow on these servers.
        back = reseal(servers, RAPPORT_PREVIOUS_MFA_KEYS=f'["{NEW}"]')
    assert back.returncode == 0, back.stderr
    assert MFA_SECRETS.decrypt(derived, await pending()) == secret
