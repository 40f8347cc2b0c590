"""Types shared by every module's GraphQL: Relay page info and the connection builder."""

from __future__ import annotations

import strawberry


@strawberry.type(description="Where a page of a connection sits in the whole list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when more items follow `endCursor`.")
    has_previous_page: bool = strawberry.field(description="True when this page did not start at the beginning.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item of this page.")
    end_cursor: str | None = strawberry.field(description="Pass as `after` to fetch the next page.")


def page_info(cursors: list[str], *, has_next_page: bool, after: str | None) -> PageInfo:
    return PageInfo(
        has_next_page=has_next_page,
        has_previous_page=after is not None,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


@strawberry.type(description="The sum of amounts in one currency.")
class Money:
    amount_micros: str = strawberry.field(description="An integer as a string; 1 unit = 1,000,000 micros.")
    currency: str = strawberry.field(description="ISO 4217 code.")


@strawberry.input(description="An amount of money.")
class MoneyInput:
    amount_micros: str = strawberry.field(description="An integer as a string; 1 unit = 1,000,000 micros.")
    currency: str = strawberry.field(description="ISO 4217 code, e.g. EUR.")
