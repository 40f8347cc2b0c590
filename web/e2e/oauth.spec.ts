import { randomUUID } from "node:crypto";

import { expect, test } from "@playwright/test";

import { addProviderAccount, shot, signInAtProvider, uniqueEmail } from "./helpers";

// Sign-in with Google and Microsoft through the local OpenID providers that e2e/global-setup.ts starts
// (npm oidc-provider, shaped like Google's and Microsoft's): their login page takes any password for an
// account the test registered, then asks for consent.

test("Continue with Google signs a newcomer in, with a workspace of their own", async ({ page }) => {
  const email = uniqueEmail("grace");
  const login = await addProviderAccount("google", { email, email_verified: true, name: "Grace Hopper" });

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
  const login = await addProviderAccount("microsoft", { email: uniqueEmail("ada"), name: "Ada Lovelace", tid: randomUUID() });

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Continue with Microsoft" }).click();
  await signInAtProvider(page, login);

  await expect(page).toHaveURL(/\/sign-in\?error=email_unverified$/);
  // Next.js's route announcer is an (empty) alert too: the form's is the one with the reason.
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText(
    "Your provider does not confirm that this email address is yours, so Rapport cannot sign you in with it. Sign in with your password instead.",
  );
  await shot(page, "oauth-03-refused-unverified-email");
  await expect(page.getByLabel("Email")).toBeVisible();
});
