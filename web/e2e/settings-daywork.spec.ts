import { expect, test, type Page } from "@playwright/test";

import { api } from "./graphql-api";
import { startMailServers } from "./mail-servers";
import { inviteAndAccept, navigate, ownerAndViewerToBe, shot, signIn, signUp } from "./helpers";

async function openSettings(page: Page, link: "Pipelines" | "Email" | "Templates", heading: string) {
  await navigate(page, "Settings");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: link, exact: true }).click();
  await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
}

function reasonsIn(form: ReturnType<Page["getByRole"]>) {
  return form
    .getByRole("list", { name: "Reasons" })
    .getByRole("textbox")
    .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
}

test("lost reasons: an admin edits the list (errors by row, keyboard reordering), a deal marked lost picks one, a member reads it", async ({
  browser,
}) => {
  test.setTimeout(360_000);
  const { viewer, viewerContext, viewerPage: memberPage, ownerContext, owner: page } = await ownerAndViewerToBe(browser, "Lost Causes");
  await openSettings(page, "Pipelines", "Pipelines");
  const form = page.getByRole("form", { name: "Lost reasons" });
  await expect(form.getByText("No reasons yet")).toBeVisible();
  await expect(form.getByRole("button", { name: "Save reasons" })).toBeDisabled();

  // Added from the keyboard: type, Enter.
  const add = form.getByRole("textbox", { name: "New reason" });
  for (const reason of ["Price", "Timing", "price", "No budget"]) {
    await add.fill(reason);
    await add.press("Enter");
  }
  await expect(add).toHaveValue("");
  await expect.poll(() => reasonsIn(form)).toEqual(["Price", "Timing", "price", "No budget"]);

  // The api's refusal lands on the row it is about.
  await form.getByRole("button", { name: "Save reasons" }).click();
  const third = form.getByRole("textbox", { name: "Reason 3" });
  await expect(third).toHaveAttribute("aria-invalid", "true");
  await expect(third).toBeFocused();
  await expect(form.getByRole("alert")).toHaveText(["This reason is already in the list"]);
  await expect(form.getByRole("textbox", { name: "Reason 1" })).not.toHaveAttribute("aria-invalid", "true");
  await shot(page, "settings-daywork-01-lost-reasons-error");

  // Renamed, moved up with the keyboard (the focus follows the row), one removed.
  await third.fill("Went with a competitor");
  const up = form.getByRole("button", { name: "Move Went with a competitor up" });
  await up.focus();
  await page.keyboard.press("Enter");
  await expect(up).toBeFocused();
  await page.keyboard.press("Enter");
  // At the top its Move up is disabled: the focus is on Move down.
  await expect(up).toBeDisabled();
  await expect(form.getByRole("button", { name: "Move Went with a competitor down" })).toBeFocused();
  await form.getByRole("button", { name: "Remove No budget" }).click();
  await expect.poll(() => reasonsIn(form)).toEqual(["Went with a competitor", "Price", "Timing"]);
  await expect(form.getByRole("alert")).toHaveCount(0);
  await form.getByRole("button", { name: "Save reasons" }).click();
  await expect(page.getByText("Lost reasons saved", { exact: true })).toBeVisible();
  await expect(form.getByRole("button", { name: "Save reasons" })).toBeDisabled();
  const saved = await api<{ lostReasons: string[] }>(page, `{ lostReasons }`);
  expect(saved.lostReasons).toEqual(["Went with a competitor", "Price", "Timing"]);
  await page.reload();
  await expect.poll(() => reasonsIn(page.getByRole("form", { name: "Lost reasons" }))).toEqual(["Went with a competitor", "Price", "Timing"]);
  await shot(page, "settings-daywork-02-lost-reasons");

  // A deal moved to Lost on its page asks why, offering the list in its order.
  const { createDeal } = await api<{ createDeal: { id: string } }>(page, `mutation { createDeal(input: { name: "Babbage retrofit" }) { id } }`);
  await page.goto(`/deals/${createDeal.id}`);
  await page.getByRole("region", { name: "Details" }).getByRole("combobox", { name: "Stage" }).click();
  await page.getByRole("option", { name: "Lost" }).click();
  const ask = page.getByRole("dialog", { name: "Why was Babbage retrofit lost?" });
  await expect(ask).toBeVisible({ timeout: 20_000 });
  await ask.getByRole("combobox", { name: "Reason" }).click();
  await expect(page.getByRole("option")).toHaveText(["Went with a competitor", "Price", "Timing"]);
  await page.getByRole("option", { name: "Went with a competitor" }).click();
  await ask.getByRole("button", { name: "Save reason" }).click();
  await expect(ask).toBeHidden();
  await expect(page.getByText("Went with a competitor").first()).toBeVisible();
  const lost = await api<{ deal: { status: string; lostReason: string } }>(page, `query ($id: UUID!) { deal(id: $id) { status lostReason } }`, {
    id: createDeal.id,
  });
  expect(lost.deal).toEqual({ status: "LOST", lostReason: "Went with a competitor" });

  // A member reads the list, with nothing to change it.
  await inviteAndAccept(page, viewer.email, "MEMBER");
  await signIn(memberPage, viewer.email);
  await memberPage.getByRole("button", { name: /^Workspace: / }).click();
  await memberPage.getByRole("menuitem", { name: "Lost Causes" }).click();
  await expect(memberPage.getByRole("button", { name: /Workspace: Lost Causes/ })).toBeVisible();
  await openSettings(memberPage, "Pipelines", "Pipelines");
  await expect(memberPage.getByText("Only owners and admins can change them.").last()).toBeVisible();
  await expect(memberPage.getByRole("list", { name: "Reasons" }).getByRole("listitem")).toHaveText(["Went with a competitor", "Price", "Timing"]);
  await expect(memberPage.getByRole("form", { name: "Lost reasons" })).toHaveCount(0);
  await expect(memberPage.getByRole("button", { name: /^(Move|Remove|Add reason|Save reasons)/ })).toHaveCount(0);
  await shot(memberPage, "settings-daywork-03-lost-reasons-member");

  await viewerContext.close();
  await ownerContext.close();
});

