from __future__ import annotations

import uuid

import strawberry

from rapport.models import User as UserRow


@strawberry.type(description="A person who signs in to Rapport.")
class User:
    row: strawberry.Private[UserRow]

    @strawberry.field(description="The user's id.")
    def id(self) -> uuid.UUID:
        return self.row.id

    @strawberry.field(description="The email the user signs in with, lower-cased.")
    def email(self) -> str:
        return self.row.email

    @strawberry.field(description="The user's display name.")
    def name(self) -> str:
        return self.row.name

    @strawberry.field(description="True when sign-in asks for a TOTP code too.")
    def mfa_enabled(self) -> bool:
        return self.row.mfa_enabled
