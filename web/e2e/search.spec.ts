import { expect, test } from "@playwright/test";

import { api } from "./graphql-api";
import { openPalette, shot, signUp } from "./helpers";

const API = `http://127.0.0.1:${process.env.RAPPORT_E2E_API_PORT}`;
const CREATE_CONTACT = "mutation($input: ContactInput!) { createContact(input: $input) { id } }";
const ADD_NOTE = "mutation($t: UUID!, $b: String!) { addNote(targetId: $t, body: $b) { id } }";

test("the palette searches notes as you type, and all results filter by type", async ({ page }) => {
  await signUp(page, { name: "Ada Lovelace", workspace: "Analytical Engines" });
  const { createContact } = await api<{ createContact: { id: string } }>(page, CREATE_CONTACT, {
    input: { firstName: "Grace", lastName: "Hopper", emails: ["grace@navy.example"] },
  });
  await api(page, ADD_NOTE, { t: createContact.id, b: "She complained about the invoice for the compiler licence." });

  const palette = await openPalette(page);
  await palette.getByRole("combobox").fill("invoices");
  const note = palette.getByRole("option", { name: /Note on Grace Hopper/ });
  await expect(note).toBeVisible();
  await expect(note).toContainText("complained about the invoice");
  await shot(page, "search-01-palette-note");
  await note.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/contacts/${createContact.id}$`));

  // A name typed with a letter wrong still finds the person (the keyword side reads the names near it,
  // server/tests/search/test_typos.py; in a workspace this small meaning may find her too).
  await openPalette(page);
  await palette.getByRole("combobox").fill("grace hoppre");
  await expect(palette.getByRole("option", { name: /^Grace Hopper/ })).toBeVisible();
  await page.keyboard.press("Escape");
  // The results page marks the name meant, though "hoppre" is not in it.
  await page.goto("/search?q=grace%20hoppre");
  await expect(
    page.getByRole("list", { name: "Search results" }).locator("mark", { hasText: /^Hopper$/ }),
  ).toBeVisible();

  await openPalette(page);
  await palette.getByRole("combobox").fill("grace");
  await palette.getByRole("option", { name: /All results for “grace”/ }).click();
  await expect(page).toHaveURL(/\/search\?q=grace$/);
  const results = page.getByRole("list", { name: "Search results" });
  await expect(results.getByRole("listitem")).toHaveCount(1);
  // The AI service runs in this stack: the search is hybrid, not degraded.
  await expect(page.getByRole("status").filter({ hasText: "semantic search is not available" })).toHaveCount(0);
  await page.getByRole("group", { name: "Types" }).getByRole("button", { name: "Notes" }).click();
  await expect(page).toHaveURL(/type=NOTE/);
  await expect(page.getByText("Nothing matches “grace”")).toBeVisible();
  await page.getByRole("group", { name: "Types" }).getByRole("button", { name: "Contacts" }).click();
  await expect(results.getByRole("link", { name: "Grace Hopper" })).toBeVisible();
  await shot(page, "search-02-results-page");
});

test("an email thread found opens over the search page, and a search that cannot run says why", async ({ page }) => {
  const account = await signUp(page, { name: "Ada Lovelace", workspace: "Analytical Engines" });
  // A message from someone the workspace does not know: its thread belongs to no contact's page.
  const { inboundEmail } = await api<{ inboundEmail: { token: string } }>(page, `{ inboundEmail { token } }`);
  const raw = [
    `From: "Zed Stranger" <zed@unknown.example>`,
    `To: ${account.email}`,
    `Subject: Zebracorn quarterly invoice`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <zebracorn-${Date.now()}@unknown.example>`,
    `Content-Type: text/plain; charset=utf-8`,
    ``,
    `Please find the quarterly invoice for the zebracorn feed attached.`,
    ``,
  ].join("\r\n");
  const posted = await page.request.post(`${API}/api/v1/webhooks/inbound/email`, {
    headers: { "X-Inbound-Token": inboundEmail.token, "Content-Type": "message/rfc822" },
    data: Buffer.from(raw),
  });
  expect(posted.status()).toBe(202);

  // The worker files the message within moments (asked through the api: the palette would keep its answer).
  await expect
    .poll(async () => (await api<{ emailThreads: { edges: unknown[] } }>(page, "{ emailThreads { edges { cursor } } }")).emailThreads.edges.length, {
      timeout: 30_000,
    })
    .toBe(1);
  const palette = await openPalette(page);
  await palette.getByRole("combobox").fill("zebracorn");
  const thread = palette.getByRole("option", { name: /Zebracorn quarterly invoice/ });
  await expect(thread).toBeVisible();
  await thread.press("Enter");
  const sheet = page.getByRole("dialog", { name: "Zebracorn quarterly invoice" });
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText("quarterly invoice for the zebracorn feed");
  await expect(page).toHaveURL(/\/search\?q=zebracorn&thread=/);
  await page.keyboard.press("Escape");
  await expect(sheet).toBeHidden();
  await expect(page.getByRole("list", { name: "Search results" }).getByRole("link", { name: "Zebracorn quarterly invoice" })).toBeVisible();

  // Too long a search is refused by the api: the page says so, not that nothing matches.
  await page.goto(`/search?q=${"invoice ".repeat(80)}`);
  await expect(page.getByText("The search did not run")).toBeVisible();
  await expect(page.getByText("A search is at most 500 characters")).toBeVisible();
  await expect(page.getByText(/Nothing matches/)).toHaveCount(0);
});

