"""A small cache whose entries expire a fixed time after they were set, for the hot paths of a request.

A search reads a few dozen cached values (its words' counts per kind, the workspace's sizes, the query's
vector); cachetools' TTLCache took ~3 % of the api's CPU at c = 16 doing so (bench/README.md, "One round
trip for both sides"): every read enters its timer's context and walks its own bookkeeping. Here a read is
a dict lookup and a clock read. Every entry lives the same `ttl`, so the order entries were set in is the
order they expire in: the dict's own order, oldest first, which is what is dropped when it is full.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from typing import Generic, TypeVar, overload

K = TypeVar("K")
V = TypeVar("V")
D = TypeVar("D")


class ExpiringCache(Generic[K, V]):
    """At most `maxsize` entries, each read as missing `ttl` seconds after it was set."""

    def __init__(self, maxsize: int, ttl: float, timer: Callable[[], float] = time.monotonic) -> None:
        if maxsize < 1 or ttl <= 0:
            raise ValueError("maxsize must be at least 1 and ttl more than 0")
        self.maxsize = maxsize
        self.ttl = ttl
        self._timer = timer
        self._entries: dict[K, tuple[V, float]] = {}

    @overload
    def get(self, key: K) -> V | None: ...

    @overload
    def get(self, key: K, default: D) -> V | D: ...

    def get(self, key: K, default: object = None) -> object:
        entry = self._entries.get(key)
        if entry is None:
            return default
        if entry[1] <= self._timer():
            del self._entries[key]
            return default
        return entry[0]

    def __getitem__(self, key: K) -> V:
        entry = self._entries[key]
        if entry[1] <= self._timer():
            del self._entries[key]
            raise KeyError(key)
        return entry[0]

    def __contains__(self, key: object) -> bool:
        entry = self._entries.get(key)  # type: ignore[arg-type]
        return entry is not None and entry[1] > self._timer()

    def __setitem__(self, key: K, value: V) -> None:
        now = self._timer()
        entries = self._entries
        entries.pop(key, None)  # set again: it moves to the end, as its expiry does
        entries[key] = (value, now + self.ttl)
        self._drop(now)

    def update(self, values: Mapping[K, V] | Iterable[tuple[K, V]]) -> None:
        now = self._timer()
        entries = self._entries
        for key, value in values.items() if isinstance(values, Mapping) else values:
            entries.pop(key, None)
            entries[key] = (value, now + self.ttl)
        self._drop(now)

    def pop(self, key: K, default: V | None = None) -> V | None:
        entry = self._entries.pop(key, None)
        return default if entry is None or entry[1] <= self._timer() else entry[0]

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        """The entries held, expired ones not yet dropped included."""
        return len(self._entries)

    def _drop(self, now: float) -> None:
        """The expired entries at the front, and the oldest while there are more than `maxsize`."""
        entries = self._entries
        while entries:
            oldest = next(iter(entries))
            if entries[oldest][1] > now and len(entries) <= self.maxsize:
                break
            del entries[oldest]
