"""The SQL of each object type the compiled path answers, and its root fields."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from graphql import FieldNode, VariableNode
from sqlalchemy import Uuid, and_, bindparam, case, cast, func, literal, null, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import aliased
from sqlalchemy.types import Text

from rapport.graphql.compiled import lists
from rapport.graphql.compiled.connection import CURSOR, Translation
from rapport.graphql.compiled.plan import NotCompiled
from rapport.graphql.compiled.sql import SQL, Builder, array, cursor, json_object, scalars, utc
from rapport.kit.listing import inline
from rapport.kit.pagination import check_page_size, decode_cursor
from rapport.models import (
    Activity,
    ActivityKind,
    Company,
    Contact,
    Deal,
    DealContact,
    Pipeline,
    Stage,
    StageTotal,
    User,
    WorkspaceMember,
)

# Root fields answered here. The lists have their SQL here too, and their queries from lists.py.
LOOKUPS = frozenset({"contact", "company", "deal", "pipeline", "pipelines"})
ROOT_LISTS = frozenset({"contacts", "companies", "deals"})
TIMELINE_PAGE_SIZE = 20


class Request(Translation):
    async def root_field(self, node: FieldNode) -> SQL:
        name = node.name.value
        args = self.args("Query", node)
        key = (node.alias or node.name).value
        listed = lists.root_list(name)
        if listed is not None:
            query, keys = await listed(
                self.session, self.actor, filter=args.get("filter"), order_by=args.get("order_by") or []
            )
            model, build, type_name = self._node_of(name)
            return self.connection(node, type_name, query, keys, model, args, build)
        if name == "pipelines":
            pipeline = aliased(Pipeline)
            ordered = aggregate_order_by(
                await self.pipeline_object(node, pipeline),
                pipeline.is_default.desc(),
                pipeline.position,
                pipeline.created_at,
            )
            return select(array(ordered)).where(pipeline.workspace_id == self.actor.workspace_id).scalar_subquery()
        self.nullable_roots.add(key)
        if name == "pipeline":
            pipeline = aliased(Pipeline)
            condition = and_(
                pipeline.workspace_id == self.actor.workspace_id, pipeline.id == self.record_id(node, args["id"])
            )
            return select(await self.pipeline_object(node, pipeline)).where(condition).scalar_subquery()
        if name == "deal":
            return await self.lookup(aliased(Deal), "Deal", node, args, self.deal_object)
        if name == "contact":
            return await self.lookup(aliased(Contact), "Contact", node, args, self.contact_object)
        if name == "company":
            return await self.lookup(aliased(Company), "Company", node, args, self.company_object)
        raise NotCompiled

    def _node_of(self, list_field: str) -> tuple[Any, Callable[[FieldNode, Any], SQL], str]:
        """The model, the object builder and the connection type of a root list."""
        nodes: dict[str, tuple[Any, Callable[[FieldNode, Any], SQL], str]] = {
            "contacts": (Contact, self.contact_object, "ContactConnection"),
            "companies": (Company, self.company_object, "CompanyConnection"),
            "deals": (Deal, self.deal_object, "DealConnection"),
        }
        if list_field not in nodes:
            raise NotCompiled
        return nodes[list_field]

    def record_id(self, node: FieldNode, value: uuid.UUID) -> SQL:
        """A root field's `id`: a named bind parameter when it comes from an id-only variable."""
        argument = next(arg for arg in node.arguments or () if arg.name.value == "id")
        if isinstance(argument.value, VariableNode) and argument.value.name.value in self.plan.id_variables:
            return bindparam(f"var_{argument.value.name.value}", value, type_=Uuid())
        return literal(value, type_=Uuid())

    async def lookup(
        self, row: Any, type_name: str, node: FieldNode, args: dict[str, Any], build: Callable[[FieldNode, Any], SQL]
    ) -> SQL:
        await self.prepare_lists(node, type_name, row)
        record_id = self.record_id(node, args["id"])
        condition = and_(row.workspace_id == self.actor.workspace_id, row.id == record_id, row.deleted_at.is_(None))
        return select(build(node, row)).where(condition).scalar_subquery()

    async def prepare_lists(self, node: FieldNode, type_name: str, parent: Any) -> None:
        """Runs the registered queries of the lists selected on a record (a contact's deals) before its
        SQL is built: they are async (they may read custom field definitions), the builders are not."""
        for _, field in self.fields(node, type_name):
            listed = lists.nested_list(f"{type_name}.{field.name.value}")
            if listed is not None:
                args = self.args(type_name, field)
                prepared = await listed(self.session, self.actor, filter=args.get("filter"), parent=parent)
                self.prepared[(id(field), id(parent))] = prepared

    def nested_list(
        self, node: FieldNode, type_name: str, parent: Any, model: Any, build: Callable[[FieldNode, Any], SQL]
    ) -> SQL:
        """A list under `parent` that prepare_lists ran (elsewhere, e.g. inside a list, it is not compiled)."""
        prepared = self.prepared.get((id(node), id(parent)))
        if prepared is None:
            raise NotCompiled
        query, keys = prepared
        connection_type = f"{model.__name__}Connection"
        args = self.args(type_name, node)
        return self.connection(node, connection_type, query.correlate(parent), keys, model, args, build)

    # ---------- object types ----------

    async def pipeline_object(self, node: FieldNode, row: Any) -> SQL:
        stage = aliased(Stage)
        stage_fields = self.field_of(node, "Pipeline", "stages")
        stage_json = await self.stage_object(stage_fields, stage) if stage_fields is not None else null()
        return self.object(
            node,
            "Pipeline",
            {
                "id": lambda _: row.id,
                "name": lambda _: row.name,
                "isDefault": lambda _: row.is_default,
                "stages": lambda _: (
                    select(array(aggregate_order_by(stage_json, stage.position, stage.id)))
                    .where(stage.workspace_id == row.workspace_id, stage.pipeline_id == row.id)
                    .scalar_subquery()
                ),
            },
        )

    async def stage_object(self, node: FieldNode, stage: Any) -> SQL:
        # The stage's figures from the totals the triggers on `deals` maintain (models/stage_total.py),
        # per currency: the count and the sum of the currency's rows.
        parts = (
            select(
                StageTotal.currency.label("currency"),
                func.sum(StageTotal.deal_count).label("deals"),
                func.sum(StageTotal.amount_micros).label("amount"),
            )
            .where(StageTotal.workspace_id == stage.workspace_id, StageTotal.stage_id == stage.id)
            .group_by(StageTotal.currency)
            .having(func.sum(StageTotal.deal_count) > 0)
            .correlate(stage)
            .lateral("totals")
        )
        money = json_object([("amountMicros", cast(parts.c.amount, Text)), ("currency", parts.c.currency)])
        deal_count = select(func.coalesce(func.sum(parts.c.deals), 0)).scalar_subquery()
        deals_node = self.field_of(node, "Stage", "deals")
        deals_json: SQL = null()
        if deals_node is not None:
            listed = lists.nested_list("Stage.deals")
            if listed is None:
                raise NotCompiled
            args = self.args("Stage", deals_node)
            deals, keys = await listed(self.session, self.actor, filter=args.get("filter"), parent=stage)
            deals = deals.correlate(stage)  # the stage is two query levels up: say so explicitly
            # Unfiltered, the column holds every live deal of the stage: its count is the maintained one.
            total = deal_count if args.get("filter") is None else None
            deals_json = self.connection(
                deals_node, "DealConnection", deals, keys, Deal, args, self.deal_object, total=total
            )
        return self.object(
            node,
            "Stage",
            {
                "id": lambda _: stage.id,
                "name": lambda _: stage.name,
                "position": lambda _: stage.position,
                "probability": lambda _: stage.probability,
                "kind": lambda _: cast(stage.kind, Text),
                "dealCount": lambda _: deal_count,
                "totalAmount": lambda _: (
                    select(array(aggregate_order_by(money, parts.c.currency)))
                    .where(parts.c.currency.is_not(None))
                    .scalar_subquery()
                ),
                "deals": lambda _: deals_json,
            },
        )

    def deal_object(self, node: FieldNode, row: Any) -> SQL:
        company = aliased(Company)
        stage = aliased(Stage)
        pipeline = aliased(Pipeline)
        link = aliased(DealContact)
        contact = aliased(Contact)

        def simple(type_name: str, target: Any, names: Sequence[str]) -> Builder:
            def build(n: FieldNode) -> SQL:
                plain = {**scalars(target, names)}
                if type_name == "Stage":
                    plain["kind"] = lambda _: cast(target.kind, Text)
                return self.object(n, type_name, plain)

            return build

        def contacts(n: FieldNode) -> SQL:
            entry = self.object(
                n, "DealContact", {"role": lambda _: link.role, "contact": lambda c: self.contact_object(c, contact)}
            )
            return (
                select(array(aggregate_order_by(entry, link.created_at, contact.id)))
                .select_from(link)
                .join(contact, and_(contact.id == link.contact_id, contact.workspace_id == link.workspace_id))
                .where(link.workspace_id == row.workspace_id, link.deal_id == row.id, contact.deleted_at.is_(None))
                .scalar_subquery()
            )

        money = {
            "amountMicros": lambda _: cast(row.amount_micros, Text),
            "currency": lambda _: cast(row.currency, Text),
        }
        fields: dict[str, Builder] = {
            **scalars(row, ("id", "name", "position", "custom_fields", "lost_reason")),
            "status": lambda _: cast(row.status, Text),
            "closedAt": lambda _: case((row.closed_at.is_(None), null()), else_=utc(row.closed_at)),
            "createdAt": lambda _: utc(row.created_at),
            "updatedAt": lambda _: utc(row.updated_at),
            "lastActivityAt": lambda _: utc(row.last_activity_at),
            "expectedCloseDate": lambda _: func.to_char(row.expected_close_date, literal("YYYY-MM-DD")),
            "amount": lambda n: case((row.amount_micros.is_(None), null()), else_=self.object(n, "Money", money)),
            "company": lambda n: self.company_by_id(n, company, row.workspace_id, row.company_id),
            "owner": lambda n: self.member_by_id(n, row.workspace_id, row.owner_id),
            "stage": lambda n: (
                select(simple("Stage", stage, ("id", "name", "position", "probability"))(n))
                .where(stage.workspace_id == row.workspace_id, stage.id == row.stage_id)
                .scalar_subquery()
            ),
            "pipeline": lambda n: (
                select(simple("Pipeline", pipeline, ("id", "name", "is_default"))(n))
                .where(pipeline.workspace_id == row.workspace_id, pipeline.id == row.pipeline_id)
                .scalar_subquery()
            ),
            "contacts": contacts,
            "timeline": lambda n: self.timeline(n, row, "Deal"),
        }
        return self.object(node, "Deal", fields)

    def company_by_id(self, node: FieldNode, company: Any, workspace_id: SQL, company_id: SQL) -> SQL:
        return (
            select(self.company_object(node, company))
            .where(company.workspace_id == workspace_id, company.id == company_id, company.deleted_at.is_(None))
            .scalar_subquery()
        )

    def contact_object(self, node: FieldNode, row: Any) -> SQL:
        company = aliased(Company)
        fields = {
            **scalars(row, ("id", "first_name", "last_name", "name", "emails", "phones", "job_title", "custom_fields")),
            "createdAt": lambda _: utc(row.created_at),
            "updatedAt": lambda _: utc(row.updated_at),
            "lastActivityAt": lambda _: utc(row.last_activity_at),
            "company": lambda n: self.company_by_id(n, company, row.workspace_id, row.company_id),
            "owner": lambda n: self.member_by_id(n, row.workspace_id, row.owner_id),
            "dealCount": lambda _: (
                select(func.count())
                .select_from(DealContact)
                .join(Deal, and_(Deal.id == DealContact.deal_id, Deal.workspace_id == DealContact.workspace_id))
                .where(
                    DealContact.workspace_id == row.workspace_id,
                    DealContact.contact_id == row.id,
                    Deal.deleted_at.is_(None),
                )
                .scalar_subquery()
            ),
            "deals": lambda n: self.nested_list(n, "Contact", row, Deal, self.deal_object),
            "timeline": lambda n: self.timeline(n, row, "Contact"),
        }
        return self.object(node, "Contact", fields)

    def company_object(self, node: FieldNode, row: Any) -> SQL:
        fields = {
            **scalars(row, ("id", "name", "domain", "industry", "employees", "custom_fields")),
            "createdAt": lambda _: utc(row.created_at),
            "updatedAt": lambda _: utc(row.updated_at),
            "lastActivityAt": lambda _: utc(row.last_activity_at),
            "owner": lambda n: self.member_by_id(n, row.workspace_id, row.owner_id),
            "contactCount": lambda _: (
                select(func.count())
                .where(
                    Contact.workspace_id == row.workspace_id, Contact.company_id == row.id, Contact.deleted_at.is_(None)
                )
                .scalar_subquery()
            ),
            "dealCount": lambda _: (
                select(func.count())
                .where(Deal.workspace_id == row.workspace_id, Deal.company_id == row.id, Deal.deleted_at.is_(None))
                .scalar_subquery()
            ),
            "contacts": lambda n: self.nested_list(n, "Company", row, Contact, self.contact_object),
            "deals": lambda n: self.nested_list(n, "Company", row, Deal, self.deal_object),
            "timeline": lambda n: self.timeline(n, row, "Company"),
        }
        return self.object(node, "Company", fields)

    def member_object(self, node: FieldNode, member: Any) -> SQL:
        user = aliased(User)
        user_fields: dict[str, Builder] = {
            "id": lambda _: user.id,
            "email": lambda _: user.email,
            "name": lambda _: user.name,
            "mfaEnabled": lambda _: user.mfa_enabled,
        }
        fields: dict[str, Builder] = {
            "id": lambda _: member.id,
            "role": lambda _: cast(member.role, Text),
            "joinedAt": lambda _: utc(member.joined_at),
            "user": lambda n: (
                select(self.object(n, "User", user_fields)).where(user.id == member.user_id).scalar_subquery()
            ),
        }
        return self.object(node, "Member", fields)

    def member_by_id(self, node: FieldNode, workspace_id: SQL, member_id: SQL) -> SQL:
        return self._member(node, workspace_id, lambda member: member.id == member_id)

    def member_by_user(self, node: FieldNode, workspace_id: SQL, user_id: SQL) -> SQL:
        return self._member(node, workspace_id, lambda member: member.user_id == user_id)

    def _member(self, node: FieldNode, workspace_id: SQL, which: Callable[[Any], SQL]) -> SQL:
        member = aliased(WorkspaceMember)
        condition = and_(member.workspace_id == workspace_id, which(member))
        return select(self.member_object(node, member)).where(condition).scalar_subquery()

    def timeline(self, node: FieldNode, subject: Any, type_name: str) -> SQL:
        args = self.args(type_name, node)
        first: int = check_page_size(TIMELINE_PAGE_SIZE if args.get("first") is None else args["first"])
        after: str | None = args.get("after")
        of_subject = and_(Activity.workspace_id == subject.workspace_id, Activity.subject_id == subject.id)
        query = select(Activity).where(of_subject).correlate(subject)
        if after is not None:
            occurred_at, activity_id = decode_cursor(after, arity=2)
            try:
                query = query.where(
                    func.row(Activity.occurred_at, Activity.id)
                    < func.row(cast(literal(str(occurred_at)), Activity.occurred_at.type), uuid.UUID(str(activity_id)))
                )
            except ValueError as error:
                raise NotCompiled from error
        newest_first = (Activity.occurred_at.desc(), Activity.id.desc())
        page = query.order_by(*newest_first).limit(inline(first + 1)).lateral("timeline")
        numbered = select(
            page,
            func.row_number().over(order_by=(page.c.occurred_at.desc(), page.c.id.desc())).label("n"),
            cursor([utc(page.c.occurred_at), cast(page.c.id, Text)]).label(CURSOR),
        ).lateral("numbered_timeline")
        activity = aliased(Activity, numbered)
        edge_cursor = numbered.c[CURSOR]
        node_fields: dict[str, Builder] = {
            **scalars(activity, ("id", "summary", "changes", "body", "subject_type", "subject_id")),
            "kind": lambda _: cast(activity.kind, Text),
            "occurredAt": lambda _: utc(activity.occurred_at),
            "dueAt": lambda _: case((activity.due_at.is_(None), null()), else_=utc(activity.due_at)),
            "doneAt": lambda _: case((activity.done_at.is_(None), null()), else_=utc(activity.done_at)),
            "done": lambda _: case((activity.kind == ActivityKind.TASK, activity.done_at.is_not(None)), else_=null()),
            "actor": lambda n: self.member_by_user(n, activity.workspace_id, activity.actor_user_id),
            "assignee": lambda n: self.member_by_id(n, activity.workspace_id, activity.assignee_id),
        }
        total = select(func.count()).where(of_subject).correlate(subject).scalar_subquery()
        return self.page(
            node,
            "ActivityConnection",
            numbered,
            first,
            after,
            edge_cursor,
            lambda n: self.object(n, "Activity", node_fields),
            total,
        )
