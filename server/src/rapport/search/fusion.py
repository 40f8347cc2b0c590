"""Reciprocal rank fusion: ranked lists from different retrievers (keyword, semantic) made one.

RRF (Cormack, Clarke and Büttcher, 2009) scores an item by the sum over the lists that hold it of
1 / (k + rank), rank counted from 1. It needs no calibration between the retrievers' own scores
(a ts_rank and a cosine similarity are not comparable), and k = 60 damps the weight of the very
top ranks as in the paper.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

RRF_K = 60


@dataclass(frozen=True, slots=True)
class Fused(Generic[K]):
    key: K
    score: float
    sources: tuple[str, ...]  # the lists that hold the item, in the order the lists were given


def reciprocal_rank_fusion(
    lists: Mapping[str, Sequence[K]], *, k: int = RRF_K, weights: Mapping[str, float] | None = None
) -> list[Fused[K]]:
    """The items of the named ranked lists (best first, each item once per list), best first. A list's
    weight (1 unless `weights` says otherwise) multiplies what its ranks add.

    Ties in score keep the order of first appearance: the first list's order, then the next's.
    """
    scores: dict[K, float] = {}
    sources: dict[K, list[str]] = {}
    for name, ranked in lists.items():
        weight = 1.0 if weights is None else weights.get(name, 1.0)
        for rank, key in enumerate(ranked, start=1):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
            sources.setdefault(key, []).append(name)
    order = {key: index for index, key in enumerate(scores)}
    ranked_keys = sorted(scores, key=lambda key: (-scores[key], order[key]))
    return [Fused(key, scores[key], tuple(sources[key])) for key in ranked_keys]
