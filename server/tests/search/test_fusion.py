"""Reciprocal rank fusion of a keyword list and a second (semantic) list, and the keyword words' weights."""

from __future__ import annotations

from rapport.search.fusion import Fused, reciprocal_rank_fusion
from rapport.search.service import bm25_idf


def test_items_found_by_both_lists_rise_above_items_found_by_one() -> None:
    keyword = ["a", "b", "c"]
    semantic = ["c", "d", "a"]

    fused = reciprocal_rank_fusion({"keyword": keyword, "semantic": semantic})

    assert fused == [
        Fused("a", 1 / 61 + 1 / 63, ("keyword", "semantic")),
        Fused("c", 1 / 63 + 1 / 61, ("keyword", "semantic")),
        Fused("b", 1 / 62, ("keyword",)),
        Fused("d", 1 / 62, ("semantic",)),
    ]


def test_one_list_keeps_its_order_and_k_sets_the_scores() -> None:
    fused = reciprocal_rank_fusion({"keyword": ["x", "y"]}, k=0)

    assert fused == [Fused("x", 1.0, ("keyword",)), Fused("y", 0.5, ("keyword",))]


def test_no_lists_no_items() -> None:
    assert reciprocal_rank_fusion({}) == []
    assert reciprocal_rank_fusion({"keyword": [], "semantic": []}) == []


def test_a_list_weight_scales_what_its_ranks_add() -> None:
    fused = reciprocal_rank_fusion({"keyword": ["a", "b"], "semantic": ["b", "c"]}, k=0, weights={"keyword": 0.5})

    assert fused == [
        Fused("b", 0.5 / 2 + 1.0, ("keyword", "semantic")),
        Fused("a", 0.5, ("keyword",)),
        Fused("c", 0.5, ("semantic",)),
    ]


def test_rare_words_weigh_more_than_common_ones() -> None:
    assert [round(bm25_idf(100, holding), 3) for holding in (1, 10, 50, 100)] == [4.21, 2.264, 0.693, 0.005]
