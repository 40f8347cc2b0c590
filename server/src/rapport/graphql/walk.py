"""A fast pre-order walk of a GraphQL document, for the checks every request makes.

graphql-core's `visit` costs about ten microseconds per node (it resolves the visitor's methods for
each node, keeps a path and a stack of edits); the checks below only need the nodes of a few kinds,
in document order, which this finds in a fraction of that. The order is `visit`'s: a node before its
children, the children in the order `visit` takes them (`QUERY_DOCUMENT_KEYS`).
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql.language import Node
from graphql.language.ast import QUERY_DOCUMENT_KEYS


def nodes_of(root: Node, kinds: tuple[type[Node], ...]) -> Iterator[Node]:
    """Every node of one of `kinds` under `root` (`root` included), in the order `visit` would enter them."""
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, kinds):
            yield node
        children: list[Node] = []
        for key in QUERY_DOCUMENT_KEYS.get(node.kind, ()):
            value = getattr(node, key, None)
            if isinstance(value, Node):
                children.append(value)
            elif isinstance(value, list | tuple):
                children.extend(item for item in value if isinstance(item, Node))
        stack.extend(reversed(children))
