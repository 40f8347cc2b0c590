"""The audit log: who did what to the security of a workspace, when, and from where.

`record` appends one event in the caller's transaction, so an event lands exactly when what it tells
of commits (a refused action records nothing, except a failed sign-in, whose error keeps its writes).
The database chains each workspace's events (migration 0018_guard): `hash = sha256(prev_hash ||
canonical(row))`, the chain's head locked until the transaction ends so that concurrent inserts do
not fork it. `verify` walks every chain as the owner role and names the first row that does not fit.

Events of no workspace (a failed sign-in for an email no account has, a sign-in of a user without a
workspace) go to the chain whose `workspace_id` is NULL: no workspace's admins see them, `verify` checks
them like any other chain.
"""

from __future__ import annotations

import enum
import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.audit import repository
from rapport.auth.actor import Actor, Principal
from rapport.errors import BadUserInput
from rapport.kit.ids import new_id
from rapport.kit.listing import Direction, SortKey, fetch_page
from rapport.kit.origin import current_origin
from rapport.kit.pagination import Page, check_page_size
from rapport.models import AuditEvent, Role

MAX_PAGE = 100
NO_WORKSPACE = uuid.UUID(int=0)
JsonValue = str | int | float | bool | None


class AuditAction(enum.StrEnum):
    SIGN_IN = "auth.sign_in"
    SIGN_IN_FAILED = "auth.sign_in_failed"
    MFA_ENABLED = "auth.mfa_enabled"
    MFA_DISABLED = "auth.mfa_disabled"
    MFA_RECOVERY_CODE_USED = "auth.mfa_recovery_code_used"
    PASSWORD_CHANGED = "auth.password_changed"
    SIGNED_OUT_EVERYWHERE = "auth.signed_out_everywhere"
    API_KEY_CREATED = "auth.api_key_created"
    API_KEY_REVOKED = "auth.api_key_revoked"
    IDENTITY_LINKED = "auth.identity_linked"
    MEMBER_ROLE_CHANGED = "workspace.member_role_changed"
    MEMBER_REMOVED = "workspace.member_removed"
    INVITATION_CREATED = "workspace.invitation_created"
    INVITATION_ACCEPTED = "workspace.invitation_accepted"
    INVITATION_REVOKED = "workspace.invitation_revoked"
    EXPORT_STARTED = "data.export_started"


async def record(
    session: AsyncSession,
    actor: Principal | None,
    *,
    kind: AuditAction,
    workspace_id: uuid.UUID | None = None,
    user_id: uuid.UUID | None = None,
    member_id: uuid.UUID | None = None,
    details: Mapping[str, JsonValue] | None = None,
) -> None:
    """Appends an event. The acting member (and API key) come from `actor`; without one (a sign-in, before
    anyone is known to act), give `user_id`, the `workspace_id` it concerns (None: no workspace) and the
    user's `member_id` there if any.
    The client address and user agent are the request's being served (kit/origin.py)."""
    origin = current_origin.get()
    api_key_id = actor.api_key_id if isinstance(actor, Actor) else None
    await repository.append(
        session,
        {
            "id": new_id(),
            "workspace_id": actor.workspace_id if actor is not None else workspace_id,
            "action": kind.value,
            "actor_user_id": actor.user_id if actor is not None else user_id,
            "actor_member_id": actor.member_id if actor is not None else member_id,
            "api_key_id": api_key_id,
            "ip": origin.ip[:64] if origin.ip else None,
            "user_agent": origin.user_agent,
            "details": dict(details or {}),
        },
    )


async def list_events(session: AsyncSession, actor: Actor, *, first: int, after: str | None) -> Page[AuditEvent]:
    """The workspace's events, newest first. OWNER or ADMIN."""
    actor.require(Role.ADMIN)
    check_page_size(first)
    if first > MAX_PAGE:
        raise BadUserInput(f"`first` must be at most {MAX_PAGE}.", field_errors={("first",): f"at most {MAX_PAGE}"})
    return await fetch_page(
        session,
        repository.list_query(actor.workspace_id),
        id_column=AuditEvent.id,
        keys=[SortKey.timestamp(AuditEvent.occurred_at, Direction.DESC_NULLS_LAST)],
        first=first,
        after=after,
    )


@dataclass(frozen=True)
class ChainProblem:
    """The first row of a chain that does not fit, and why."""

    workspace_id: uuid.UUID | None
    event_id: uuid.UUID | None
    seq: int
    reason: str

    def describe(self) -> str:
        chain = str(self.workspace_id) if self.workspace_id else "no workspace"
        row = f"event {self.event_id} (seq {self.seq})" if self.event_id else f"seq {self.seq}"
        return f"chain of {chain}: {row}: {self.reason}"


@dataclass(frozen=True)
class VerifyResult:
    chains: int
    events: int
    problems: list[ChainProblem]


def chain_hash(prev_hash: bytes, canonical: str) -> bytes:
    return hashlib.sha256(prev_hash + canonical.encode()).digest()


async def verify(session: AsyncSession) -> VerifyResult:
    """Walks every chain (as the owner role): each row's seq follows the last, its prev_hash is the last
    row's hash, its hash covers its content, and the chain ends where its head says. One problem per
    chain at most: the first row that does not fit."""
    heads = await repository.chain_heads(session)
    problems: dict[uuid.UUID, ChainProblem] = {}
    last: dict[uuid.UUID, tuple[int, bytes]] = {}
    events = 0
    async for row in repository.chain_rows(session):
        events += 1
        chain = row.workspace_id or NO_WORKSPACE
        if chain in problems:
            continue
        seq, previous = last.get(chain, (0, b""))
        problem: str | None = None
        if row.seq != seq + 1:
            problem = f"expected seq {seq + 1}: {row.seq - seq - 1} event(s) before it were deleted"
        elif row.prev_hash != previous:
            problem = "its prev_hash is not the previous event's hash"
        elif row.hash != chain_hash(row.prev_hash, row.canonical):
            problem = "its content does not match its hash (edited)"
        if problem is not None:
            problems[chain] = ChainProblem(row.workspace_id, row.id, row.seq, problem)
        last[chain] = (row.seq, row.hash)
    for chain, head in heads.items():
        if chain in problems:
            continue
        seq, hash_ = last.get(chain, (0, b""))
        workspace = None if chain == NO_WORKSPACE else chain
        if head.seq != seq or head.hash != hash_:
            problems[chain] = ChainProblem(
                workspace, None, seq + 1, f"the chain ends at seq {seq} but {head.seq} were written (deleted)"
            )
    for chain in last:
        if chain not in heads and chain not in problems:
            problems[chain] = ChainProblem(None if chain == NO_WORKSPACE else chain, None, 1, "no chain head")
    ordered = sorted(problems.values(), key=lambda p: (str(p.workspace_id or ""), p.seq))
    return VerifyResult(chains=len(set(last) | set(heads)), events=events, problems=ordered)
