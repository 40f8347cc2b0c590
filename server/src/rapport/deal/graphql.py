from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, datetime
from typing import Any, cast

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.scalars import JSON
from strawberry.tools import merge_types

from rapport.activity.graphql import ActivityConnection, timeline_of
from rapport.auth.actor import Actor
from rapport.company.graphql import Company, company_of
from rapport.contact.graphql import Contact
from rapport.deal import service
from rapport.graphql.compiled.lists import Listed, register_list, register_nested_list
from rapport.graphql.context import Info
from rapport.graphql.filters import (
    NumberFilter,
    RecordFilter,
    UUIDFilter,
    record_filter,
    record_order,
)
from rapport.graphql.inputs import RecordFields, as_actor, given
from rapport.graphql.permissions import CanManage, CanRead, CanWrite
from rapport.graphql.types import Connection, Money, MoneyInput, connection_type, served_by_rows
from rapport.kit.validation import validate
from rapport.models import Deal as DealRow
from rapport.models import Stage as StageRow
from rapport.pipeline.graphql import Pipeline, Stage, StageKind
from rapport.workspace.graphql_types import Member, member_of


@strawberry.type(description="A contact's part in a deal.")
class DealContact:
    contact: Contact = strawberry.field(description="The contact.")
    role: str | None = strawberry.field(description='Their role, e.g. "decision maker" or "champion".')


@strawberry.type(description="An opportunity, moving through the stages of a pipeline.")
class Deal:
    id: uuid.UUID = strawberry.field(description="The deal's id.")
    name: str = strawberry.field(description="The deal's name.")
    position: float = strawberry.field(description="Order within its stage column (ascending).")
    status: StageKind = strawberry.field(description="OPEN, or WON/LOST once in such a stage.")  # type: ignore[valid-type]
    closed_at: datetime | None = strawberry.field(description="When it entered a WON or LOST stage.")
    lost_reason: str | None = strawberry.field(description="Why it was lost, while in a LOST stage (if given).")
    custom_fields: JSON = strawberry.field(description="Values of the workspace's custom deal fields, by key.")
    created_at: datetime = strawberry.field(description="When the deal was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    last_activity_at: datetime | None = strawberry.field(
        description="When its last email, note, call, meeting or task was (null: none yet)."
    )
    row: strawberry.Private[DealRow]
    # The stage row when the mutation that answers the deal has read it already (moveDeal).
    stage_row: strawberry.Private[StageRow | None] = None

    is_type_of = served_by_rows(DealRow)

    @staticmethod
    def of(row: DealRow, *, stage: StageRow | None = None) -> Deal:
        return Deal(
            id=row.id,
            name=row.name,
            position=row.position,
            status=row.status,
            closed_at=row.closed_at,
            lost_reason=row.lost_reason,
            custom_fields=JSON(row.custom_fields),
            created_at=row.created_at,
            updated_at=row.updated_at,
            last_activity_at=row.last_activity_at,
            row=row,
            stage_row=stage,
        )

    @strawberry.field(description="The amount, if known.")
    def amount(self) -> Money | None:
        row = self.row
        if row.amount_micros is None or row.currency is None:
            return None
        return Money(amount_micros=str(row.amount_micros), currency=row.currency)

    @strawberry.field(description="Expected close date, YYYY-MM-DD.")
    def expected_close_date(self) -> str | None:
        value: date | None = self.row.expected_close_date
        return value.isoformat() if value else None

    @strawberry.field(description="The pipeline the deal is in.")
    async def pipeline(self, info: Info) -> Pipeline:
        return cast(Pipeline, await info.context.loaders.pipeline.load(self.row.pipeline_id))

    @strawberry.field(description="The stage the deal is in.")
    async def stage(self, info: Info) -> Stage:
        if self.stage_row is not None and self.stage_row.id == self.row.stage_id:
            return cast(Stage, self.stage_row)
        return cast(Stage, await info.context.loaders.stage.load(self.row.stage_id))

    @strawberry.field(description="The customer.")
    async def company(self, info: Info) -> Company | None:
        return await company_of(info, self.row.company_id)

    @strawberry.field(description="The member responsible for this deal.")
    async def owner(self, info: Info) -> Member | None:
        return await member_of(info, self.row.owner_id)

    @strawberry.field(description="The people involved, with their roles.")
    async def contacts(self, info: Info) -> list[DealContact]:
        links = await info.context.loaders.deal_contacts.load(self.row.id)
        return [DealContact(contact=cast(Contact, contact), role=link.role) for link, contact in links]

    @strawberry.field(description="Changes, stage moves, notes, tasks and emails about this deal, newest first.")
    async def timeline(self, info: Info, first: int | None = 20, after: str | None = None) -> ActivityConnection:
        return await timeline_of(info, self.row.id, first=first, after=after)


