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
    # Set when an API key acts (as the member who created it, with the key's role at most).
    api_key_id: uuid.UUID | None = None

    def require(self, role: Role) -> None:
        if not self.role.at_least(role):
            raise Forbidden(f"This needs the {role.value} role or higher; you are {self.role.value}.")


@dataclass(frozen=True)
class SystemActor:
    """Rapport itself acting in one workspace, for a process the workspace turned on (email
    ingestion creating contacts, say): no user, no member, so records it makes have no owner and
    timeline entries no author."""

    workspace_id: uuid.UUID
    user_id: None = None
    member_id: None = None

    def require(self, role: Role) -> None:
        """The workspace's own settings allowed the process: nothing more to check."""


# Who a service that Rapport may also call for itself acts for.
Principal = Actor | SystemActor
