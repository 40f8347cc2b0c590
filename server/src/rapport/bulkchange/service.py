"""`undoBulk`: a bulk update or delete of contacts, companies or deals undone through their services
(see `rapport.kit.bulk`)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.actor import Actor
from rapport.company import service as company_service
from rapport.contact import service as contact_service
from rapport.deal import service as deal_service
from rapport.kit import bulk
from rapport.models import ObjectType

KINDS = {
    ObjectType.CONTACT: contact_service.BULK,
    ObjectType.COMPANY: company_service.BULK,
    ObjectType.DEAL: deal_service.BULK,
}


async def undo(session: AsyncSession, actor: Actor, *, id: uuid.UUID) -> bulk.BulkOutcome:
    """Gives the records of the bulk change `id` their earlier values back, or brings them back from
    the trash: all or none, once, within `bulk.UNDO_WINDOW`, with the role the change needed. A record
    changed (or restored, or deleted) since is left as it is and comes back as an error: CHANGED_SINCE
    (or NOT_FOUND); then nothing is undone."""
    return await bulk.undo(session, actor, id=id, kinds=KINDS)