test("a likely duplicate is flagged on create, compared side by side, merged and the merge undone", async ({ page }) => {
  // A long walk (create, warn, compare, merge, undo): on a loaded machine it takes over a minute.
  test.setTimeout(360_000);
  await signUp(page, { name: "Ada Lovelace", workspace: "Analytical Engines" });
  await api(page, CREATE_CONTACT, { input: { firstName: "Katherine", lastName: "Johnson", emails: ["katherine@nasa.example"] } });
  const { createContact } = await api<{ createContact: { id: string } }>(page, CREATE_CONTACT, {
    input: { firstName: "Kate", lastName: "Johnson", emails: ["kjohnson@gmail.com"], jobTitle: "Mathematician" },
  });

  // Creating a third copy warns before it is saved.
  await page.goto("/contacts");
  await (await openPalette(page)).getByRole("combobox").fill("create contact");
  await page.keyboard.press("Enter");
  await page.getByLabel("First name").fill("Kathy");
  await page.getByLabel("Last name").fill("Johnson");
  const warning = page.getByRole("status").filter({ hasText: "This may be a contact you already have" });
  await expect(warning).toBeVisible();
  await expect(warning.getByRole("link")).toHaveText(["Katherine Johnson", "Kate Johnson"]);
  await shot(page, "search-03-duplicate-warning");
  await page.keyboard.press("Escape");

  await page.goto("/settings/data-quality");
  const pair = page.getByRole("region", { name: /Possible duplicate/ });
  await expect(pair).toHaveCount(1);
  await expect(pair).toContainText("Kate and Katherine are forms of one name");
  await expect(pair).toContainText("kjohnson@gmail.com");
  await expect(pair).toContainText("katherine@nasa.example");
  await shot(page, "search-04-side-by-side");
  // Kate's card holds more (a job title): it is the one kept unless another is chosen.
  await expect(pair.getByRole("radio", { name: /Keep Kate Johnson/ })).toBeChecked();
  await pair.getByRole("radio", { name: /Keep Katherine Johnson/ }).check();
  await pair.getByRole("button", { name: "Merge into Katherine Johnson" }).click();
  await expect(page.getByText("Merged Kate Johnson into Katherine Johnson").first()).toBeVisible();
  await expect(page.getByText("No likely duplicates")).toBeVisible();
  const merged = await api<{ contacts: { edges: { node: { name: string; emails: string[]; jobTitle: string | null } }[] } }>(
    page,
    "query { contacts { edges { node { name emails jobTitle } } } }",
  );
  expect(merged.contacts.edges.map(({ node }) => node)).toEqual([
    { name: "Katherine Johnson", emails: ["katherine@nasa.example", "kjohnson@gmail.com"], jobTitle: "Mathematician" },
  ]);

  // Undone from the page's list of its merges, which stays after the toast has gone.
  const mergedHere = page.getByRole("region", { name: "Merged on this page" });
  await expect(mergedHere).toContainText("Kate Johnson into Katherine Johnson");
  await mergedHere.getByRole("button", { name: "Undo the merge of Kate Johnson" }).click();
  await expect(page.getByText("Kate Johnson restored").first()).toBeVisible();
  await expect(mergedHere).toBeHidden();
  await expect
    .poll(async () => (await api<{ contacts: { totalCount: number } }>(page, "query { contacts { totalCount } }")).contacts.totalCount)
    .toBe(2);
  const restored = await api<{ contact: { name: string; jobTitle: string | null } }>(
    page,
    "query($id: UUID!) { contact(id: $id) { name jobTitle } }",
    { id: createContact.id },
  );
  expect(restored.contact).toEqual({ name: "Kate Johnson", jobTitle: "Mathematician" });
  const again = await api<{ duplicateCandidates: { score: number }[] }>(page, "query { duplicateCandidates(objectType: CONTACT) { score } }");
  expect(again.duplicateCandidates).toEqual([{ score: 0.55 }]);
  // The page lists the pair again without a reload (Graphcache knows RecordNode's members: lib/graphcache.ts).
  const listed = page.getByRole("region", { name: /Possible duplicate/ });
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText("kjohnson@gmail.com");
  await expect(listed).toContainText("katherine@nasa.example");
  await expect(page.getByText("No likely duplicates")).toHaveCount(0);
  await shot(page, "search-05-undone");
});

