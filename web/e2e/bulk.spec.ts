import { readFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";

import { api } from "./graphql-api";
import { navigate, shot, signUp } from "./helpers";
import { changeSelected, chooseColumns } from "./records-table";

test("companies: a bulk edit of a custom field, then Undo in the toast puts every earlier value back without a reload", async ({ page }) => {
  test.setTimeout(360_000);
  await signUp(page, { name: "Ada Lovelace", workspace: "Engines" });
  await api(
    page,
    `mutation { createFieldDefinition(input: { objectType: COMPANY, key: "tier", label: "Tier", type: SELECT, options: ["Gold", "Silver"] }) { id } }`,
  );
  for (const [name, tier] of [
    ["Babbage & Co", "Silver"],
    ["Jacquard Looms", null],
    ["Somerville Labs", null],
  ] as const) {
    await api(page, `mutation ($input: CompanyInput!) { createCompany(input: $input) { id } }`, {
      input: { name, customFields: tier ? { tier } : {} },
    });
  }
  await navigate(page, "Companies");
  const table = page.getByRole("table", { name: "Companies" });
  await chooseColumns(page, "Tier");
  const babbage = table.getByRole("row", { name: /Babbage & Co/ });
  const jacquard = table.getByRole("row", { name: /Jacquard Looms/ });
  const somerville = table.getByRole("row", { name: /Somerville Labs/ });
  await expect(babbage).toContainText("Silver");

  await table.getByRole("checkbox", { name: "Select Babbage & Co" }).click();
  await table.getByRole("checkbox", { name: "Select Jacquard Looms" }).click();
  const bar = page.getByRole("region", { name: "Selection" });
  await expect(bar).toContainText("2 companies selected");
  await changeSelected(page, "Tier", "Gold");
  await expect(page.getByText("2 companies updated").first()).toBeVisible({ timeout: 30_000 });
  await expect(babbage).toContainText("Gold");
  await expect(jacquard).toContainText("Gold");
  await shot(page, "bulk-01-companies-edited-undo-toast");

  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page.getByText("2 companies back as they were").first()).toBeVisible({ timeout: 30_000 });
  await expect(babbage).toContainText("Silver");
  await expect(babbage).not.toContainText("Gold");
  await expect(jacquard).not.toContainText("Gold");
  await expect(somerville).not.toContainText("Gold");
  await shot(page, "bulk-02-companies-undone");
  const stored = await api<{ companies: { edges: { node: { name: string; customFields: Record<string, unknown> } }[] } }>(
    page,
    `{ companies(orderBy: [{ field: NAME, direction: ASC_NULLS_LAST }]) { edges { node { name customFields } } } }`,
  );
  expect(stored.companies.edges.map((edge) => [edge.node.name, edge.node.customFields])).toEqual([
    ["Babbage & Co", { tier: "Silver" }],
    ["Jacquard Looms", {}],
    ["Somerville Labs", {}],
  ]);
});

test("contacts: Export in the selection bar downloads a CSV of exactly the selected rows", async ({ page }) => {
  test.setTimeout(360_000);
  await signUp(page, { name: "Ada Lovelace", workspace: "Engines" });
  for (const [firstName, lastName] of [
    ["Charles", "Babbage"],
    ["Mary", "Somerville"],
    ["Joseph", "Jacquard"],
  ]) {
    await api(page, `mutation ($input: ContactInput!) { createContact(input: $input) { id } }`, { input: { firstName, lastName } });
  }
  await navigate(page, "Contacts");
  const table = page.getByRole("table", { name: "Contacts" });
  await table.getByRole("checkbox", { name: "Select Charles Babbage" }).click();
  await table.getByRole("checkbox", { name: "Select Joseph Jacquard" }).click();
  const bar = page.getByRole("region", { name: "Selection" });
  await expect(bar).toContainText("2 contacts selected");
  await bar.getByRole("button", { name: "Export" }).click();
  const link = bar.getByRole("link", { name: "Download CSV (2)" });
  await expect(link).toBeVisible({ timeout: 60_000 });
  await shot(page, "bulk-03-contacts-export-ready");
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const text = await readFile((await download.path())!, "utf-8");
  const lines = text.trim().split(/\r?\n/);
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(/^id,firstName,lastName,name,/);
  expect(lines.slice(1).map((line) => line.split(",").slice(1, 4).join(" ")).sort()).toEqual([
    "Charles Babbage Charles Babbage",
    "Joseph Jacquard Joseph Jacquard",
  ]);
});
