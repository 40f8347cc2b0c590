from __future__ import annotations

import uuid

import strawberry

from rapport.bulkchange import service
from rapport.graphql.context import Info
from rapport.graphql.inputs import UNDO_HOURS, BulkResult, as_actor
from rapport.graphql.permissions import CanWrite


@strawberry.type
class BulkChangeMutation:
    @strawberry.mutation(
        description="Undoes a bulk update or bulk delete (by the `id` of its BulkResult): each record gets the values "
        "it had before, or comes back from the trash, with the timeline entries and events of an edit. All or none: "
        "a record changed since is not overwritten and comes back in `errors` (CHANGED_SINCE), and then nothing is "
        f"undone. Once only (CONFLICT after), for {UNDO_HOURS} hours, with the role the change needed; NOT_FOUND for "
        "an id of no bulk change of this workspace.",
        permission_classes=[CanWrite],
    )
    async def undo_bulk(self, info: Info, id: uuid.UUID) -> BulkResult:
        return BulkResult.of(await as_actor(info, service.undo, id=id))
