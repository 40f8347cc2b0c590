"""`invitation.send`: mails an invitation's link. It mints the token it sends (the one made with the
invitation is never shown when SMTP is configured) and commits it before sending; a failed send is
retried with yet another token, and `mailed_at` stops a second mail once one went out."""

from __future__ import annotations

import uuid

from rapport.invitation import service
from rapport.kit import mailer
from rapport.worker.registry import JobContext, job


@job(service.SEND_JOB)
async def send_invitation(context: JobContext, data: dict[str, object]) -> dict[str, object]:
    workspace_id = uuid.UUID(str(data["workspace_id"]))
    invitation_id = uuid.UUID(str(data["invitation_id"]))
    async with context.db.transaction(workspace_id=workspace_id) as session:
        content = await service.mail_content(
            session, context.settings, workspace_id=workspace_id, invitation_id=invitation_id
        )
    if content is None:
        # Accepted, revoked, expired, already mailed, or not committed yet (the request rolled back).
        return {"sent": False}
    invited_by = f"{content.inviter_name} invited you" if content.inviter_name else "You are invited"
    message = mailer.compose(
        context.settings,
        to=content.invitation.email,
        subject=f"Join {content.workspace_name} on Rapport",
        text=(
            f"{invited_by} to join {content.workspace_name} on Rapport as "
            f"{content.invitation.role.value.lower()}.\n\n"
            f"Accept the invitation here:\n\n{content.url}\n\n"
            "The link works once, for seven days. If you did not expect it, ignore this mail.\n"
        ),
    )
    await mailer.send(context.settings, message)
    async with context.db.transaction(workspace_id=workspace_id) as session:
        await service.mark_mailed(session, workspace_id=workspace_id, invitation_id=invitation_id)
    return {"sent": True}
