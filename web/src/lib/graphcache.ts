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
import { fromArray, fromValue, mergeMap, pipe, tap } from "wonka";

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
// A record's own root field (`contact(id)`, `company(id)`, `deal(id)`) is not invalidated for what its
// lists hold, only those lists are: after a note or a task, the record's `timeline` connection, not
// `contact(id)`. The record page's two queries (ContactRecord, ContactTimeline) share that root field;
// invalidating it sent both again at once, and Graphcache could lose the timeline between the two
// answers: the record's answer wrote the shared Contact, the timeline query, read again from the cache
// as that answer's dependent, missed its invalidated page, and a dependent's miss is neither sent nor
// answered (Graphcache's guard against refetch loops), while urql had dropped the timeline's own reload
// as a duplicate of a request on the way. The timeline kept its old page (or its skeleton) with nothing
// in flight: the task added never showed (records-pages e2e, once in 62). See graphcache.test.ts.
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
  // A sent email is an entry of its records' timelines too.
  sendEmail: ["Email", "Activity"],
};

/**
 * What a mutation changes without adding or removing records: the root lists of these types (`contacts`,
 * `companies`, `deals`) load again, and nothing else for them. Activity moves its records' (and a
 * contact's company's) last activity, which those lists sort by; the records themselves (their pages)
 * gain a timeline entry, which `Activity` in the answer already reloads.
 */
const RELISTS: Record<string, string[]> = {
  addNote: ["Contact", "Company", "Deal"],
  addTask: ["Contact", "Company", "Deal"],
  completeTask: ["Contact", "Company", "Deal"],
  updateTask: ["Contact", "Company", "Deal"],
  logCall: ["Contact", "Company", "Deal"],
  logMeeting: ["Contact", "Company", "Deal"],
  sendEmail: ["Contact", "Company", "Deal"],
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

const KEYLESS_TYPES = new Set(KEYLESS);

/** The typename of a cached record (a keyed entity: `Contact:…`), or null for a keyless object or anything else. */
function recordTypename(cache: Cache, value: unknown): string | null {
  if (typeof value !== "string") return null;
  const typename = cache.resolve(value, "__typename");
  return typeof typename === "string" && !KEYLESS_TYPES.has(typename) ? typename : null;
}

/**
 * Whether the cached list or connection `value` has items of one of `typenames`: records reached through
 * keyless objects and lists only (a timeline's edges' nodes), not what those records link to in turn (a
 * deal's owner is not an item of the contact's deals). An empty connection of them counts.
 */
function listsOf(cache: Cache, value: unknown, typenames: Set<string>): boolean {
  if (Array.isArray(value)) return value.some((item) => listsOf(cache, item, typenames));
  if (typeof value !== "string") return false;
  const typename = cache.resolve(value, "__typename");
  if (typeof typename !== "string") return false;
  if (!KEYLESS_TYPES.has(typename)) return typenames.has(typename);
  if (typenames.has(typename.replace(/Connection$/, ""))) return true;
  return cache.inspectFields(value).some((field) => listsOf(cache, cache.resolve(value, field.fieldKey), typenames));
}

const RECORD_TYPES = ["Contact", "Company", "Deal"];

/**
 * Invalidates the cached root fields that hold one of `typenames`, and `relisted` root lists. A root
 * field that is one contact, company or deal (`contact(id)`) stays: the lists in it that have items of
 * those types are invalidated instead (a task: its `timeline`; a deal: its `deals`), so only the queries
 * reading them load again (see the note at the top). A change to a record adds an entry to timelines.
 */
function invalidateHolders(cache: Cache, typenames: Set<string>, relisted: readonly string[] = []) {
  if (typenames.size === 0 && relisted.length === 0) return;
  const memo = new Map<string, boolean>();
  const timelines = typenames.has("Activity") || RECORD_TYPES.some((typename) => typenames.has(typename));
  for (const field of cache.inspectFields("Query")) {
    const value = cache.resolve("Query", field.fieldKey);
    const listOf = ROOT_LISTS[field.fieldName] ?? [];
    const record = recordTypename(cache, value);
    if (listOf.some((typename) => typenames.has(typename) || relisted.includes(typename))) {
      cache.invalidate("Query", field.fieldName, field.arguments ?? undefined);
    } else if (record !== null && RECORD_TYPES.includes(record)) {
      const key = value as string;
      for (const inner of cache.inspectFields(key)) {
        const held = cache.resolve(key, inner.fieldKey);
        if (recordTypename(cache, held) !== null) continue;
        if (inner.fieldName === "timeline" ? timelines : listsOf(cache, held, typenames)) {
          cache.invalidate(key, inner.fieldName, inner.arguments ?? undefined);
        }
      }
    } else if (holds(cache, value, typenames, memo)) {
      cache.invalidate("Query", field.fieldName, field.arguments ?? undefined);
    }
  }
}

/** Every mutation: invalidate what holds the types it touched; a delete also drops the record itself. */
function afterMutation(result: Data, args: Variables, cache: Cache, info: { fieldName: string }) {
  const touched = typenamesIn(result[info.fieldName], new Set(TOUCHES[info.fieldName] ?? []));
  const deleted = info.fieldName in TOUCHES && typeof args.id === "string" ? TOUCHES[info.fieldName]![0] : undefined;
  invalidateHolders(cache, touched, RELISTS[info.fieldName]);
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
 * Graphcache, with two additions:
 * - when a mutation answers, the queries whose requests are still on the way are sent again
 *   (`network-only`). They were asked before the mutation, so their answers miss it, and Graphcache would
 *   keep them: it asks what a mutation made stale `cache-first`, which urql does not send while a request
 *   for it is in flight (a note added while the timeline still loads after the last change);
 * - a query sent again while its earlier request is on the way cancels that request (a teardown to the
 *   exchanges after this one: fetch stops waiting for it). Both answers would be written, in the order they
 *   arrive, and the earlier one, read by the api before the later, could arrive last and stay: the
 *   timeline asked again for a live event, then for the task's own answer, showed the page without it.
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
            mergeMap((operation: Operation) => {
              const earlier = operation.kind === "query" ? inFlight.get(operation.key) : undefined;
              if (operation.kind === "query") inFlight.set(operation.key, operation);
              else if (operation.kind === "teardown") inFlight.delete(operation.key);
              return earlier ? fromArray([makeOperation("teardown", earlier, earlier.context), operation]) : fromValue(operation);
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
