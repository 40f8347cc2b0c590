"""Which operation a GraphQL request runs, as a metric label and a span name.

The label is the operation's name as the document declares it, so a client cannot invent labels
without sending documents that parse and name an operation; the names a process labels are still
capped (MAX_NAMES; past it: "other"), so no client can grow the metrics without bound. A request
naming no operation of its document is "invalid", one that does not parse "unparsed", one whose
operation has no name "anonymous".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from graphql import OperationDefinitionNode

from rapport.graphql import cost

MAX_NAMES = 300
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_labelled: set[str] = set()


@dataclass(frozen=True, slots=True)
class Operation:
    name: str
    type: str  # query, mutation, subscription, or "unknown"


UNPARSED = Operation("unparsed", "unknown")


def operation_of(body: bytes) -> Operation:
    """The operation a POSTed GraphQL body runs (from its cached parse: graphql/cost.py)."""
    try:
        payload = json.loads(body)
        query, name = payload["query"], payload.get("operationName")
    except (ValueError, KeyError, TypeError):
        return UNPARSED
    if not isinstance(query, str) or not isinstance(name, str | None):
        return UNPARSED
    document = cost.parsed(query)
    if document is None:
        return UNPARSED
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name:
        chosen = next((op for op in operations if op.name is not None and op.name.value == name), None)
    else:
        chosen = operations[0] if len(operations) == 1 else None
    if chosen is None:
        return Operation("invalid", "unknown")
    kind = chosen.operation.value
    if chosen.name is None:
        return Operation("anonymous", kind)
    return Operation(bounded(chosen.name.value), kind)


def bounded(name: str) -> str:
    if name in _labelled:
        return name
    if not _NAME.match(name) or len(_labelled) >= MAX_NAMES:
        return "other"
    _labelled.add(name)
    return name
