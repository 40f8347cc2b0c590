import { expect, test } from "@playwright/test";

import { card, column, drag } from "./board";
import { api } from "./graphql-api";
import { navigate, shot, teammates } from "./helpers";

// Two people in one workspace, each in their own browser context, see each other's work without reloading.
// Two browsers and sign-ups per test: more than the default minute on a loaded machine.
test.setTimeout(300_000);


test("live: a teammate's deal move, new deal and deletion show on the other's board", async ({ browser }) => {
  const { owner, mate, close } = await teammates(browser, "Olive Live Deals");
  const created = await api<{ createDeal: { id: string } }>(owner, `mutation { createDeal(input: { name: "Analytical Engine" }) { id } }`);
  await navigate(owner, "Deals");
  await navigate(mate, "Deals");
  await expect(column(mate, "Lead")).toContainText("Analytical Engine");

  await drag(owner, card(owner, "Analytical Engine"), column(owner, "Qualified"));
  await expect(column(owner, "Qualified")).toContainText("Analytical Engine");
  // Within a second or two on the other screen, without a reload.
  await expect(column(mate, "Qualified")).toContainText("Analytical Engine", { timeout: 5000 });
  await expect(column(mate, "Lead")).not.toContainText("Analytical Engine");
  await shot(mate, "live-01-teammate-moved-deal");

  await api(owner, `mutation { createDeal(input: { name: "Difference Engine" }) { id } }`);
  await expect(column(mate, "Lead")).toContainText("Difference Engine", { timeout: 5000 });
  await api(owner, `mutation ($id: UUID!) { deleteDeal(id: $id) }`, { id: created.createDeal.id });
  await expect(card(mate, "Analytical Engine")).toHaveCount(0, { timeout: 5000 });
  await close();
});

test("live: a deal moved within its column takes its new place on the other's board", async ({ browser }) => {
  const { owner, mate, close } = await teammates(browser, "Olive Live Order");
  type Made = { createDeal: { id: string; position: number; stage: { id: string } } };
  const made: Made["createDeal"][] = [];
  for (const name of ["Alpha Engine", "Beta Engine", "Gamma Engine"]) {
    const created = await api<Made>(owner, `mutation ($name: String!) { createDeal(input: { name: $name }) { id position stage { id } } }`, { name });
    made.push(created.createDeal);
  }
  await navigate(mate, "Deals");
  // The column's cards in the order shown, by deal id (the test's three only).
  const ids = made.map((deal) => deal.id);
  const order = async () =>
    (await column(mate, "Lead").getByTestId("deal-card").evaluateAll((cards) => cards.map((card) => card.getAttribute("data-deal-id")))).filter(
      (id): id is string => id !== null && ids.includes(id),
    );
  await expect.poll(order).toEqual(ids);

  // Olive puts Gamma first in the same column: Mat's board shows the new order without a reload.
  const [alpha, , gamma] = made as [Made["createDeal"], Made["createDeal"], Made["createDeal"]];
  await api(owner, `mutation ($id: UUID!, $stage: UUID!, $at: Float) { moveDeal(id: $id, stageId: $stage, position: $at) { id } }`, {
    id: gamma.id,
    stage: gamma.stage.id,
    at: alpha.position - 1,
  });
  await expect.poll(order, { timeout: 5000 }).toEqual([gamma.id, alpha.id, made[1]!.id]);
  await shot(mate, "live-06-teammate-reordered");
  await close();
});

