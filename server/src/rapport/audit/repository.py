from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.models import AuditEvent


async def append(session: AsyncSession, values: Mapping[str, Any]) -> None:
    """Inserts one event; the database fills in `seq`, `prev_hash` and `hash`. No RETURNING: a row of no
    workspace is one this session may write but not read."""
    await session.execute(insert(AuditEvent).values(**values))


def list_query(workspace_id: uuid.UUID) -> Select[Any]:
    return select(AuditEvent).where(AuditEvent.workspace_id == workspace_id)


@dataclass(frozen=True)
class ChainRow:
    id: uuid.UUID
    workspace_id: uuid.UUID | None
    seq: int
    prev_hash: bytes
    hash: bytes
    canonical: str


@dataclass(frozen=True)
class ChainHead:
    chain: uuid.UUID
    seq: int
    hash: bytes


_CHAIN_ROWS = text(
    """
SELECT e.id, e.workspace_id, e.seq, e.prev_hash, e.hash, rapport_audit_canonical(e) AS canonical
FROM audit_events e
ORDER BY coalesce(e.workspace_id, '00000000-0000-0000-0000-000000000000'::uuid), e.seq, e.id
"""
)


async def chain_rows(session: AsyncSession) -> AsyncIterator[ChainRow]:
    """Every event of every chain, chain by chain, in order (the owner role only)."""
    result = await session.stream(_CHAIN_ROWS.execution_options(yield_per=1000))
    async for row in result:
        yield ChainRow(row.id, row.workspace_id, row.seq, bytes(row.prev_hash), bytes(row.hash), row.canonical)


async def chain_heads(session: AsyncSession) -> dict[uuid.UUID, ChainHead]:
    rows = await session.execute(text("SELECT chain, seq, hash FROM audit_chain_heads"))
    return {row.chain: ChainHead(row.chain, row.seq, bytes(row.hash)) for row in rows}
