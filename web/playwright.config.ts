import { defineConfig, devices } from "@playwright/test";

// Ports for the stack that e2e/global-setup.ts starts (`rapport up` with a fresh data directory).
// Set here, before the workers fork, so every worker sees the same values.
process.env.RAPPORT_E2E_WEB_PORT ??= String(31000 + (process.pid % 8000));
process.env.RAPPORT_E2E_API_PORT ??= String(Number(process.env.RAPPORT_E2E_WEB_PORT) + 10000);

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./test-results/playwright",
  globalSetup: "./e2e/global-setup.ts",
  // Bounds for a hung test, not a measure of speed (bench/ measures that): a loaded 2-core CI machine
  // runs the long walks two to three times slower than a quiet one.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: `http://localhost:${process.env.RAPPORT_E2E_WEB_PORT}`,
    // A failed test keeps its trace (actions, network, DOM snapshots) and a screenshot of the end; the
    // trace's screencast is left out: recording it for every test cost the browsers a quarter of the
    // suite's time on 2 cores (settings and members specs: 86-91 s with it, 70 without, 62-67 with no trace).
    trace: { mode: "retain-on-failure", screenshots: false },
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } } },
  ],
});
