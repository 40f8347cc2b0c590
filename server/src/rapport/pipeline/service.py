"""Pipelines and their ordered stages. Every workspace has a default pipeline; a deal's status
follows the kind of its stage (OPEN, WON, LOST)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from pydantic import Field, field_validator
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.actor import Actor
from rapport.errors import BadUserInput, Conflict, NotFound, found
from rapport.kit.ids import new_id
from rapport.kit.validation import InputModel
from rapport.models import Pipeline, Role, Stage, StageKind
from rapport.pipeline import repository

DEFAULT_STAGES = (
    ("Lead", 0.1, StageKind.OPEN),
    ("Qualified", 0.25, StageKind.OPEN),
    ("Proposal", 0.5, StageKind.OPEN),
    ("Negotiation", 0.75, StageKind.OPEN),
    ("Won", 1.0, StageKind.WON),
    ("Lost", 0.0, StageKind.LOST),
)
MAX_STAGES = 30


class PipelineData(InputModel):
    name: str = Field(min_length=1, max_length=100)
    stages: list[str] = Field(min_length=1, max_length=MAX_STAGES)

    @field_validator("stages")
    @classmethod
    def _stages(cls, stages: list[str]) -> list[str]:
        cleaned = [stage.strip() for stage in stages]
        if any(not stage or len(stage) > 100 for stage in cleaned):
            raise ValueError("stage names must be 1 to 100 characters")
        if len({stage.lower() for stage in cleaned}) != len(cleaned):
            raise ValueError("stage names must be unique")
        return cleaned


class StageData(InputModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    probability: float | None = Field(default=None, ge=0, le=1)
    kind: StageKind | None = None


async def create_default(session: AsyncSession, *, workspace_id: uuid.UUID) -> Pipeline:
    pipeline = await repository.insert_pipeline(
        session, {"id": new_id(), "workspace_id": workspace_id, "name": "Sales", "is_default": True, "position": 0}
    )
    await repository.insert_stages(
        session,
        [
            {
                "id": new_id(),
                "workspace_id": workspace_id,
                "pipeline_id": pipeline.id,
                "name": name,
                "position": position,
                "probability": probability,
                "kind": kind,
            }
            for position, (name, probability, kind) in enumerate(DEFAULT_STAGES)
        ],
    )
    return pipeline


async def create(session: AsyncSession, actor: Actor, *, data: PipelineData) -> Pipeline:
    """Stages come in the order given; "Won" and "Lost" close deals, and are added when missing."""
    actor.require(Role.ADMIN)
    names = list(data.stages)
    lowered = [name.lower() for name in names]
    for closing in ("Won", "Lost"):
        if closing.lower() not in lowered:
            names.append(closing)
    open_names = [n for n in names if n.lower() not in ("won", "lost")]
    existing = await repository.list_pipelines(session, actor.workspace_id)
    pipeline = await repository.insert_pipeline(
        session,
        {
            "id": new_id(),
            "workspace_id": actor.workspace_id,
            "name": data.name,
            "is_default": not existing,
            "position": len(existing),
        },
    )
    rows = []
    for position, name in enumerate(names):
        kind = {"won": StageKind.WON, "lost": StageKind.LOST}.get(name.lower(), StageKind.OPEN)
        if kind == StageKind.OPEN:
            probability = round((open_names.index(name) + 1) / (len(open_names) + 1), 2)
        else:
            probability = 1.0 if kind == StageKind.WON else 0.0
        rows.append(
            {
                "id": new_id(),
                "workspace_id": actor.workspace_id,
                "pipeline_id": pipeline.id,
                "name": name,
                "position": position,
                "probability": probability,
                "kind": kind,
            }
        )
    await repository.insert_stages(session, rows)
    return pipeline


async def rename(
    session: AsyncSession, actor: Actor, *, pipeline_id: uuid.UUID, name: str, make_default: bool
) -> Pipeline:
    actor.require(Role.ADMIN)
    pipeline = await get(session, actor, pipeline_id=pipeline_id)
    values: dict[str, object] = {"name": name}
    if make_default and not pipeline.is_default:
        await repository.clear_default(session, actor.workspace_id)
        values["is_default"] = True
    return await repository.update_pipeline(session, pipeline.id, values)


async def delete(session: AsyncSession, actor: Actor, *, pipeline_id: uuid.UUID) -> bool:
    actor.require(Role.ADMIN)
    pipeline = await get(session, actor, pipeline_id=pipeline_id)
    if pipeline.is_default:
        raise Conflict("The default pipeline cannot be deleted; make another one the default first.")
    if await repository.count_deals(session, actor.workspace_id, pipeline_id=pipeline.id):
        raise Conflict("This pipeline still has deals; move them to another pipeline first.")
    await repository.delete_pipeline(session, pipeline.id)
    return True


async def add_stage(
    session: AsyncSession, actor: Actor, *, pipeline_id: uuid.UUID, data: StageData, position: int | None
) -> Stage:
    actor.require(Role.ADMIN)
    pipeline = await get(session, actor, pipeline_id=pipeline_id)
    if not data.name:
        raise BadUserInput("A stage needs a name.", field_errors={("input", "name"): "required"})
    stages = list(await repository.list_stages(session, actor.workspace_id, [pipeline.id]))
    if len(stages) >= MAX_STAGES:
        raise BadUserInput(
            f"A pipeline has at most {MAX_STAGES} stages.", field_errors={("pipelineId",): "too many stages"}
        )
    if any(stage.name.lower() == data.name.lower() for stage in stages):
        raise Conflict(f"This pipeline has a stage named {data.name} already.")
    index = len(stages) if position is None else max(0, min(position, len(stages)))
    stage = (
        await repository.insert_stages(
            session,
            [
                {
                    "id": new_id(),
                    "workspace_id": actor.workspace_id,
                    "pipeline_id": pipeline.id,
                    "name": data.name,
                    "position": index,
                    "probability": 0.5 if data.probability is None else data.probability,
                    "kind": data.kind or StageKind.OPEN,
                }
            ],
        )
    )[0]
    stages.insert(index, stage)
    await repository.set_stage_positions(session, {s.id: i for i, s in enumerate(stages)})
    stage.position = index
    return stage


async def update_stage(session: AsyncSession, actor: Actor, *, stage_id: uuid.UUID, data: StageData) -> Stage:
    actor.require(Role.ADMIN)
    stage = await get_stage(session, actor, stage_id=stage_id)
    values = {field: getattr(data, field) for field in data.model_fields_set if getattr(data, field) is not None}
    if not values:
        return stage
    others = [
        s for s in await repository.list_stages(session, actor.workspace_id, [stage.pipeline_id]) if s.id != stage.id
    ]
    if data.name and any(other.name.lower() == data.name.lower() for other in others):
        raise Conflict(f"This pipeline has a stage named {data.name} already.")
    if data.kind is not None and data.kind != stage.kind:
        # A deal's status follows its stage's kind: a kind change would leave the deals here saying otherwise.
        if await repository.count_deals(session, actor.workspace_id, stage_id=stage.id):
            raise Conflict("This stage still has deals; move them to another stage before changing its kind.")
        if stage.kind == StageKind.OPEN and not any(other.kind == StageKind.OPEN for other in others):
            raise Conflict("A pipeline needs at least one open stage.")
    return await repository.update_stage(session, stage.id, values)


async def reorder_stages(
    session: AsyncSession, actor: Actor, *, pipeline_id: uuid.UUID, stage_ids: Sequence[uuid.UUID]
) -> Pipeline:
    actor.require(Role.ADMIN)
    pipeline = await get(session, actor, pipeline_id=pipeline_id)
    stages = await repository.list_stages(session, actor.workspace_id, [pipeline.id])
    if sorted(stage_ids) != sorted(stage.id for stage in stages):
        raise BadUserInput(
            "Give every stage of the pipeline exactly once.", field_errors={("stageIds",): "must list each stage once"}
        )
    await repository.set_stage_positions(session, {stage_id: index for index, stage_id in enumerate(stage_ids)})
    return pipeline


async def delete_stage(session: AsyncSession, actor: Actor, *, stage_id: uuid.UUID) -> bool:
    actor.require(Role.ADMIN)
    stage = await get_stage(session, actor, stage_id=stage_id)
    if await repository.count_deals(session, actor.workspace_id, stage_id=stage.id):
        raise Conflict("This stage still has deals; move them to another stage first.")
    stages = [
        s for s in await repository.list_stages(session, actor.workspace_id, [stage.pipeline_id]) if s.id != stage.id
    ]
    if not any(s.kind == StageKind.OPEN for s in stages):
        raise Conflict("A pipeline needs at least one open stage.")
    await repository.delete_stage(session, stage.id)
    await repository.set_stage_positions(session, {s.id: i for i, s in enumerate(stages)})
    return True


async def list_stages(session: AsyncSession, actor: Actor, *, pipeline_id: uuid.UUID) -> Sequence[Stage]:
    return await repository.list_stages(session, actor.workspace_id, [pipeline_id])


async def list_pipelines(session: AsyncSession, actor: Actor) -> Sequence[Pipeline]:
    return await repository.list_pipelines(session, actor.workspace_id)


async def get(session: AsyncSession, actor: Actor, *, pipeline_id: uuid.UUID) -> Pipeline:
    return found(
        await repository.get_pipeline(session, actor.workspace_id, pipeline_id),
        "No pipeline with this id in this workspace.",
    )


async def get_stage(session: AsyncSession, actor: Actor, *, stage_id: uuid.UUID) -> Stage:
    return found(
        await repository.get_stage(session, actor.workspace_id, stage_id), "No stage with this id in this workspace."
    )


async def default_pipeline(session: AsyncSession, actor: Actor) -> Pipeline:
    return found(
        await repository.get_default_pipeline(session, actor.workspace_id),
        "This workspace has no pipeline; create one first.",
    )


async def first_open_stage(session: AsyncSession, actor: Actor, pipeline_id: uuid.UUID) -> Stage:
    stages = await repository.list_stages(session, actor.workspace_id, [pipeline_id])
    for stage in stages:
        if stage.kind == StageKind.OPEN:
            return stage
    raise NotFound("This pipeline has no open stage.")
