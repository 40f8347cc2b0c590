"""Reciprocal rank fusion of a keyword list and a second (semantic) list."""

from __future__ import annotations

from rapport.search.fusion import Fused, reciprocal_rank_fusion


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
