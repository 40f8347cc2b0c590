"""The per-mailbox fetch budget (aiolimiter): 100 messages a second, bursts of one batch."""

from __future__ import annotations

from rapport.mailbox.sync import SyncOptions, message_limiter


async def test_the_default_budget_is_100_messages_a_second_with_a_burst_of_one_batch() -> None:
    options = SyncOptions()
    limiter = message_limiter(options.messages_per_second, options.batch_size)
    assert (limiter.max_rate, limiter.time_period) == (100, 1.0)
    await limiter.acquire(100)
    assert not limiter.has_capacity(1)


async def test_batches_larger_than_a_second_of_budget_still_average_the_rate() -> None:
    limiter = message_limiter(100, 250)
    assert (limiter.max_rate, limiter.time_period) == (250, 2.5)
    assert limiter.max_rate / limiter.time_period == 100
