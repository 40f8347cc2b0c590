"""CSV import and export: an import reads a CSV another CRM exported and creates or updates records
through their own services (the same rules, events and timeline as the API), batch by batch, and
remembers what it did so it can be undone. An export writes a list, with its filter, to a CSV file."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.actor import Actor
from rapport.company import service as company_service
from rapport.contact import service as contact_service
from rapport.customfield import service as customfield_service
from rapport.deal import service as deal_service
from rapport.deal.service import DealData
from rapport.errors import AppError, BadUserInput, Conflict, found
from rapport.events import outbox
from rapport.events.outbox import JsonValue
from rapport.file import service as file_service
from rapport.importer import repository
from rapport.importer.csvfile import FIELDS
from rapport.importer.rows import CUSTOM, DealRow, ImportData, reason_of, to_input
from rapport.kit.clock import utcnow
from rapport.kit.ids import new_id
from rapport.kit.records import New
from rapport.kit.validation import validate
from rapport.models import (
    Company,
    Contact,
    DataJobState,
    Deal,
    ExportJob,
    File,
    ImportJob,
    ObjectType,
    Pipeline,
    Role,
    Stage,
)
from rapport.pipeline import service as pipeline_service
from rapport.workspace import service as workspace_service

UPSERT_KEYS = {ObjectType.CONTACT: "email", ObjectType.COMPANY: "domain", ObjectType.DEAL: "name"}
FINISHED = (DataJobState.SUCCEEDED, DataJobState.FAILED, DataJobState.CANCELLED, DataJobState.UNDONE)
# The columns a snapshot keeps for undo, per type.
SNAPSHOT = {
    ObjectType.CONTACT: ("first_name", "last_name", "emails", "phones", "job_title"),
    ObjectType.COMPANY: ("name", "domain", "industry", "employees"),
    ObjectType.DEAL: ("name", "amount_micros", "currency", "stage_id", "expected_close_date", "company_id", "owner_id"),
}


def check_mapping(
    object_type: ObjectType, mapping: object, upsert_by: str | None, custom_keys: Sequence[str] = ()
) -> dict[str, str]:
    """The mapping {column: field}, where a field is one of FIELDS or "custom:<key>" of a custom field."""
    if not isinstance(mapping, dict) or not mapping:
        raise BadUserInput("The mapping is an object of column -> field.", field_errors={("mapping",): "required"})
    allowed = (*FIELDS[object_type], *(f"{CUSTOM}{key}" for key in custom_keys))
    errors: dict[tuple[str | int, ...], str] = {}
    targets: list[str] = []
    for column, target in mapping.items():
        if not isinstance(target, str) or target not in allowed:
            errors[("mapping", str(column))] = f"one of {', '.join(allowed)}"
        else:
            targets.append(target)
    duplicated = {target for target in targets if targets.count(target) > 1}
    for column, target in mapping.items():
        if target in duplicated:
            errors[("mapping", str(column))] = f"{target} is mapped from more than one column"
    if upsert_by is not None and upsert_by != UPSERT_KEYS[object_type]:
        errors[("upsertBy",)] = f"{UPSERT_KEYS[object_type]}, or null to create only"
    if upsert_by is not None and UPSERT_KEYS[object_type] not in targets:
        errors[("upsertBy",)] = f"map a column to {UPSERT_KEYS[object_type]} to upsert by it"
    if object_type is ObjectType.DEAL and "name" not in targets:
        errors[("mapping",)] = "map a column to name: a deal needs one"
    if errors:
        raise BadUserInput("The mapping is not valid.", field_errors=errors)
    return {str(column): str(target) for column, target in mapping.items()}


async def start_import(
    session: AsyncSession,
    actor: Actor,
    *,
    file: File,
    object_type: ObjectType,
    mapping: object,
    upsert_by: str | None,
) -> ImportJob:
    """A QUEUED import of an uploaded CSV (the caller enqueues `importer.run` for it)."""
    actor.require(Role.MEMBER)
    if file.purpose != "import":
        raise BadUserInput("Upload the CSV to /api/v1/imports first.", field_errors={("fileId",): "not an import"})
    definitions = await customfield_service.definitions_by_key(session, actor, object_type)
    checked = check_mapping(object_type, mapping, upsert_by, sorted(definitions))
    return await repository.insert_import(
        session,
        {
            "id": new_id(),
            "workspace_id": actor.workspace_id,
            "file_id": file.id,
            "object_type": object_type,
            "state": DataJobState.QUEUED,
            "mapping": checked,
            "upsert_by": upsert_by,
            "created_by": actor.user_id,
        },
    )


async def get_import(
    session: AsyncSession, actor: Actor, *, import_id: uuid.UUID, for_update: bool = False
) -> ImportJob:
    actor.require(Role.VIEWER)
    return found(
        await repository.get_import(session, actor.workspace_id, import_id, for_update=for_update),
        "No import with this id.",
    )


async def update_import(session: AsyncSession, job: ImportJob, **values: object) -> ImportJob:
    return await repository.update_import(session, job, **values)


async def finish_import(
    session: AsyncSession,
    job: ImportJob,
    *,
    state: DataJobState,
    error: str | None = None,
    errors_file_id: uuid.UUID | None = None,
) -> ImportJob:
    """Ends an import (SUCCEEDED or FAILED) with its `import.finished` event, whose payload has the
    counts (what a notification or a webhook says about it)."""
    values: dict[str, object] = {"state": state, "finished_at": utcnow()}
    if error is not None:
        values["error"] = error
    if errors_file_id is not None:
        values["errors_file_id"] = errors_file_id
    job = await repository.update_import(session, job, **values)
    await outbox.record(
        session,
        workspace_id=job.workspace_id,
        type="import.finished",
        actor_user_id=job.created_by,
        payload=finished_payload(job),
    )
    return job


async def fail_stuck_imports(session: AsyncSession, *, stuck_seconds: int, limit: int) -> Sequence[ImportJob]:
    """For `importer.sweep` (system scope): fails the queued or running imports that have not moved for
    `stuck_seconds`, saying so; the batches they committed stay, and can be undone."""
    moved_before = utcnow() - timedelta(seconds=stuck_seconds)
    failed = []
    for job in await repository.stuck_imports(session, moved_before, limit):
        minutes = max(1, stuck_seconds // 60)
        reason = (
            f"The import stopped: nothing happened for {minutes} minutes (the worker running it was lost). "
            f"{job.processed_rows} rows were processed; undo the import or upload the rest again."
        )
        failed.append(await finish_import(session, job, state=DataJobState.FAILED, error=reason))
    return failed


async def expire_unstarted_uploads(session: AsyncSession, *, ttl_seconds: int, limit: int) -> tuple[int, int]:
    """For `importer.sweep` (system scope): deletes the CSVs uploaded for an import more than
    `ttl_seconds` ago that no import uses. Answers (deleted, looked at)."""
    files = await file_service.unclaimed_files(session, purpose="import", older_than_seconds=ttl_seconds, limit=limit)
    used = await repository.file_ids_with_imports(session, [file.id for file in files])
    unused = [file for file in files if file.id not in used]
    for file in unused:
        await file_service.discard(session, file=file)
    return len(unused), len(files)


def finished_payload(job: ImportJob) -> dict[str, JsonValue]:
    return {
        "id": str(job.id),
        "objectType": job.object_type.value,
        "state": job.state.value,
        "userId": str(job.created_by) if job.created_by else None,
        "totalRows": job.total_rows,
        "processedRows": job.processed_rows,
        "createdCount": job.created_count,
        "updatedCount": job.updated_count,
        "errorCount": job.error_count,
        "error": job.error,
        "errorsFileId": str(job.errors_file_id) if job.errors_file_id else None,
    }


@dataclass
class BatchResult:
    job: ImportJob
    created: int = 0
    updated: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)

    def refuse(self, number: int, cells: list[str], reason: str) -> None:
        self.errors.append(
            {
                "import_id": self.job.id,
                "row_number": number,
                "workspace_id": self.job.workspace_id,
                "reason": reason,
                "cells": cells,
            }
        )


def _snapshot(object_type: ObjectType, record: Contact | Company) -> dict[str, Any]:
    values: dict[str, Any] = {column: getattr(record, column) for column in SNAPSHOT[object_type]}
    values["custom_fields"] = record.custom_fields
    return values


def _update_input(object_type: ObjectType, data: ImportData, record: Contact | Company) -> ImportData:
    """The mapped values as an update: only what the row gives; a contact keeps its emails and
    gains the row's phone; custom fields the row gives are set, the others kept."""
    assert not isinstance(data, DealRow)
    given = {name: getattr(data, name) for name in data.model_fields_set}
    if isinstance(record, Contact):
        given.pop("emails", None)
        if "phones" in given:
            given["phones"] = list(dict.fromkeys([*record.phones, *given["phones"]]))
    return type(data).model_validate(given)


