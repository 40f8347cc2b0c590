"""graphql/walk.py finds the nodes graphql-core's `visit` enters, in the same order."""

from __future__ import annotations

from graphql import Visitor, parse, visit
from graphql.language import ArgumentNode, Node

from rapport.graphql.walk import nodes_of

DOCUMENT = """
query Page($tier: String! = "gold", $n: Int) @cached(ttl: 5) {
  contacts(first: $n, filter: {customField: {key: "tier", string: {eq: $tier}}, or: [{name: {in: ["a", "b"]}}]}) {
    edges { node { id ...Card @include(if: true) ... on Contact { timeline(first: 3) { totalCount } } } }
  }
}
fragment Card on Contact { name company(filter: {x: 1}) { id } }
"""


class Entered(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[Node] = []

    def enter(self, node: Node, *_: object) -> None:
        self.nodes.append(node)


def test_the_walk_enters_what_visit_enters_in_the_same_order() -> None:
    document = parse(DOCUMENT)
    entered = Entered()
    visit(document, entered)
    walked = list(nodes_of(document, (Node,)))
    assert [id(node) for node in walked] == [id(node) for node in entered.nodes]
    assert len(walked) == 101


def test_the_walk_keeps_the_kinds_asked_for() -> None:
    arguments = [node for node in nodes_of(parse(DOCUMENT), (ArgumentNode,)) if isinstance(node, ArgumentNode)]
    assert [node.name.value for node in arguments] == ["ttl", "first", "filter", "if", "first", "filter"]
