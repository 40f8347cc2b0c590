"""The expiring cache of the search path: entries read as missing once their time is up, the oldest
dropped first when it is full."""

from __future__ import annotations

import pytest

from rapport.kit.expiring import ExpiringCache


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_an_entry_is_read_until_its_time_is_up_and_then_is_missing() -> None:
    clock = Clock()
    cache: ExpiringCache[str, int] = ExpiringCache(maxsize=10, ttl=5.0, timer=clock)
    cache["a"] = 1
    clock.now += 4.9
    assert (cache.get("a"), cache["a"], "a" in cache) == (1, 1, True)
    clock.now += 0.1
    assert (cache.get("a"), cache.get("a", 7), "a" in cache, cache.pop("a")) == (None, 7, False, None)
    with pytest.raises(KeyError):
        cache["a"]


def test_setting_an_entry_again_gives_it_a_new_time() -> None:
    clock = Clock()
    cache: ExpiringCache[str, int] = ExpiringCache(maxsize=10, ttl=5.0, timer=clock)
    cache["a"] = 1
    cache["b"] = 2
    clock.now += 3
    cache["a"] = 3
    clock.now += 3
    assert (cache.get("a"), cache.get("b")) == (3, None)
    clock.now += 2
    assert cache.get("a") is None


def test_a_full_cache_drops_the_oldest_and_setting_drops_what_expired() -> None:
    clock = Clock()
    cache: ExpiringCache[int, int] = ExpiringCache(maxsize=3, ttl=10.0, timer=clock)
    cache.update({1: 1, 2: 2, 3: 3})
    cache[1] = 10  # now the newest
    cache[4] = 4
    assert [cache.get(key) for key in (1, 2, 3, 4)] == [10, None, 3, 4]
    assert len(cache) == 3
    clock.now += 11
    cache.update([(5, 5)])
    assert len(cache) == 1
    assert cache.pop(5) == 5
    cache[6] = 6
    cache.clear()
    assert len(cache) == 0


def test_a_cache_needs_room_and_time() -> None:
    with pytest.raises(ValueError, match="maxsize"):
        ExpiringCache(maxsize=0, ttl=1.0)
    with pytest.raises(ValueError, match="ttl"):
        ExpiringCache(maxsize=1, ttl=0)
