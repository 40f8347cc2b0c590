from __future__ import annotations

import uuid

import strawberry

from rapport.customfield import service
from rapport.graphql.context import Info
from rapport.graphql.inputs import as_actor, given
from rapport.graphql.permissions import CanManage, CanRead
from rapport.graphql.types import RowType, of_row
from rapport.kit.validation import validate
from rapport.models import FieldDefinition as FieldDefinitionRow
from rapport.models import FieldType as FieldTypeEnum
from rapport.models import ObjectType as ObjectTypeEnum

ObjectType = strawberry.enum(ObjectTypeEnum, description="The kinds of record that take custom fields.")
FieldType = strawberry.enum(FieldTypeEnum, description="The type of a custom field's values.")


@strawberry.type(description="A custom field of one object type in this workspace.")
class FieldDefinition(RowType[FieldDefinitionRow]):
    id = of_row(uuid.UUID, "The definition's id.")
    object_type = of_row(ObjectType, "Contacts, companies or deals.")
    key = of_row(str, "The key in `customFields`: lower-case letters, digits and _.")
    label = of_row(str, "The name people see.")
    type = of_row(FieldType, "The type of its values.")
    options = of_row(list[str] | None, "The choices of a SELECT or MULTI_SELECT field.")
    required = of_row(bool, "True: every record of this type must have a value.")


@strawberry.input(description="A new custom field.")
class FieldDefinitionInput:
    object_type: ObjectType = strawberry.field(description="Contacts, companies or deals.")  # type: ignore[valid-type]
    key: str = strawberry.field(
        description="Lower-case letters, digits and _, starting with a letter; unique per type."
    )
    label: str = strawberry.field(description="The name people see.")
    type: FieldType = strawberry.field(description="The type of its values.")  # type: ignore[valid-type]
    options: list[str] | None = strawberry.field(default=None, description="Required for SELECT and MULTI_SELECT.")
    required: bool | None = strawberry.field(default=False, description="Every record must then have a value.")


@strawberry.input(description="Changes to a custom field; its key and type never change.")
class FieldDefinitionUpdateInput:
    label: str | None = strawberry.field(default=strawberry.UNSET, description="The name people see.")
    options: list[str] | None = strawberry.field(default=strawberry.UNSET, description="The new list of choices.")
    required: bool | None = strawberry.field(default=strawberry.UNSET, description="Every record must have a value.")


@strawberry.type
class FieldDefinitionQuery:
    @strawberry.field(
        description="The workspace's custom fields, of one object type or all.", permission_classes=[CanRead]
    )
    async def field_definitions(self, info: Info, object_type: ObjectType | None = None) -> list[FieldDefinition]:  # type: ignore[valid-type]
        return FieldDefinition.of_all(await as_actor(info, service.list_definitions, object_type=object_type))


@strawberry.type
class FieldDefinitionMutation:
    @strawberry.mutation(description="Adds a custom field. OWNER or ADMIN.", permission_classes=[CanManage])
    async def create_field_definition(self, info: Info, input: FieldDefinitionInput) -> FieldDefinition:
        data = validate(service.DefinitionData, given(input), path=("input",))
        return FieldDefinition(row=await as_actor(info, service.create_definition, data=data))

    @strawberry.mutation(
        description="Changes a custom field's label, options or required flag. OWNER or ADMIN.",
        permission_classes=[CanManage],
    )
    async def update_field_definition(
        self, info: Info, id: uuid.UUID, input: FieldDefinitionUpdateInput
    ) -> FieldDefinition:
        data = validate(service.DefinitionChanges, given(input), path=("input",))
        row = await as_actor(info, service.update_definition, definition_id=id, data=data)
        return FieldDefinition(row=row)

    @strawberry.mutation(
        description="Deletes a custom field and its values on every record. OWNER or ADMIN.",
        permission_classes=[CanManage],
    )
    async def delete_field_definition(self, info: Info, id: uuid.UUID) -> bool:
        return await as_actor(info, service.delete_definition, definition_id=id)
