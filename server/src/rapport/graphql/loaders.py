"""Per-request DataLoaders: related records load in one query per type, never one per row."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from rapport.activity import repository as activity_repository
from rapport.auth import repository as user_repository
from rapport.contact import repository as contact_repository
from rapport.deal import repository as deal_repository
from rapport.email import compose_repository
from rapport.email import repository as email_repository
from rapport.errors import Forbidden
from rapport.kit import records
from rapport.models import (
    Attachment,
    Company,
    Contact,
    Deal,
    DealContact,
    Email,
    EmailParticipant,
    EmailThread,
    ObjectType,
    OutboundEmail,
    Pipeline,
    Stage,
    User,
    WorkspaceMember,
)
from rapport.pipeline import repository as pipeline_repository
from rapport.workspace import repository as workspace_repository

K = TypeVar("K")
V = TypeVar("V")


Arrange = Callable[[Any, Sequence[uuid.UUID]], list[Any]]


def _keyed(attribute: str) -> Arrange:
    """For each key, the row whose `attribute` it is (None when none is)."""

    def arrange(rows: Sequence[Any], ids: Sequence[uuid.UUID]) -> list[Any]:
        found = {getattr(row, attribute): row for row in rows}
        return [found.get(key) for key in ids]

    return arrange


_by_id = _keyed("id")


class Loaders:
    """Everything a request loads by key. Workspace-scoped loaders take the workspace of the token."""

    def __init__(self, session: AsyncSession, workspace_id: uuid.UUID | None) -> None:
        self.session = session
        self.workspace_id = workspace_id
        self.user: DataLoader[uuid.UUID, User | None] = DataLoader(self._users)
        self.member: DataLoader[uuid.UUID, WorkspaceMember | None] = self._scoped(
            lambda ws, ids: workspace_repository.list_members_by_id(session, ws, ids), _by_id
        )
        self.company: DataLoader[uuid.UUID, Company | None] = self._scoped(
            lambda ws, ids: records.list_by_ids(session, Company, ws, ids), _by_id
        )
        self.pipeline: DataLoader[uuid.UUID, Pipeline | None] = self._scoped(
            lambda ws, ids: pipeline_repository.list_pipelines_by_ids(session, ws, ids), _by_id
        )
        self.stage: DataLoader[uuid.UUID, Stage | None] = self._scoped(
            lambda ws, ids: pipeline_repository.list_stages_by_ids(session, ws, ids), _by_id
        )
        self.stages_of_pipeline: DataLoader[uuid.UUID, list[Stage]] = self._scoped(
            lambda ws, ids: pipeline_repository.list_stages(session, ws, ids), _grouped("pipeline_id")
        )
        self.stage_totals: DataLoader[uuid.UUID, tuple[int, list[tuple[str, int]]]] = self._scoped(
            lambda ws, ids: pipeline_repository.stage_totals(session, ws, ids), _mapped((0, []))
        )
        self.company_contact_count: DataLoader[uuid.UUID, int] = self._scoped(
            lambda ws, ids: records.count_live_by(session, Contact, Contact.company_id, ws, ids), _mapped(0)
        )
        self.company_deal_count: DataLoader[uuid.UUID, int] = self._scoped(
            lambda ws, ids: records.count_live_by(session, Deal, Deal.company_id, ws, ids), _mapped(0)
        )
        self.contact_deal_count: DataLoader[uuid.UUID, int] = self._scoped(
            lambda ws, ids: contact_repository.count_deals(session, ws, ids), _mapped(0)
        )
        self.deal_contacts: DataLoader[uuid.UUID, list[tuple[DealContact, Contact]]] = self._scoped(
            lambda ws, ids: deal_repository.list_contacts_of_deals(session, ws, ids), _grouped_pairs
        )
        self.contact: DataLoader[uuid.UUID, Contact | None] = self._scoped(
            lambda ws, ids: email_repository.list_contacts(session, ws, ids), _by_id
        )
        self.email: DataLoader[uuid.UUID, Email | None] = self._scoped(
            lambda ws, ids: email_repository.list_emails(session, ws, ids), _by_id
        )
        self.email_thread: DataLoader[uuid.UUID, EmailThread | None] = self._scoped(
            lambda ws, ids: email_repository.list_threads(session, ws, ids), _by_id
        )
        self.thread_emails: DataLoader[uuid.UUID, list[Email]] = self._scoped(
            lambda ws, ids: email_repository.emails_of_threads(session, ws, ids), _grouped("thread_id")
        )
        self.email_participants: DataLoader[uuid.UUID, list[EmailParticipant]] = self._scoped(
            lambda ws, ids: email_repository.participants_of(session, ws, ids), _grouped("email_id")
        )
        self.email_attachments: DataLoader[uuid.UUID, list[Attachment]] = self._scoped(
            lambda ws, ids: email_repository.attachments_of(session, ws, ids), _grouped("email_id")
        )
        self.email_outbound: DataLoader[uuid.UUID, OutboundEmail | None] = self._scoped(
            lambda ws, ids: compose_repository.list_outbound(session, ws, ids), _keyed("email_id")
        )
        self.thread_contacts: DataLoader[uuid.UUID, list[Contact]] = self._scoped(
            lambda ws, ids: email_repository.linked_records(session, ws, ids, ObjectType.CONTACT), _grouped_by_key
        )
        self.thread_companies: DataLoader[uuid.UUID, list[Company]] = self._scoped(
            lambda ws, ids: email_repository.linked_records(session, ws, ids, ObjectType.COMPANY), _grouped_by_key
        )
        self.record_name: DataLoader[uuid.UUID, str | None] = self._scoped(
            lambda ws, ids: activity_repository.record_names(session, ws, ids), _mapped(None)
        )
        self.timeline_count: DataLoader[uuid.UUID, int] = self._scoped(
            lambda ws, ids: activity_repository.count_for_subjects(session, ws, ids), _mapped(0)
        )
        self._named: dict[str, DataLoader[Any, Any]] = {}
        self._members_by_user: dict[uuid.UUID, DataLoader[uuid.UUID, WorkspaceMember | None]] = {}

    def _scoped(
        self,
        fetch: Callable[[uuid.UUID, list[uuid.UUID]], Awaitable[Any]],
        arrange: Callable[[Any, Sequence[uuid.UUID]], list[Any]],
    ) -> DataLoader[Any, Any]:
        async def load(ids: Sequence[uuid.UUID]) -> list[Any]:
            if self.workspace_id is None:
                raise Forbidden("Create or switch to a workspace first.")
            return arrange(await fetch(self.workspace_id, list(ids)), ids)

        return DataLoader(load)

    def member_by_user(self, workspace_id: uuid.UUID) -> DataLoader[uuid.UUID, WorkspaceMember | None]:
        if workspace_id not in self._members_by_user:

            async def load(user_ids: Sequence[uuid.UUID]) -> list[WorkspaceMember | None]:
                rows = await workspace_repository.list_members_by_user(self.session, workspace_id, user_ids)
                return _keyed("user_id")(rows, user_ids)

            self._members_by_user[workspace_id] = DataLoader(load)
        return self._members_by_user[workspace_id]

    def named(
        self, name: str, load: Callable[[Sequence[K]], Awaitable[Sequence[V | BaseException]]]
    ) -> DataLoader[K, V]:
        """A loader that a domain's graphql module defines over its own service, made once per request
        (the first caller's `load` is the one kept)."""
        if name not in self._named:
            self._named[name] = DataLoader(load)
        return self._named[name]

    async def _users(self, ids: Sequence[uuid.UUID]) -> list[User | None]:
        return _by_id(await user_repository.list_users(self.session, list(ids)), ids)


def _mapped(default: Any) -> Arrange:
    def arrange(found: dict[uuid.UUID, Any], ids: Sequence[uuid.UUID]) -> list[Any]:
        return [found.get(key, default) for key in ids]

    return arrange


def _grouped_by_key(pairs: Iterable[tuple[uuid.UUID, Any]], ids: Sequence[uuid.UUID]) -> list[Any]:
    """For each key, the values paired with it (in their order; empty when none is)."""
    groups: dict[uuid.UUID, list[Any]] = {key: [] for key in ids}
    for key, value in pairs:
        groups.setdefault(key, []).append(value)
    return [groups[key] for key in ids]


def _grouped(attribute: str) -> Arrange:
    """For each key, the rows whose `attribute` it is."""

    def arrange(rows: Sequence[Any], ids: Sequence[uuid.UUID]) -> list[Any]:
        return _grouped_by_key(((getattr(row, attribute), row) for row in rows), ids)

    return arrange


def _grouped_pairs(rows: Sequence[tuple[DealContact, Contact]], ids: Sequence[uuid.UUID]) -> list[Any]:
    """For each deal, its (link, contact) pairs."""
    return _grouped_by_key(((link.deal_id, (link, contact)) for link, contact in rows), ids)
