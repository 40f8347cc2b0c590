import { randomUUID } from "node:crypto";

import { expect, test, type Page } from "@playwright/test";

import { api } from "./graphql-api";
import { expectNoPageScrollSideways, expectStacked, inviteAndAccept, navigate, ownerAndViewerToBe, shot, shownDay, signIn, signUp } from "./helpers";

interface Seed {
  companyId: string;
  contactId: string;
  dealId: string;
}

/** Setup through the api (creating records through the UI is the tables spec's part). */
async function seed(page: Page): Promise<Seed> {
  const { createCompany } = await api<{ createCompany: { id: string } }>(
    page,
    `mutation { createCompany(input: { name: "Babbage & Co", domain: "babbage.example", industry: "Computing" }) { id } }`,
  );
  const { createContact } = await api<{ createContact: { id: string } }>(
    page,
    `mutation ($companyId: UUID!) { createContact(input: { firstName: "Charles", lastName: "Babbage", emails: ["charles@babbage.example"], jobTitle: "Mathematician", companyId: $companyId }) { id } }`,
    { companyId: createCompany.id },
  );
  await api(
    page,
    `mutation { createContact(input: { firstName: "Mary", lastName: "Somerville", emails: ["mary@somerville.example"] }) { id } }`,
  );
  const { createDeal } = await api<{ createDeal: { id: string } }>(
    page,
    `mutation ($companyId: UUID!) { createDeal(input: { name: "Difference Engine", amount: { amountMicros: "25000000000", currency: "EUR" }, companyId: $companyId }) { id } }`,
    { companyId: createCompany.id },
  );
  return { companyId: createCompany.id, contactId: createContact.id, dealId: createDeal.id };
}

