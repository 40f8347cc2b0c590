"""Who is acting: the principal every service receives after the request proved it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from rapport.errors import Forbidden
from rapport.models import Role


@dataclass(frozen=True)
class Actor:
    """A member acting in one workspace, with the role the database holds for them now."""

    user_id: uuid.UUID
    workspace_id: uuid.UUID
    member_id: uuid.UUID
    role: Role

    def require(self, role: Role) -> None:
        if not self.role.at_least(role):
            raise Forbidden(f"This needs the {role.value} role or higher; you are {self.role.value}.")
