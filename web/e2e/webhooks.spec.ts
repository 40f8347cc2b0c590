import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { expect, test, type Page } from "@playwright/test";

import { navigate, shot, signUp } from "./helpers";

interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A real receiver on 127.0.0.1 that answers 200 and keeps what it got. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(200, { "content-type": "text/plain" }).end("thanks");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hooks`, received };
}

/** The Standard Webhooks check: HMAC-SHA256 of `id.timestamp.body` with the secret's base64 key. */
function verifies(secret: string, { headers, body }: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const signed = Buffer.concat([Buffer.from(`${String(headers["webhook-id"])}.${String(headers["webhook-timestamp"])}.`), body]);
  const expected = Buffer.from(`v1,${createHmac("sha256", key).update(signed).digest("base64")}`);
  return String(headers["webhook-signature"])
    .split(" ")
    .some((given) => given.length === expected.length && timingSafeEqual(Buffer.from(given), expected));
}

async function openWebhooks(page: Page) {
  await navigate(page, "Settings");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Webhooks" }).click();
  await expect(page.getByRole("heading", { name: "Webhooks", exact: true })).toBeVisible();
}

test("webhooks: an admin adds an endpoint, sends a signed test event, sees it delivered and disables the endpoint", async ({ page }) => {
  const receiver = await startReceiver();
  try {
    await signUp(page, { name: "Ada Lovelace", workspace: "Hooked Engines" });
    await openWebhooks(page);
    await expect(page.getByText("No endpoints yet")).toBeVisible();

    // A private address is refused next to the field, and nothing is added.
    await page.getByLabel("Endpoint URL").fill("http://10.0.0.1/hooks");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText(/a private network address/).first()).toBeVisible();
    await expect(page.getByText("No endpoints yet")).toBeVisible();
    await shot(page, "webhooks-01-refused");

    await page.getByLabel("Endpoint URL").fill(receiver.url);
    await page.getByLabel("Description").fill("Our billing service");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = (await page.getByLabel("Signing secret").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const endpoint = page.getByTestId("webhook-endpoint");
    await expect(endpoint).toHaveCount(1);
    await expect(endpoint).toContainText(receiver.url);
    await expect(endpoint).toContainText("Active");
    await shot(page, "webhooks-02-created");
    await page.getByRole("button", { name: "Done" }).click();
    await expect(page.getByLabel("Signing secret")).toHaveCount(0);

    await endpoint.getByRole("button", { name: "Send test" }).click();
    const delivery = page.getByTestId("webhook-delivery");
    await expect(delivery).toHaveCount(1);
    await expect(delivery).toContainText("webhook.test");
    await expect(delivery).toContainText("Delivered", { timeout: 20_000 });
    await expect(delivery).toContainText("HTTP 200");
    await expect(delivery).toContainText("thanks");
    await shot(page, "webhooks-03-delivered");

    expect(receiver.received).toHaveLength(1);
    const request = receiver.received[0]!;
    expect(verifies(secret, request)).toBe(true);
    expect(JSON.parse(request.body.toString()).type).toBe("webhook.test");

    await endpoint.getByRole("button", { name: "Disable" }).click();
    await expect(endpoint).toContainText("Disabled");
    await expect(endpoint.getByRole("button", { name: "Send test" })).toBeDisabled();
    await page.reload();
    await expect(page.getByTestId("webhook-endpoint")).toContainText("Disabled");
    await shot(page, "webhooks-04-disabled");
  } finally {
    receiver.server.close();
  }
});
