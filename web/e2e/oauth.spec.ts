import { randomUUID } from "node:crypto";

import { expect, test, type Page } from "@playwright/test";
import { Secret, TOTP } from "otpauth";

import { addProviderAccount, shot, signInAtProvider, signOut, uniqueEmail } from "./helpers";

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

/** The code an authenticator app would show, `offsetSteps` 30-second steps from now. */
function codeFor(secret: string, offsetSteps = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" });
  return totp.generate({ timestamp: Date.now() + offsetSteps * 30_000 });
}

/** Through the provider again: it may ask for the login, only for consent, or (signed in there) nothing. */
async function throughProvider(page: Page, login: string, until: ReturnType<Page["getByRole"]>): Promise<void> {
  const loginField = page.locator('input[name="login"]');
  const consent = page.getByRole("button", { name: "Continue" });
  for (let step = 0; step < 3; step += 1) {
    await expect(loginField.or(consent).or(until).first()).toBeVisible({ timeout: 30_000 });
    if (await until.isVisible()) return;
    if (await loginField.isVisible()) await signInAtProvider(page, login);
    else await consent.click();
  }
  await expect(until).toBeVisible();
}

test("signed in with Google, a person turns on two-factor sign-in, and Google alone no longer signs them in", async ({ page }) => {
  const email = uniqueEmail("hedy");
  const login = await addProviderAccount("google", { email, email_verified: true, name: "Hedy Lamarr" });
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Continue with Google" }).click();
  await signInAtProvider(page, login);
  await expect(page.getByRole("heading", { name: "Welcome, Hedy" })).toBeVisible();

  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const secret = (await page.getByTestId("mfa-secret").textContent())?.trim() ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const enrolledAt = Date.now();
  await page.getByLabel("Code from the app").fill(codeFor(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  await page.getByRole("button", { name: "Done" }).click();

  await signOut(page);
  await page.getByRole("link", { name: "Continue with Google" }).click();
  const codeStep = page.getByRole("heading", { name: "Two-factor sign-in" });
  await throughProvider(page, login, codeStep);
  await shot(page, "oauth-04-google-then-code-step");
  // Google's answer alone signs nobody in: no session cookie until the code is given.
  const session = async () => (await page.context().cookies()).some((cookie) => cookie.name === "rapport_access");
  expect(await session()).toBe(false);
  // The enrolment's code is spent: a code of a later step (the current one if the clock moved on).
  const moved = Math.floor(Date.now() / 30_000) > Math.floor(enrolledAt / 30_000);
  await page.getByLabel("Authentication code").fill(codeFor(secret, moved ? 0 : 1));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Hedy" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Workspace: Hedy Lamarr's workspace/ })).toBeVisible();
});
