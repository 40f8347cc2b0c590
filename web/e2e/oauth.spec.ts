import { randomUUID } from "node:crypto";

import { expect, test, type Page } from "@playwright/test";

import { shot, uniqueEmail } from "./helpers";

// Sign-in with Google and Microsoft through the local OpenID providers that e2e/global-setup.ts starts
// (npm oidc-provider, shaped like Google's and Microsoft's): their login page takes any password for an
// account the test registered, then asks for consent.

async function addAccount(provider: "google" | "microsoft", claims: Record<string, unknown>): Promise<string> {
  const issuer = process.env[`RAPPORT_E2E_OIDC_${provider.toUpperCase()}`];
  if (!issuer) throw new Error("the local OpenID providers are not running (e2e/global-setup.ts)");
  const login = `${provider}-${randomUUID().slice(0, 8)}`;
  const response = await fetch(`${new URL(issuer).origin}/__test/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: login, claims }),
  });
  expect(response.status).toBe(204);
  return login;
}

async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("Continue with Google signs a newcomer in, with a workspace of their own", async ({ page }) => {
  const email = uniqueEmail("grace");
  const login = await addAccount("google", { email, email_verified: true, name: "Grace Hopper" });

  await page.goto("/contacts");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fcontacts$/);
  await expect(page.getByRole("link", { name: "Continue with Microsoft" })).toBeVisible();
  await shot(page, "oauth-01-sign-in-with-providers");
  await page.getByRole("link", { name: "Continue with Google" }).click();
  await signInAtProvider(page, login);

  await expect(page).toHaveURL(/\/contacts$/);
  await expect(page.getByRole("heading", { name: "Contacts", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: /Workspace: Grace Hopper's workspace/ })).toBeVisible();
  await shot(page, "oauth-02-signed-in-with-google");
});

test("a provider sign-in that cannot be trusted lands on the sign-in page with the reason", async ({ page }) => {
  // Microsoft's `email` claim is not verified unless the tenant vouches for it (`xms_edov`).
  const login = await addAccount("microsoft", { email: uniqueEmail("ada"), name: "Ada Lovelace", tid: randomUUID() });

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Continue with Microsoft" }).click();
  await signInAtProvider(page, login);

  await expect(page).toHaveURL(/\/sign-in\?error=email_unverified$/);
  await expect(page.getByRole("alert")).toHaveText(
    "Your provider does not confirm that this email address is yours, so Rapport cannot sign you in with it. Sign in with your password instead.",
  );
  await shot(page, "oauth-03-refused-unverified-email");
  await expect(page.getByLabel("Email")).toBeVisible();
});