function isoDay(offsetDays: number): string {
  const day = new Date(Date.now() + offsetDays * 86_400_000);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, "0")}-${String(day.getDate()).padStart(2, "0")}`;
}

test("a contact's page: fields edited in place, custom fields, notes and tasks in the timeline, delete and undo", async ({
  page,
}) => {
  test.setTimeout(360_000);
  await signUp(page, { name: "Ada Lovelace", workspace: "Analytical Engines" });
  const ids = await seed(page);
  await api(
    page,
    `mutation { createFieldDefinition(input: { objectType: CONTACT, key: "tier", label: "Tier", type: SELECT, options: ["Gold", "Silver"] }) { id } }`,
  );
  await api(page, `mutation { createFieldDefinition(input: { objectType: CONTACT, key: "renewal", label: "Renewal", type: DATE }) { id } }`);
  await api(page, `mutation { createFieldDefinition(input: { objectType: CONTACT, key: "vip", label: "VIP", type: BOOLEAN }) { id } }`);

  await navigate(page, "Contacts");
  await page.getByRole("table", { name: "Contacts" }).getByRole("link", { name: "Charles Babbage" }).click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${ids.contactId}$`));
  await expect(page.getByRole("heading", { name: "Charles Babbage" })).toBeVisible();
  const details = page.getByRole("region", { name: "Details" });
  const timeline = page.getByRole("tabpanel", { name: "Timeline" });
  await expect(timeline.getByText("Created contact Charles Babbage")).toBeVisible();
  await shot(page, "records-pages-01-contact");

  // Click to edit, Enter saves; the change is told in words in the timeline.
  await details.getByRole("button", { name: "Job title: Mathematician" }).click();
  await details.getByRole("textbox", { name: "Job title" }).fill("Analyst");
  await details.getByRole("textbox", { name: "Job title" }).press("Enter");
  await expect(details.getByRole("button", { name: "Job title: Analyst" })).toBeVisible();
  await expect(timeline.getByText("Job title changed from Mathematician to Analyst")).toBeVisible();

  // Escape cancels.
  await details.getByRole("button", { name: "First name: Charles" }).focus();
  await page.keyboard.press("Enter");
  await details.getByRole("textbox", { name: "First name" }).fill("Chuck");
  await page.keyboard.press("Escape");
  await expect(details.getByRole("button", { name: "First name: Charles" })).toBeVisible();

  // Emails are links with a copy button; following one does not open the editor (the pencil does).
  const mail = details.getByRole("link", { name: "charles@babbage.example" });
  await expect(mail).toHaveAttribute("href", "mailto:charles@babbage.example");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await details.getByRole("button", { name: "Copy charles@babbage.example" }).click();
  await expect(page.getByText("Copied charles@babbage.example").first()).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("charles@babbage.example");
  await expect(details.getByRole("textbox", { name: "Email", exact: true })).toHaveCount(0);

  // The api refuses a bad email: the old value comes back, the message shows next to the field.
  await details.getByRole("button", { name: "Edit emails" }).click();
  await details.getByRole("textbox", { name: "Email", exact: true }).fill("not-an-email");
  await details.getByRole("textbox", { name: "Email", exact: true }).press("Enter");
  await expect(details.getByRole("alert")).toHaveText("Enter an email address like name@company.com");
  await expect(page.getByText("Emails not saved").first()).toBeVisible();
  await shot(page, "records-pages-02-field-error");
  await page.keyboard.press("Escape");
  await expect(details.getByRole("link", { name: "charles@babbage.example" })).toBeVisible();

  // Custom fields with their own controls.
  const custom = page.getByRole("region", { name: "Custom fields" });
  await custom.getByRole("combobox", { name: "Tier" }).click();
  await page.getByRole("option", { name: "Gold" }).click();
  await expect(custom.getByRole("combobox", { name: "Tier" })).toHaveText("Gold");
  await custom.getByRole("button", { name: "Renewal: empty" }).click();
  await custom.getByLabel("Renewal").fill(isoDay(30));
  await custom.getByLabel("Renewal").press("Enter");
  const renewal = await shownDay(page, isoDay(30));
  await expect(custom.getByRole("button", { name: `Renewal: ${renewal}` })).toHaveText(renewal);
  await expect(timeline.getByText(`Renewal set to ${renewal}`)).toBeVisible();
  await custom.getByRole("checkbox", { name: "VIP" }).click();
  await expect(timeline.getByText("Tier set to Gold")).toBeVisible();
  await expect(timeline.getByText("VIP set to Yes")).toBeVisible();

  // The company picker searches.
  await details.getByRole("button", { name: "Company: Babbage & Co" }).click();
  await page.getByRole("option", { name: "No company" }).click();
  await expect(details.getByRole("button", { name: "Company: empty" })).toBeVisible();
  await expect(timeline.getByText("Company cleared (was Babbage & Co)")).toBeVisible();
  await details.getByRole("button", { name: "Company: empty" }).click();
  await page.getByRole("combobox", { name: "Search companies" }).fill("babb");
  await page.getByRole("option", { name: "Babbage & Co" }).click();
  await expect(details.getByRole("button", { name: "Company: Babbage & Co" })).toBeVisible();

  // A note, saved with Ctrl-Enter.
  await timeline.getByRole("textbox", { name: "Note" }).fill("Met at the Royal Society.\nWants a demo in spring.");
  await timeline.getByRole("textbox", { name: "Note" }).press("Control+Enter");
  await expect(timeline.getByRole("article", { name: "Note" })).toContainText("Wants a demo in spring.");
  await expect(timeline.getByRole("textbox", { name: "Note" })).toHaveValue("");

  // A task with a due date and an assignee (yourself by default), then done.
  await timeline.getByRole("tab", { name: "Task" }).click();
  await timeline.getByRole("textbox", { name: "Task", exact: true }).fill("Send the engine drawings");
  await timeline.getByLabel("Due date").fill(isoDay(3));
  await expect(timeline.getByRole("combobox", { name: "Assignee" })).toHaveText("Ada Lovelace (you)");
  await timeline.getByRole("button", { name: "Add task" }).click();
  const task = timeline.getByRole("article", { name: "Task: Send the engine drawings" });
  const due = `Due ${await shownDay(page, isoDay(3))}`;
  await expect(task).toContainText(due);
  await expect(task).toContainText("Ada Lovelace");
  await api(page, `mutation ($id: UUID!) { addTask(targetId: $id, body: "Chase the invoice", dueAt: "2020-01-01T12:00:00Z") { id } }`, {
    id: ids.contactId,
  });
  await page.reload();
  const overdue = timeline.getByRole("article", { name: "Task: Chase the invoice" });
  await expect(overdue).toContainText("Overdue");
  await shot(page, "records-pages-03-timeline");
  await task.getByRole("checkbox", { name: "Mark “Send the engine drawings” as done" }).click();
  await expect(task).toContainText("Done");
  await task.getByRole("checkbox", { name: "Mark “Send the engine drawings” as not done" }).click();
  await expect(task).toContainText(due);

  // Linked records: the company page lists the contact, the deal.
  await page.getByRole("region", { name: "Company" }).getByRole("link", { name: "Babbage & Co" }).click();
  await expect(page).toHaveURL(new RegExp(`/companies/${ids.companyId}$`));
  await expect(page.getByRole("region", { name: "Contacts" }).getByRole("link", { name: "Charles Babbage" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Deals" }).getByRole("link", { name: "Difference Engine" })).toBeVisible();
  await page.getByRole("region", { name: "Details" }).getByRole("button", { name: "Employees: empty" }).click();
  await page.getByRole("region", { name: "Details" }).getByRole("spinbutton", { name: "Employees" }).fill("120");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("region", { name: "Details" }).getByRole("button", { name: "Employees: 120" })).toBeVisible();
  await expect(page.getByRole("tabpanel", { name: "Timeline" }).getByText("Employees set to 120")).toBeVisible();
  await shot(page, "records-pages-04-company");

  // Delete the contact (asks first), then undo from the toast.
  await page.goto(`/contacts/${ids.contactId}`);
  await page.getByRole("button", { name: "More actions for Charles Babbage" }).click();
  await page.getByRole("menuitem", { name: "Delete contact" }).click();
  await page.getByRole("dialog", { name: "Delete Charles Babbage?" }).getByRole("button", { name: "Delete contact" }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.getByRole("table", { name: "Contacts" }).getByRole("link", { name: "Charles Babbage" })).toBeHidden();
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${ids.contactId}$`));
  await expect(page.getByRole("heading", { name: "Charles Babbage" })).toBeVisible();

  // A wrong link: a friendly page, not a crash.
  await page.goto(`/contacts/${randomUUID()}`);
  await expect(page.getByRole("heading", { name: "This contact does not exist" })).toBeVisible();
  await shot(page, "records-pages-05-not-found");
});

test("a deal's page: amount, stage moves in the timeline, people with their roles", async ({ page }) => {
  test.setTimeout(240_000);
  await signUp(page, { name: "Ada Lovelace", workspace: "Engines" });
  const ids = await seed(page);
  await page.goto(`/deals/${ids.dealId}`);
  await expect(page.getByRole("heading", { name: /Difference Engine/ })).toBeVisible();
  const details = page.getByRole("region", { name: "Details" });
  const timeline = page.getByRole("tabpanel", { name: "Timeline" });

  await details.getByRole("combobox", { name: "Stage" }).click();
  await page.getByRole("option", { name: "Qualified" }).click();
  await expect(timeline.getByText("Moved from Lead to Qualified")).toBeVisible();

  await details.getByRole("button", { name: "Amount: €25,000" }).click();
  await details.getByRole("textbox", { name: "Amount" }).fill("30,000");
  await details.getByRole("textbox", { name: "Amount" }).press("Enter");
  await expect(details.getByRole("button", { name: "Amount: €30,000" })).toBeVisible();
  await expect(timeline.getByText("Amount changed from €25,000 to €30,000")).toBeVisible();

  const people = page.getByRole("region", { name: "People" });
  await people.getByRole("button", { name: "Add person" }).click();
  await people.getByLabel("Contact").click();
  await page.getByRole("combobox", { name: "Search contacts" }).fill("char");
  await page.getByRole("option", { name: "Charles Babbage" }).click();
  await people.getByLabel("Role").fill("Decision maker");
  await people.getByRole("button", { name: "Add to deal" }).click();
  await expect(people.getByRole("link", { name: "Charles Babbage" })).toBeVisible();
  await expect(people.getByRole("button", { name: "Role of Charles Babbage: Decision maker" })).toBeVisible();
  await people.getByRole("button", { name: "Add person" }).click();
  await people.getByLabel("Contact").click();
  await page.getByRole("option", { name: "Mary Somerville" }).click();
  await people.getByRole("button", { name: "Add to deal" }).click();
  await expect(people.getByRole("link", { name: "Mary Somerville" })).toBeVisible();
  await shot(page, "records-pages-06-deal");
  await people.getByRole("button", { name: "Remove Mary Somerville from the deal" }).click();
  await expect(people.getByRole("link", { name: "Mary Somerville" })).toBeHidden();

  // The contact's page lists the deal.
  await people.getByRole("link", { name: "Charles Babbage" }).click();
  await expect(page.getByRole("region", { name: "Deals" }).getByRole("link", { name: "Difference Engine" })).toBeVisible();

  // On a phone the page stacks: details, then the timeline.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/deals/${ids.dealId}`);
  await expect(page.getByRole("heading", { name: /Difference Engine/ })).toBeVisible();
  await expect(page.getByText("Moved from Lead to Qualified")).toBeVisible();
  await expectStacked(page.getByRole("region", { name: "Details" }), page.getByRole("tabpanel", { name: "Timeline" }));
  await expectNoPageScrollSideways(page);
  await shot(page, "records-pages-07-phone-deal");
  await page.goto(`/contacts/${ids.contactId}`);
  await expect(page.getByRole("heading", { name: "Charles Babbage" })).toBeVisible();
  await expectStacked(page.getByRole("region", { name: "Details" }), page.getByRole("tabpanel", { name: "Timeline" }));
  await expectNoPageScrollSideways(page);
  await shot(page, "records-pages-08-phone-contact");
});

