"""Types shared by every module's GraphQL: Relay page info and the connection builder."""

from __future__ import annotations

import strawberry


@strawberry.type(description="Where a page of a connection sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when more items follow `endCursor`.")
    has_previous_page: bool = strawberry.field(description="True when this page did not start at the beginning.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item of this page.")
    end_cursor: str | None = strawberry.field(description="Pass as `after` to fetch the next page.")
