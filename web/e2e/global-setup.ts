import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

// Starts the real stack the way a newcomer does: `rapport up` (embedded PostgreSQL and Valkey, the api,
// the worker, and the production build of this web app) on a fresh data directory and free ports.
// Returns the teardown, which stops it with SIGTERM like Ctrl-C.

const SERVER_DIR = path.resolve(__dirname, "../../server");

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function waitFor(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`rapport up exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} was not ready within ${timeoutMs / 1000}s`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const webPort = Number(process.env.RAPPORT_E2E_WEB_PORT);
  const apiPort = Number(process.env.RAPPORT_E2E_API_PORT);
  for (const port of [webPort, apiPort]) {
    if (!(await portIsFree(port))) throw new Error(`port ${port} is taken; set RAPPORT_E2E_WEB_PORT / RAPPORT_E2E_API_PORT`);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "rapport-e2e-"));
  // Specs that run a `rapport` command against this stack (e.g. `rapport seed --demo`) find it here.
  process.env.RAPPORT_E2E_DATA_DIR = dataDir;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RAPPORT_DATA_DIR: dataDir,
    RAPPORT_API_PORT: String(apiPort),
    RAPPORT_WEB_PORT: String(webPort),
    RAPPORT_LOG_LEVEL: "WARNING",
    // No spec sends mail over SMTP, and another stack on this machine may hold port 2525.
    RAPPORT_SMTP_PORT: "0",
    // The webhooks spec's receiver listens on loopback, which production refuses.
    RAPPORT_OUTBOUND_ALLOWED_NETWORKS: '["127.0.0.0/8"]',
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const child = spawn(process.env.RAPPORT_UV ?? "uv", ["run", "--frozen", "rapport", "up"], { cwd: SERVER_DIR, env, stdio: ["ignore", "inherit", "inherit"] });
  const started = Date.now();
  try {
    await waitFor(`http://127.0.0.1:${apiPort}/readyz`, child, 300_000);
    await waitFor(`http://127.0.0.1:${webPort}/sign-in`, child, 300_000);
  } catch (error) {
    child.kill("SIGTERM");
    throw error;
  }
  console.log(`e2e: rapport up ready in ${((Date.now() - started) / 1000).toFixed(1)}s on web ${webPort}, api ${apiPort}`);

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
}