@connection_type(noun="deal", plural="deals", description="A page of deals.")
class DealConnection(Connection[Deal]):
    pass


@record_filter(plural="deals")
class DealFilter(RecordFilter):
    pipeline_id: UUIDFilter | None = strawberry.field(default=None, description="On the pipeline.")
    stage_id: UUIDFilter | None = strawberry.field(default=None, description="On the stage.")
    company_id: UUIDFilter | None = strawberry.field(default=None, description="On the company.")
    owner_id: UUIDFilter | None = strawberry.field(default=None, description="On the owner (a member id).")
    amount_micros: NumberFilter | None = strawberry.field(default=None, description="On the amount, in micros.")


DealOrder = record_order("Deal", "AMOUNT", "EXPECTED_CLOSE_DATE", "POSITION")


@strawberry.input(description="A deal's fields. On update, omitted fields stay as they are; null clears one.")
class DealInput:
    name: str | None = strawberry.field(default=strawberry.UNSET, description="Required on create.")
    amount: MoneyInput | None = strawberry.field(default=strawberry.UNSET, description="The deal's value.")
    pipeline_id: uuid.UUID | None = strawberry.field(
        default=strawberry.UNSET, description="Defaults to the default pipeline."
    )
    stage_id: uuid.UUID | None = strawberry.field(
        default=strawberry.UNSET, description="Defaults to its first open stage."
    )
    expected_close_date: str | None = strawberry.field(default=strawberry.UNSET, description="YYYY-MM-DD.")
    company_id: uuid.UUID | None = strawberry.field(default=strawberry.UNSET, description="The customer.")
    owner_id: uuid.UUID | None = strawberry.field(default=strawberry.UNSET, description="A member id; defaults to you.")
    lost_reason: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="Why it was lost (one of `lostReasons`, or your own words): only for a deal in a LOST stage.",
    )
    custom_fields: JSON | None = strawberry.field(
        default=strawberry.UNSET, description="Values by key; null unsets one."
    )


def _fields_of(value: DealInput) -> dict[str, Any]:
    """The fields the client sent, the amount as the service takes it."""
    fields = given(value)
    if isinstance(fields.get("amount"), MoneyInput):
        fields["amount"] = {"amountMicros": fields["amount"].amount_micros, "currency": fields["amount"].currency}
    return fields


async def deals_in_stage(
    info: Info, stage_id: uuid.UUID, *, first: int, after: str | None, filter: DealFilter | None
) -> DealConnection:
    connection: DealConnection = await DEALS.page(
        info, first=first, after=after, filter=filter, order_by=[], stage_id=stage_id
    )
    if filter is None:
        # The column holds every live deal of the stage: its count is the maintained one (Stage.dealCount).
        async def maintained_count() -> int:
            count, _ = await info.context.loaders.stage_totals.load(stage_id)
            return count

        connection.page = replace(connection.page, count=maintained_count)
    return connection


