"""Deals: opportunities moving through a pipeline's stages. Moving a deal into a WON or LOST stage
closes it; moving it back to an OPEN stage reopens it."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from pydantic import Field, field_validator
from sqlalchemy import Select, cast
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Float

from rapport.activity import service as activity_service
from rapport.auth.actor import Actor
from rapport.customfield import service as customfield_service
from rapport.deal import repository
from rapport.errors import BadUserInput, NotFound
from rapport.events.outbox import JsonValue
from rapport.kit import records
from rapport.kit.filters import (
    Filter,
    Path,
    number_condition,
    uuid_condition,
)
from rapport.kit.ids import new_id
from rapport.kit.listing import Direction, Order, ScopeId, SortKey
from rapport.kit.rows import NOW
from rapport.kit.validation import InputModel
from rapport.models import ActivityKind, Contact, Deal, ObjectType, Role, Stage, StageKind
from rapport.pipeline import service as pipeline_service

CURRENCY = re.compile(r"^[A-Z]{3}$")
MAX_MICROS = 10**18
FIELDS = {
    "name": "name",
    "amount_micros": "amountMicros",
    "currency": "currency",
    "pipeline_id": "pipelineId",
    "stage_id": "stageId",
    "expected_close_date": "expectedCloseDate",
    "company_id": "companyId",
    "owner_id": "ownerId",
    "lost_reason": "lostReason",
}
MAX_LOST_REASONS = 30


class MoneyData(InputModel):
    amount_micros: int = Field(ge=-MAX_MICROS, le=MAX_MICROS)
    currency: str

    @field_validator("amount_micros", mode="before")
    @classmethod
    def _integer_string(cls, value: object) -> object:
        if isinstance(value, str) and not re.fullmatch(r"-?\d{1,19}", value.strip()):
            raise ValueError("must be an integer, as a string")
        return value

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str) -> str:
        if not CURRENCY.match(value.upper()):
            raise ValueError("must be a three-letter ISO 4217 code")
        return value.upper()


class DealData(InputModel):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    amount: MoneyData | None = None
    pipeline_id: uuid.UUID | None = None
    stage_id: uuid.UUID | None = None
    expected_close_date: date | None = None
    company_id: uuid.UUID | None = None
    owner_id: uuid.UUID | None = None
    lost_reason: str | None = Field(default=None, max_length=300)
    custom_fields: dict[str, Any] | None = None

    @field_validator("lost_reason")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("expected_close_date", mode="before")
    @classmethod
    def _date(cls, value: object) -> object:
        if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError("must be a date as YYYY-MM-DD")
        return value


class DealContactData(InputModel):
    role: str | None = Field(default=None, max_length=100)


def _column_values(data: DealData) -> dict[str, Any]:
    values: dict[str, Any] = {
        f: getattr(data, f)
        for f in ("name", "expected_close_date", "company_id", "owner_id", "lost_reason")
        if f in data.model_fields_set
    }
    if "amount" in data.model_fields_set:
        values["amount_micros"] = data.amount.amount_micros if data.amount else None
        values["currency"] = data.amount.currency if data.amount else None
    return values


def _closing(stage: Stage) -> dict[str, Any]:
    if stage.kind == StageKind.OPEN:
        return {"status": StageKind.OPEN, "closed_at": None}
    return {"status": stage.kind, "closed_at": NOW}


async def _target_stage(session: AsyncSession, actor: Actor, data: DealData, current: Deal | None) -> Stage | None:
    """The stage a create or update puts the deal in; None when it stays where it is."""
    if data.stage_id is not None:
        stage = await pipeline_service.get_stage(session, actor, stage_id=data.stage_id)
        if data.pipeline_id is not None and stage.pipeline_id != data.pipeline_id:
            raise BadUserInput(
                "The stage is not in that pipeline.", field_errors={("input", "stageId"): "not in pipelineId"}
            )
        return stage
    if data.pipeline_id is not None:
        if current is not None and current.pipeline_id == data.pipeline_id:
            return None
        pipeline = await pipeline_service.get(session, actor, pipeline_id=data.pipeline_id)
        return await pipeline_service.first_open_stage(session, actor, pipeline.id)
    if current is None:
        pipeline = await pipeline_service.default_pipeline(session, actor)
        return await pipeline_service.first_open_stage(session, actor, pipeline.id)
    return None


async def create(session: AsyncSession, actor: Actor, *, data: DealData, path: Path = ("input",)) -> Deal:
    actor.require(Role.MEMBER)
    RECORDS.require_name(data.name, path)
    values = await RECORDS.new_values(session, actor, _column_values(data))
    stage = await _target_stage(session, actor, data, None)
    assert stage is not None
    _check_lost_reason(values, stage, path)
    custom = await RECORDS.custom_fields_of_new(session, actor, data.custom_fields, path=path)
    deal = await records.insert_one(
        session,
        Deal,
        {
            "id": new_id(),
            "workspace_id": actor.workspace_id,
            **values,
            "pipeline_id": stage.pipeline_id,
            "stage_id": stage.id,
            "position": await repository.end_of_stage(session, actor.workspace_id, stage.id),
            **_closing(stage),
            "custom_fields": custom,
        },
    )
    await _log(
        session,
        actor,
        deal=deal,
        kind=ActivityKind.CREATED,
        summary=f"Created deal {deal.name} in {stage.name}",
        event="created",
    )
    return deal


async def update(session: AsyncSession, actor: Actor, *, deal_id: uuid.UUID, data: DealData) -> Deal:
    deal = await RECORDS.for_update(session, actor, id=deal_id)
    path: Path = ("input",)
    if "name" in data.model_fields_set:
        RECORDS.require_name(data.name, path)
    values = _column_values(data)
    await records.check_references(session, actor.workspace_id, values)
    stage = await _target_stage(session, actor, data, deal)
    if "lost_reason" in values:
        lands = stage or await pipeline_service.get_stage(session, actor, stage_id=deal.stage_id)
        _check_lost_reason(values, lands, path)
    if stage is not None and stage.id != deal.stage_id:
        deal = await move(
            session,
            actor,
            deal_id=deal.id,
            stage_id=stage.id,
            position=None,
            lost_reason=values.pop("lost_reason", None),
        )
    return await RECORDS.update(session, actor, deal, values, data, fields=FIELDS)


def _check_lost_reason(values: dict[str, Any], stage: Stage, path: Path) -> None:
    """A lost reason is for a deal in a LOST stage."""
    if values.get("lost_reason") is not None and stage.kind != StageKind.LOST:
        raise BadUserInput(
            "Only a lost deal has a lost reason.",
            field_errors={(*path, "lostReason"): "Only a lost deal has a lost reason"},
        )


async def move(
    session: AsyncSession,
    actor: Actor,
    *,
    deal_id: uuid.UUID,
    stage_id: uuid.UUID,
    position: float | None,
    lost_reason: str | None = None,
) -> Deal:
    """The kanban drag: into a stage (of any pipeline of the workspace) at a position, or at its end.
    Into a LOST stage it keeps `lost_reason` (a deal leaving a LOST stage loses its reason)."""
    moved, _ = await move_to_stage(
        session, actor, deal_id=deal_id, stage_id=stage_id, position=position, lost_reason=lost_reason
    )
    return moved


async def move_to_stage(
    session: AsyncSession,
    actor: Actor,
    *,
    deal_id: uuid.UUID,
    stage_id: uuid.UUID,
    position: float | None,
    lost_reason: str | None = None,
) -> tuple[Deal, Stage]:
    """`move`, answering the stage the deal is in now too (read by the move: the answer needs no other)."""
    actor.require(Role.MEMBER)
    if position is not None and not (-1e15 < position < 1e15):
        raise BadUserInput("The position is out of range.", field_errors={("position",): "out of range"})
    lost_reason = lost_reason.strip() or None if lost_reason is not None else None
    if lost_reason is not None and len(lost_reason) > 300:
        raise BadUserInput(
            "Keep the lost reason under 300 characters.",
            field_errors={("lostReason",): "Keep the lost reason under 300 characters"},
        )
    # The deal (locked), the stage it is in and the one it goes to, in one statement; then the change,
    # its timeline entry and its event in another.
    found = await repository.get_for_move(session, actor.workspace_id, deal_id, stage_id)
    if found is None:
        raise NotFound("No deal with this id in this workspace.")
    deal, previous, stage = found
    if stage is None:
        raise NotFound("No stage with this id in this workspace.")
    if lost_reason is not None and stage.kind != StageKind.LOST:
        raise BadUserInput(
            "Only a lost deal has a lost reason.", field_errors={("lostReason",): "Only a lost deal has a lost reason"}
        )
    values: dict[str, Any] = {
        "position": position if position is not None else repository.end_of_stage_position(actor.workspace_id, stage.id)
    }
    if stage.id == deal.stage_id:
        # A move within its column: no timeline entry, but the event, so other boards show the new order.
        event = activity_service.emitted(
            actor,
            type="deal.reordered",
            payload={"id": str(deal.id), "fromStageId": str(stage.id), "toStageId": str(stage.id)},
        )
        return await records.update_one(session, Deal, deal, values, also=event), stage
    previous_reason = deal.lost_reason
    values |= {"stage_id": stage.id, "pipeline_id": stage.pipeline_id, "lost_reason": lost_reason} | _closing(stage)
    changes: dict[str, object] = {"stage": {"from": previous.name, "to": stage.name}}
    if previous.kind != stage.kind:
        changes["status"] = {"from": previous.kind.value, "to": stage.kind.value}
    if previous_reason != lost_reason:
        changes["lostReason"] = {"from": previous_reason, "to": lost_reason}
    logged = activity_service.logged(
        actor,
        kind=ActivityKind.STAGE_CHANGED,
        subject_type="deal",
        subject_id=deal.id,
        summary=f"Moved from {previous.name} to {stage.name}" + (f": {lost_reason}" if lost_reason else ""),
        event="deal.stage_changed",
        payload={
            "id": str(deal.id),
            "fromStageId": str(previous.id),
            "toStageId": str(stage.id),
            "status": stage.kind.value,
            "lostReason": lost_reason,
        },
        changes=changes,
    )
    return await records.update_one(session, Deal, deal, values, also=logged), stage


async def set_contact(
    session: AsyncSession, actor: Actor, *, deal_id: uuid.UUID, contact_id: uuid.UUID, data: DealContactData
) -> Deal:
    actor.require(Role.MEMBER)
    deal = await get(session, actor, id=deal_id)
    contact = await records.get(session, Contact, actor.workspace_id, contact_id)
    if contact is None:
        raise NotFound("No contact with this id in this workspace.")
    await repository.upsert_contact(
        session, {"workspace_id": actor.workspace_id, "deal_id": deal.id, "contact_id": contact.id, "role": data.role}
    )
    role = f" as {data.role}" if data.role else ""
    await _log(
        session,
        actor,
        deal=deal,
        kind=ActivityKind.UPDATED,
        summary=f"Linked {contact.name}{role}",
        event="contact_set",
        payload={"contactId": str(contact.id), "role": data.role},
        changes={"contacts": {"from": None, "to": {"contactId": str(contact.id), "role": data.role}}},
    )
    return deal


async def remove_contact(session: AsyncSession, actor: Actor, *, deal_id: uuid.UUID, contact_id: uuid.UUID) -> Deal:
    actor.require(Role.MEMBER)
    deal = await get(session, actor, id=deal_id)
    if not await repository.remove_contact(session, actor.workspace_id, deal.id, contact_id):
        raise NotFound("This contact is not linked to this deal.")
    await _log(
        session,
        actor,
        deal=deal,
        kind=ActivityKind.UPDATED,
        summary="Unlinked a contact",
        event="contact_removed",
        payload={"contactId": str(contact_id)},
        changes={"contacts": {"from": {"contactId": str(contact_id)}, "to": None}},
    )
    return deal


async def _log(
    session: AsyncSession,
    actor: Actor,
    *,
    deal: Deal,
    kind: ActivityKind,
    summary: str,
    event: str,
    payload: Mapping[str, JsonValue] | None = None,
    changes: dict[str, object] | None = None,
) -> None:
    """A timeline entry about `deal` and its `deal.<event>` event, whose payload starts with the deal's id."""
    await activity_service.log_change(
        session,
        actor,
        kind=kind,
        subject_type="deal",
        subject_id=deal.id,
        summary=summary,
        event=f"deal.{event}",
        payload={"id": str(deal.id), **(payload or {})},
        changes=changes,
    )


