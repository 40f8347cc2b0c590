"""Assembles the schema from each module's Query and Mutation types."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import strawberry
from graphql import GraphQLError, NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType

from rapport.activity.graphql import ActivityMutation, ActivityQuery
from rapport.audit.graphql import AuditQuery
from rapport.auth.graphql import AuthMutation, AuthQuery
from rapport.bulkchange.graphql import BulkChangeMutation
from rapport.company.graphql import CompanyMutation, CompanyQuery
from rapport.config import Settings
from rapport.contact.graphql import ContactMutation, ContactQuery
from rapport.customfield.graphql import FieldDefinitionMutation, FieldDefinitionQuery
from rapport.dashboard.graphql import DashboardQuery
from rapport.deal.graphql import DealMutation, DealQuery
from rapport.email.compose_graphql import ComposeMutation, ComposeQuery
from rapport.email.graphql import EmailMutation, EmailQuery
from rapport.file.graphql import FileMutation, FileQuery
from rapport.graphql.extensions import FormatErrors, ParseOnce, RefuseUnsafeText, RequestTransaction, escaped
from rapport.graphql.scalars import SCALAR_OVERRIDES
from rapport.importer.graphql import ImportMutation, ImportQuery
from rapport.invitation.graphql import InvitationMutation, InvitationQuery
from rapport.mailbox.graphql import MailboxMutation, MailboxQuery
from rapport.notification.graphql import NotificationMutation, NotificationQuery
from rapport.oauth.graphql import OAuthQuery
from rapport.pipeline.graphql import PipelineMutation, PipelineQuery
from rapport.realtime.graphql import Subscription
from rapport.search.graphql import SearchMutation, SearchQuery
from rapport.system.graphql import SystemQuery
from rapport.view.graphql import ViewMutation, ViewQuery
from rapport.webhook.graphql import WebhookMutation, WebhookQuery
from rapport.workspace.graphql import WorkspaceMutation, WorkspaceQuery

Query = merge_types(
    "Query",
    (
        AuthQuery,
        AuditQuery,
        OAuthQuery,
        WorkspaceQuery,
        InvitationQuery,
        ContactQuery,
        CompanyQuery,
        DealQuery,
        PipelineQuery,
        FieldDefinitionQuery,
        ActivityQuery,
        EmailQuery,
        ComposeQuery,
        MailboxQuery,
        DashboardQuery,
        FileQuery,
        ImportQuery,
        WebhookQuery,
        SearchQuery,
        SystemQuery,
        NotificationQuery,
        ViewQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        AuthMutation,
        WorkspaceMutation,
        InvitationMutation,
        ContactMutation,
        CompanyMutation,
        DealMutation,
        BulkChangeMutation,
        PipelineMutation,
        FieldDefinitionMutation,
        ActivityMutation,
        EmailMutation,
        ComposeMutation,
        MailboxMutation,
        FileMutation,
        ImportMutation,
        WebhookMutation,
        SearchMutation,
        NotificationMutation,
        ViewMutation,
    ),
)

SCHEMA_FILE = Path(__file__).resolve().parents[4] / "schema.graphql"


class Schema(strawberry.Schema):
    def process_errors(self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None) -> None:
        # Expected errors (bad input, no permission) are answers, not incidents: FormatErrors logs the rest.
        return None

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        result = await super().execute(
            query,
            variable_values,
            context_value,
            root_value,
            operation_name,
            allowed_operation_types,
            operation_extensions,
        )
        # An exception that escaped the extensions (a commit on a connection the database dropped, say)
        # reaches the client as Strawberry makes it, after FormatErrors ran: give it the code it would.
        escaped(result, context_value)
        return result


MAX_ALIASES = 50
MAX_TOKENS = 5000


def validation_rules(settings: Settings) -> list[Any]:
    """The limits every document must pass (depth, aliases, no introspection in production unless
    enabled), for validators outside the executor."""
    limiters = [QueryDepthLimiter(max_depth=settings.max_query_depth), MaxAliasesLimiter(max_alias_count=MAX_ALIASES)]
    rules: list[Any] = [rule for limiter in limiters for rule in limiter.validation_rules]
    if not settings.introspection_enabled:
        rules.append(NoSchemaIntrospectionCustomRule)
    return rules


def build_schema(settings: Settings) -> Schema:
    # Extensions are given as factories: an instance is made per operation. A shared instance would
    # see the execution context of whichever concurrent request touched it last. The limit rules are
    # made once: the validation cache is keyed by them, and new rule classes would never hit it.
    rules = validation_rules(settings)
    factories: list[Callable[[], SchemaExtension]] = [
        lambda: AddValidationRules(rules),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        # Clients send the same few documents over and over: parse and validate each once. (Not
        # Strawberry's ParserCache: its parse errors would escape FormatErrors and lose their code.)
        ParseOnce,
        lambda: ValidationCache(maxsize=1000),
    ]
    return Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        scalar_overrides=SCALAR_OVERRIDES,
        extensions=[FormatErrors, RequestTransaction, RefuseUnsafeText, *factories],
    )


def export_sdl(schema: strawberry.Schema) -> str:
    return schema.as_str() + "\n"
