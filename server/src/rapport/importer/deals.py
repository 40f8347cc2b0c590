"""Deal rows of an import: what they name (pipeline and stage, company, owner) found once per batch,
then each deal created or updated through the deal service."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.actor import Actor
from rapport.company import service as company_service
from rapport.deal import service as deal_service
from rapport.deal.service import DealData
from rapport.errors import AppError, BadUserInput
from rapport.importer.batch import BatchResult, record_row
from rapport.importer.rows import DealRow, reason_of
from rapport.kit.validation import validate
from rapport.models import Company, Deal, ImportJob, Pipeline, Stage
from rapport.pipeline import service as pipeline_service
from rapport.workspace import service as workspace_service


async def import_deals(
    session: AsyncSession,
    actor: Actor,
    job: ImportJob,
    rows: Sequence[tuple[int, list[str], DealRow]],
    result: BatchResult,
) -> None:
    """Deals one by one through the deal service (each in a savepoint): the pipeline and stage by name
    (the default pipeline and its first open stage when not given), the company by domain or name,
    the owner by a member's email; upserted by name within the company."""
    resolver = await DealResolver.load(session, actor, rows=[data for _, _, data in rows])
    resolved: list[tuple[int, list[str], DealRow, DealData, uuid.UUID | None]] = []
    seen: dict[tuple[str, uuid.UUID | None], int] = {}
    for number, cells, row in rows:
        try:
            data, company_id = await resolver.resolve(session, actor, row)
        except BadUserInput as error:
            result.refuse(number, cells, reason_of(error))
            continue
        key = (row.name.lower(), company_id)
        if key in seen:
            result.refuse(number, cells, f"Row {seen[key]} has the same deal name ({row.name}) for the same company.")
            continue
        seen[key] = number
        resolved.append((number, cells, row, data, company_id))
    existing = await deal_service.find_by_names(session, actor, names=[row.name for _, _, row, _, _ in resolved])
    for number, cells, row, data, company_id in resolved:
        deal = existing.get((row.name.lower(), company_id))
        if deal is not None and job.upsert_by is None:
            result.refuse(number, cells, f"A deal named {row.name} exists already for this company.")
            continue
        try:
            async with session.begin_nested():
                if deal is None:
                    created = await deal_service.create(session, actor, data=data)
                    result.records.append(record_row(job, created.id, "CREATED", None))
                    result.created += 1
                else:
                    before = _deal_snapshot(deal)
                    update = DealData.model_validate({name: getattr(data, name) for name in data.model_fields_set})
                    await deal_service.update(session, actor, deal_id=deal.id, data=update)
                    result.records.append(record_row(job, deal.id, "UPDATED", before))
                    result.updated += 1
        except AppError as error:
            result.refuse(number, cells, reason_of(error) if isinstance(error, BadUserInput) else error.message)


@dataclass
class DealResolver:
    """What a batch of deal rows names, found once per batch."""

    pipelines: dict[str, Pipeline]
    default_pipeline: Pipeline
    stages: dict[uuid.UUID, list[Stage]]
    companies_by_domain: dict[str, Company]
    companies_by_name: dict[str, Company]
    owners: dict[str, uuid.UUID]

    @classmethod
    async def load(cls, session: AsyncSession, actor: Actor, *, rows: Sequence[DealRow]) -> DealResolver:
        named = [row.company for row in rows if row.company]
        domains = [_domain_of(name) for name in named if _looks_like_domain(name)]
        members = await workspace_service.member_emails(session, actor)
        return cls(
            pipelines={p.name.lower(): p for p in await pipeline_service.list_pipelines(session, actor)},
            default_pipeline=await pipeline_service.default_pipeline(session, actor),
            stages={},
            companies_by_domain=await company_service.find_by_domains(session, actor, domains=domains),
            companies_by_name=await company_service.find_by_names(session, actor, names=named),
            owners={email: member_id for member_id, email in members.items()},
        )

    async def resolve(self, session: AsyncSession, actor: Actor, row: DealRow) -> tuple[DealData, uuid.UUID | None]:
        pipeline = self.default_pipeline
        if row.pipeline:
            found_pipeline = self.pipelines.get(row.pipeline.lower())
            if found_pipeline is None:
                raise _unknown("pipeline", f"no pipeline named {row.pipeline!r}")
            pipeline = found_pipeline
        values: dict[str, object] = {"name": row.name, "pipelineId": pipeline.id}
        if row.stage:
            if pipeline.id not in self.stages:
                self.stages[pipeline.id] = list(
                    await pipeline_service.list_stages(session, actor, pipeline_id=pipeline.id)
                )
            stage = next((s for s in self.stages[pipeline.id] if s.name.lower() == row.stage.lower()), None)
            if stage is None:
                raise _unknown("stage", f"no stage named {row.stage!r} in the pipeline {pipeline.name}")
            values["stageId"] = stage.id
        company_id = None
        if row.company:
            company = None
            if _looks_like_domain(row.company):
                company = self.companies_by_domain.get(_domain_of(row.company))
            company = company or self.companies_by_name.get(row.company.lower())
            if company is None:
                raise _unknown("company", f"no company named {row.company!r} (by name or domain)")
            company_id = values["companyId"] = company.id
        if row.owner:
            owner = self.owners.get(row.owner)
            if owner is None:
                raise _unknown("owner", f"no member with the email {row.owner}")
            values["ownerId"] = owner
        if row.amount_micros is not None:
            values["amount"] = {"amountMicros": row.amount_micros, "currency": row.currency}
        if row.expected_close_date:
            values["expectedCloseDate"] = row.expected_close_date
        if row.custom_fields:
            values["customFields"] = row.custom_fields
        return validate(DealData, values), company_id


def _unknown(field_name: str, message: str) -> BadUserInput:
    return BadUserInput("Some fields are not valid.", field_errors={(field_name,): message})


def _looks_like_domain(text: str) -> bool:
    return "." in text and " " not in text.strip()


def _domain_of(text: str) -> str:
    cleaned = text.strip().lower()
    if "://" in cleaned:
        cleaned = cleaned.split("://", 1)[1]
    return cleaned.split("/", 1)[0].removeprefix("www.")


def _deal_snapshot(deal: Deal) -> dict[str, Any]:
    return {
        "name": deal.name,
        "amount_micros": None if deal.amount_micros is None else str(deal.amount_micros),
        "currency": deal.currency,
        "stage_id": str(deal.stage_id),
        "expected_close_date": deal.expected_close_date.isoformat() if deal.expected_close_date else None,
        "company_id": str(deal.company_id) if deal.company_id else None,
        "owner_id": str(deal.owner_id) if deal.owner_id else None,
        "custom_fields": deal.custom_fields,
    }


def before_values(before: Mapping[str, Any]) -> DealData:
    values = {key: value for key, value in before.items() if key not in ("amount_micros", "currency")}
    values["amount"] = (
        {"amount_micros": before["amount_micros"], "currency": before["currency"]}
        if before.get("amount_micros") is not None
        else None
    )
    values["custom_fields"] = before.get("custom_fields") or {}
    return DealData.model_validate(values)
