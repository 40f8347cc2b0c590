"""Threading: by References/In-Reply-To, else by subject and a shared participant, else a new thread."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from rapport.email.parse import ParsedEmail
from rapport.email.pipeline import repository
from rapport.email.pipeline.message import Message
from rapport.kit.ids import new_id

# A reply whose References are unknown joins a thread with the same subject and a shared
# participant, when that thread had a message within this window.
SUBJECT_WINDOW = timedelta(days=30)


async def thread(session: AsyncSession, workspace_id: uuid.UUID, messages: list[Message]) -> None:
    """Sets thread_id on each message."""
    wanted = {ref for m in messages for ref in (*m.parsed.references, m.parsed.in_reply_to) if ref}
    by_message_id = await repository.threads_by_message_id(session, workspace_id, list(wanted)) if wanted else {}
    subject_threads = await _subject_candidates(session, workspace_id, messages)
    new_threads: dict[uuid.UUID, tuple[str, frozenset[str], datetime]] = {}
    for message in messages:
        refs = [r for r in (message.parsed.in_reply_to, *reversed(message.parsed.references)) if r]
        thread_id = next((by_message_id[r] for r in refs if r in by_message_id), None)
        addresses = frozenset(a for _, a, _ in message.participants)
        subject = message.parsed.normalized_subject
        if thread_id is None and subject and _is_reply(message.parsed):
            for candidate, (candidate_subject, people, last) in (*new_threads.items(), *subject_threads.items()):
                if candidate_subject == subject and people & addresses and message.when - last <= SUBJECT_WINDOW:
                    thread_id = candidate
                    break
        if thread_id is None:
            thread_id = new_id()
        message.thread_id = thread_id
        if message.parsed.message_id:
            by_message_id[message.parsed.message_id] = thread_id
        previous = new_threads.get(thread_id)
        people = addresses | (previous[1] if previous else frozenset())
        new_threads[thread_id] = (subject, people, message.when)


async def adopt_replies(session: AsyncSession, workspace_id: uuid.UUID, messages: list[Message]) -> None:
    """Replies that arrived before their original started threads of their own: now that the
    original is stored, those threads join the original's.

    Replies are found by In-Reply-To (one index lookup per new message). A reply that names the
    original only in References (its own parent never arrived) keeps its thread: matching
    References here would cost a scan of the workspace's emails per message.
    """
    new = [(m.parsed.message_id, m.thread_id) for m in messages if m.parsed.message_id and m.thread_id]
    if not new:
        return
    parent: dict[uuid.UUID, uuid.UUID] = {}

    def root(thread_id: uuid.UUID) -> uuid.UUID:
        while thread_id in parent:
            thread_id = parent[thread_id]
        return thread_id

    for source, target in await repository.orphaned_reply_threads(session, workspace_id, new):
        source, target = root(source), root(target)
        if source != target:
            parent[source] = target
    if parent:
        await repository.merge_threads(session, workspace_id, {source: root(source) for source in parent})


def _is_reply(parsed: ParsedEmail) -> bool:
    subject = (parsed.subject or "").strip().lower()
    return bool(subject) and subject != parsed.normalized_subject


async def _subject_candidates(
    session: AsyncSession, workspace_id: uuid.UUID, messages: list[Message]
) -> dict[uuid.UUID, tuple[str, frozenset[str], datetime]]:
    subjects = {m.parsed.normalized_subject for m in messages if m.parsed.normalized_subject and _is_reply(m.parsed)}
    if not subjects:
        return {}
    earliest = min(m.when for m in messages) - SUBJECT_WINDOW
    return await repository.recent_threads_by_subject(session, workspace_id, list(subjects), earliest)
