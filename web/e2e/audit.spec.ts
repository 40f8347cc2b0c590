import { expect, test } from "@playwright/test";

import { api } from "./graphql-api";
import { PASSWORD, shot, signOut, signUp } from "./helpers";

test("an owner reads the audit log: a failed sign-in, the sign-in after it, a new API key", async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const account = await signUp(page, { workspace: "Audited" });
  await signOut(page);

  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill("not my password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("The email or the password is wrong.")).toBeVisible();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /^Welcome, / })).toBeVisible();
  await api(page, `mutation { createApiKey(name: "Zapier", role: MEMBER) { apiKey { id } } }`);

  await page.goto("/settings");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Audit log" }).click();
  const table = page.getByRole("table", { name: "Audit log" });
  const rows = table.getByTestId("audit-row");
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText("Created an API key (Zapier)");
  await expect(rows.nth(1)).toContainText("Signed in");
  await expect(rows.nth(2)).toContainText("Sign-in failed (wrong password)");
  for (const index of [0, 1, 2]) {
    await expect(rows.nth(index)).toContainText(account.name);
    // The person's address, forwarded by the web server, and their browser.
    await expect(rows.nth(index).getByRole("cell").nth(3)).toHaveText(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
    await expect(rows.nth(index).getByRole("cell").nth(4)).toContainText("Mozilla");
  }
  await shot(page, "settings-audit-log");
});
