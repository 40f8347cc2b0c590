"""CSV import and export: an import reads a CSV another CRM exported and creates or updates records
through their own services (the same rules, events and timeline as the API), batch by batch, and
remembers what it did so it can be undone. An export writes a list, with its filter, to a CSV file."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.audit import service as audit_service
from rapport.audit.service import AuditAction
from rapport.auth.actor import Actor
from rapport.company import service as company_service
from rapport.contact import service as contact_service
from rapport.customfield import service as customfield_service
from rapport.deal import service as deal_service
from rapport.errors import AppError, BadUserInput, Conflict, found
from rapport.events import outbox
from rapport.events.outbox import JsonValue
from rapport.file import service as file_service
from rapport.importer import deals, repository
from rapport.importer.batch import BatchResult, record_row
from rapport.importer.csvfile import FIELDS
from rapport.importer.rows import CUSTOM, DealRow, ImportData, reason_of, to_inputs
from rapport.kit.clock import utcnow
from rapport.kit.ids import new_id
from rapport.kit.records import New, Written
from rapport.models import (
    Company,
    Contact,
    DataJobState,
    ExportJob,
    File,
    ImportJob,
    ObjectType,
    Role,
)

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
    """Changes an import's row while it runs; `finish_import` ends it (with its event)."""
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
        # The worker ends it, not the member who started it (`userId` in the payload): that member is
        # told by a notification, which nobody gets for their own actions.
        actor_user_id=None,
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


async def running_imports(session: AsyncSession, *, limit: int) -> Sequence[tuple[uuid.UUID, uuid.UUID]]:
    """For `importer.resume` (system scope): (workspace, import) of the RUNNING imports, oldest first."""
    return await repository.running_imports(session, limit)


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

    candidates: list[tuple[int, list[str], dict[str, str]]] = []
    for number, cells in rows:
        if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns) :]):
            refuse(number, cells, f"The row has {len(cells)} cells; the header has {len(columns)}.")
            continue
        padded = cells + [""] * (len(columns) - len(cells))
        values = {target: padded[positions[column]].strip() for column, target in mapping.items()}
        candidates.append((number, cells, values))
    parsed: list[tuple[int, list[str], ImportData]] = []
    inputs = to_inputs(object_type, [values for _, _, values in candidates], definitions)
    for (number, cells, _), data in zip(candidates, inputs, strict=True):
        if isinstance(data, BadUserInput):
            refuse(number, cells, reason_of(data))
        else:
            parsed.append((number, cells, data))

    if object_type is ObjectType.DEAL:
        await deals.import_deals(
            session, actor, job, [(n, c, d) for n, c, d in parsed if isinstance(d, DealRow)], result
        )
        await repository.add_records(session, result.records)
        await repository.add_row_errors(session, result.errors)
        return result

    key_of = _key_function(object_type)
    seen: dict[str, int] = {}
    unique: list[tuple[int, list[str], ImportData]] = []
    keys: list[str] = []
    row_keys: dict[int, str | None] = {}
    for number, cells, data in parsed:
        key = row_keys[number] = key_of(data)
        if key is not None and key in seen:
            refuse(number, cells, f"Row {seen[key]} has the same {UPSERT_KEYS[object_type]} ({key}).")
            continue
        if key is not None:
            seen[key] = number
            keys.append(key)
        unique.append((number, cells, data))

    existing: Mapping[str, Contact | Company] = {}
    if keys:
        if object_type is ObjectType.CONTACT:
            existing = await contact_service.find_by_emails(session, actor, emails=keys)
        else:
            existing = await company_service.find_by_domains(session, actor, domains=keys)

    records = result.records
    to_create: list[tuple[int, list[str], ImportData]] = []
    for number, cells, data in unique:
        key = row_keys[number]
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
        records.append(record_row(job, record.id, "UPDATED", before))

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
        # Companies whose domain a live company took meanwhile were skipped (not in `created`).
        created_keys = {key_of(record.data) for record in created} if object_type is ObjectType.COMPANY else set()
        for number, cells, _ in to_create:
            key = row_keys[number]
            if object_type is ObjectType.COMPANY and key is not None and key not in created_keys:
                refuse(number, cells, f"A company with the domain {key} exists already.")
        result.created += len(created)
        records.extend(record_row(job, record.id, "CREATED", None) for record in created)
        break

    await repository.add_records(session, records)
    await repository.add_row_errors(session, result.errors)
    return result


def _key_function(object_type: ObjectType) -> Any:
    def key(data: ImportData) -> str | None:
        if object_type is ObjectType.CONTACT:
            emails = getattr(data, "emails", None)
            return str(emails[0]) if emails else None
        domain = getattr(data, "domain", None)
        return str(domain) if domain else None

    return key


async def _create_many(
    session: AsyncSession, actor: Actor, object_type: ObjectType, items: Sequence[ImportData]
) -> Sequence[Written[contact_service.ContactData] | Written[company_service.CompanyData]]:
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
                await deal_service.update(
                    session, actor, deal_id=record.record_id, data=deals.before_values(record.before)
                )
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


MAX_EXPORT_IDS = 5000


async def start_export(
    session: AsyncSession,
    actor: Actor,
    *,
    object_type: ObjectType,
    filter: dict[str, Any] | None,
    ids: Sequence[uuid.UUID] | None = None,
) -> ExportJob:
    """A QUEUED export of the list of `object_type` with `filter`, limited to `ids` when given (a
    list's selection; those of another workspace or deleted are not in the list, so not exported)."""
    actor.require(Role.VIEWER)
    if ids is not None and not ids:
        raise BadUserInput("Select the records to export.", field_errors={("ids",): "Select at least one"})
    if ids is not None and len(set(ids)) > MAX_EXPORT_IDS:
        raise BadUserInput(
            f"Export at most {MAX_EXPORT_IDS} selected records, or export the list with its filter.",
            field_errors={("ids",): f"at most {MAX_EXPORT_IDS}"},
        )
    job = await repository.insert_export(
        session,
        {
            "id": new_id(),
            "workspace_id": actor.workspace_id,
            "object_type": object_type,
            "state": DataJobState.QUEUED,
            "filter": filter,
            "ids": None if ids is None else list(dict.fromkeys(ids)),
            "created_by": actor.user_id,
        },
    )
    await audit_service.record(
        session,
        actor,
        kind=AuditAction.EXPORT_STARTED,
        details={
            "exportId": str(job.id),
            "objectType": object_type.value,
            "filtered": filter is not None,
            **({} if ids is None else {"selected": len(job.ids or [])}),
        },
    )
    return job


async def get_export(session: AsyncSession, actor: Actor, *, export_id: uuid.UUID) -> ExportJob:
    actor.require(Role.VIEWER)
    return found(await repository.get_export(session, actor.workspace_id, export_id), "No export with this id.")


async def update_export(session: AsyncSession, job: ExportJob, **values: object) -> ExportJob:
    return await repository.update_export(session, job, **values)
