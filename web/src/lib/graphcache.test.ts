import { readFileSync } from "node:fs";
import { join } from "node:path";

import { buildSchema, isAbstractType } from "graphql";
import { Client, fetchExchange } from "urql";
import { describe, expect, it, vi } from "vitest";

import { ContactsListDocument, CreateContactDocument, DeleteContactDocument } from "@/features/contacts/documents";
import { DuplicateCandidatesDocument, MergeContactsDocument, UndoMergeDocument } from "@/features/search/documents";
import { graphcache, POSSIBLE_TYPES } from "@/lib/graphcache";

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
});
