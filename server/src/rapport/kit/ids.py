"""UUIDv7 primary keys: time-ordered, so inserts append to the index and ids sort by creation."""

import uuid

from uuid_utils.compat import uuid7


def new_id() -> uuid.UUID:
    return uuid7()
