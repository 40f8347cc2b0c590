import { expect, test } from "@playwright/test";

import { api } from "./graphql-api";
import { card, column, drag } from "./board";
import { navigate, shot, signUp } from "./helpers";
import { changeSelected } from "./records-table";

test("contacts: the list's state lives in the URL (Back and a shared link restore it), saved views, select all that match, shift-click, bulk edit", async ({
  page,
  browser,
}) => {
  test.setTimeout(480_000);
  await signUp(page, { name: "Ada Lovelace", workspace: "Saved Views" });
  await api(page, `mutation { createFieldDefinition(input: { objectType: CONTACT, key: "tier", label: "Tier", type: SELECT, options: ["Gold", "Silver"] }) { id } }`);
  const inputs = Array.from({ length: 60 }, (_, index) => ({ firstName: "Temp", lastName: `Person ${String(index).padStart(2, "0")}` }));
  await api(page, `mutation ($inputs: [ContactInput!]!) { createContacts(inputs: $inputs) { errors { message } } }`, { inputs });
  await api(page, `mutation { createContact(input: { firstName: "Mary", lastName: "Somerville" }) { id } }`);

  await navigate(page, "Contacts");
  const table = page.getByRole("table", { name: "Contacts" });
  await page.getByRole("searchbox", { name: "Search contacts" }).fill("Temp");
  await expect(page).toHaveURL(/[?&]q=Temp/, { timeout: 20_000 });
  await expect(table.getByRole("link", { name: "Mary Somerville" })).toBeHidden();
  await expect(page.getByText("60 contacts", { exact: true })).toBeVisible({ timeout: 30_000 });

  // Back from a record restores the list as it was; the URL is a link that opens it the same way.
  await table.getByRole("link", { name: "Temp Person 00" }).click();
  await expect(page.getByRole("heading", { name: "Temp Person 00" })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("searchbox", { name: "Search contacts" })).toHaveValue("Temp");
  await expect(page.getByText("60 contacts", { exact: true })).toBeVisible({ timeout: 30_000 });
  const shared = await browser.newPage({ storageState: await page.context().storageState() });
  await shared.goto(page.url());
  await expect(shared.getByRole("searchbox", { name: "Search contacts" })).toHaveValue("Temp");
  await expect(shared.getByRole("table", { name: "Contacts" }).getByRole("link", { name: "Mary Somerville" })).toBeHidden();
  await shared.close();

  // Save it as a view shared with the workspace, clear the search, choose the view again.
  await page.getByRole("button", { name: "Save view" }).click();
  const dialog = page.getByRole("dialog", { name: "Save this view" });
  await dialog.getByLabel("Name").fill("Temps");
  await dialog.getByLabel("Share with the workspace").check();
  await shot(page, "views-01-save-view");
  await dialog.getByRole("button", { name: "Save view" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("searchbox", { name: "Search contacts" }).fill("");
  await expect(table.getByRole("link", { name: "Mary Somerville" })).toBeVisible();
  await page.getByRole("combobox", { name: "Saved view" }).click();
  await page.getByRole("option", { name: "Temps (shared)" }).click();
  await expect(page.getByRole("searchbox", { name: "Search contacts" })).toHaveValue("Temp");
  await expect(table.getByRole("link", { name: "Mary Somerville" })).toBeHidden();
  await expect(page).toHaveURL(/[?&]view=/);

  // Shift-click ticks a range.
  await table.getByRole("checkbox", { name: "Select Temp Person 01" }).click();
  await table.getByRole("checkbox", { name: "Select Temp Person 04" }).click({ modifiers: ["Shift"] });
  const bar = page.getByRole("region", { name: "Selection" });
  await expect(bar).toContainText("4 contacts selected");
  await bar.getByRole("button", { name: "Clear selection" }).click();

  // Every loaded row, then every row that matches (60, of which 50 are loaded), gets a tier at once.
  await table.getByRole("checkbox", { name: "Select all contacts" }).click();
  await expect(bar).toContainText("50 contacts selected");
  await bar.getByRole("button", { name: "Select all 60 contacts" }).click();
  await expect(bar).toContainText("All 60 contacts selected");
  await bar.getByRole("combobox", { name: "Change a field" }).click();
  await page.getByRole("option", { name: "Tier" }).click();
  await shot(page, "views-02-bulk-edit");
  await bar.getByRole("combobox", { name: "New tier" }).click();
  await page.getByRole("option", { name: "Gold" }).click();
  await expect(page.getByText("60 contacts updated").first()).toBeVisible({ timeout: 30_000 });
  const gold = await api<{ contacts: { totalCount: number } }>(
    page,
    `{ contacts(filter: { customField: { key: "tier", string: { eq: "Gold" } } }) { totalCount } }`,
  );
  expect(gold.contacts.totalCount).toBe(60);
});

test("deals: the table searches and bulk-moves deals; a deal dragged to Lost is asked why, and the deal shows it", async ({ page }) => {
  test.setTimeout(360_000);
  await signUp(page, { name: "Grace Hopper", workspace: "Lost Reasons" });
  await api(page, `mutation { setLostReasons(reasons: ["Price", "Timing", "Went with a competitor"]) }`);
  for (const name of ["Globex renewal", "Globex expansion", "Initech pilot"]) {
    await api(page, `mutation ($name: String!) { createDeal(input: { name: $name }) { id } }`, { name });
  }

  await navigate(page, "Deals");
  await page.getByRole("button", { name: "Table", exact: true }).click();
  const table = page.getByRole("table", { name: "Deals" });
  await expect(table.getByRole("row")).toHaveCount(4);
  await page.getByRole("searchbox", { name: "Search deals" }).fill("Globex");
  await expect(table.getByRole("row")).toHaveCount(3);
  await table.getByRole("checkbox", { name: "Select all deals" }).click();
  const bar = page.getByRole("region", { name: "Selection" });
  await expect(bar).toContainText("2 deals selected");
  await changeSelected(page, "Stage", "Qualified");
  await expect(page.getByText("2 deals updated").first()).toBeVisible({ timeout: 30_000 });
  await expect(table.getByRole("row", { name: /Globex renewal/ })).toContainText("Qualified");
  await shot(page, "views-03-deals-table");

  // The board: a drag into Lost asks why.
  await page.getByRole("button", { name: "Board", exact: true }).click();
  await drag(page, card(page, "Initech pilot"), column(page, "Lost"));
  const ask = page.getByRole("dialog", { name: "Why was Initech pilot lost?" });
  await expect(ask).toBeVisible({ timeout: 20_000 });
  await ask.getByRole("combobox", { name: "Reason" }).click();
  await page.getByRole("option", { name: "Price" }).click();
  await ask.getByLabel("Details (optional)").fill("Budget cut");
  await shot(page, "views-04-lost-reason");
  await ask.getByRole("button", { name: "Save reason" }).click();
  await expect(ask).toBeHidden();

  await card(page, "Initech pilot").getByRole("link", { name: "Initech pilot" }).click();
  // The header shows the reason (the timeline may also say "Lost reason set to …").
  await expect(page.getByText("Price — Budget cut", { exact: true })).toBeVisible();
  await shot(page, "views-05-deal-lost-reason");
});
