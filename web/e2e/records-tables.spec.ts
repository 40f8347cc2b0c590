import { expect, test, type Page } from "@playwright/test";

import { api } from "./graphql-api";
import { expectNoPageScrollSideways, navigate, shot, signUp } from "./helpers";
import { addFilter, chooseColumns } from "./records-table";

async function newContact(page: Page, contact: { first: string; last: string; email: string; company?: string }) {
  await page.getByRole("button", { name: "New contact" }).first().click();
  const panel = page.getByRole("dialog", { name: "New contact" });
  await panel.getByLabel("First name").fill(contact.first);
  await panel.getByLabel("Last name").fill(contact.last);
  await panel.getByLabel("Email").fill(contact.email);
  await panel.getByLabel("Job title").fill("Mathematician");
  if (contact.company) {
    await panel.getByLabel("Company").click();
    // The company picker searches on the server as you type.
    await page.getByRole("combobox", { name: "Search companies" }).fill(contact.company.slice(0, 4));
    await page.getByRole("option", { name: contact.company }).click();
    await expect(panel.getByLabel("Company")).toHaveText(contact.company);
  }
  await panel.getByRole("button", { name: "Create contact" }).click();
  await expect(panel).toBeHidden();
}

test("contacts table: create through the UI, search, filter, choose columns, edit in the panel, bulk delete and undo", async ({
  page,
}) => {
  test.setTimeout(360_000);
  await signUp(page, { name: "Ada Lovelace", workspace: "Analytical Engines" });

  // A company, then contacts in it, through the side panels.
  await navigate(page, "Companies");
  await page.getByRole("button", { name: "New company" }).first().click();
  const companyPanel = page.getByRole("dialog", { name: "New company" });
  await companyPanel.getByLabel("Name").fill("Babbage & Co");
  await companyPanel.getByLabel("Domain").fill("babbage.example");
  await companyPanel.getByLabel("Employees").fill("12");
  await companyPanel.getByRole("button", { name: "Create company" }).click();
  await expect(companyPanel).toBeHidden();
  await expect(page.getByRole("link", { name: "Babbage & Co" })).toBeVisible();
  await api(page, `mutation { createCompany(input: { name: "Somerville Labs", domain: "somerville.example" }) { id } }`);

  await navigate(page, "Contacts");
  await newContact(page, { first: "Charles", last: "Babbage", email: "charles@babbage.example", company: "Babbage & Co" });
  await shot(page, "records-tables-01-contact-created");
  await newContact(page, { first: "Mary", last: "Somerville", email: "mary@somerville.example", company: "Somerville Labs" });
  for (const [first, last] of [
    ["Temp", "One"],
    ["Temp", "Two"],
  ] as const) {
    await api(page, `mutation ($input: ContactInput!) { createContact(input: $input) { id } }`, {
      input: { firstName: first, lastName: last, emails: [`${last.toLowerCase()}@temp.example`], phones: [`+44 20 7946 00${last === "One" ? "01" : "02"}`] },
    });
  }
  await page.reload();
  await expect(page.getByText("4 contacts")).toBeVisible();
  const table = page.getByRole("table", { name: "Contacts" });
  await expect(table.getByRole("row", { name: /Charles Babbage/ })).toContainText("Babbage & Co");

  // Find by the search box.
  await page.getByRole("searchbox", { name: "Search contacts" }).fill("somer");
  await expect(table.getByRole("link", { name: "Mary Somerville" })).toBeVisible();
  await expect(table.getByRole("link", { name: "Charles Babbage" })).toBeHidden();
  await shot(page, "records-tables-02-search");
  await page.getByRole("searchbox", { name: "Search contacts" }).fill("");

  // Find by a filter: company is Babbage & Co, AND name contains "char".
  await addFilter(page, "Company");
  await page.getByRole("group", { name: "Filter: Company" }).getByRole("button", { name: "Company value" }).click();
  await page.getByRole("combobox", { name: "Search companies" }).fill("babb");
  await page.getByRole("option", { name: "Babbage & Co" }).click();
  await expect(table.getByRole("link", { name: "Charles Babbage" })).toBeVisible();
  await expect(table.getByRole("link", { name: "Mary Somerville" })).toBeHidden();
  await expect(table.getByRole("link", { name: "Temp One" })).toBeHidden();
  await addFilter(page, "Name");
  await page.getByRole("textbox", { name: "Name value" }).fill("zzz");
  await expect(page.getByText("No contacts match")).toBeVisible();
  await page.getByRole("textbox", { name: "Name value" }).fill("char");
  await expect(table.getByRole("link", { name: "Charles Babbage" })).toBeVisible();
  await shot(page, "records-tables-03-filters");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(table.getByRole("link", { name: "Mary Somerville" })).toBeVisible();

  // A custom field (its settings screen is someone else's: created through the api) becomes a column.
  await api(
    page,
    `mutation { createFieldDefinition(input: { objectType: CONTACT, key: "tier", label: "Tier", type: SELECT, options: ["Gold", "Silver"] }) { id } }`,
  );
  const { contacts } = await api<{ contacts: { edges: { node: { id: string; name: string } }[] } }>(
    page,
    `{ contacts(filter: { name: { contains: "Charles" } }) { edges { node { id name } } } }`,
  );
  await api(page, `mutation ($id: UUID!) { updateContact(id: $id, input: { customFields: { tier: "Gold" } }) { id } }`, {
    id: contacts.edges[0]!.node.id,
  });
  await page.reload();
  await chooseColumns(page, "Tier", "Phone");
  await expect(table.getByRole("columnheader", { name: "Tier" })).toBeVisible();
  await expect(table.getByRole("row", { name: /Charles Babbage/ })).toContainText("Gold");
  await expect(table.getByRole("columnheader", { name: "Phone" })).toBeVisible();
  await expect(table.getByRole("row", { name: /Temp One/ })).toContainText("+44 20 7946 0001");
  await expect(table.getByRole("row", { name: /Temp Two/ })).toContainText("+44 20 7946 0002");
  await shot(page, "records-tables-04-custom-column");
  await page.reload();
  await expect(table.getByRole("columnheader", { name: "Tier" })).toBeVisible();

  // Filter by the custom field.
  await addFilter(page, "Tier");
  await page.getByRole("combobox", { name: "Tier value" }).selectOption("Gold");
  await expect(table.getByRole("link", { name: "Charles Babbage" })).toBeVisible();
  await expect(table.getByRole("link", { name: "Mary Somerville" })).toBeHidden();
  await page.getByRole("button", { name: "Remove Tier filter" }).click();

  // Edit in the side panel: the api's message shows under the field.
  await table.getByRole("button", { name: "Actions for Mary Somerville" }).click();
  await page.getByRole("menuitem", { name: "Edit" }).click();
  const editPanel = page.getByRole("dialog", { name: "Edit Mary Somerville" });
  await editPanel.getByLabel("Email").fill("not-an-email");
  await editPanel.getByRole("button", { name: "Save" }).click();
  await expect(editPanel.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
  await shot(page, "records-tables-05-edit-field-error");
  await editPanel.getByLabel("Email").fill("mary@somerville.example");
  await editPanel.getByLabel("Job title").fill("Polymath");
  await editPanel.getByRole("button", { name: "Save" }).click();
  await expect(editPanel).toBeHidden();
  await expect(table.getByRole("row", { name: /Mary Somerville/ })).toContainText("Polymath");

  // Bulk delete two contacts, then undo.
  await table.getByRole("checkbox", { name: "Select Temp One" }).click();
  await table.getByRole("checkbox", { name: "Select Temp Two" }).click();
  await expect(page.getByRole("region", { name: "Selection" })).toContainText("2 contacts selected");
  await shot(page, "records-tables-06-selected");
  await page.getByRole("region", { name: "Selection" }).getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog", { name: "Delete 2 contacts?" }).getByRole("button", { name: "Delete 2 contacts" }).click();
  await expect(table.getByRole("link", { name: "Temp One" })).toBeHidden();
  await expect(table.getByRole("link", { name: "Temp Two" })).toBeHidden();
  await expect(page.getByText("2 contacts", { exact: true })).toBeVisible();
  await shot(page, "records-tables-07-deleted-undo-toast");
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(table.getByRole("link", { name: "Temp One" })).toBeVisible();
  await expect(table.getByRole("link", { name: "Temp Two" })).toBeVisible();
  await expect(page.getByText("4 contacts", { exact: true })).toBeVisible();

  // On a phone the toolbar wraps and the table fits: the name and the first chosen column, no sideways scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  await addFilter(page, "Name");
  await page.getByRole("textbox", { name: "Name value" }).fill("a");
  await expect(table.getByRole("link", { name: "Mary Somerville" })).toBeVisible();
  await expect.poll(() => table.locator("..").evaluate((element) => element.scrollWidth - element.clientWidth)).toBeLessThanOrEqual(0);
  await expect(table.getByRole("columnheader", { name: "Name" })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: "Email" })).toBeVisible();
  await expect(table.getByRole("columnheader", { name: "Company" })).toBeHidden();
  await expectNoPageScrollSideways(page);
  await expect(page.getByRole("textbox", { name: "Name value" })).toBeInViewport();
  await shot(page, "records-tables-09-phone");
  await page.setViewportSize({ width: 1280, height: 800 });

  // The name opens the record page.
  await table.getByRole("link", { name: "Charles Babbage" }).click();
  await expect(page.getByRole("heading", { name: "Charles Babbage" })).toBeVisible();
});

