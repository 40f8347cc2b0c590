import { expect, test } from "@playwright/test";
import { Secret, TOTP } from "otpauth";

import { PASSWORD, shot, signOut, signUp } from "./helpers";

/** The code an authenticator app would show, `offsetSteps` 30-second steps from now. */
function codeFor(secret: string, offsetSteps = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" });
  return totp.generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

test("a person turns on two-factor sign-in with a QR code, signs out and signs back in with a code", async ({ page }) => {
  const account = await signUp(page, { name: "Tess Totp", workspace: "Second Factor" });

  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("mfa-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await shot(page, "mfa-01-enrolment-qr-code");

  await page.getByLabel("Code from the app").fill("000000" === codeFor(secret) ? "111111" : "000000");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByText("The code is wrong; try the current one.")).toBeVisible();

  const enrolledAt = Date.now();
  const enrolled = codeFor(secret);
  await page.getByLabel("Code from the app").fill(enrolled);
  await page.getByRole("button", { name: "Turn on" }).click();
  const recovery = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(recovery).toHaveCount(10);
  await shot(page, "mfa-02-recovery-codes");
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByText("10 recovery codes left.")).toBeVisible();

  await signOut(page);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Two-factor sign-in" })).toBeVisible();
  await shot(page, "mfa-03-code-step");

  // A code is accepted once: the enrolment's code again is refused, whatever the time now. Then a code
  // of a later step: the current one if the clock has moved on since, else the next (one step of drift).
  await page.getByLabel("Authentication code").fill(enrolled);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("The code is wrong or was already used.")).toBeVisible();
  const moved = Math.floor(Date.now() / 30_000) > Math.floor(enrolledAt / 30_000);
  await page.getByLabel("Authentication code").fill(codeFor(secret, moved ? 0 : 1));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Tess" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Workspace: Second Factor/ })).toBeVisible();
});

test("an admin creates an API key, sees its secret once, and revokes it", async ({ page, request }) => {
  await signUp(page, { name: "Kai Keys", workspace: "Integrations" });
  await page.goto("/settings/api-keys");
  await page.getByLabel("Name").fill("Zapier");
  await page.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("api-key-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^rpk_[0-9A-Za-z]{60}$/);
  await expect(page.getByTestId("api-key-row")).toHaveCount(1);
  await expect(page.getByTestId("api-key-row")).toContainText(secret.slice(0, 12));
  await shot(page, "mfa-04-api-key-created");

  const apiUrl = `http://127.0.0.1:${process.env.RAPPORT_E2E_API_PORT}/graphql`;
  const query = { query: "{ workspace { name } }" };
  const before = await request.post(apiUrl, { data: query, headers: { authorization: `Bearer ${secret}` } });
  expect(await before.json()).toEqual({ data: { workspace: { name: "Integrations" } } });

  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("api-key-secret")).toHaveCount(0);
  await page.getByRole("button", { name: "Revoke Zapier" }).click();
  await page.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("No API keys")).toBeVisible();

  const after = await request.post(apiUrl, { data: query, headers: { authorization: `Bearer ${secret}` } });
  const body = (await after.json()) as { errors: { extensions: { code: string } }[] };
  expect(body.errors[0]?.extensions.code).toBe("UNAUTHENTICATED");
});

test("a spent refresh cookie replayed through the web server signs the whole session out", async ({ page, browser, baseURL, request }) => {
  await signUp(page, { name: "Rene Replay", workspace: "Rotation" });
  const context = page.context();
  const refreshCookie = async () => (await context.cookies()).find((cookie) => cookie.name === "rapport_refresh")?.value;
  const spent = await refreshCookie();
  expect(spent).toBeTruthy();

  // The access cookie is gone: the next page load refreshes, and the refresh cookie rotates.
  await context.clearCookies({ name: "rapport_access" });
  await page.goto("/contacts");
  await expect(page.getByRole("heading", { name: "Contacts", exact: true })).toBeVisible();
  expect(await refreshCookie()).not.toBe(spent);

  // A request the same browser sent before the new cookies arrived (a prefetch, another tab) carries the
  // spent refresh cookie and the browser's binding: it shares the refresh instead of signing everyone out.
  const binding = (await context.cookies()).find((cookie) => cookie.name === "rapport_bind")?.value;
  expect(binding).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const late = await request.get("/contacts", {
    headers: { cookie: `rapport_refresh=${spent}; rapport_bind=${binding}` },
    maxRedirects: 0,
  });
  expect(late.status()).toBe(200);
  await page.goto("/companies");
  await expect(page.getByRole("heading", { name: "Companies", exact: true })).toBeVisible();

  // Someone replays the spent refresh cookie without that binding: no shared answer, the api's reuse detection runs.
  const attacker = await browser.newContext();
  await attacker.addCookies([{ name: "rapport_refresh", value: spent!, url: baseURL! }]);
  const replay = await attacker.newPage();
  await replay.goto("/contacts");
  await expect(replay).toHaveURL(/\/sign-in\?next=%2Fcontacts$/);
  await attacker.close();

  // The person's own session, rotated from the same sign-in, is signed out too.
  await page.goto("/deals");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});