async def deals_of_company(
    info: Info, company_id: uuid.UUID, *, first: int | None, after: str | None
) -> DealConnection:
    """`Company.deals`: 20 a page unless told."""
    first = 20 if first is None else first
    return await DEALS.page(info, first=first, after=after, filter=None, order_by=[], company_id=company_id)


async def _deals_in_stage(session: AsyncSession, actor: Actor, *, filter: DealFilter | None, parent: Any) -> Listed:
    """A kanban column: the deals of the stage `parent` (a row in SQL), in position order."""
    return await service.deals_query(session, actor, filter=filter, order_by=[], stage_id=parent.id)


register_list("deals", service.deals_query)


async def _deals_of_company(session: AsyncSession, actor: Actor, *, filter: Any, parent: Any) -> Listed:
    return await service.deals_query(session, actor, filter=None, order_by=[], company_id=parent.id)


register_nested_list("Stage.deals", _deals_in_stage)
register_nested_list("Company.deals", _deals_of_company)


DEALS = RecordFields(
    Deal,
    DealConnection,
    DealInput,
    plural="deals",
    lister=service.list_deals,
    data=service.DealData,
    service=service,
    fields_of=_fields_of,
)
DealListQuery = DEALS.query(
    "Deals of the workspace, newest first unless ordered otherwise.", filter=DealFilter, order=DealOrder
)


@strawberry.type
class LostReasonQuery:
    @strawberry.field(
        description="The workspace's reasons a deal is lost, to choose from when one moves to a LOST stage.",
        permission_classes=[CanRead],
    )
    async def lost_reasons(self, info: Info) -> list[str]:
        return await as_actor(info, service.list_lost_reasons)


DealQuery = merge_types("DealQuery", (DealListQuery, LostReasonQuery))


@strawberry.type
class DealMutation:
    create_deal = DEALS.create("Creates a deal, at the end of its stage.")
    update_deal = DEALS.update("Changes a deal's fields (a new stage moves it to that column's end).")
    bulk_update_deals = DEALS.bulk_update(filter=DealFilter)
    bulk_delete_deals = DEALS.bulk_delete(filter=DealFilter)

    @strawberry.mutation(
        description="Moves a deal to a stage at a position (the kanban drag); without a position, to the column's end. "
        "Into a WON or LOST stage it closes the deal.",
        permission_classes=[CanWrite],
    )
    async def move_deal(
        self,
        info: Info,
        id: uuid.UUID,
        stage_id: uuid.UUID,
        position: float | None = None,
        lost_reason: str | None = None,
    ) -> Deal:
        row, stage = await as_actor(
            info, service.move_to_stage, deal_id=id, stage_id=stage_id, position=position, lost_reason=lost_reason
        )
        return Deal.of(row, stage=stage)

    @strawberry.mutation(
        description="Replaces the workspace's list of lost reasons (admins). Deals keep the reason they were given.",
        permission_classes=[CanManage],
    )
    async def set_lost_reasons(self, info: Info, reasons: list[str]) -> list[str]:
        return await as_actor(info, service.set_lost_reasons, reasons=reasons)

    delete_deal = DEALS.delete()
    restore_deal = DEALS.restore()

    @strawberry.mutation(
        description="Links a contact to a deal with a role, or changes the role.", permission_classes=[CanWrite]
    )
    async def set_deal_contact(
        self, info: Info, deal_id: uuid.UUID, contact_id: uuid.UUID, role: str | None = None
    ) -> Deal:
        data = validate(service.DealContactData, {"role": role.strip() if role else None})
        row = await as_actor(info, service.set_contact, deal_id=deal_id, contact_id=contact_id, data=data)
        return Deal.of(row)

    @strawberry.mutation(description="Unlinks a contact from a deal.", permission_classes=[CanWrite])
    async def remove_deal_contact(self, info: Info, deal_id: uuid.UUID, contact_id: uuid.UUID) -> Deal:
        row = await as_actor(info, service.remove_contact, deal_id=deal_id, contact_id=contact_id)
        return Deal.of(row)
