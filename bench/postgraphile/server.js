// PostGraphile v4 over Rapport's database: the comparison target of bench/run.py.
//
// Connects as the app role `rapport` (no superuser, no BYPASSRLS) and sets the same
// transaction-local settings Rapport sets, from the x-workspace-id / x-user-id headers, so every
// query runs under the same row-level security. Nothing is created in the database: the relations
// PostGraphile cannot see by itself (activities → contact, activities → actor member) are smart
// tags given here, and the case-insensitive name order is an order-by plugin.
//
//   PGHOST=/tmp/rapport-bench/postgres node server.js        (listens on 127.0.0.1:$PORT, 5050)

"use strict";

const http = require("http");
const { Pool } = require("pg");
const { postgraphile } = require("postgraphile");
const ConnectionFilterPlugin = require("postgraphile-plugin-connection-filter");
const PgSimplifyInflectorPlugin = require("@graphile-contrib/pg-simplify-inflector");
const {
  makeJSONPgSmartTagsPlugin,
  makeAddPgTableOrderByPlugin,
  orderByAscDesc,
} = require("graphile-utils");

const port = Number(process.env.PORT || 5050);
const pool = new Pool({
  host: process.env.PGHOST || "/tmp/rapport-bench/postgres",
  user: process.env.PGUSER || "rapport",
  database: process.env.PGDATABASE || "rapport",
  max: Number(process.env.POOL_SIZE || 10), // Rapport's default pool size
});

const SmartTags = makeJSONPgSmartTagsPlugin({
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
const NameOrder = makeAddPgTableOrderByPlugin("public", "contacts", ({ pgSql: sql }) =>
  orderByAscDesc(
    "NAME_CI",
    ({ queryBuilder }) => sql.fragment`lower(${queryBuilder.getTableAlias()}.name)`,
    { nulls: "last" },
  ),
);

const middleware = postgraphile(pool, ["public"], {
  appendPlugins: [PgSimplifyInflectorPlugin, ConnectionFilterPlugin, SmartTags, NameOrder],
  graphileBuildOptions: {
    pgUsePartitionedParent: true, // activities is partitioned: expose the parent, not the partitions
    connectionFilterRelations: false,
    connectionFilterComputedColumns: false,
    connectionFilterSetofFunctions: false,
  },
  ignoreRBAC: false, // expose only what the app role was granted (not the activity partitions)
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  legacyRelations: "omit",
  disableQueryLog: true,
  graphiql: false,
  enableCors: false,
  retryOnInitFail: false,
  pgSettings: (req) => ({
    "rapport.workspace_id": String(req.headers["x-workspace-id"] || ""),
    "rapport.user_id": String(req.headers["x-user-id"] || ""),
  }),
});

http.createServer(middleware).listen(port, "127.0.0.1", () => {
  console.log(`postgraphile: http://127.0.0.1:${port}/graphql`);
});
