import { expect, test } from "@playwright/test";

import { api } from "./graphql-api";
import { shot, signUp } from "./helpers";
import { startMailServers } from "./mail-servers";

test("a rep writes to a contact from its page and replies in the thread; each message turns to sent", async ({ page }) => {
  test.setTimeout(480_000);
  const mail = await startMailServers();
  try {
    await signUp(page, { name: "Ada Lovelace", workspace: "Analytical Engines" });
    const { createContact } = await api<{ createContact: { id: string } }>(
      page,
      `mutation { createContact(input: { firstName: "Charles", lastName: "Babbage", emails: ["charles@babbage.example"] }) { id } }`,
    );
    await api(
      page,
      `mutation($input: MailboxInput!) { connectMailbox(input: $input) { id } }`,
      {
        input: {
          address: "ada@engines.example",
          host: "127.0.0.1",
          port: mail.servers.imapPort,
          tls: false,
          username: mail.servers.user,
          password: mail.servers.password,
          smtpHost: "127.0.0.1",
          smtpPort: mail.servers.smtpPort,
          smtpSecurity: "NONE",
        },
      },
    );

    await page.goto(`/contacts/${createContact.id}`);
    await page.getByRole("tab", { name: "Emails" }).click();
    await page.getByRole("button", { name: "Write email" }).click();
    const compose = page.getByRole("form", { name: "New email" });
    await expect(compose.getByText("ada@engines.example")).toBeVisible();
    await expect(compose.getByLabel("To")).toHaveValue("charles@babbage.example");
    await compose.getByLabel("Subject").fill("The engine drawings");
    await compose.getByLabel("Message").fill("Dear Charles,\n\nMay I see the drawings of the mill?\n\nAda");
    await shot(page, "compose-01-new");
    await compose.getByRole("button", { name: "Send" }).click();

    // The thread opens at once with the message in it, then the worker sends it.
    const sheet = page.getByRole("dialog", { name: "The engine drawings" });
    const first = sheet.getByRole("article", { name: "Email from ada@engines.example" });
    await expect(first).toContainText("May I see the drawings of the mill?");
    await expect(first.getByRole("status")).toHaveText("Sent", { timeout: 60_000 });
    expect(mail.delivered).toEqual([["charles@babbage.example"]]);
    await shot(page, "compose-02-sent");

    await sheet.getByRole("button", { name: "Reply", exact: true }).click();
    const reply = sheet.getByRole("form", { name: "Reply" });
    await expect(reply.getByLabel("To")).toHaveValue("charles@babbage.example");
    await reply.getByLabel("Message").fill("Sheet 3 would do.");
    await reply.getByRole("button", { name: "Send" }).click();
    const articles = sheet.getByRole("article", { name: "Email from ada@engines.example" });
    await expect(articles).toHaveCount(2);
    await expect(articles.nth(1)).toContainText("Sheet 3 would do.");
    await expect(articles.nth(1).getByRole("status")).toHaveText("Sent", { timeout: 60_000 });
    expect(mail.delivered).toHaveLength(2);
    await shot(page, "compose-03-reply-sent");
  } finally {
    mail.stop();
  }
});
