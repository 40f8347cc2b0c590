import { expect, test } from "@playwright/test";

import { api } from "./graphql-api";
import { signUp } from "./helpers";

const API = `http://127.0.0.1:${process.env.RAPPORT_E2E_API_PORT}`;

test("every page says it may not be framed, sniffed or referred from", async ({ page }) => {
  const response = await page.goto("/sign-in");
  const headers = response!.headers();

  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).toContain("object-src 'none'");
  expect(headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
});

test("an email's remote images load only when the reader asks", async ({ page }) => {
  test.setTimeout(240_000);
  const account = await signUp(page, { workspace: "Pixels" });
  const { createContact } = await api<{ createContact: { id: string } }>(
    page,
    `mutation { createContact(input: { firstName: "Tracy", lastName: "Tracker", emails: ["tracy@tracker.example"] }) { id } }`,
  );
  const opened: string[] = [];
  await page.route("https://tracker.example/**", async (route) => {
    opened.push(route.request().url());
    await route.fulfill({ status: 200, contentType: "image/gif", body: Buffer.from("R0lGODlhAQABAAAAACw=", "base64") });
  });
  const raw = [
    `From: "Tracy Tracker" <tracy@tracker.example>`,
    `To: ${account.email}`,
    `Subject: Our newsletter`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <newsletter-${Date.now()}@tracker.example>`,
    `MIME-Version: 1.0`,
    `Content-Type: text/html; charset=utf-8`,
    ``,
    `<p>Big news this week.</p><img src="https://tracker.example/open.gif?reader=ada" width="1" height="1" alt="">`,
    ``,
  ].join("\r\n");
  const { inboundEmail } = await api<{ inboundEmail: { token: string } }>(page, `{ inboundEmail { token } }`);
  const posted = await page.request.post(`${API}/api/v1/webhooks/inbound/email`, {
    headers: { "X-Inbound-Token": inboundEmail.token, "Content-Type": "message/rfc822" },
    data: Buffer.from(raw),
  });
  expect(posted.status()).toBe(202);

  await page.goto(`/contacts/${createContact.id}`);
  const threads = page.getByRole("list", { name: "Email threads" });
  await expect(async () => {
    await page.reload();
    await page.getByRole("tab", { name: "Emails" }).click();
    await expect(threads.getByRole("button", { name: /Our newsletter/ })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await threads.getByRole("button", { name: /Our newsletter/ }).click();
  const sheet = page.getByRole("dialog", { name: "Our newsletter" });
  await expect(page.frameLocator("iframe[title^='Message']").getByText("Big news this week.")).toBeVisible();
  await expect(sheet.getByText("Remote images are hidden")).toBeVisible();
  await page.waitForTimeout(500); // time for a pixel to be fetched, were it allowed
  expect(opened).toEqual([]);

  // The frame's own policy is what holds the image back (the browser enforces it; see thread-sheet.test.ts).
  const frame = sheet.locator("iframe[title^='Message']");
  await expect(frame).toHaveAttribute("srcdoc", /img-src data: cid:">/);

  await sheet.getByRole("button", { name: "Show images" }).click();
  await expect(page.frameLocator("iframe[title^='Message']").getByText("Big news this week.")).toBeVisible();
  await expect(frame).toHaveAttribute("srcdoc", /img-src data: cid: https: http:">/);
  await expect(sheet.getByText("Remote images are hidden")).toBeHidden();
});
