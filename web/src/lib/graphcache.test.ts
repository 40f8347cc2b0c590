import { readFileSync } from "node:fs";
import { join } from "node:path";

import { buildSchema, execute, isAbstractType, type DocumentNode } from "graphql";
import { Client, fetchExchange, makeResult, type Exchange, type Operation, type OperationResult } from "urql";
import { describe, expect, it, vi } from "vitest";
import { makeSubject, pipe, subscribe } from "wonka";

import { ContactsListDocument, CreateContactDocument, DeleteContactDocument } from "@/features/contacts/documents";
import { TimelineChangedDocument } from "@/features/live/documents";
import { ContactRecordDocument } from "@/features/records/documents";
import { DuplicateCandidatesDocument, MergeContactsDocument, UndoMergeDocument } from "@/features/search/documents";
import { AddNoteDocument, AddTaskDocument, ContactTimelineDocument } from "@/features/timeline/documents";
import { graphcache, POSSIBLE_TYPES } from "@/lib/graphcache";

type TypedDocument<TData, TVariables> = import("@graphql-typed-document-node/core").TypedDocumentNode<TData, TVariables>;

/** A contact row as the api answers it. */
function row(id: string, name: string) {
  return {
    __typename: "Contact",
    id,
    name,
    firstName: name,
    lastName: null,
    emails: [],
    phones: [],
    jobTitle: null,
    customFields: {},
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    lastActivityAt: null,
    company: null,
    owner: null,
  };
}

function page(rows: ReturnType<typeof row>[], endCursor: string | null, hasNextPage: boolean, totalCount: number) {
  return {
    __typename: "ContactConnection",
    totalCount,
    pageInfo: { __typename: "PageInfo", hasNextPage, endCursor },
    edges: rows.map((node) => ({ __typename: "ContactEdge", node })),
  };
}

/**
 * A stub api over a list of contacts, two to a page: answers the list (first page or `after` a cursor),
 * createContact and deleteContact, and records the operations it was sent.
 */
function stubApi(names: string[], hold: { lists: Promise<void> | null } = { lists: null }) {
  let contacts = names.map((name, index) => row(`c${index + 1}`, name));
  const asked: string[] = [];
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const { operationName, variables } = JSON.parse(String(init?.body)) as { operationName: string; variables: Record<string, unknown> };
    asked.push(variables.after ? `${operationName} after ${String(variables.after)}` : operationName);
    let data: unknown;
    if (operationName === "ContactsList") {
      // The list as it is when the request arrives; the answer may be held back (a slow network).
      const start = variables.after ? Number(variables.after) : 0;
      const rows = contacts.slice(start, start + 2);
      const total = contacts.length;
      if (hold.lists) await hold.lists;
      data = { contacts: page(rows, String(start + rows.length), start + 2 < total, total) };
      return new Response(JSON.stringify({ data }), { headers: { "content-type": "application/json" } });
    } else if (operationName === "CreateContact") {
      const created = row(`c${contacts.length + 100}`, "Aaron");
      contacts = [created, ...contacts];
      data = { createContact: created };
    } else if (operationName === "LogCall") {
      data = { logCall: { __typename: "Activity", id: "a1" } };
    } else if (operationName === "DeleteContact") {
      contacts = contacts.filter((contact) => contact.id !== variables.id);
      data = { deleteContact: true };
    } else {
      throw new Error(`The stub api does not answer ${operationName}`);
    }
    return new Response(JSON.stringify({ data }), { headers: { "content-type": "application/json" } });
  });
  const client = new Client({ url: "http://rapport.test/api/graphql", exchanges: [graphcache(), fetchExchange], fetch, preferGetMethod: false });
  return { client, asked };
}

const FIRST = { first: 2, after: null, filter: null, orderBy: [] };

/** The names the first-page query shows, as the list would: from the cache, each time it changes. */
function watch(client: Client) {
  const shown: string[][] = [];
  const subscription = client.query(ContactsListDocument, FIRST).subscribe((result) => {
    if (result.data) shown.push(result.data.contacts.edges.map((edge) => edge.node.name));
  });
  return { shown, stop: () => subscription.unsubscribe() };
}

