from __future__ import annotations

import uuid
from datetime import datetime
from typing import cast

import strawberry
from strawberry.scalars import JSON

from rapport.audit import service
from rapport.graphql.context import Info
from rapport.graphql.inputs import connection_of
from rapport.graphql.permissions import CanManage
from rapport.graphql.types import Connection, RowType, connection_type, of_row
from rapport.models import AuditEvent as AuditEventRow
from rapport.workspace.graphql_types import Member, member_of


@strawberry.type(description="A security event: a sign-in, a changed role, a new API key, an export, …")
class AuditEvent(RowType[AuditEventRow]):
    id = of_row(uuid.UUID, "The event's id.")
    action = of_row(
        str,
        "What happened: auth.sign_in, auth.sign_in_failed, auth.mfa_enabled, auth.mfa_disabled, "
        "auth.mfa_recovery_code_used, auth.password_changed, auth.signed_out_everywhere, auth.api_key_created, "
        "auth.api_key_revoked, auth.identity_linked, workspace.member_role_changed, workspace.member_removed, "
        "workspace.invitation_created, workspace.invitation_accepted, workspace.invitation_revoked, "
        "data.export_started.",
    )
    ip = of_row(str | None, "The client's address (through the web app's server: the person's).")
    user_agent = of_row(str | None, "The client's User-Agent.")
    occurred_at = of_row(datetime, "When it happened.")
    seq = of_row(int, "Its place in the workspace's hash chain (1, 2, 3, …).")

    @strawberry.field(description="The member who acted; null when the actor is not (or no longer) a member.")
    async def actor(self, info: Info) -> Member | None:
        return await member_of(info, self.row.actor_member_id)

    @strawberry.field(description="The API key that acted, if one did.")
    def api_key_id(self) -> uuid.UUID | None:
        return self.row.api_key_id

    @strawberry.field(description="What the event concerns (the email tried, the role given, the key's name, …).")
    def details(self) -> JSON:
        return cast(JSON, self.row.details)


@connection_type(
    noun="audit event",
    plural="auditEvents",
    description="A page of the workspace's audit log, newest first.",
)
class AuditEventConnection(Connection[AuditEvent]):
    pass


@strawberry.type
class AuditQuery:
    @strawberry.field(
        description=f"The workspace's audit log, newest first; `first` at most {service.MAX_PAGE}. OWNER or ADMIN.",
        permission_classes=[CanManage],
    )
    async def audit_events(self, info: Info, first: int | None = 50, after: str | None = None) -> AuditEventConnection:
        return await connection_of(
            info,
            AuditEventConnection,
            lambda row: AuditEvent(row=row),
            service.list_events,
            first=50 if first is None else first,
            after=after,
        )