test("companies table: filters, custom column, names open the record", async ({ page }) => {
  await signUp(page, { name: "Ada Lovelace", workspace: "Engines" });
  for (const [name, domain, industry] of [
    ["Babbage & Co", "babbage.example", "Computing"],
    ["Jacquard Looms", "jacquard.example", "Textiles"],
  ]) {
    await api(page, `mutation ($input: CompanyInput!) { createCompany(input: $input) { id } }`, { input: { name, domain, industry } });
  }
  await api(page, `mutation { createFieldDefinition(input: { objectType: COMPANY, key: "seats", label: "Seats", type: NUMBER }) { id } }`);
  await navigate(page, "Companies");
  const table = page.getByRole("table", { name: "Companies" });
  await expect(table.getByRole("link", { name: "Jacquard Looms" })).toBeVisible();

  await addFilter(page, "Industry");
  await page.getByRole("textbox", { name: "Industry value" }).fill("text");
  await expect(table.getByRole("link", { name: "Babbage & Co" })).toBeHidden();
  await expect(table.getByRole("link", { name: "Jacquard Looms" })).toBeVisible();
  await page.getByRole("button", { name: "Remove Industry filter" }).click();

  await chooseColumns(page, "Seats");
  await expect(table.getByRole("columnheader", { name: "Seats" })).toBeVisible();
  await shot(page, "records-tables-08-companies");

  await table.getByRole("link", { name: "Jacquard Looms" }).click();
  await expect(page.getByRole("heading", { name: /Jacquard Looms/ })).toBeVisible();
});

