import { execFileSync } from "node:child_process";
import path from "node:path";

import { expect, test, type Page } from "@playwright/test";

import { api } from "./graphql-api";
import { shot, signUp } from "./helpers";

const PIPELINE = "query { pipelines { id stages { id name } } }";
const CREATE_COMPANY = "mutation($input: CompanyInput!) { createCompany(input: $input) { id } }";
const CREATE_DEAL = "mutation($input: DealInput!) { createDeal(input: $input) { id } }";
const MOVE = "mutation($id: UUID!, $stage: UUID!) { moveDeal(id: $id, stageId: $stage) { id } }";
const ADD_TASK = "mutation($id: UUID!, $body: String!, $due: DateTime) { addTask(targetId: $id, body: $body, dueAt: $due) { id } }";

function usd(units: number) {
  return { amountMicros: String(units * 1_000_000), currency: "USD" };
}

function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

/** Deals in four stages (two of them closed) and three tasks, through the api: the deal screens are another spec's. */
async function createDealsAndTasks(page: Page): Promise<{ dealId: string }> {
  const { pipelines } = await api<{ pipelines: { id: string; stages: { id: string; name: string }[] }[] }>(page, PIPELINE);
  const stage = (name: string) => pipelines[0]!.stages.find((s) => s.name === name)!.id;
  const { createCompany } = await api<{ createCompany: { id: string } }>(page, CREATE_COMPANY, {
    input: { name: "Babbage & Co", domain: "babbage.example" },
  });
  const deal = async (name: string, units: number, stageName: string) =>
    (
      await api<{ createDeal: { id: string } }>(page, CREATE_DEAL, {
        input: { name, amount: usd(units), stageId: stage(stageName), companyId: createCompany.id },
      })
    ).createDeal.id;
  const engine = await deal("Difference engine", 40_000, "Proposal");
  await deal("Analytical engine", 120_000, "Negotiation");
  await deal("Punch cards", 8_000, "Lead");
  const won = await deal("Tables of logarithms", 25_000, "Lead");
  const lost = await deal("Orrery", 5_000, "Lead");
  await api(page, MOVE, { id: won, stage: stage("Won") });
  await api(page, MOVE, { id: lost, stage: stage("Lost") });
  await api(page, ADD_TASK, { id: engine, body: "Send the proposal", due: daysFromNow(-2) });
  await api(page, ADD_TASK, { id: engine, body: "Book the demo", due: daysFromNow(3) });
  await api(page, ADD_TASK, { id: createCompany.id, body: "Ask for an intro to the board" });
  return { dealId: engine };
}

test("a new workspace says what to do first; with deals and tasks the charts and my tasks fill in", async ({ page }) => {
  await signUp(page, { name: "Ada Lovelace", workspace: "Analytical Engines" });

  const start = page.getByRole("region", { name: "Get started" });
  await expect(start).toBeVisible();
  await expect(start.getByRole("link", { name: /Create your first deal/ })).toHaveAttribute("href", "/deals");
  await expect(start.getByRole("link", { name: /Add your contacts/ })).toHaveAttribute("href", "/contacts");
  await expect(start.getByRole("link", { name: /Connect your email/ })).toHaveAttribute("href", "/settings/email");
  await expect(page.getByRole("region", { name: "My tasks" }).getByText("No open tasks")).toBeVisible();
  await shot(page, "dashboard-01-new-workspace");

  const { dealId } = await createDealsAndTasks(page);
  await page.reload();

  const numbers = page.locator("dl[aria-label='Headline numbers']");
  await expect(numbers).toContainText("Open pipeline");
  await expect(numbers).toContainText("$168,000");
  await expect(numbers).toContainText("3 open deals");
  await expect(numbers).toContainText("$25,000");
  await expect(numbers).toContainText("50%");
  await expect(numbers).toContainText("1 won, 1 lost");
  const stages = page.getByRole("region", { name: "Pipeline by stage" });
  await expect(stages.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(stages.getByRole("row", { name: /Negotiation/ })).toContainText("$90,000");
  const months = page.getByRole("region", { name: "Won and lost" });
  await expect(months.locator(".recharts-bar-rectangle").first()).toBeVisible();
  const tasks = page.getByRole("list", { name: "My open tasks" });
  await expect(tasks.getByRole("listitem")).toHaveCount(3);
  await expect(tasks.getByRole("listitem").first()).toContainText("Send the proposal");
  await expect(tasks.getByRole("listitem").first()).toContainText("2 days overdue");
  await expect(tasks.getByRole("listitem").last()).toContainText("No date");
  await shot(page, "dashboard-02-with-deals");

  // Ticking a task completes it, with an undo.
  await page.getByRole("checkbox", { name: "Mark “Book the demo” done" }).click();
  await expect(tasks.getByRole("listitem")).toHaveCount(2);
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(tasks.getByRole("listitem")).toHaveCount(3);

  // A task links to its record.
  await tasks.getByRole("listitem").first().getByRole("link", { name: "Difference engine" }).click();
  await expect(page).toHaveURL(new RegExp(`/deals/${dealId}$`));
});

const SERVER_DIR = path.resolve(__dirname, "../../server");

test("the demo workspace shows a full dashboard, on a laptop and on a phone", async ({ page }) => {
  test.setTimeout(240_000);
  const dataDir = process.env.RAPPORT_E2E_DATA_DIR;
  expect(dataDir, "global-setup exports the stack's data dir").toBeTruthy();
  const output = execFileSync(process.env.RAPPORT_UV ?? "uv", ["run", "--frozen", "rapport", "seed", "--demo"], {
    cwd: SERVER_DIR,
    env: { ...process.env, RAPPORT_DATA_DIR: dataDir, RAPPORT_LOG_LEVEL: "WARNING" },
    encoding: "utf8",
    timeout: 90_000,
  });
  expect(output).toContain("sign in as demo@rapport.dev with the password rapport-demo");

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("demo@rapport.dev");
  await page.getByLabel("Password").fill("rapport-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Alex" })).toBeVisible();

  await expect(page.locator("dl[aria-label='Headline numbers']")).toContainText("32 open deals");
  await expect(page.getByRole("region", { name: "Pipeline by stage" }).locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Won and lost" }).locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByRole("list", { name: "My open tasks" }).getByRole("listitem")).toHaveCount(10);
  await expect(page.getByRole("list", { name: "My open tasks" }).getByText(/overdue/).first()).toBeVisible();
  await page.mouse.move(0, 0);
  await shot(page, "dashboard-03-demo-laptop");

  // A bar's tooltip names the stage and its weighted value.
  await page.getByRole("region", { name: "Pipeline by stage" }).locator(".recharts-bar-rectangle").nth(2).hover();
  await expect(page.getByText(/Weighted \(\d+%\)/)).toBeVisible();
  await shot(page, "dashboard-04-demo-tooltip");

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole("region", { name: "Won and lost" }).locator(".recharts-bar-rectangle").first()).toBeVisible();
  // Nothing is wider than the phone: the charts shrink to fit.
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, "dashboard-05-demo-phone");
});