RECORDS = activity_service.Records(Deal, "deal", label=lambda deal: deal.name)
get, delete, restore = RECORDS.get, RECORDS.delete, RECORDS.restore


async def find_by_names(
    session: AsyncSession, actor: Actor, *, names: Sequence[str]
) -> dict[tuple[str, uuid.UUID | None], Deal]:
    """The live deal for each (lower-cased name, company id) among deals named one of `names` (the
    oldest when several are): a deal's name is unique enough within its company."""
    found: dict[tuple[str, uuid.UUID | None], Deal] = {}
    for deal in await records.list_named(session, Deal, Deal.name, actor.workspace_id, names):
        found.setdefault((deal.name.lower(), deal.company_id), deal)
    return found


LIST = records.list_spec(
    Deal,
    ObjectType.DEAL,
    name=Deal.name,
    filters={
        "pipeline_id": lambda f: uuid_condition(Deal.pipeline_id, f),
        "stage_id": lambda f: uuid_condition(Deal.stage_id, f),
        "company_id": lambda f: uuid_condition(Deal.company_id, f),
        "owner_id": lambda f: uuid_condition(Deal.owner_id, f),
        "amount_micros": lambda f: number_condition(cast(Deal.amount_micros, Float), f),
    },
    sorts={
        "AMOUNT": lambda direction: SortKey(Deal.amount_micros, direction),
        "EXPECTED_CLOSE_DATE": lambda direction: SortKey(Deal.expected_close_date, direction, str, date.fromisoformat),
        "POSITION": lambda direction: SortKey(Deal.position, direction),
    },
    default_order=("CREATED_AT", Direction.DESC_NULLS_LAST),
)
# A stage's column (the kanban) is in position order.
STAGE_ORDER = ("POSITION", Direction.ASC_NULLS_LAST)


