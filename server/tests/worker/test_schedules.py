"""The worker registers its repeating jobs in BullMQ once, however many workers start."""

from __future__ import annotations

import subprocess
import time

from bullmq import Queue

from rapport.worker.main import HANDLERS
from rapport.worker.queue import QUEUE_NAME
from tests.conftest import Servers, start_worker, stop_process

EXPECTED = [
    ("activity-partitions-daily", "activity.ensure_partitions", 24 * 3600 * 1000),
    ("custom-field-indexes-minutely", "customfield.ensure_indexes", 60 * 1000),
    ("email-send-sweep-minutely", "email.send_sweep", 60 * 1000),
    ("email-sweep-minutely", "email.sweep", 60 * 1000),
    ("embedding-index-minutely", "embedding.index", 60 * 1000),
    ("file-purge-hourly", "file.purge", 3600 * 1000),
    ("import-sweep-5-minutes", "importer.sweep", 300 * 1000),
    ("notification-meetings-soon", "notification.meetings_soon", 10 * 1000),
    ("notification-prune-daily", "notification.prune", 24 * 3600 * 1000),
    ("notification-tasks-due", "notification.tasks_due", 10 * 1000),
    ("outbox-prune-hourly", "outbox.prune", 3600 * 1000),
    ("webhook-prune-hourly", "webhook.prune", 3600 * 1000),
    ("webhook-sweep-minutely", "webhook.sweep", 60 * 1000),
]


async def schedules(servers: Servers) -> list[dict[str, object]]:
    queue = Queue(QUEUE_NAME, {"connection": servers.redis_url})
    try:
        return sorted(await queue.getJobSchedulers(), key=lambda s: str(s["key"]))
    finally:
        await queue.close()


async def test_the_worker_schedules_the_prune_the_sweep_and_the_partition_upkeep(
    servers: Servers, worker: subprocess.Popen[bytes]
) -> None:
    first = await schedules(servers)
    second_worker = start_worker(servers)
    stop_process(second_worker)
    after_second = await schedules(servers)
    now_ms = time.time() * 1000

    assert [(s["key"], s["name"], s["every"]) for s in first] == EXPECTED
    assert [(s["key"], s["name"], s["every"]) for s in after_second] == EXPECTED, (
        "one schedule each, not one per worker"
    )
    for scheduled in after_second:
        assert scheduled["name"] in HANDLERS
        assert -5000 < int(str(scheduled["next"])) - now_ms <= int(str(scheduled["every"])) + 1000, scheduled
