import {
  cacheExchange,
  type Cache,
  type CacheExchangeOpts,
  type Data,
  type UpdateResolver,
  type Variables,
} from "@urql/exchange-graphcache";
import { relayPagination } from "@urql/exchange-graphcache/extras";
import { makeOperation, type Exchange, type ExchangeIO, type Operation, type OperationResult } from "urql";
import { pipe, tap } from "wonka";

import { moveDealOptimistic, moveDealUpdate } from "@/features/deals/board-cache";
import { subscriptionUpdates } from "@/lib/live-cache";

// The normalised cache of the browser's urql client (lib/urql.tsx).
//
// Entities are keyed by `id`; the types below have none and live inside their parent. Connections are
// merged page by page (`relayPagination`): the list shows its first page's query, and `loadMore` in
// lib/use-connection.ts asks for the next page, which lands in the same list.
//
// After a mutation, the cached root fields that hold a type it touched are invalidated, and the screens
// showing them load again: sort order, filters and counts are the server's to decide, so a created
// contact appears where the server puts it and a deleted one leaves every list and count that had it.
// A type is touched when the mutation's answer has one, or when the mutation says so by name (the
// deletes answer a Boolean). An update's new values show at once through the entity itself.
//
// One mutation is kept out of that: `moveDeal`, the kanban's drag. Loading the board again after each
// move would cost a round trip and drop the columns' loaded pages, so its own updater moves the card
// between the cached columns and adjusts their figures, and its optimistic answer shows the move at once
// (features/deals/board-cache.ts). The other screens that show deals load again when they open.

const KEYLESS = [
  "ActivityConnection",
  "ActivityEdge",
  "AuthPayload",
  "BatchItemError",
  "CompanyConnection",
  "CompanyEdge",
  "ContactConnection",
  "ContactEdge",
  "CreateCompaniesPayload",
  "CreatedApiKey",
  "CreateContactsPayload",
  "CreatedWebhookEndpoint",
  "DealConnection",
  "DealContact",
  "DealEdge",
  "DealMove",
  "DealStats",
  "DuplicateCandidate",
  "EmailParticipant",
  "EmailThreadConnection",
  "EmailThreadEdge",
  "InboundEmail",
  "MarkNotificationsReadPayload",
  "MfaEnrollment",
  "Money",
  "MonthStats",
  "NotificationConnection",
  "NotificationEdge",
  "PageInfo",
  "RecordChange",
  "SearchResult",
  "SearchResultConnection",
  "SearchResultEdge",
  "StageStats",
  "SystemStatus",
  "TimelineChange",
  "WebhookDeliveryConnection",
  "WebhookDeliveryEdge",
];

/** What the mutations that answer without the type (a Boolean) touched. */
const TOUCHES: Record<string, string[]> = {
  deleteContact: ["Contact"],
  deleteCompany: ["Company"],
  deleteDeal: ["Deal"],
  deletePipeline: ["Pipeline"],
  deleteStage: ["Stage"],
  deleteFieldDefinition: ["FieldDefinition"],
  removeMember: ["Member"],
  disconnectMailbox: ["Mailbox"],
  deleteWebhookEndpoint: ["WebhookEndpoint"],
  revokeApiKey: ["ApiKey"],
  deleteNote: ["Activity"],
  deleteCall: ["Activity"],
  deleteMeeting: ["Activity"],
  // A merge or its undo also changes the lists of the other kind's records (deals, people).
  mergeContacts: ["Contact", "Deal"],
  mergeCompanies: ["Company", "Contact", "Deal"],
  undoMerge: ["Contact", "Company", "Deal"],
  // A bulk change answers with counts: the lists of what it changed load again.
  bulkUpdateContacts: ["Contact"],
  bulkUpdateCompanies: ["Company"],
  bulkUpdateDeals: ["Deal", "Stage"],
  bulkDeleteContacts: ["Contact"],
  bulkDeleteCompanies: ["Company"],
  bulkDeleteDeals: ["Deal", "Stage"],
  // Its answer does not say what it undid: every record list loads again.
  undoBulk: ["Contact", "Company", "Deal", "Stage"],
  deleteView: ["SavedView"],
  deleteEmailTemplate: ["EmailTemplate"],
  // Activity moves its records' (and a contact's company's) last activity: the lists sorted by it load again.
  addNote: ["Activity", "Contact", "Company", "Deal"],
  addTask: ["Activity", "Contact", "Company", "Deal"],
  completeTask: ["Activity", "Contact", "Company", "Deal"],
  updateTask: ["Activity", "Contact", "Company", "Deal"],
  logCall: ["Activity", "Contact", "Company", "Deal"],
  logMeeting: ["Activity", "Contact", "Company", "Deal"],
  sendEmail: ["Email", "Contact", "Company", "Deal"],
};

