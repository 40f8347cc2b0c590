import { expect, test } from "@playwright/test";

import { api } from "./graphql-api";
import { expectNoPageScrollSideways, shot, signUp } from "./helpers";

const API = `http://127.0.0.1:${process.env.RAPPORT_E2E_API_PORT}`;

/** A raw message from Charles with a text part, an HTML part and an attachment, as a mail server would post it. */
function message(to: string): string {
  const attachment = Buffer.from("Engine drawings, sheet 1 of 12\n").toString("base64");
  return [
    `From: "Charles Babbage" <charles@babbage.example>`,
    `To: ${to}`,
    `Cc: "Mary Somerville" <mary@somerville.example>`,
    `Subject: The engine drawings`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <drawings-${Date.now()}@babbage.example>`,
    `MIME-Version: 1.0`,
    `Content-Type: multipart/mixed; boundary="outer"`,
    ``,
    `--outer`,
    `Content-Type: multipart/alternative; boundary="inner"`,
    ``,
    `--inner`,
    `Content-Type: text/plain; charset=utf-8`,
    ``,
    `Dear Ada,`,
    ``,
    `Here are the drawings of the engine. The mill is on sheet 3.`,
    ``,
    `Charles`,
    `--inner`,
    `Content-Type: text/html; charset=utf-8`,
    ``,
    `<p>Dear Ada,</p><p>Here are the drawings of the <b>engine</b>. The mill is on sheet 3.</p><script>alert(1)</script><p>Charles</p>`,
    `--inner--`,
    `--outer`,
    `Content-Type: text/plain; name="drawings.txt"`,
    `Content-Disposition: attachment; filename="drawings.txt"`,
    `Content-Transfer-Encoding: base64`,
    ``,
    attachment,
    `--outer--`,
    ``,
  ].join("\r\n");
}

test("an email from a contact shows on the contact's page, opens with its attachment", async ({ page }) => {
  test.setTimeout(240_000);
  const account = await signUp(page, { name: "Ada Lovelace", workspace: "Analytical Engines" });
  const { createContact } = await api<{ createContact: { id: string } }>(
    page,
    `mutation { createContact(input: { firstName: "Charles", lastName: "Babbage", emails: ["charles@babbage.example"] }) { id } }`,
  );
  const { createContact: mary } = await api<{ createContact: { id: string } }>(
    page,
    `mutation { createContact(input: { firstName: "Mary", lastName: "Somerville", emails: ["mary@somerville.example"] }) { id } }`,
  );
  const { createContact: nobody } = await api<{ createContact: { id: string } }>(
    page,
    `mutation { createContact(input: { firstName: "Luigi", lastName: "Menabrea" }) { id } }`,
  );

  // No mail yet: the tab says how mail gets in.
  await page.goto(`/contacts/${nobody.id}`);
  await page.getByRole("tab", { name: "Emails" }).click();
  await expect(page.getByText("No emails with Luigi Menabrea yet")).toBeVisible();
  await expect(page.getByRole("link", { name: "Settings → Email" })).toBeVisible();
  await expect(page.getByRole("tabpanel", { name: "Emails" }).locator("code")).toContainText("@");
  await shot(page, "records-email-01-empty");

  // The mail server posts the raw message to the webhook with the workspace's token.
  const { inboundEmail } = await api<{ inboundEmail: { token: string } }>(page, `{ inboundEmail { token } }`);
  const posted = await page.request.post(`${API}/api/v1/webhooks/inbound/email`, {
    headers: { "X-Inbound-Token": inboundEmail.token, "Content-Type": "message/rfc822" },
    data: Buffer.from(message(account.email)),
  });
  expect(posted.status()).toBe(202);

  await page.goto(`/contacts/${createContact.id}`);
  await page.getByRole("tab", { name: "Emails" }).click();
  const threads = page.getByRole("list", { name: "Email threads" });
  // The worker files the message within moments.
  await expect(async () => {
    await page.reload();
    await page.getByRole("tab", { name: "Emails" }).click();
    await expect(threads.getByRole("button", { name: /The engine drawings/ })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(threads).toContainText("Here are the drawings of the engine.");
  await shot(page, "records-email-02-threads");

  await threads.getByRole("button", { name: /The engine drawings/ }).click();
  const sheet = page.getByRole("dialog", { name: "The engine drawings" });
  const email = sheet.getByRole("article", { name: "Email from Charles Babbage" });
  await expect(email.getByRole("link", { name: "Charles Babbage" })).toHaveAttribute("href", `/contacts/${createContact.id}`);
  await expect(email.getByRole("link", { name: "Mary Somerville" })).toHaveAttribute("href", `/contacts/${mary.id}`);
  // The HTML renders in a sandboxed frame (no scripts), never in the page.
  const frame = email.locator("iframe");
  await expect(frame).toHaveAttribute("sandbox", "");
  await expect(page.frameLocator("iframe[title^='Message']").getByText("The mill is on sheet 3.")).toBeVisible();
  const download = email.getByRole("link", { name: /drawings\.txt/ });
  const href = await download.getAttribute("href");
  // Attachments are files on the record storage, downloaded like any file.
  expect(href).toMatch(/^\/api\/v1\/files\/[0-9a-f-]+$/);
  await shot(page, "records-email-03-thread");

  // The download goes through the web app to the api, with the session cookie.
  const file = await page.request.get(href!);
  expect(file.status()).toBe(200);
  expect(await file.text()).toBe("Engine drawings, sheet 1 of 12\n");
  await page.keyboard.press("Escape");
  await expect(sheet).toBeHidden();

  // The timeline has the email too, and opens it.
  await page.getByRole("tab", { name: "Timeline" }).click();
  const entry = page.getByRole("tabpanel", { name: "Timeline" }).getByRole("article", { name: "Email" });
  await expect(entry).toContainText("The engine drawings");
  await entry.getByRole("button", { name: /The engine drawings/ }).click();
  await expect(page.getByRole("dialog", { name: "The engine drawings" })).toBeVisible();

  // Phone width: the thread list and the page stack.
  await page.keyboard.press("Escape");
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("tab", { name: "Emails" }).click();
  await expect(threads.getByRole("button", { name: /The engine drawings/ })).toBeVisible();
  await expectNoPageScrollSideways(page);
  await shot(page, "records-email-04-phone");
});