test("a record page shows the records alike in meaning", async ({ page }) => {
  await signUp(page, { name: "Ada Lovelace", workspace: "Analytical Engines" });
  const CREATE_DEAL = "mutation($input: DealInput!) { createDeal(input: $input) { id } }";
  const first = await api<{ createDeal: { id: string } }>(page, CREATE_DEAL, { input: { name: "Office chairs for the Berlin team" } });
  await api(page, CREATE_DEAL, { input: { name: "Ergonomic desk seating, Munich office" } });
  await api(page, CREATE_DEAL, { input: { name: "Cloud hosting renewal" } });
  // The worker embeds the deals after they commit (the outbox relay queues them).
  const SIMILAR = "query($id: UUID!) { similar(id: $id, first: 1) { node { ... on Deal { name } } } }";
  await expect
    .poll(async () => (await api<{ similar: { node: { name?: string } }[] }>(page, SIMILAR, { id: first.createDeal.id })).similar.length, {
      timeout: 90_000,
    })
    .toBe(1);

  await page.goto(`/deals/${first.createDeal.id}`);
  const similar = page.getByRole("region", { name: "Similar" });
  await expect(similar.getByRole("link").first()).toHaveText("Ergonomic desk seating, Munich office");
  await shot(page, "search-06-similar-deals");
});

test("back from a result shows the results page as it was left: the pages loaded, scrolled where it was", async ({ page }) => {
  await signUp(page, { name: "Ada Lovelace", workspace: "Analytical Engines" });
  for (let n = 1; n <= 45; n += 1) {
    await api(page, CREATE_CONTACT, { input: { firstName: "Quillon", lastName: `Member ${String(n).padStart(2, "0")}` } });
  }
  await page.goto("/search?q=quillon&type=CONTACT");
  const results = page.getByRole("list", { name: "Search results" });
  await expect(results.first().getByRole("listitem")).toHaveCount(20);
  await page.getByRole("button", { name: "More results" }).click();
  await expect(results.nth(1).getByRole("listitem")).toHaveCount(20);
  const hit = results.nth(1).getByRole("listitem").nth(15).getByRole("link");
  const name = (await hit.textContent()) ?? "";
  await hit.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300); // the scroll is kept on the next frame
  const scrolled = await page.evaluate(() => window.scrollY);
  expect(scrolled).toBeGreaterThan(200);
  await hit.click();
  await expect(page).toHaveURL(/\/contacts\//);

  await page.goBack();
  await expect(page).toHaveURL(/\/search\?q=quillon&type=CONTACT$/);
  await expect(results.nth(1).getByRole("listitem")).toHaveCount(20);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(scrolled - 50);
  expect(await page.evaluate(() => window.scrollY)).toBeLessThan(scrolled + 50);
  await expect(results.nth(1).getByRole("link", { name })).toBeInViewport();

  // Reached anew (not by Back), the same search starts at its first page, at the top.
  await page.goto("/search?q=quillon&type=CONTACT");
  await expect(results.first().getByRole("listitem")).toHaveCount(20);
  await expect(results).toHaveCount(1);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
});
