"""argon2id at OWASP's recommended parameters (m=19 MiB, t=2, p=1), run off the event loop; and which
new passwords are too weak to accept."""

from __future__ import annotations

import asyncio
from typing import Annotated

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import AfterValidator, Field
from zxcvbn.frequency_lists import FREQUENCY_LISTS

# The 30,000 passwords found most often in leaked password sets (the list zxcvbn ships, offline): the
# first ones an attacker tries. Compared without case, so `Password1` is as weak as `password1`.
_COMMON_PASSWORDS = frozenset(FREQUENCY_LISTS["passwords"])

_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16)
# Verified when the email is unknown, so a miss costs as much time as a wrong password.
_DUMMY_HASH = _hasher.hash("rapport-timing-equaliser")


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    def verify() -> bool:
        try:
            return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(verify)


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def weakness(password: str) -> str | None:
    """Why a new password is refused (its length is checked by the input model), or None."""
    lowered = password.lower()
    if lowered in _COMMON_PASSWORDS:
        return "This password is one of the most common ones, which are tried first: choose another"
    if len(set(lowered)) < 3:
        return "Use more than two different characters"
    return None


def _strong_enough(value: str) -> str:
    reason = weakness(value)
    if reason is not None:
        raise ValueError(reason)
    return value


MIN_LENGTH = 8

NewPassword = Annotated[str, Field(min_length=MIN_LENGTH, max_length=256), AfterValidator(_strong_enough)]
"""A password being chosen (sign-up, change, reset, a new account from an invitation): long enough and
not one of the common ones."""
