import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect, test, type Browser } from "@playwright/test";

import { PASSWORD, shot, uniqueEmail } from "./helpers";
import { startMailSink, type RunningMailSink } from "./mail-servers";
import { freePort, startStack, type Stack } from "./stack";

// The global stack sends no mail (its invitations show the link to copy). This spec starts a stack of its
// own whose RAPPORT_SMTP_URL is a real local SMTP server, and follows the reset link from the mail it gets.
// Its logs (INFO) are kept, not printed: a test that fails shows what the worker and the supervisor said.

let sink: RunningMailSink;
let stack: Stack;
let dataDir: string;
let baseURL: string;

test.beforeAll(async () => {
  test.setTimeout(360_000);
  sink = await startMailSink();
  const webPort = await freePort();
  const apiPort = await freePort();
  dataDir = mkdtempSync(path.join(tmpdir(), "rapport-e2e-mail-"));
  baseURL = `http://localhost:${webPort}`;
  stack = await startStack({
    ...process.env,
    RAPPORT_DATA_DIR: dataDir,
    RAPPORT_API_PORT: String(apiPort),
    RAPPORT_WEB_PORT: String(webPort),
    RAPPORT_PUBLIC_URL: baseURL,
    RAPPORT_LOG_LEVEL: "INFO",
    RAPPORT_SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    RAPPORT_SMTP_PORT: "0",
    // The global stack's AI service (on the port it took) serves this one too; no metrics ports.
    RAPPORT_WORKER_METRICS_PORT: "0",
    RAPPORT_AI_METRICS_PORT: "0",
    RAPPORT_RATE_LIMIT_AUTH_PER_IP: "100000/minute",
    RAPPORT_RATE_LIMIT_AUTH_PER_ACCOUNT: "100000/minute",
    RAPPORT_RATE_LIMIT_API_PER_PRINCIPAL: "1000000/minute",
    RAPPORT_RATE_LIMIT_WEBSOCKET_PER_IP: "100000/minute",
    NEXT_TELEMETRY_DISABLED: "1",
  }, undefined, { keepOutput: true });
});

// What the stack said about the reset job, failed jobs and its processes (not every request or scheduled job).
const TOLD = /password_reset|job\.failed|worker\.|smtp|^rapport:|"level": "(warning|error|critical)"/;

test.afterEach(async ({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus || !stack) return;
  await testInfo.attach("rapport up output", { body: stack.output.join("\n"), contentType: "text/plain" });
  const told = stack.output.filter((line) => TOLD.test(line)).slice(-150);
  console.error(`The mail stack said (last ${told.length} lines about the reset job, failures and processes):\n${told.join("\n")}`);
  console.error(`The sink was handed ${sink.messages.length} message(s), to: ${JSON.stringify(sink.messages.map((message) => message.to))}`);
});

test.afterAll(async () => {
  await stack?.stop();
  sink?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function newPage(browser: Browser) {
  const context = await browser.newContext({ baseURL });
  return { context, page: await context.newPage() };
}

test("a forgotten password is reset from the link in the mail; the old one and the used link are refused", async ({ browser }) => {
  test.setTimeout(360_000);
  const email = uniqueEmail("rosa");
  const newPassword = "violet staple orbit";
  const { context, page } = await newPage(browser);

  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Rosa Reset");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("Workspace name").fill("Forgetful Co");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Rosa" })).toBeVisible();
  await context.clearCookies();

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  // The sign-in page has an "Email" field too: wait for the reset page before filling one.
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText(`If an account uses ${email}, a link to choose a new password is on its way.`)).toBeVisible();

  // The worker mails it: one message, to her, with one link to this web app's reset page. The bound is for a
  // loaded machine; CI once missed the earlier 60 s for a reason its output did not show, so afterEach now prints
  // what the stack's worker said.
  const toHer = () => sink.messages.filter((message) => message.to.includes(email));
  await expect.poll(() => toHer().length, { timeout: 120_000 }).toBeGreaterThan(0);
  expect(toHer()).toHaveLength(1);
  const mail = toHer()[0]!;
  expect(mail.subject).toBe("Reset your Rapport password");
  const links = mail.text.split(/\s+/).filter((word) => word.startsWith("http"));
  expect(links).toHaveLength(1);
  const link = links[0]!;
  expect(link.startsWith(`${baseURL}/reset-password#token=`)).toBe(true);

  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await page.getByLabel("New password").fill(newPassword);
  await shot(page, "auth-reset-from-mail");
  await page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, Rosa" })).toBeVisible();
  await context.close();

  // A fresh browser: the old password is wrong now, the new one signs in.
  const fresh = await newPage(browser);
  await fresh.page.goto("/sign-in");
  await fresh.page.getByLabel("Email").fill(email);
  await fresh.page.getByLabel("Password").fill(PASSWORD);
  await fresh.page.getByRole("button", { name: "Sign in" }).click();
  await expect(fresh.page.getByText("The email or the password is wrong.")).toBeVisible();
  await fresh.page.getByLabel("Password").fill(newPassword);
  await fresh.page.getByRole("button", { name: "Sign in" }).click();
  await expect(fresh.page.getByRole("heading", { name: "Welcome, Rosa" })).toBeVisible();
  await fresh.context.close();

  // The same link a second time: refused with what to do, and the password stays the new one.
  const again = await newPage(browser);
  await again.page.goto(link);
  await again.page.getByLabel("New password").fill("another fine password");
  await again.page.getByRole("button", { name: "Set password and sign in" }).click();
  await expect(again.page.getByText("This reset link was already used; ask for a new one.")).toBeVisible();
  await expect(again.page.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
  await shot(again.page, "auth-reset-link-used");
  const answer = await again.page.request.post("/api/session/sign-in", { data: { email, password: "another fine password" } });
  expect(answer.status()).toBe(401);
  const signedIn = await again.page.request.post("/api/session/sign-in", { data: { email, password: newPassword } });
  expect(signedIn.status()).toBe(200);
  await again.context.close();
  // No other mail went out to her.
  expect(toHer()).toHaveLength(1);
});
