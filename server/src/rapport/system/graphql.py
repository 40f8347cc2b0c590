"""`systemStatus`: what the web app shows in its banner (emergency mode), readable by anyone."""

from __future__ import annotations

import datetime

import strawberry

from rapport.graphql.permissions import Public
from rapport.system import emergency


@strawberry.type(description="The state of the service as a whole, the same for every user.")
class SystemStatus:
    emergency: bool = strawberry.field(
        description="True in emergency mode: reads work, changes are refused with SERVICE_UNAVAILABLE."
    )
    read_only: bool = strawberry.field(description="True while changes are refused (emergency mode).")
    message: str | None = strawberry.field(description="What to tell users, set by the operator; null when normal.")
    since: datetime.datetime | None = strawberry.field(description="When emergency mode began; null when normal.")


@strawberry.type
class SystemQuery:
    @strawberry.field(
        description="Emergency mode and the message to show about it. Needs no sign-in and no database.",
        permission_classes=[Public],
    )
    def system_status(self) -> SystemStatus:
        state = emergency.current()
        return SystemStatus(emergency=state.active, read_only=state.active, message=state.message, since=state.since)