test("last activity: a call logged on a contact puts it first in the contacts sorted by last activity, and the column says when", async ({
  page,
}) => {
  test.setTimeout(240_000);
  await signUp(page, { name: "Ada Lovelace", workspace: "Last Activity" });
  const ids: Record<string, string> = {};
  for (const [first, last] of [
    ["Charles", "Babbage"],
    ["Mary", "Somerville"],
    ["Quiet", "Contact"],
  ] as const) {
    const created = await api<{ createContact: { id: string } }>(page, `mutation ($input: ContactInput!) { createContact(input: $input) { id } }`, {
      input: { firstName: first, lastName: last },
    });
    ids[first] = created.createContact.id;
  }
  // Mary was called yesterday morning, Charles three days ago: Mary is the most recent.
  const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();
  for (const [first, when] of [
    ["Charles", daysAgo(3)],
    ["Mary", daysAgo(1)],
  ] as const) {
    await api(page, `mutation ($input: LogCallInput!) { logCall(input: $input) { id } }`, {
      input: { targetId: ids[first], occurredAt: when, outcome: "CONNECTED" },
    });
  }

  // The column from the chooser, then sorted by it (newest first).
  await navigate(page, "Contacts");
  const table = page.getByRole("table", { name: "Contacts" });
  await expect(table.getByRole("link", { name: "Quiet Contact" })).toBeVisible();
  await chooseColumns(page, "Last activity");
  await table.getByRole("columnheader", { name: "Last activity" }).getByRole("button").click();
  await expect(table.getByRole("columnheader", { name: "Last activity" })).toHaveAttribute("aria-sort", "descending");
  await expect(page).toHaveURL(/sort=-lastActivityAt/);
  await expect(page).toHaveURL(/columns=[^&]*lastActivityAt/);
  const rows = table.getByRole("row");
  await expect(rows.nth(1)).toContainText("Mary Somerville");
  await expect(rows.nth(2)).toContainText("Charles Babbage");
  await expect(rows.nth(3)).toContainText("Quiet Contact");
  // The column comes after "Created": a row's last <time>. No activity: no time, a dash.
  await expect(rows.nth(1).locator("time").last()).toHaveText("yesterday");
  await expect(rows.nth(2).locator("time").last()).toHaveText("3 days ago");
  await expect(rows.nth(3).locator("time")).toHaveCount(1);
  await shot(page, "records-tables-09-last-activity-sorted");

  // A call on Charles, logged on his page: back on the list he is first, "just now".
  await table.getByRole("link", { name: "Charles Babbage" }).click();
  const timeline = page.getByRole("tabpanel", { name: "Timeline" });
  await timeline.getByRole("tab", { name: "Call" }).click();
  await timeline.getByRole("textbox", { name: "Call notes" }).fill("Will send the figures");
  await timeline.getByRole("button", { name: "Log call" }).click();
  await expect(timeline.getByRole("article", { name: "Call" }).first()).toContainText("Will send the figures");
  await page.goBack();
  await expect(page).toHaveURL(/sort=-lastActivityAt/);
  await expect(rows.nth(1)).toContainText("Charles Babbage");
  await expect(rows.nth(1).locator("time").last()).toHaveText(/just now|1 minute ago/);
  await expect(rows.nth(2)).toContainText("Mary Somerville");
  await shot(page, "records-tables-10-last-activity-after-call");

  // The link keeps the sort and the column.
  await page.reload();
  await expect(table.getByRole("columnheader", { name: "Last activity" })).toHaveAttribute("aria-sort", "descending");
  await expect(rows.nth(1)).toContainText("Charles Babbage");
});
