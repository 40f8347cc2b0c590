"""The operation a GraphQL request runs, as a bounded metric label."""

from __future__ import annotations

import json

from rapport.graphql import operations
from rapport.graphql.operations import Operation, operation_of


def body(query: str, name: str | None = None) -> bytes:
    return json.dumps({"query": query, "operationName": name}).encode()


def test_the_label_is_the_operation_the_document_declares() -> None:
    assert operation_of(body("query Contacts { __typename }")) == Operation("Contacts", "query")
    assert operation_of(body("mutation Make { __typename }")) == Operation("Make", "mutation")
    assert operation_of(body("{ __typename }")) == Operation("anonymous", "query")
    two = "query A { __typename } mutation B { __typename }"
    assert operation_of(body(two, "B")) == Operation("B", "mutation")
    # A name the document does not declare, or no name where it has two: the executor refuses them.
    assert operation_of(body(two, "Invented")) == Operation("invalid", "unknown")
    assert operation_of(body(two)) == Operation("invalid", "unknown")
    assert operation_of(body("query {")) == Operation("unparsed", "unknown")
    assert operation_of(b"not json") == Operation("unparsed", "unknown")
    assert operation_of(json.dumps({"query": 3}).encode()) == Operation("unparsed", "unknown")


def test_a_process_labels_at_most_max_names_then_other() -> None:
    labelled = set(operations._labelled)
    try:
        operations._labelled.clear()
        operations._labelled.update(f"Name{i}" for i in range(operations.MAX_NAMES - 1))
        assert operation_of(body("query Last { __typename }")).name == "Last"
        assert operation_of(body("query OneTooMany { __typename }")).name == "other"
        # Names already labelled keep their label.
        assert operation_of(body("query Name7 { __typename }")).name == "Name7"
        assert len(operations._labelled) == operations.MAX_NAMES
    finally:
        operations._labelled.clear()
        operations._labelled.update(labelled)