async def deals_query(
    session: AsyncSession,
    actor: Actor,
    *,
    filter: Filter | None,
    order_by: Sequence[Order],
    stage_id: ScopeId | None = None,
    company_id: ScopeId | None = None,
) -> tuple[Select[Deal], list[SortKey]]:
    """The filtered deals and the sort keys of a list."""
    condition, keys = await customfield_service.list_conditions(
        session,
        actor,
        LIST,
        filter=filter,
        order_by=order_by,
        default_order=STAGE_ORDER if stage_id is not None else None,
    )
    query = repository.list_query(actor.workspace_id, condition)
    if stage_id is not None:
        query = query.where(Deal.stage_id == stage_id)
    if company_id is not None:
        query = query.where(Deal.company_id == company_id)
    return query, keys


list_deals = records.paged(deals_query, Deal)


def _bulk_data(columns: dict[str, object], custom: dict[str, object] | None) -> DealData:
    """An update's data that gives a deal `columns` (its amount as amount_micros and currency, both)
    and `custom` fields back (a bulk change's undo)."""
    values: dict[str, object] = {k: v for k, v in columns.items() if k not in ("amount_micros", "currency")}
    if "amount_micros" in columns:
        micros = columns["amount_micros"]
        values["amount"] = None if micros is None else {"amount_micros": micros, "currency": columns["currency"]}
    if custom is not None:
        values["custom_fields"] = custom
    return DealData.model_validate(values)