test("live: after the live connection drops, what changed meanwhile arrives once it is back, without a reload", async ({ browser }) => {
  const { owner, mate, close } = await teammates(browser, "Olive Live Resume");
  // Mat's live socket goes through this route (to the real api), so the test can cut it and refuse
  // reconnects for a while, as an api restart does.
  let down = false;
  const sockets: { close: () => Promise<void> }[] = [];
  await mate.routeWebSocket(/\/api\/graphql/, (ws) => {
    if (down) {
      void ws.close({ code: 1012, reason: "The server is restarting: reconnect." });
      return;
    }
    ws.connectToServer();
    sockets.push({ close: () => ws.close({ code: 1012, reason: "The server is restarting: reconnect." }) });
  });
  const created = await api<{ createDeal: { id: string; stage: { id: string } } }>(
    owner,
    `mutation { createDeal(input: { name: "Jacquard Loom" }) { id stage { id } } }`,
  );
  // A full load, so the live socket is opened again through the route.
  await mate.goto("/deals");
  await expect(column(mate, "Lead")).toContainText("Jacquard Loom");
  await expect(mate.locator("html")).toHaveAttribute("data-live", "live");
  const pipelines = await api<{ pipelines: { stages: { id: string; name: string }[] }[] }>(owner, `query { pipelines { stages { id name } } }`);
  const qualified = pipelines.pipelines[0]!.stages.find((stage) => stage.name === "Qualified")!;

  down = true;
  await Promise.all(sockets.map((socket) => socket.close()));
  await expect(mate.locator("html")).toHaveAttribute("data-live", "down");
  await expect(mate.getByText("Live updates paused")).toBeVisible();
  // Meanwhile Olive moves the deal and adds one.
  await api(owner, `mutation ($id: UUID!, $stage: UUID!) { moveDeal(id: $id, stageId: $stage) { id } }`, { id: created.createDeal.id, stage: qualified.id });
  await api(owner, `mutation { createDeal(input: { name: "Babbage Engine" }) { id } }`);
  await expect(column(mate, "Lead")).toContainText("Jacquard Loom");

  down = false;
  await expect(mate.locator("html")).toHaveAttribute("data-live", "live", { timeout: 15_000 });
  await expect(mate.getByText("Live updates paused")).toHaveCount(0);
  await expect(column(mate, "Qualified")).toContainText("Jacquard Loom", { timeout: 5000 });
  await expect(column(mate, "Lead")).not.toContainText("Jacquard Loom");
  await expect(column(mate, "Lead")).toContainText("Babbage Engine", { timeout: 5000 });
  await close();
});

test("live: a note added by one shows in the other's timeline, and a field changed by one shows on the other's page", async ({
  browser,
}) => {
  const { owner, mate, close } = await teammates(browser, "Olive Live Notes");
  const created = await api<{ createContact: { id: string } }>(
    owner,
    `mutation { createContact(input: { firstName: "Charles", lastName: "Babbage", jobTitle: "Mathematician" }) { id } }`,
  );
  const id = created.createContact.id;
  await owner.goto(`/contacts/${id}`);
  await mate.goto(`/contacts/${id}`);
  const mateTimeline = mate.getByRole("tabpanel", { name: "Timeline" });
  await expect(mateTimeline.getByText("Created contact Charles Babbage")).toBeVisible();

  const timeline = owner.getByRole("tabpanel", { name: "Timeline" });
  await timeline.getByRole("textbox", { name: "Note" }).fill("Wants a demo in spring.");
  await timeline.getByRole("textbox", { name: "Note" }).press("Control+Enter");
  await expect(timeline.getByRole("article", { name: "Note" })).toContainText("Wants a demo in spring.");
  await expect(mateTimeline.getByRole("article", { name: "Note" })).toContainText("Wants a demo in spring.", { timeout: 5000 });
  await shot(mate, "live-02-teammate-note");

  // A field the teammate changes shows here.
  await api(owner, `mutation ($id: UUID!) { updateContact(id: $id, input: { jobTitle: "Analyst" }) { id } }`, { id });
  await expect(mate.getByRole("button", { name: "Job title: Analyst" })).toBeVisible({ timeout: 5000 });
  // While Mat edits the job title, Olive's change does not overwrite his draft: he is told instead.
  await mate.getByRole("button", { name: "Job title: Analyst" }).click();
  await mate.getByRole("textbox", { name: "Job title" }).fill("Inventor");
  await api(owner, `mutation ($id: UUID!) { updateContact(id: $id, input: { jobTitle: "Engineer" }) { id } }`, { id });
  await expect(mate.getByText("Changed by someone else to “Engineer”")).toBeVisible({ timeout: 5000 });
  await expect(mate.getByRole("textbox", { name: "Job title" })).toHaveValue("Inventor");
  await shot(mate, "live-03-edit-in-progress");
  await close();
});

