"""`me`: documents that ask only for the signed-in user's own fields, answered from one row that is read
with the session check (`auth.membership.VIEWER_SQL`), without the executor.

The rule is the executor's (`me` is `SignedIn`: a person, not an API key, whose session is still signed
in; then the user's row). This path answers only when all of it holds; anything else (no token, a bad
one, an API key, a signed-out session, no such user, another field, a directive, variables) goes to
the executor, which answers with its own error. Nothing is cached but the document's shape.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLSchema

from rapport.graphql.compiled.plan import DocumentPlans, NotCompiled, Plan, fields, query_operation
from rapport.models import Role

# The User fields answered here, by their column in the row (`__typename`: the type's name).
USER_COLUMNS = {"id": "id", "email": "email", "name": "name", "mfaEnabled": "mfa_enabled", "__typename": None}

# (response key, column or None for __typename) of each selected User field, per root `me` field.
Roots = tuple[tuple[str, tuple[tuple[str, str | None], ...]], ...]


@dataclass(frozen=True)
class ViewerPlan:
    roots: Roots

    def answer(self, row: Any) -> str:
        """The response body, as the executor prints it (Strawberry's compact JSON, fields in the
        document's order)."""
        data = {
            key: {field: "User" if column is None else _value(row[column]) for field, column in selected}
            for key, selected in self.roots
        }
        return json.dumps({"data": data}, separators=(",", ":"))


def _value(value: Any) -> Any:
    return value if isinstance(value, str | bool) or value is None else str(value)


class Viewers:
    """The plans of `me` documents (None: the executor answers), per document and operation name."""

    def __init__(self, schema: GraphQLSchema, rules: Sequence[Any]) -> None:
        self.schema = schema
        self.rules = list(rules)
        self._plans = DocumentPlans(self._build)

    def plan(self, query: str, operation_name: str | None) -> ViewerPlan | None:
        return self._plans.get(query, operation_name)

    def _build(self, key: str, query: str, operation_name: str | None) -> ViewerPlan | None:
        found = query_operation(self.schema, self.rules, query, operation_name)
        if found is None:
            return None
        operation, fragments = found
        if operation.variable_definitions:
            return None  # variables are coerced, and may be refused, by the executor
        draft = Plan(key, operation, fragments, frozenset(), Role.VIEWER)
        try:
            roots = fields(draft, operation.selection_set, "Query")
            if not roots or any(node.name.value != "me" or node.arguments for _, node in roots):
                return None
            plan: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []
            for key_, node in roots:
                selected = fields(draft, node.selection_set, "User")
                if any(
                    field.name.value not in USER_COLUMNS or field.arguments or field.selection_set
                    for _, field in selected
                ):
                    return None
                plan.append((key_, tuple((name, USER_COLUMNS[field.name.value]) for name, field in selected)))
        except NotCompiled:
            return None
        return ViewerPlan(tuple(plan))
