import { randomUUID } from "node:crypto";
import path from "node:path";

import { expect, type Page } from "@playwright/test";

export const PASSWORD = "correct horse battery";
const SCREENSHOTS = path.resolve(__dirname, "../test-results/screenshots");

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
}

/** A full-page screenshot in test-results/screenshots/<name>.png: look at them, a green test on an ugly screen is not done. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: "disabled" });
}

export interface Account {
  name: string;
  email: string;
  workspace: string;
}

/** Signs up through the sign-up page, as a person does, and waits for the dashboard. */
export async function signUp(page: Page, account: Partial<Account> = {}): Promise<Account> {
  const full: Account = {
    name: account.name ?? "Ada Lovelace",
    email: account.email ?? uniqueEmail("ada"),
    workspace: account.workspace ?? "Analytical Engines",
  };
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(full.name);
  await page.getByLabel("Work email").fill(full.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Workspace name").fill(full.workspace);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${full.name.split(" ")[0]}` })).toBeVisible();
  return full;
}

export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: /^Welcome, / })).toBeVisible();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: /^Account: / }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

/** Goes to a screen through the sidebar. */
export async function navigate(page: Page, label: "Dashboard" | "Contacts" | "Companies" | "Deals" | "Settings") {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label }).click();
}