test("live: a note edited, then deleted, by one changes, then leaves, the other's timeline without a reload", async ({ browser }) => {
  const { owner, mate, close } = await teammates(browser, "Olive Live Edits");
  const created = await api<{ createContact: { id: string } }>(owner, `mutation { createContact(input: { firstName: "Ada", lastName: "Byron" }) { id } }`);
  const id = created.createContact.id;
  await api(owner, `mutation ($id: UUID!) { addNote(targetId: $id, body: "Prefers calls before noon.") { id } }`, { id });
  await owner.goto(`/contacts/${id}`);
  await mate.goto(`/contacts/${id}`);
  await expect(mate.locator("html")).toHaveAttribute("data-live", "live");
  const mateTimeline = mate.getByRole("tabpanel", { name: "Timeline" });
  await expect(mateTimeline.getByRole("article", { name: "Note" })).toContainText("Prefers calls before noon.");

  const note = owner.getByRole("tabpanel", { name: "Timeline" }).getByRole("article", { name: "Note" });
  await note.getByRole("button", { name: "Edit note" }).click();
  await note.getByRole("textbox", { name: "Edit the note" }).fill("Prefers calls after lunch.");
  await note.getByRole("button", { name: "Save note" }).click();
  await expect(note).toContainText("Prefers calls after lunch.");
  // Mat's page shows the new text, marked edited, without a reload.
  const mateNote = mateTimeline.getByRole("article", { name: "Note" });
  await expect(mateNote).toContainText("Prefers calls after lunch.", { timeout: 5000 });
  await expect(mateNote).toContainText("(edited)");
  await expect(mateTimeline.getByText("Prefers calls before noon.")).toHaveCount(0);
  await shot(mate, "live-07-teammate-edited-note");

  await note.getByRole("button", { name: "Delete note" }).click();
  await owner.getByRole("dialog", { name: "Delete this note?" }).getByRole("button", { name: "Delete note" }).click();
  await expect(owner.getByRole("tabpanel", { name: "Timeline" }).getByRole("article", { name: "Note" })).toHaveCount(0);
  await expect(mateTimeline.getByRole("article", { name: "Note" })).toHaveCount(0, { timeout: 5000 });
  await expect(mateTimeline.getByText("Created contact Ada Byron")).toBeVisible();
  await close();
});

test("live: a task assigned by one gives the other a notification: bell count, toast and list", async ({ browser }) => {
  const { owner, mate, mateMemberId, close } = await teammates(browser, "Olive Live Tasks");
  const created = await api<{ createContact: { id: string } }>(owner, `mutation { createContact(input: { firstName: "Ada" }) { id } }`);
  await navigate(mate, "Contacts");
  await expect(mate.getByRole("button", { name: "Notifications", exact: true }).first()).toBeVisible();

  await api(
    owner,
    `mutation ($id: UUID!, $assignee: UUID!) { addTask(targetId: $id, body: "Send the proposal", assigneeId: $assignee) { id } }`,
    { id: created.createContact.id, assignee: mateMemberId },
  );
  await expect(mate.getByText("Task assigned to you: Send the proposal").first()).toBeVisible({ timeout: 5000 });
  const bell = mate.getByRole("button", { name: "Notifications: 1 unread" }).first();
  await expect(bell).toBeVisible();
  await shot(mate, "live-04-notification-toast");
  // The owner assigned it: nothing for her.
  await expect(owner.getByRole("button", { name: /Notifications: \d+ unread/ })).toHaveCount(0);

  await bell.click();
  const item = mate.getByRole("menuitem", { name: /Task assigned to you: Send the proposal/ });
  await expect(item).toBeVisible();
  await shot(mate, "live-05-notification-list");
  // Opening the list marks it read; the item leads to the contact.
  await item.click();
  await expect(mate).toHaveURL(new RegExp(`/contacts/${created.createContact.id}$`));
  await expect(mate.getByRole("button", { name: "Notifications", exact: true }).first()).toBeVisible();
  await close();
});
