from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Annotated, cast

import strawberry

from rapport.graphql.context import Info
from rapport.graphql.inputs import as_actor
from rapport.graphql.permissions import CanManage, CanRead
from rapport.graphql.types import Money
from rapport.kit.validation import validate
from rapport.models import Pipeline as PipelineRow
from rapport.models import Stage as StageRow
from rapport.models import StageKind as StageKindEnum
from rapport.pipeline import service

if TYPE_CHECKING:
    from rapport.deal.graphql import DealConnection, DealFilter

StageKind = strawberry.enum(StageKindEnum, description="OPEN stages hold live deals; WON and LOST close them.")


@strawberry.type(description="One column of a pipeline.")
class Stage:
    id: uuid.UUID = strawberry.field(description="The stage's id.")
    name: str = strawberry.field(description="The stage's name.")
    position: int = strawberry.field(description="Its place in the pipeline, from 0.")
    probability: float = strawberry.field(description="Default chance of winning a deal here, 0 to 1.")
    kind: StageKind = strawberry.field(description="OPEN, WON or LOST.")  # type: ignore[valid-type]

    @strawberry.field(description="The deals in this stage, in column order.")
    async def deals(
        self,
        info: Info,
        first: int | None = 50,
        after: str | None = None,
        filter: Annotated[DealFilter, strawberry.lazy("rapport.deal.graphql")] | None = None,
    ) -> Annotated[DealConnection, strawberry.lazy("rapport.deal.graphql")]:
        first = 50 if first is None else first
        from rapport.deal.graphql import deals_in_stage

        return await deals_in_stage(info, cast(StageRow, self).id, first=first, after=after, filter=filter)

    @strawberry.field(description="How many live deals are in this stage.")
    async def deal_count(self, info: Info) -> int:
        count, _ = await info.context.loaders.stage_totals.load(cast(StageRow, self).id)
        return count

    @strawberry.field(description="The sum of the amounts of the stage's live deals, one entry per currency.")
    async def total_amount(self, info: Info) -> list[Money]:
        _, sums = await info.context.loaders.stage_totals.load(cast(StageRow, self).id)
        return [Money(amount_micros=str(amount), currency=currency) for currency, amount in sums]


@strawberry.type(description="A sales process: ordered stages that deals move through.")
class Pipeline:
    id: uuid.UUID = strawberry.field(description="The pipeline's id.")
    name: str = strawberry.field(description="The pipeline's name.")
    is_default: bool = strawberry.field(description="New deals go here unless told otherwise.")

    @strawberry.field(description="The stages, in order.")
    async def stages(self, info: Info) -> list[Stage]:
        return cast(list[Stage], await info.context.loaders.stages_of_pipeline.load(cast(PipelineRow, self).id))


@strawberry.input(description="A stage's settings; on update, omitted ones stay.")
class StageInput:
    name: str | None = strawberry.field(default=None, description="The stage's name.")
    probability: float | None = strawberry.field(default=None, description="0 to 1.")
    kind: StageKind | None = strawberry.field(default=None, description="OPEN, WON or LOST.")  # type: ignore[valid-type]


def _stage_data(value: StageInput) -> service.StageData:
    fields = {
        k: v
        for k, v in (("name", value.name), ("probability", value.probability), ("kind", value.kind))
        if v is not None
    }
    return validate(service.StageData, fields, path=("input",))


@strawberry.type
class PipelineQuery:
    @strawberry.field(description="The workspace's pipelines, the default first.", permission_classes=[CanRead])
    async def pipelines(self, info: Info) -> list[Pipeline]:
        return cast(list[Pipeline], await as_actor(info, service.list_pipelines))

    @strawberry.field(
        description="One pipeline by id; NOT_FOUND when there is none in this workspace.", permission_classes=[CanRead]
    )
    async def pipeline(self, info: Info, id: uuid.UUID) -> Pipeline | None:
        return cast(Pipeline | None, await as_actor(info, service.get, pipeline_id=id))

    @strawberry.field(
        description="One stage by id, for reading its deals page by page; NOT_FOUND when there is none in this "
        "workspace.",
        permission_classes=[CanRead],
    )
    async def stage(self, info: Info, id: uuid.UUID) -> Stage | None:
        return cast(
            Stage | None, await service.get_stage(info.context.session, await info.context.actor(), stage_id=id)
        )


@strawberry.type
class PipelineMutation:
    @strawberry.mutation(
        description="Creates a pipeline with open stages in the order given; Won and Lost stages are added when "
        "missing. OWNER or ADMIN.",
        permission_classes=[CanManage],
    )
    async def create_pipeline(self, info: Info, name: str, stages: list[str]) -> Pipeline:
        data = validate(service.PipelineData, {"name": name, "stages": stages})
        return cast(Pipeline, await as_actor(info, service.create, data=data))

    @strawberry.mutation(
        description="Renames a pipeline, or makes it the default. OWNER or ADMIN.", permission_classes=[CanManage]
    )
    async def update_pipeline(self, info: Info, id: uuid.UUID, name: str, is_default: bool = False) -> Pipeline:
        validate(service.PipelineData, {"name": name, "stages": ["-"]})
        row = await as_actor(info, service.rename, pipeline_id=id, name=name.strip(), make_default=is_default)
        return cast(Pipeline, row)

    @strawberry.mutation(
        description="Deletes a pipeline that has no deals. OWNER or ADMIN.", permission_classes=[CanManage]
    )
    async def delete_pipeline(self, info: Info, id: uuid.UUID) -> bool:
        return await as_actor(info, service.delete, pipeline_id=id)

    @strawberry.mutation(
        description="Adds a stage at a position (the end by default). OWNER or ADMIN.", permission_classes=[CanManage]
    )
    async def add_stage(
        self, info: Info, pipeline_id: uuid.UUID, input: StageInput, position: int | None = None
    ) -> Stage:
        row = await service.add_stage(
            info.context.session,
            await info.context.actor(),
            pipeline_id=pipeline_id,
            data=_stage_data(input),
            position=position,
        )
        return cast(Stage, row)

    @strawberry.mutation(
        description="Renames a stage or changes its probability or kind. OWNER or ADMIN.",
        permission_classes=[CanManage],
    )
    async def update_stage(self, info: Info, id: uuid.UUID, input: StageInput) -> Stage:
        row = await as_actor(info, service.update_stage, stage_id=id, data=_stage_data(input))
        return cast(Stage, row)

    @strawberry.mutation(
        description="Sets the order of a pipeline's stages. OWNER or ADMIN.", permission_classes=[CanManage]
    )
    async def reorder_stages(self, info: Info, pipeline_id: uuid.UUID, stage_ids: list[uuid.UUID]) -> Pipeline:
        row = await as_actor(info, service.reorder_stages, pipeline_id=pipeline_id, stage_ids=stage_ids)
        return cast(Pipeline, row)

    @strawberry.mutation(
        description="Deletes a stage that has no deals. OWNER or ADMIN.", permission_classes=[CanManage]
    )
    async def delete_stage(self, info: Info, id: uuid.UUID) -> bool:
        return await as_actor(info, service.delete_stage, stage_id=id)