const HITS = ["Contact", "Company", "Deal", "Activity", "EmailThread"];

/**
 * Root lists by the types of their items, for when they are empty and so hold no item to find. The
 * computed lists are here too: an empty `duplicateCandidates` holds no contact, yet undoing a merge brings
 * its pair back (the Data quality page showed it only after a reload).
 */
const ROOT_LISTS: Record<string, string[]> = {
  contacts: ["Contact"],
  companies: ["Company"],
  deals: ["Deal"],
  tasks: ["Activity"],
  agenda: ["Activity"],
  emailThreads: ["EmailThread"],
  pipelines: ["Pipeline"],
  fieldDefinitions: ["FieldDefinition"],
  members: ["Member"],
  mailboxes: ["Mailbox"],
  quarantinedEmails: ["QuarantinedEmail"],
  webhookEndpoints: ["WebhookEndpoint"],
  apiKeys: ["ApiKey"],
  savedViews: ["SavedView"],
  emailTemplates: ["EmailTemplate"],
  duplicateCandidates: ["Contact", "Company"],
  contactDuplicates: ["Contact"],
  search: HITS,
  similar: HITS,
};

/** The typenames in a mutation's answer. */
function typenamesIn(value: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) typenamesIn(item, found);
  } else if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record.__typename === "string") found.add(record.__typename);
    for (const [key, item] of Object.entries(record)) if (key !== "__typename") typenamesIn(item, found);
  }
  return found;
}

/**
 * Whether the cached record or link `value` holds one of `typenames` (an empty connection of one counts:
 * `ContactConnection` holds contacts). Walks the cached graph; `memo` keeps what was learnt per key.
 */
function holds(cache: Cache, value: unknown, typenames: Set<string>, memo: Map<string, boolean>): boolean {
  if (Array.isArray(value)) return value.some((item) => holds(cache, item, typenames, memo));
  if (typeof value !== "string") return false;
  const known = memo.get(value);
  if (known !== undefined) return known;
  memo.set(value, false);
  const typename = cache.resolve(value, "__typename");
  if (typeof typename !== "string") return false;
  const answer =
    typenames.has(typename) ||
    typenames.has(typename.replace(/Connection$/, "")) ||
    cache.inspectFields(value).some((field) => holds(cache, cache.resolve(value, field.fieldKey), typenames, memo));
  memo.set(value, answer);
  return answer;
}

function invalidateHolders(cache: Cache, typenames: Set<string>) {
  if (typenames.size === 0) return;
  const memo = new Map<string, boolean>();
  for (const field of cache.inspectFields("Query")) {
    const listOf = ROOT_LISTS[field.fieldName] ?? [];
    if (listOf.some((typename) => typenames.has(typename)) || holds(cache, cache.resolve("Query", field.fieldKey), typenames, memo)) {
      cache.invalidate("Query", field.fieldName, field.arguments ?? undefined);
    }
  }
}

/** Every mutation: invalidate what holds the types it touched; a delete also drops the record itself. */
function afterMutation(result: Data, args: Variables, cache: Cache, info: { fieldName: string }) {
  const touched = typenamesIn(result[info.fieldName], new Set(TOUCHES[info.fieldName] ?? []));
  const deleted = info.fieldName in TOUCHES && typeof args.id === "string" ? TOUCHES[info.fieldName]![0] : undefined;
  invalidateHolders(cache, touched);
  if (deleted && result[info.fieldName] === true) cache.invalidate({ __typename: deleted, id: args.id as string });
}

