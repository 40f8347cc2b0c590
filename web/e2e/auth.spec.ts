import { expect, test } from "@playwright/test";

import { PASSWORD, shot, signIn, signOut, signUp, uniqueEmail } from "./helpers";

test("a newcomer signs up, lands in the app, signs out and signs in again", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await shot(page, "auth-01-sign-in-page");

  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByLabel("Your name").fill("Grace Hopper");
  await page.getByLabel("Work email").fill(uniqueEmail("grace"));
  await page.getByLabel("Password").fill("short");
  await page.getByLabel("Workspace name").fill("Navy");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 8 characters")).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await shot(page, "auth-02-sign-up-field-error");

  const account = await signUp(page, { name: "Grace Hopper", workspace: "Navy" });
  await expect(page.getByRole("button", { name: /Workspace: Navy/ })).toBeVisible();
  await shot(page, "auth-03-dashboard-after-sign-up");

  await signOut(page);
  await page.goto("/contacts");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fcontacts$/);

  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("The email or the password is wrong.")).toBeVisible();
  await shot(page, "auth-04-sign-in-wrong-password");

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.getByRole("heading", { name: "Contacts", exact: true })).toBeVisible();

  await signOut(page);
  await signIn(page, account.email);
  await expect(page.getByRole("button", { name: /Workspace: Navy/ })).toBeVisible();
});

test("a signed-in person creates a second workspace and switches between them", async ({ page }) => {
  await signUp(page, { workspace: "First Co" });
  await page.getByRole("button", { name: /Workspace: First Co/ }).click();
  await page.getByRole("menuitem", { name: "Create workspace" }).click();
  await page.getByLabel("Name").fill("Second Co");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByRole("button", { name: /Workspace: Second Co/ })).toBeVisible();

  await page.getByRole("button", { name: /Workspace: Second Co/ }).click();
  await shot(page, "auth-05-workspace-switcher");
  await page.getByRole("menuitem", { name: "First Co" }).click();
  await expect(page.getByRole("button", { name: /Workspace: First Co/ })).toBeVisible();
});

test("signing in never leaves for another site, however `next` is spelled", async ({ page }) => {
  const account = await signUp(page, { workspace: "Redirects" });
  await signOut(page);
  const origin = new URL(page.url()).origin;

  for (const next of ["/%09/evil.example", "//evil.example", "/%5C/evil.example", "https://evil.example/"]) {
    await page.goto(`/sign-in?next=${next}`);
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: /Workspace: Redirects/ })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(origin);
    expect(new URL(page.url()).pathname).toBe("/");
    await signOut(page);
  }
});

test("forgot password: the request answers the same for any email, and a broken reset link says what to do", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await shot(page, "auth-forgot-password");
  const email = uniqueEmail("nobody");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText(`If an account uses ${email}, a link to choose a new password is on its way.`)).toBeVisible();
  await shot(page, "auth-forgot-password-sent");

  await page.goto("/reset-password#token=rpr_not-a-real-token");
  await page.getByLabel("New password").fill("violet staple orbit");
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.getByText("This reset link is not valid; ask for a new one.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
  await shot(page, "auth-reset-link-invalid");
});

test("too many failed sign-ins: the web app answers 429 with the api's Retry-After, and the page says to wait", async ({ page }) => {
  const account = await signUp(page, { workspace: "Limits" });
  await signOut(page);
  // The stack allows 5 failed sign-ins per account and address a minute (e2e/global-setup.ts).
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const answer = await page.request.post("/api/session/sign-in", { data: { email: account.email, password: "not the password" } });
    statuses.push(answer.status());
  }
  expect(statuses).toEqual([401, 401, 401, 401, 401]);

  const refused = await page.request.post("/api/session/sign-in", { data: { email: account.email, password: PASSWORD } });
  expect(refused.status()).toBe(429);
  const wait = Number(refused.headers()["retry-after"]);
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(60);
  expect(await refused.json()).toEqual({
    ok: false,
    problem: { code: "RATE_LIMITED", message: "Too many requests. Please wait a moment and try again.", fieldErrors: {} },
  });

  // Even the right password waits: the page shows why and stays on sign-in, signed out.
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("Too many requests. Please wait a moment and try again.")).toBeVisible();
  await shot(page, "auth-sign-in-rate-limited");
  await expect(page).toHaveURL(/\/sign-in$/);
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain("rapport_access");
});
