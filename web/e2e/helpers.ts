import { randomUUID } from "node:crypto";
import path from "node:path";

import AxeBuilder from "@axe-core/playwright";
import { expect, request as playwrightRequest, type Browser, type Locator, type Page } from "@playwright/test";

import { api } from "./graphql-api";

export const PASSWORD = "correct horse battery";
const SCREENSHOTS = path.resolve(__dirname, "../test-results/screenshots");

export function uniqueEmail(prefix = "user"): string {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
}

/**
 * A full-page screenshot in test-results/screenshots/<name>.png (look at them: a green test on an ugly
 * screen is not done), and the axe-core check of the same screen: every screen a test shows is checked.
 */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: "disabled" });
  await expectAccessible(page, name);
}

/**
 * Opens the command palette with Ctrl-K. A key pressed before the page has hydrated reaches no listener
 * (the palette's code loads later still): press again until the dialog shows.
 */
export async function openPalette(page: Page): Promise<Locator> {
  const palette = page.getByRole("dialog", { name: "Search Rapport" });
  await expect(async () => {
    if (!(await palette.isVisible())) await page.keyboard.press("Control+k");
    await expect(palette).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  return palette;
}

/**
 * axe-core's findings on the screen as it stays, not on a frame of an animation. Toasts and dialogs fade
 * in: the finite animations are waited for first (endless ones, a pulsing skeleton or a spinner, never
 * end). Something may still start to move while axe looks (a live notification's toast shows whenever
 * the server sends it, and half-faded text fails color-contrast): when an animation or a transition
 * started during the check, the screen is checked again once it has ended, three times at most.
 */
async function analyzeStill(page: Page) {
  for (let attempt = 1; ; attempt += 1) {
    await page.evaluate(async () => {
      const counted = window as typeof window & { __movesDuringAxe?: number };
      if (counted.__movesDuringAxe === undefined) {
        const count = () => (counted.__movesDuringAxe = (counted.__movesDuringAxe ?? 0) + 1);
        document.addEventListener("animationstart", count, true);
        document.addEventListener("transitionstart", count, true);
      }
      const finite = () =>
        document
          .getAnimations()
          .filter((animation) => animation.playState !== "finished")
          .filter((animation) => Number.isFinite(animation.effect?.getComputedTiming().endTime ?? 0));
      // One that starts while these are awaited is awaited too; the count starts once none is left.
      for (let running = finite(); running.length > 0; running = finite()) {
        await Promise.all(running.map((animation) => animation.finished.catch(() => null)));
      }
      counted.__movesDuringAxe = 0;
    });
    // Behind an open menu or dialog, Radix hides the page from assistive technology and traps the focus
    // (marked data-aria-hidden): that part is checked on the screens where it is in front.
    const results = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
      .exclude('[data-aria-hidden="true"]')
      .analyze();
    const moved = await page.evaluate(() => (window as typeof window & { __movesDuringAxe?: number }).__movesDuringAxe ?? 0);
    if (moved === 0 || attempt === 3) return results;
  }
}

/** WCAG 2.1 A/AA and axe's best practices; a serious or critical finding fails the test, named with where it is. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  // A list being refetched is dimmed (and aria-busy): check the screen once the new rows are in. A filter
  // just typed starts its refetch only after the list's 300 ms debounce: look again once that has passed.
  await expect(page.locator("[data-refreshing]")).toHaveCount(0, { timeout: 15_000 });
  await page.waitForTimeout(350);
  await expect(page.locator("[data-refreshing]")).toHaveCount(0, { timeout: 15_000 });
  const results = await analyzeStill(page);
  const findings = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(" ")).slice(0, 4).join(" | ")}`);
  expect(findings, `axe-core on ${screen}`).toEqual([]);
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

/** Goes to a screen through the sidebar and returns once the app shows it (its link is the current page), as a
 * user waits for the page before clicking on it. Clicked sooner, a link of the new page was once lost in CI
 * (Next.js 16.4: the deals page's Import, most likely while that navigation was still committing). */
export async function navigate(page: Page, label: "Dashboard" | "Contacts" | "Companies" | "Deals" | "Settings") {
  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label });
  await link.click();
  await expect(link).toHaveAttribute("aria-current", "page");
}