describe("graphcache", () => {
  it("merges the next page into the list the first page's query shows", async () => {
    const { client, asked } = stubApi(["Ada", "Alan", "Grace", "Hedy", "Katherine"]);
    const list = watch(client);
    await vi.waitFor(() => expect(list.shown.at(-1)).toEqual(["Ada", "Alan"]));

    await client.query(ContactsListDocument, { ...FIRST, after: "2" }, { requestPolicy: "network-only" }).toPromise();
    const merged = await client.query(ContactsListDocument, FIRST, { requestPolicy: "cache-only" }).toPromise();

    expect(merged.data?.contacts.edges.map((edge) => edge.node.name)).toEqual(["Ada", "Alan", "Grace", "Hedy"]);
    expect(merged.data?.contacts.pageInfo).toMatchObject({ hasNextPage: true, endCursor: "4" });
    expect(merged.data?.contacts.totalCount).toBe(5);
    expect(asked).toEqual(["ContactsList", "ContactsList after 2"]);
    list.stop();
  });

  it("loads the first page again after a create, dropping the pages after it", async () => {
    const { client, asked } = stubApi(["Ada", "Alan", "Grace"]);
    const list = watch(client);
    await vi.waitFor(() => expect(list.shown.at(-1)).toEqual(["Ada", "Alan"]));
    await client.query(ContactsListDocument, { ...FIRST, after: "2" }, { requestPolicy: "network-only" }).toPromise();

    const created = await client.mutation(CreateContactDocument, { input: { firstName: "Aaron" } }).toPromise();

    expect(created.error).toBeUndefined();
    await vi.waitFor(() => expect(list.shown.at(-1)).toEqual(["Aaron", "Ada"]));
    expect(asked).toEqual(["ContactsList", "ContactsList after 2", "CreateContact", "ContactsList"]);
    list.stop();
  });

  it("loads the lists again after a call is logged (its record's last activity moved)", async () => {
    const { client, asked } = stubApi(["Ada", "Alan", "Grace"]);
    const list = watch(client);
    await vi.waitFor(() => expect(list.shown.at(-1)).toEqual(["Ada", "Alan"]));

    const logged = await client
      .mutation(`mutation LogCall($input: LogCallInput!) { logCall(input: $input) { id } }`, { input: { targetId: "c2", outcome: "CONNECTED" } })
      .toPromise();

    expect(logged.error).toBeUndefined();
    await vi.waitFor(() => expect(asked).toEqual(["ContactsList", "LogCall", "ContactsList"]));
    list.stop();
  });

  it("takes a deleted record out of the list and its count", async () => {
    const { client } = stubApi(["Ada", "Alan", "Grace"]);
    const list = watch(client);
    await vi.waitFor(() => expect(list.shown.at(-1)).toEqual(["Ada", "Alan"]));

    const deleted = await client.mutation(DeleteContactDocument, { id: "c1" }).toPromise();

    expect(deleted.data?.deleteContact).toBe(true);
    await vi.waitFor(() => expect(list.shown.at(-1)).toEqual(["Alan", "Grace"]));
    const after = await client.query(ContactsListDocument, FIRST, { requestPolicy: "cache-only" }).toPromise();
    expect(after.data?.contacts.totalCount).toBe(2);
    list.stop();
  });

  it("asks a list again after a mutation even while its earlier request is still on the way", async () => {
    let release = () => {};
    const hold: { lists: Promise<void> | null } = { lists: null };
    const { client, asked } = stubApi(["Ada", "Alan", "Grace"], hold);
    const list = watch(client);
    await vi.waitFor(() => expect(list.shown.at(-1)).toEqual(["Ada", "Alan"]));
    hold.lists = new Promise<void>((resolve) => {
      release = resolve;
    });

    // A delete sends the list again (held, as on a slow network: it will answer without what follows),
    // then a create answers while that request is still on the way.
    await client.mutation(DeleteContactDocument, { id: "c2" }).toPromise();
    await vi.waitFor(() => expect(asked).toEqual(["ContactsList", "DeleteContact", "ContactsList"]));
    await client.mutation(CreateContactDocument, { input: { firstName: "Aaron" } }).toPromise();
    await vi.waitFor(() => expect(asked).toEqual(["ContactsList", "DeleteContact", "ContactsList", "CreateContact", "ContactsList"]));
    release();

    await vi.waitFor(() => expect(list.shown.at(-1)).toEqual(["Aaron", "Ada"]));
    list.stop();
  });

  it("knows the members of every union and interface in the schema", () => {
    const schema = buildSchema(readFileSync(join(process.cwd(), "../schema.graphql"), "utf8"));
    const abstract = Object.values(schema.getTypeMap()).filter((type) => isAbstractType(type) && !type.name.startsWith("__"));
    const members = Object.fromEntries(
      abstract.map((type) => [type.name, schema.getPossibleTypes(type as Parameters<typeof schema.getPossibleTypes>[0]).map((member) => member.name)]),
    );
    expect(POSSIBLE_TYPES).toEqual(members);
  });

  it("shows the duplicate pair again after a merge is undone", async () => {
    const contact = (id: string, name: string, email: string) => ({
      __typename: "Contact",
      id,
      name,
      firstName: name.split(" ")[0],
      lastName: "Johnson",
      emails: [email],
      phones: [],
      jobTitle: null,
      createdAt: "2026-01-01T00:00:00Z",
      company: null,
    });
    const pair = {
      __typename: "DuplicateCandidate",
      score: 0.55,
      reasons: ["Kate and Katherine are forms of one name"],
      records: [contact("k1", "Katherine Johnson", "katherine@nasa.example"), contact("k2", "Kate Johnson", "kjohnson@gmail.com")],
    };
    let merged = false;
    const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      const { operationName } = JSON.parse(String(init?.body)) as { operationName: string };
      let data: unknown;
      if (operationName === "DuplicateCandidates") {
        data = { duplicateCandidates: merged ? [] : [pair] };
      } else if (operationName === "MergeContacts") {
        merged = true;
        data = { mergeContacts: { __typename: "Contact", id: "k1", name: "Katherine Johnson" } };
      } else if (operationName === "UndoMerge") {
        // The union's answer: a Contact with just the fields a Company fragment asks too (id, name).
        merged = false;
        data = { undoMerge: { __typename: "Contact", id: "k2", name: "Kate Johnson" } };
      } else {
        throw new Error(`The stub api does not answer ${operationName}`);
      }
      return new Response(JSON.stringify({ data }), { headers: { "content-type": "application/json" } });
    });
    const client = new Client({ url: "http://rapport.test/api/graphql", exchanges: [graphcache(), fetchExchange], fetch, preferGetMethod: false });
    const candidates = async () => {
      const result = await client.query(DuplicateCandidatesDocument, { objectType: "CONTACT" }, { requestPolicy: "network-only" }).toPromise();
      return result.data?.duplicateCandidates.map((candidate) => candidate.records.map((record) => (record.__typename === "Contact" ? record.emails : [])));
    };

    expect(await candidates()).toEqual([[["katherine@nasa.example"], ["kjohnson@gmail.com"]]]);
    await client.mutation(MergeContactsDocument, { primaryId: "k1", duplicateIds: ["k2"] }).toPromise();
    expect(await candidates()).toEqual([]);
    await client.mutation(UndoMergeDocument, { id: "k2" }).toPromise();

    expect(await candidates()).toEqual([[["katherine@nasa.example"], ["kjohnson@gmail.com"]]]);
  });

  it("shows a task added on a record page when the page's two queries and the live event interleave", async () => {
    // Given a contact's page (its record and its timeline) with a note just added: the note's reloads and
    // its live event are still coming in when the task is added. The answers and events arrive in an order
    // seen in CI (records-pages e2e): the task's event before the mutation's own answer, and the two
    // queries' answers in between.
    const page = recordPageApi();
    page.watch(ContactRecordDocument, { id: "c1" });
    const timeline = page.watch(ContactTimelineDocument, { id: "c1", first: 20, after: null });
    await page.answerAll();
    expect(timeline.totalCount()).toBe(8);

    const note = page.client.mutation(AddNoteDocument, { targetId: "c1", body: "Met at the Royal Society." }).toPromise();
    await page.answer("AddNote");
    await note;
    await page.publish("note");
    await page.answer("ContactTimeline");
    expect(timeline.totalCount()).toBe(9);
    const task = page.client.mutation(AddTaskDocument, { targetId: "c1", body: "Send the engine drawings" }).toPromise();
    await page.publish("task");
    await page.answer("ContactTimeline");
    await page.answer("ContactRecord");
    await page.answer("ContactRecord");
    await page.answer("AddTask");
    await task;
    await page.answerAll();

    // Then the timeline shows the task, with nothing left to wait for. (It kept the page without it, marked
    // stale with no request on the way: the timeline's cached page had been invalidated and not loaded again.)
    expect(page.pending()).toEqual([]);
    expect(timeline.totalCount()).toBe(10);
    expect(timeline.last()?.stale).toBe(false);
  });

  it("keeps the later answer when a query is asked again while its earlier request is on the way", async () => {
    // Given a contact's page whose note's live event comes late: the timeline is asked again for it, and
    // again when the task added meanwhile answers. The api read the first request before the task.
    const page = recordPageApi();
    page.watch(ContactRecordDocument, { id: "c1" });
    const timeline = page.watch(ContactTimelineDocument, { id: "c1", first: 20, after: null });
    await page.answerAll();
    const note = page.client.mutation(AddNoteDocument, { targetId: "c1", body: "Met at the Royal Society." }).toPromise();
    await page.answer("AddNote");
    await note;
    await page.answer("ContactTimeline");
    const task = page.client.mutation(AddTaskDocument, { targetId: "c1", body: "Send the engine drawings" }).toPromise();
    await page.publish("note");
    await page.publish("task");
    await page.answer("AddTask");
    await task;

    // When the later request answers first, then whatever is left.
    await page.answer("ContactTimeline", "newest");
    await page.answerAll();

    // Then the timeline shows the task: the earlier request was cancelled, its answer did not come last.
    expect(page.pending()).toEqual([]);
    expect(timeline.totalCount()).toBe(10);
    expect(timeline.last()?.stale).toBe(false);
  });
});