test("a mailbox connected with its SMTP part through the form; a template with variables written in settings and used in compose", async ({
  page,
}) => {
  test.setTimeout(600_000);
  const mail = await startMailServers();
  try {
    await signUp(page, { name: "Ada Lovelace", workspace: "Analytical Engines" });
    await api(page, `mutation { createFieldDefinition(input: { objectType: CONTACT, key: "tier", label: "Tier", type: TEXT }) { id } }`);
    const { createCompany } = await api<{ createCompany: { id: string } }>(page, `mutation { createCompany(input: { name: "Analytical Society" }) { id } }`);
    const { createContact } = await api<{ createContact: { id: string } }>(
      page,
      `mutation ($companyId: UUID!) { createContact(input: { firstName: "Charles", lastName: "Babbage", emails: ["charles@babbage.example"], companyId: $companyId, customFields: { tier: "Gold" } }) { id } }`,
      { companyId: createCompany.id },
    );

    // Connect a mailbox: the SMTP part is collapsed, and says what it would use.
    await openSettings(page, "Email", "Email");
    await page.getByRole("button", { name: "Connect mailbox" }).first().click();
    const sheet = page.getByRole("dialog", { name: "Connect a mailbox" });
    await sheet.getByLabel("Email address").fill("ada@engines.example");
    await sheet.getByLabel("IMAP server").fill("127.0.0.1");
    await sheet.getByLabel("Use TLS (IMAPS)").click();
    await sheet.getByLabel("Port", { exact: true }).fill(String(mail.servers.imapPort));
    await sheet.getByLabel("User name", { exact: true }).fill(mail.servers.user);
    await sheet.getByLabel("Password", { exact: true }).fill(mail.servers.password);
    const smtp = sheet.getByRole("button", { name: /^Outgoing mail \(SMTP\)/ });
    await expect(smtp).toHaveAttribute("aria-expanded", "false");
    await expect(smtp).toContainText("Through 127.0.0.1:587, STARTTLS");
    await expect(sheet.getByLabel("SMTP server")).toHaveCount(0);
    await shot(page, "settings-daywork-04-mailbox-smtp-collapsed");

    // Nothing listens on 587: the part opens on the refused field.
    await sheet.getByRole("button", { name: "Connect mailbox" }).click();
    await expect(smtp).toHaveAttribute("aria-expanded", "true", { timeout: 60_000 });
    await expect(sheet.getByLabel("SMTP server")).toHaveAttribute("aria-invalid", "true");
    await expect(sheet.getByLabel("SMTP server")).toHaveAttribute("placeholder", "127.0.0.1");
    await expect(sheet.getByRole("alert").first()).toContainText("Could not connect to the SMTP server");

    // The right port, but this server has no STARTTLS: the Security field says so.
    await sheet.getByLabel("SMTP port").fill(String(mail.servers.smtpPort));
    await sheet.getByRole("button", { name: "Connect mailbox" }).click();
    await expect(sheet.getByRole("combobox", { name: "Security" })).toHaveAttribute("aria-invalid", "true", { timeout: 60_000 });
    await expect(sheet.getByLabel("SMTP server")).not.toHaveAttribute("aria-invalid", "true");
    await shot(page, "settings-daywork-05-mailbox-smtp-refused");

    // Unencrypted (a typed port stays); the user name and password are IMAP's.
    await sheet.getByRole("combobox", { name: "Security" }).click();
    await page.getByRole("option", { name: /^None/ }).click();
    await expect(sheet.getByLabel("SMTP port")).toHaveValue(String(mail.servers.smtpPort));
    await sheet.getByRole("button", { name: "Connect mailbox" }).click();
    await expect(page.getByText("ada@engines.example connected", { exact: true })).toBeVisible({ timeout: 60_000 });
    await expect(sheet).toBeHidden();
    const { mailboxes } = await api<{ mailboxes: { smtpHost: string; smtpPort: number; smtpSecurity: string; smtpUsername: string }[] }>(
      page,
      `{ mailboxes { smtpHost smtpPort smtpSecurity smtpUsername } }`,
    );
    expect(mailboxes).toEqual([{ smtpHost: "127.0.0.1", smtpPort: mail.servers.smtpPort, smtpSecurity: "NONE", smtpUsername: mail.servers.user }]);

    // A template: refused empty with errors by field, then written with the variables panel.
    await openSettings(page, "Templates", "Email templates");
    await expect(page.getByText("No templates yet")).toBeVisible();
    await page.getByRole("button", { name: "New template" }).first().click();
    const editor = page.getByRole("dialog", { name: "New email template" });
    await editor.getByRole("button", { name: "Create template" }).click();
    await expect(editor.getByLabel("Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(editor.getByLabel("Subject", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(editor.getByLabel("Message", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await editor.getByLabel("Name", { exact: true }).fill("Follow-up");
    await editor.getByLabel("Subject", { exact: true }).fill("Hello ");
    await editor.getByRole("button", { name: /\{\{contact\.firstName\}\}$/ }).click();
    await expect(editor.getByLabel("Subject", { exact: true })).toHaveValue("Hello {{contact.firstName}}");
    await editor.getByLabel("Message", { exact: true }).fill("Dear ");
    await editor.getByRole("button", { name: /\{\{contact\.firstName\}\}$/ }).click();
    await expect(editor.getByLabel("Message", { exact: true })).toBeFocused();
    await editor.getByLabel("Message", { exact: true }).press("End");
    await editor.getByLabel("Message", { exact: true }).pressSequentially(",\nHow is ");
    await editor.getByRole("button", { name: /\{\{company\.name\}\}$/ }).click();
    await expect(editor.getByLabel("Message", { exact: true })).toBeFocused();
    await editor.getByLabel("Message", { exact: true }).pressSequentially("? Your tier: ");
    // Custom fields are offered by key, under their record.
    await editor.getByRole("group", { name: "Contact variables" }).getByRole("button", { name: /\{\{contact\.tier\}\}$/ }).click();
    await expect(editor.getByLabel("Message", { exact: true })).toHaveValue("Dear {{contact.firstName}},\nHow is {{company.name}}? Your tier: {{contact.tier}}");
    await shot(page, "settings-daywork-06-template-editor");
    await editor.getByRole("button", { name: "Create template" }).click();
    await expect(editor).toBeHidden();
    const card = page.getByRole("list", { name: "Templates" }).getByRole("listitem", { name: "Follow-up" });
    await expect(card).toContainText("Shared");
    await expect(card).toContainText("{{contact.firstName}} {{company.name}} {{contact.tier}}");
    await shot(page, "settings-daywork-07-templates");

    // Edited: the list shows the new subject.
    await card.getByRole("button", { name: "Edit Follow-up" }).click();
    const edit = page.getByRole("dialog", { name: "Edit Follow-up" });
    await edit.getByLabel("Subject", { exact: true }).fill("Checking in, {{contact.firstName}}");
    await edit.getByRole("button", { name: "Save template" }).click();
    await expect(edit).toBeHidden();
    await expect(card).toContainText("Checking in, {{contact.firstName}}");

    // Compose on the contact picks it: rendered for Charles, sent through the SMTP server.
    await page.goto(`/contacts/${createContact.id}`);
    await page.getByRole("tab", { name: "Emails" }).click();
    await page.getByRole("button", { name: "Write email" }).click();
    const compose = page.getByRole("form", { name: "New email" });
    await compose.getByRole("combobox", { name: "Template" }).click();
    await page.getByRole("option", { name: "Follow-up" }).click();
    await expect(compose.getByLabel("Subject")).toHaveValue("Checking in, Charles");
    await expect(compose.getByLabel("Message")).toHaveValue("Dear Charles,\nHow is Analytical Society? Your tier: Gold");
    await shot(page, "settings-daywork-08-compose-template");
    await compose.getByRole("button", { name: "Send" }).click();
    const thread = page.getByRole("dialog", { name: "Checking in, Charles" });
    await expect(thread.getByRole("article", { name: "Email from ada@engines.example" }).getByRole("status")).toHaveText("Sent", { timeout: 90_000 });
    expect(mail.delivered).toEqual([["charles@babbage.example"]]);

    // Deleted from settings.
    await page.goto("/settings/templates");
    await expect(page.getByRole("heading", { name: "Email templates", exact: true })).toBeVisible();
    await page.getByRole("button", { name: "Delete Follow-up" }).click();
    await page.getByRole("dialog", { name: "Delete Follow-up?" }).getByRole("button", { name: "Delete template" }).click();
    await expect(page.getByText("No templates yet")).toBeVisible();
    const left = await api<{ emailTemplates: unknown[] }>(page, `{ emailTemplates { id } }`);
    expect(left.emailTemplates).toEqual([]);
  } finally {
    mail.stop();
  }
});
