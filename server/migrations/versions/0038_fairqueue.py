"""The embedding queue is read workspace by workspace: an index on (workspace_id, queued_at).

`embedding.index` leased the oldest rows of the whole queue. A workspace that queued 100,000 emails (an
import, a mailbox's first sync) then held every batch until its last email was embedded, and every other
workspace's new records waited that long to be found by meaning. The lease now takes each workspace's
oldest rows in turns (repository.lease); this index finds a workspace's oldest free rows, and the
workspaces with rows queued, without reading the queue.

Revision ID: 0038_fairqueue
Revises: 0037_kindgraphs
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from rapport.migrate import execute_script

revision: str = "0038_fairqueue"
down_revision: str | None = "0037_kindgraphs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    execute_script("CREATE INDEX ix_embedding_queue_workspace_queued_at ON embedding_queue (workspace_id, queued_at);")


def downgrade() -> None:
    execute_script("DROP INDEX ix_embedding_queue_workspace_queued_at;")
