"""Every table, one file each. Importing this package registers them all on `Base.metadata`."""

from rapport.models.activity import Activity, ActivityKind
from rapport.models.base import Base
from rapport.models.outbox_event import OutboxEvent
from rapport.models.refresh_token import RefreshToken
from rapport.models.user import User
from rapport.models.workspace import Workspace
from rapport.models.workspace_member import Role, WorkspaceMember

__all__ = [
    "Activity",
    "ActivityKind",
    "Base",
    "OutboxEvent",
    "RefreshToken",
    "Role",
    "User",
    "Workspace",
    "WorkspaceMember",
]
