"""Saved views: a list's state (search, filters, sort, columns) under a name. A view is its author's
alone unless shared with the workspace; only its author changes it (saving under the same name), and
a shared one may also be deleted by an admin."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from pydantic import Field, field_validator
from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.auth.actor import Actor
from rapport.errors import Forbidden, NotFound
from rapport.kit.ids import new_id
from rapport.kit.validation import InputModel
from rapport.models import ObjectType, Role, SavedView
from rapport.view import repository

MAX_STATE_BYTES = 8_000


class ViewData(InputModel):
    name: str = Field(min_length=1, max_length=100)
    object_type: ObjectType
    state: dict[str, Any]
    shared: bool = False

    @field_validator("state")
    @classmethod
    def _small(cls, state: dict[str, Any]) -> dict[str, Any]:
        if len(json.dumps(state)) > MAX_STATE_BYTES:
            raise ValueError(f"Keep a view's state under {MAX_STATE_BYTES} characters")
        return state


async def list_views(session: AsyncSession, actor: Actor, *, object_type: ObjectType) -> Sequence[SavedView]:
    """Your views of `object_type` and the workspace's shared ones, by name."""
    actor.require(Role.VIEWER)
    return await repository.list_visible(session, actor.workspace_id, actor.member_id, object_type)


async def save(session: AsyncSession, actor: Actor, *, data: ViewData) -> SavedView:
    """Saves your view under its name (replacing your view of that name); viewers keep personal views only."""
    actor.require(Role.VIEWER)
    if data.shared:
        actor.require(Role.MEMBER)
    return await repository.upsert(
        session,
        {
            "id": new_id(),
            "workspace_id": actor.workspace_id,
            "owner_member_id": actor.member_id,
            "object_type": data.object_type,
            "name": data.name,
            "state": data.state,
            "shared": data.shared,
            "updated_at": func.now(),
        },
    )


async def delete(session: AsyncSession, actor: Actor, *, view_id: uuid.UUID) -> bool:
    """Deletes your view, or (as an admin) a shared one; another member's personal view is not found."""
    view = await repository.get(session, actor.workspace_id, view_id)
    if view is None or (view.owner_member_id != actor.member_id and not view.shared):
        raise NotFound("No saved view with this id in this workspace.")
    if view.owner_member_id != actor.member_id and not actor.role.at_least(Role.ADMIN):
        raise Forbidden("Only its author or an admin deletes a shared view.")
    await repository.remove(session, actor.workspace_id, view.id)
    return True