async def import_batch(
    session: AsyncSession,
    actor: Actor,
    *,
    job: ImportJob,
    columns: Sequence[str],
    rows: Sequence[tuple[int, list[str]]],
) -> BatchResult:
    """Imports one batch of (row number, cells): every row valid is written, the others are
    reported with why. Runs in the batch's transaction with the job's progress."""
    object_type = job.object_type
    mapping: Mapping[str, str] = job.mapping
    positions = {column: index for index, column in enumerate(columns)}
    missing = [column for column in mapping if column not in positions]
    if missing:
        raise BadUserInput(
            f"The file has no column {missing[0]!r}.", field_errors={("mapping", missing[0]): "no such column"}
        )
    result = BatchResult(job)
    definitions = await customfield_service.definitions_by_key(session, actor, object_type)

    refuse = result.refuse

    parsed: list[tuple[int, list[str], ImportData]] = []
    for number, cells in rows:
        if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns) :]):
            refuse(number, cells, f"The row has {len(cells)} cells; the header has {len(columns)}.")
            continue
        padded = cells + [""] * (len(columns) - len(cells))
        values = {target: padded[positions[column]].strip() for column, target in mapping.items()}
        try:
            parsed.append((number, cells, to_input(object_type, values, definitions)))
        except BadUserInput as error:
            refuse(number, cells, reason_of(error))

    if object_type is ObjectType.DEAL:
        await _import_deals(session, actor, job, [(n, c, d) for n, c, d in parsed if isinstance(d, DealRow)], result)
        await repository.add_records(session, result.records)
        await repository.add_row_errors(session, result.errors)
        return result

    key_of = _key_function(object_type)
    seen: dict[str, int] = {}
    unique: list[tuple[int, list[str], ImportData]] = []
    for number, cells, data in parsed:
        key = key_of(data)
        if key is not None and key in seen:
            refuse(number, cells, f"Row {seen[key]} has the same {UPSERT_KEYS[object_type]} ({key}).")
            continue
        if key is not None:
            seen[key] = number
        unique.append((number, cells, data))

    keys = [key for key in (key_of(data) for _, _, data in unique) if key is not None]
    existing: Mapping[str, Contact | Company] = {}
    if keys:
        if object_type is ObjectType.CONTACT:
            existing = await contact_service.find_by_emails(session, actor, emails=keys)
        else:
            existing = await company_service.find_by_domains(session, actor, domains=keys)

    records = result.records
    to_create: list[tuple[int, list[str], ImportData]] = []
    for number, cells, data in unique:
        key = key_of(data)
        record = existing.get(key) if key is not None else None
        if record is None:
            to_create.append((number, cells, data))
            continue
        if job.upsert_by is None:
            refuse(
                number,
                cells,
                f"A {object_type.value.lower()} with the {UPSERT_KEYS[object_type]} {key} exists already.",
            )
            continue
        before = _snapshot(object_type, record)
        try:
            async with session.begin_nested():
                update = _update_input(object_type, data, record)
                if isinstance(record, Contact):
                    await contact_service.update(session, actor, contact_id=record.id, data=update)  # type: ignore[arg-type]
                else:
                    await company_service.update(session, actor, company_id=record.id, data=update)  # type: ignore[arg-type]
        except AppError as error:
            refuse(number, cells, reason_of(error) if isinstance(error, BadUserInput) else error.message)
            continue
        result.updated += 1
        records.append(_record(job, record.id, "UPDATED", before))

    while to_create:
        try:
            async with session.begin_nested():
                created = await _create_many(session, actor, object_type, [data for _, _, data in to_create])
        except BadUserInput as error:
            failed = {path[1] for path in error.field_errors if len(path) > 1 and isinstance(path[1], int)}
            if not failed:
                raise
            for index in sorted(failed, reverse=True):
                number, cells, _ = to_create.pop(index)
                refuse(number, cells, reason_of(error))
            continue
        except Conflict as error:
            for number, cells, _ in to_create:
                refuse(number, cells, error.message)
            break
        created_keys = {key_of_record(object_type, record) for record in created}
        for number, cells, data in to_create:
            key = key_of(data)
            if object_type is ObjectType.COMPANY and key is not None and key not in created_keys:
                refuse(number, cells, f"A company with the domain {key} exists already.")
        result.created += len(created)
        records.extend(_record(job, record.id, "CREATED", None) for record in created)
        break

    await repository.add_records(session, records)
    await repository.add_row_errors(session, result.errors)
    return result