/**
 * A stub api for one contact's page, answering from schema.graphql: the contact, its timeline, addNote
 * and addTask. Requests wait until the test answers them, by operation name, so it decides the order of
 * the answers and of the live events (`publish`). A query reads the data when it arrives, a mutation
 * changes it when it is answered.
 */
function recordPageApi() {
  const schema = buildSchema(readFileSync(join(process.cwd(), "../schema.graphql"), "utf8"));
  const member = { id: "m1", user: { id: "u1", name: "Ada Lovelace" } };
  const entries: Record<string, unknown>[] = [];
  const entry = (kind: "UPDATED" | "NOTE" | "TASK", body: string) => ({
    id: `a${entries.length + 1}`,
    kind,
    occurredAt: new Date(Date.UTC(2026, 11, 5, 18, entries.length)).toISOString(),
    summary: body,
    changes: null,
    body,
    subjectType: "contact",
    subjectId: "c1",
    subjectName: "Charles Babbage",
    dueAt: null,
    done: kind === "TASK" ? false : null,
    doneAt: null,
    callOutcome: null,
    durationSeconds: null,
    title: null,
    endsAt: null,
    editedAt: null,
    canEdit: true,
    attendeeContacts: [],
    attendeeMembers: [],
    actor: member,
    assignee: kind === "TASK" ? member : null,
    email: null,
  });
  const add = (kind: "UPDATED" | "NOTE" | "TASK", body: string) => {
    const added = entry(kind, body);
    entries.unshift(added);
    return added;
  };
  for (let index = 1; index <= 8; index++) add("UPDATED", `Change ${index}`);
  const contact = {
    id: "c1",
    firstName: "Charles",
    lastName: "Babbage",
    name: "Charles Babbage",
    emails: ["charles@babbage.example"],
    phones: [],
    jobTitle: "Mathematician",
    customFields: {},
    createdAt: "2026-12-05T18:00:00Z",
    updatedAt: "2026-12-05T18:00:00Z",
    dealCount: 0,
    company: null,
    owner: member,
    deals: () => ({ totalCount: 0, edges: [] }),
    timeline: ({ first }: { first: number }) => ({
      totalCount: entries.length,
      pageInfo: { hasNextPage: entries.length > first, endCursor: entries.length > first ? String(first) : null },
      edges: entries.slice(0, first).map((node) => ({ cursor: String(node.id), node })),
    }),
  };
  const root = {
    contact: () => contact,
    addNote: ({ body }: { body: string }) => add("NOTE", body),
    addTask: ({ body }: { body: string }) => add("TASK", body),
  };

  const waiting: { key: number; name: string; answer: () => void }[] = [];
  const subscriptions = new Map<string, Operation>();
  const results = makeSubject<OperationResult>();
  const nameOf = (operation: Operation) => (operation.query.definitions[0] as { name?: { value: string } }).name?.value ?? "";
  const run = (operation: Operation) => {
    const { data, errors } = execute({
      schema,
      document: operation.query as DocumentNode,
      variableValues: operation.variables as Record<string, unknown>,
      rootValue: root,
    }) as { data?: Record<string, unknown>; errors?: readonly unknown[] };
    if (errors) throw new Error(`The stub api failed ${nameOf(operation)}: ${JSON.stringify(errors)}`);
    return data;
  };
  const network: Exchange = () => (operations$) => {
    pipe(
      operations$,
      subscribe((operation) => {
        if (operation.kind === "teardown") {
          // As fetchExchange does: a request torn down is not answered.
          for (let index = waiting.length - 1; index >= 0; index--) if (waiting[index]!.key === operation.key) waiting.splice(index, 1);
        } else if (operation.kind === "subscription") {
          subscriptions.set(nameOf(operation), operation);
        } else if (operation.kind === "query") {
          // The api reads a query when it arrives; its answer comes when the test says.
          const data = run(operation);
          waiting.push({ key: operation.key, name: nameOf(operation), answer: () => results.next(makeResult(operation, { data })) });
        } else {
          waiting.push({ key: operation.key, name: nameOf(operation), answer: () => results.next(makeResult(operation, { data: run(operation) })) });
        }
      }),
    );
    return results.source;
  };
  const client = new Client({
    url: "http://rapport.test/api/graphql",
    exchanges: [graphcache(), network],
    requestPolicy: "cache-and-network",
  });
  // The record page's live subscription: an entry added reloads the timeline (lib/live-cache.ts).
  client.subscription(TimelineChangedDocument, { targetId: "c1" }).subscribe(() => {});
  // urql dispatches reexecuted operations on microtasks; a macrotask lets them all through.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

  return {
    client,
    pending: () => waiting.map((request) => request.name),
    /** The oldest (or newest) request on the way for this operation is answered (none: nothing happens). */
    async answer(name: string, which: "oldest" | "newest" = "oldest") {
      await settle();
      const index = waiting[which === "oldest" ? "findIndex" : "findLastIndex"]((request) => request.name === name);
      if (index >= 0) waiting.splice(index, 1)[0]!.answer();
      await settle();
    },
    async answerAll() {
      for (let round = 0; round < 20 && (await settle(), waiting.length > 0); round++) waiting.shift()!.answer();
      await settle();
    },
    /** The api's live event for the entry added last (`timelineChanged` on the contact). */
    async publish(eventId: string) {
      await settle();
      const operation = subscriptions.get("TimelineChanged")!;
      results.next(
        makeResult(operation, {
          data: { timelineChanged: { __typename: "TimelineChange", eventId, kind: "ADDED", id: entries[0]!.id } },
        }),
      );
      await settle();
    },
    /** What a screen shows of a query (urql's hook keeps the last data until new data comes). */
    watch<TData, TVariables extends Record<string, unknown>>(document: TypedDocument<TData, TVariables>, variables: TVariables) {
      const seen: OperationResult[] = [];
      let shown: unknown;
      client.query(document, variables).subscribe((result) => {
        seen.push(result);
        if (result.data !== undefined || result.error) shown = result.data;
      });
      return {
        last: () => seen.at(-1),
        totalCount: () => (shown as { contact?: { timeline?: { totalCount: number } } } | undefined)?.contact?.timeline?.totalCount,
      };
    },
  };
}
