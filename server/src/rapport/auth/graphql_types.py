from __future__ import annotations

import uuid

import strawberry

from rapport.graphql.types import RowType, of_row
from rapport.models import User as UserRow


@strawberry.type(description="A person who signs in to Rapport.")
class User(RowType[UserRow]):
    id = of_row(uuid.UUID, "The user's id.")
    email = of_row(str, "The email the user signs in with, lower-cased.")
    name = of_row(str, "The user's display name.")
    mfa_enabled = of_row(bool, "True when sign-in asks for a TOTP code too.")