async def _import_deals(
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
                    result.records.append(_record(job, created.id, "CREATED", None))
                    result.created += 1
                else:
                    before = _deal_snapshot(deal)
                    update = DealData.model_validate({name: getattr(data, name) for name in data.model_fields_set})
                    await deal_service.update(session, actor, deal_id=deal.id, data=update)
                    result.records.append(_record(job, deal.id, "UPDATED", before))
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


def _deal_before(before: Mapping[str, Any]) -> DealData:
    values = {key: value for key, value in before.items() if key not in ("amount_micros", "currency")}
    values["amount"] = (
        {"amount_micros": before["amount_micros"], "currency": before["currency"]}
        if before.get("amount_micros") is not None
        else None
    )
    values["custom_fields"] = before.get("custom_fields") or {}
    return DealData.model_validate(values)


def _key_function(object_type: ObjectType) -> Any:
    def key(data: ImportData) -> str | None:
        if object_type is ObjectType.CONTACT:
            emails = getattr(data, "emails", None)
            return str(emails[0]) if emails else None
        domain = getattr(data, "domain", None)
        return str(domain) if domain else None

    return key


def key_of_record(object_type: ObjectType, record: Contact | Company) -> str | None:
    if isinstance(record, Contact):
        return record.emails[0] if record.emails else None
    return record.domain


def _record(job: ImportJob, record_id: uuid.UUID, action: str, before: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "import_id": job.id,
        "record_id": record_id,
        "workspace_id": job.workspace_id,
        "action": action,
        "before": before,
    }


async def _create_many(
    session: AsyncSession, actor: Actor, object_type: ObjectType, items: Sequence[ImportData]
) -> Sequence[Contact | Company]:
    if object_type is ObjectType.CONTACT:
        return await contact_service.create_many(
            session,
            actor,
            contacts=[New(item) for item in items if isinstance(item, contact_service.ContactData)],
            source="import",
        )
    return await company_service.create_many(
        session,
        actor,
        companies=[New(item) for item in items if isinstance(item, company_service.CompanyData)],
        source="import",
        skip_taken_domains=True,
    )


async def row_errors(session: AsyncSession, actor: Actor, *, job: ImportJob) -> Sequence[tuple[int, str, list[str]]]:
    return [
        (e.row_number, e.reason, e.cells) for e in await repository.row_errors_of(session, actor.workspace_id, job.id)
    ]


async def undo(session: AsyncSession, actor: Actor, *, job: ImportJob) -> ImportJob:
    """Deletes (to the trash) the records the import created and gives the ones it updated their
    earlier values back; the import ends UNDONE. Runs in one transaction: all or nothing."""
    actor.require(Role.MEMBER)
    if job.state is DataJobState.UNDONE:
        return job
    if job.state not in (DataJobState.SUCCEEDED, DataJobState.FAILED):
        raise Conflict("An import can be undone once it has finished.")
    for record in await repository.records_of(session, actor.workspace_id, job.id):
        try:
            if record.action == "CREATED":
                if job.object_type is ObjectType.CONTACT:
                    await contact_service.delete(session, actor, id=record.record_id)
                elif job.object_type is ObjectType.DEAL:
                    await deal_service.delete(session, actor, id=record.record_id)
                else:
                    await company_service.delete(session, actor, id=record.record_id)
            elif record.before is not None and job.object_type is ObjectType.DEAL:
                await deal_service.update(session, actor, deal_id=record.record_id, data=_deal_before(record.before))
            elif record.before is not None:
                before = {key: value for key, value in record.before.items() if key != "custom_fields"}
                before["custom_fields"] = record.before.get("custom_fields") or {}
                if job.object_type is ObjectType.CONTACT:
                    await contact_service.update(
                        session,
                        actor,
                        contact_id=record.record_id,
                        data=contact_service.ContactData.model_validate(before),
                    )
                else:
                    await company_service.update(
                        session,
                        actor,
                        company_id=record.record_id,
                        data=company_service.CompanyData.model_validate(before),
                    )
        except AppError as error:
            if error.code != "NOT_FOUND":  # deleted since: nothing to undo for it
                raise
    return await repository.update_import(session, job, state=DataJobState.UNDONE, finished_at=utcnow())


# ---------- export ----------


async def start_export(
    session: AsyncSession, actor: Actor, *, object_type: ObjectType, filter: dict[str, Any] | None
) -> ExportJob:
    actor.require(Role.VIEWER)
    return await repository.insert_export(
        session,
        {
            "id": new_id(),
            "workspace_id": actor.workspace_id,
            "object_type": object_type,
            "state": DataJobState.QUEUED,
            "filter": filter,
            "created_by": actor.user_id,
        },
    )


async def get_export(session: AsyncSession, actor: Actor, *, export_id: uuid.UUID) -> ExportJob:
    actor.require(Role.VIEWER)
    return found(await repository.get_export(session, actor.workspace_id, export_id), "No export with this id.")


async def update_export(session: AsyncSession, job: ExportJob, **values: object) -> ExportJob:
    return await repository.update_export(session, job, **values)