BULK = RECORDS.bulk_kind(
    columns=FIELDS,
    query=deals_query,
    update=update,
    data_of=_bulk_data,
    together=(("amount_micros", "currency"), ("pipeline_id", "stage_id")),
)
bulk_update, bulk_delete = BULK.bulk_update, BULK.bulk_delete


async def move_contact_roles(
    session: AsyncSession, actor: Actor, *, from_id: uuid.UUID, to_id: uuid.UUID
) -> list[dict[str, Any]]:
    """A contact merge: the merged contact's deal roles pass to the primary (the primary's own role
    wins on a deal they share), with a `deal.contacts_merged` event per deal. Answers what moved."""
    actor.require(Role.MEMBER)
    moved = await repository.move_contact_roles(session, actor.workspace_id, from_id=from_id, to_id=to_id)
    await _deal_events(session, actor, [str(row["dealId"]) for row in moved], "contact")
    return moved


async def restore_contact_roles(
    session: AsyncSession, actor: Actor, *, contact_id: uuid.UUID, from_id: uuid.UUID, moved: list[dict[str, Any]]
) -> None:
    """Undoes `move_contact_roles` (answered `moved`): the contact back on its deals with its roles."""
    actor.require(Role.MEMBER)
    await repository.restore_contact_roles(
        session, actor.workspace_id, contact_id=contact_id, from_id=from_id, moved=moved
    )
    await _deal_events(session, actor, [str(row["dealId"]) for row in moved], "contact")


