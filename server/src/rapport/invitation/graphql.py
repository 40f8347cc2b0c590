from __future__ import annotations

import uuid
from datetime import datetime

import strawberry
import structlog

from rapport import ratelimit
from rapport.auth.graphql import AuthPayload
from rapport.graphql.context import Info
from rapport.graphql.inputs import as_actor
from rapport.graphql.permissions import CanManage, Public
from rapport.graphql.types import RowType, of_row
from rapport.invitation import service
from rapport.kit import mailer
from rapport.kit.validation import validate
from rapport.models import Invitation as InvitationRow
from rapport.worker.queue import shared_queue
from rapport.workspace.graphql_types import Member, Role, member_of

log = structlog.get_logger("rapport.invitation")
# The api enqueues before its transaction commits; the job waits this long, and retries (with backoff)
# an invitation it does not see yet.
ENQUEUE_DELAY_MS = 300


@strawberry.type(description="An invitation to join the workspace, waiting for the invitee to accept it.")
class Invitation(RowType[InvitationRow]):
    id = of_row(uuid.UUID, "The invitation's id.")
    email = of_row(str, "Who is invited (lower-cased): they accept by signing in or up with this email.")
    role = of_row(Role, "The role they get when they accept.")
    created_at = of_row(datetime, "When the invitation was made.")
    expires_at = of_row(datetime, "When the link stops working (seven days after it was made).")
    accepted_at = of_row(datetime | None, "When it was accepted; null while pending.")
    link: str | None = strawberry.field(
        default=None,
        description="The link to pass on to the invitee, in inviteMember's answer when the server sends no mail "
        "(no SMTP configured); null otherwise: the invitee gets it by mail.",
    )

    @strawberry.field(description="Whether the server mails the link (SMTP configured) rather than showing it.")
    def mailed(self, info: Info) -> bool:
        return mailer.is_configured(info.context.settings)

    @strawberry.field(description="The member who invited.")
    async def invited_by(self, info: Info) -> Member | None:
        return await member_of(info, self.row.invited_by_id)


@strawberry.type(description="What an invitation link is for, shown on its page before accepting.")
class InvitationPreview:
    email: str = strawberry.field(description="The email to sign in or up with.")
    role: Role = strawberry.field(description="The role the invitee gets.")  # type: ignore[valid-type]
    workspace_name: str = strawberry.field(description="The workspace to join.")
    expires_at: datetime = strawberry.field(description="When the link stops working.")


@strawberry.type
class InvitationQuery:
    @strawberry.field(
        description="The workspace's pending invitations (not accepted, revoked or expired), newest first. "
        "OWNER or ADMIN.",
        permission_classes=[CanManage],
    )
    async def invitations(self, info: Info) -> list[Invitation]:
        return Invitation.of_all(await as_actor(info, service.list_pending))

    @strawberry.field(
        description="The invitation a link's token names. BAD_USER_INPUT with extensions.reason INVALID, "
        "EXPIRED, USED or REVOKED when it cannot be accepted.",
        permission_classes=[Public],
    )
    async def invitation(self, info: Info, token: str) -> InvitationPreview:
        found = await service.preview(info.context.session, token=token)
        return InvitationPreview(
            email=found.invitation.email,
            role=found.invitation.role,
            workspace_name=found.workspace.name,
            expires_at=found.invitation.expires_at,
        )


@strawberry.type
class InvitationMutation:
    @strawberry.mutation(
        description="Invites an email to the workspace with a role no higher than yours. OWNER or ADMIN. The "
        "answer is the same whether or not the email has a Rapport account. With SMTP configured the link is "
        "mailed; otherwise it is in the answer (`link`) to pass on. A pending invitation for the same email "
        "is replaced. CONFLICT when the email is a member already.",
        permission_classes=[CanManage],
    )
    async def invite_member(self, info: Info, email: str, role: Role) -> Invitation:  # type: ignore[valid-type]
        data = validate(service.InviteData, {"email": email, "role": role})
        row, token = await as_actor(info, service.invite, data=data)
        settings = info.context.settings
        if not mailer.is_configured(settings):
            return Invitation(row=row, link=service.link(settings, token))
        await shared_queue(settings.require_redis_url()).enqueue(
            service.SEND_JOB,
            {"workspace_id": str(row.workspace_id), "invitation_id": str(row.id)},
            job_id=f"invitation-send-{row.id}",
            delay_ms=ENQUEUE_DELAY_MS,
        )
        return Invitation(row=row)

    @strawberry.mutation(
        description="Withdraws a pending invitation: its link stops working. OWNER or ADMIN (an invitation to "
        "be OWNER: an OWNER).",
        permission_classes=[CanManage],
    )
    async def revoke_invitation(self, info: Info, id: uuid.UUID) -> bool:
        return await as_actor(info, service.revoke, invitation_id=id)

    @strawberry.mutation(
        description="Accepts an invitation, once, and answers with a session in its workspace. Signed in: the "
        "account's email must be the invitation's (FORBIDDEN otherwise). Signed out: `password` signs in the "
        "account with the invitation's email (mfaRequired for an MFA user: verifyMfa, then accept signed in); "
        "`name` and `password` make a new account for it. Links that cannot be used answer BAD_USER_INPUT with "
        "extensions.reason INVALID, EXPIRED, USED or REVOKED.",
        permission_classes=[Public],
    )
    async def accept_invitation(
        self, info: Info, token: str, name: str | None = None, password: str | None = None
    ) -> AuthPayload:
        await ratelimit.guard_auth("acceptInvitation", account=None)
        context = info.context
        user_id = await context.require_person() if context.claims is not None else None
        result = await service.accept(
            context.session, context.settings, token=token, signed_in_user_id=user_id, name=name, password=password
        )
        return AuthPayload.from_result(result)