test("a viewer reads record pages and finds no way to edit", async ({ browser }) => {
  test.setTimeout(240_000);
  const { viewer, viewerContext, viewerPage, ownerContext, owner } = await ownerAndViewerToBe(browser, "Olive Corp");
  const ids = await seed(owner);
  await api(owner, `mutation ($id: UUID!) { addNote(targetId: $id, body: "Prefers letters to calls.") { id } }`, { id: ids.contactId });
  await api(owner, `mutation ($id: UUID!) { addTask(targetId: $id, body: "Send the brochure") { id } }`, { id: ids.contactId });
  await inviteAndAccept(owner, viewer.email, "VIEWER");

  await signIn(viewerPage, viewer.email);
  await viewerPage.getByRole("button", { name: /^Workspace: / }).click();
  await viewerPage.getByRole("menuitem", { name: "Olive Corp" }).click();
  await expect(viewerPage.getByRole("button", { name: /Workspace: Olive Corp/ })).toBeVisible();

  await viewerPage.goto(`/contacts/${ids.contactId}`);
  await expect(viewerPage.getByRole("heading", { name: "Charles Babbage" })).toBeVisible();
  await expect(viewerPage.getByText("Prefers letters to calls.")).toBeVisible();
  await expect(viewerPage.getByRole("article", { name: "Task: Send the brochure" })).toBeVisible();
  const main = viewerPage.getByRole("main");
  await expect(main.getByRole("button", { name: /^(First name|Job title|Emails|Company|Owner): / })).toHaveCount(0);
  await expect(main.getByRole("combobox")).toHaveCount(0);
  await expect(main.getByRole("textbox")).toHaveCount(0);
  await expect(main.getByRole("button", { name: /^More actions/ })).toHaveCount(0);
  await expect(main.getByRole("button", { name: /^Add / })).toHaveCount(0);
  await expect(main.getByRole("checkbox", { name: /^Mark / })).toHaveCount(0);
  await shot(viewerPage, "records-pages-09-viewer-contact");

  for (const path of [`/companies/${ids.companyId}`, `/deals/${ids.dealId}`]) {
    await viewerPage.goto(path);
    await expect(viewerPage.getByRole("heading", { level: 1 })).toContainText(/Babbage & Co|Difference Engine/);
    await expect(main.getByRole("combobox")).toHaveCount(0);
    await expect(main.getByRole("textbox")).toHaveCount(0);
    await expect(main.getByRole("button", { name: /^(Name|Domain|Amount|Role of .*): / })).toHaveCount(0);
  }
  await navigate(viewerPage, "Contacts");
  await expect(viewerPage.getByRole("table", { name: "Contacts" }).getByRole("checkbox")).toHaveCount(0);
  await shot(viewerPage, "records-pages-10-viewer-deal");

  await viewerContext.close();
  await ownerContext.close();
});