async def move_company(
    session: AsyncSession, actor: Actor, *, from_id: uuid.UUID, to_id: uuid.UUID, only: Sequence[str] | None = None
) -> list[str]:
    """A company merge moves the merged company's deals to the primary (its undo moves `only` those
    back), with a `deal.updated` event each. Answers the deals moved."""
    actor.require(Role.MEMBER)
    moved = await repository.move_company(session, actor.workspace_id, from_id=from_id, to_id=to_id, ids=only)
    await _deal_events(session, actor, moved, "company")
    return moved


async def _deal_events(session: AsyncSession, actor: Actor, deal_ids: Sequence[str], changed: str) -> None:
    await activity_service.record_many(
        session,
        workspace_id=actor.workspace_id,
        entries=[],
        events=[
            activity_service.Event(
                "deal.updated",
                {"id": deal_id, "changed": ["contacts" if changed == "contact" else "companyId"]},
                actor.user_id,
            )
            for deal_id in deal_ids
        ],
    )


async def list_lost_reasons(session: AsyncSession, actor: Actor) -> list[str]:
    """The workspace's reasons a deal is lost, in their order."""
    actor.require(Role.VIEWER)
    return await repository.list_lost_reasons(session, actor.workspace_id)


async def set_lost_reasons(session: AsyncSession, actor: Actor, *, reasons: Sequence[str]) -> list[str]:
    """Replaces the workspace's list of lost reasons (admins); deals keep the reason they were given."""
    actor.require(Role.ADMIN)
    cleaned = [reason.strip() for reason in reasons]
    errors: dict[Path, str] = {}
    seen: set[str] = set()
    for index, reason in enumerate(cleaned):
        if not reason:
            errors[("reasons", index)] = "Enter a reason"
        elif len(reason) > 100:
            errors[("reasons", index)] = "Keep a reason under 100 characters"
        elif reason.lower() in seen:
            errors[("reasons", index)] = "This reason is already in the list"
        seen.add(reason.lower())
    if len(cleaned) > MAX_LOST_REASONS:
        errors[("reasons",)] = f"At most {MAX_LOST_REASONS} reasons"
    if errors:
        raise BadUserInput("Some reasons are not valid.", field_errors=errors)
    await repository.replace_lost_reasons(session, actor.workspace_id, cleaned)
    return cleaned