/** The page does not scroll sideways: whatever is wider scrolls inside its own box. */
export async function expectNoPageScrollSideways(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

/** The box scrolls sideways: its content is wider than it. */
export async function expectScrollsSideways(box: Locator): Promise<void> {
  await expect.poll(() => box.evaluate((element) => element.scrollWidth - element.clientWidth)).toBeGreaterThan(0);
}

/** `upper` is above `lower` (stacked), not beside it. */
export async function expectStacked(upper: Locator, lower: Locator): Promise<void> {
  const top = await upper.boundingBox();
  const bottom = await lower.boundingBox();
  expect(top && bottom ? bottom.y - (top.y + top.height) : null).toBeGreaterThanOrEqual(-1);
}

/** How the page writes a calendar day ("2027-01-03"), in its own locale (lib/format.ts). */
export async function shownDay(page: Page, day: string): Promise<string> {
  return page.evaluate((value) => {
    const [year, month, date] = value.split("-").map(Number);
    return new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric" }).format(
      new Date(year!, month! - 1, date!),
    );
  }, day);
}

/**
 * Two people, each in their own browser: Vera, who has an account (of her own workspace) and is signed
 * out, and Olive, signed up as the owner of `workspace`. The owner adds Vera in the test.
 */
export async function ownerAndViewerToBe(browser: Browser, workspace: string) {
  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  const viewer = await signUp(viewerPage, { name: "Vera Viewer", email: uniqueEmail("vera"), workspace: "Vera's own" });
  await signOut(viewerPage);
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await signUp(owner, { name: "Olive Owner", workspace });
  return { viewer, viewerContext, viewerPage, ownerContext, owner };
}

/**
 * Adds the person with `email` (who has an account with the e2e password) to `owner`'s workspace the way a
 * person is added: the owner invites them (no SMTP in these runs, so the link is in the answer) and they accept
 * with their password, from a request context of their own. Returns their member id.
 */
export async function inviteAndAccept(owner: Page, email: string, role: "ADMIN" | "MEMBER" | "VIEWER"): Promise<string> {
  const invited = await api<{ inviteMember: { link: string } }>(
    owner,
    `mutation ($email: String!, $role: Role!) { inviteMember(email: $email, role: $role) { link } }`,
    { email, role },
  );
  const token = new URL(invited.inviteMember.link).hash.replace(/^#token=/, "");
  const invitee = await playwrightRequest.newContext({ baseURL: new URL(owner.url()).origin });
  try {
    const response = await invitee.post("/api/session/accept-invitation", { data: { token, password: PASSWORD } });
    expect(await response.json()).toMatchObject({ ok: true });
  } finally {
    await invitee.dispose();
  }
  const { members } = await api<{ members: { id: string; user: { email: string } }[] }>(owner, `query { members { id user { email } } }`);
  const member = members.find((item) => item.user.email === email.toLowerCase());
  if (!member) throw new Error(`${email} did not join`);
  return member.id;
}

/** Registers an account at one of the local OpenID providers of e2e/global-setup.ts, with the claims its ID
 * token will carry; returns the login to type on the provider's sign-in page (any password works). */
export async function addProviderAccount(provider: "google" | "microsoft", claims: Record<string, unknown>): Promise<string> {
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

/** On the provider's pages (after "Continue with …"): signs in as `login`, then gives consent. */
/**
 * Two people in one workspace, each in a browser context of their own: the owner, and a teammate who joined
 * by invitation and has that workspace open, its live connection up. Returns the teammate's member id too.
 */
export async function teammates(browser: Browser, workspace: string) {
  const { viewer, viewerContext, viewerPage, ownerContext, owner } = await ownerAndViewerToBe(browser, workspace);
  const mateMemberId = await inviteAndAccept(owner, viewer.email, "MEMBER");
  await signIn(viewerPage, viewer.email);
  await viewerPage.getByRole("button", { name: /^Workspace: / }).click();
  await viewerPage.getByRole("menuitem", { name: workspace }).click();
  await expect(viewerPage.getByRole("button", { name: new RegExp(`Workspace: ${workspace}`) })).toBeVisible();
  // The switch reopens the live connection for the new workspace: what happens before it is up is not live.
  await expect(viewerPage.locator("html")).toHaveAttribute("data-live", "live");
  return { owner, mate: viewerPage, mateMemberId, close: () => Promise.all([viewerContext.close(), ownerContext.close()]) };
}

export async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}