/**
 * The members of the schema's unions (schema.graphql; graphcache.test.ts checks this against it). Without
 * them Graphcache guesses which `... on Type` fragment of a union field applies, and it learns from its
 * guesses: an answer of `undoMerge` (a `RecordNode`) whose Contact has an `id` and a `name` made it match
 * `... on Company { id name }` on that Contact and note Company as a supertype of Contact. From then on it
 * read the Company fields (domain, industry) of every Contact in a `RecordNode` list, found none and
 * answered no data at all: the Data quality page showed "No likely duplicates" after an Undo.
 */
export const POSSIBLE_TYPES: Record<string, string[]> = {
  RecordNode: ["Contact", "Company", "Deal"],
  SearchHit: ["Contact", "Company", "Deal", "EmailThread", "Activity"],
};

const MUTATIONS_WITHOUT_UPDATES = new Set(["signIn", "signUp", "signOut", "refreshToken", "switchWorkspace", "createWorkspace"]);

/** Mutations with an updater of their own instead of `afterMutation`. */
const OWN_UPDATES: Record<string, UpdateResolver> = {
  moveDeal: moveDealUpdate,
  // It answers the new list of strings: the one cached list of them is what it replaced.
  setLostReasons: (_result, _args, cache) => cache.invalidate("Query", "lostReasons"),
};

/** The updater for every mutation field, so none is forgotten when one is added. */
const everyMutation = new Proxy(
  {},
  {
    get: (_target, name) =>
      typeof name !== "string" || MUTATIONS_WITHOUT_UPDATES.has(name) ? undefined : (OWN_UPDATES[name] ?? afterMutation),
  },
);

export const cacheOptions: CacheExchangeOpts = {
  keys: Object.fromEntries(KEYLESS.map((typename) => [typename, () => null])),
  possibleTypes: POSSIBLE_TYPES,
  resolvers: {
    Query: {
      contacts: relayPagination(),
      companies: relayPagination(),
      deals: relayPagination(),
      tasks: relayPagination(),
      emailThreads: relayPagination(),
    },
    Contact: { timeline: relayPagination() },
    Company: { timeline: relayPagination() },
    Deal: { timeline: relayPagination() },
    Stage: { deals: relayPagination() },
  },
  updates: { Mutation: everyMutation, Subscription: subscriptionUpdates(invalidateHolders) },
  optimistic: { moveDeal: moveDealOptimistic },
};

/**
 * Graphcache, with one addition: when a mutation answers, the queries whose requests are still on the way
 * are sent again (`network-only`). They were asked before the mutation, so their answers miss it, and
 * Graphcache would keep them: it asks what a mutation made stale `cache-first`, which urql does not send
 * while a request for it is in flight (a note added while the timeline still loads after the last change).
 */
export function graphcache(): Exchange {
  const exchange = cacheExchange(cacheOptions);
  return ({ client, forward, dispatchDebug }) => {
    const inFlight = new Map<number, Operation>();
    const network: ExchangeIO = (operations$) =>
      pipe(
        forward(
          pipe(
            operations$,
            tap((operation: Operation) => {
              if (operation.kind === "query") inFlight.set(operation.key, operation);
              else if (operation.kind === "teardown") inFlight.delete(operation.key);
            }),
          ),
        ),
        tap((result: OperationResult) => {
          const { operation } = result;
          if (operation.kind === "query" && !result.hasNext) inFlight.delete(operation.key);
          if (operation.kind !== "mutation") return;
          for (const query of inFlight.values()) {
            client.reexecuteOperation(makeOperation("query", query, { ...query.context, requestPolicy: "network-only" }));
          }
        }),
      );
    return exchange({ client, forward: network, dispatchDebug });
  };
}
