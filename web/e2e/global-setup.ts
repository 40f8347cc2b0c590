import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { portIsFree, startStack, type Stack } from "./stack";

// Starts the real stack the way a newcomer does: `rapport up` (embedded PostgreSQL and Valkey, the api,
// the worker, and the production build of this web app) on a fresh data directory and free ports.
// Returns the teardown, which stops it with SIGTERM like Ctrl-C.

const SERVER_DIR = path.resolve(__dirname, "../../server");
// Two real OpenID providers shaped like Google's and Microsoft's (npm oidc-provider), which the server's
// OAuth tests use too: "Continue with Google" signs in through one of them.
const PROVIDER_DIR = path.join(SERVER_DIR, "tests/oauth/provider");
export const OIDC_CLIENTS = {
  google: { client_id: "rapport-google-client", client_secret: "google-client-secret-0123456789" },
  microsoft: { client_id: "rapport-microsoft-client", client_secret: "microsoft-client-secret-0123456789" },
};

/** Starts the providers with Rapport's web app as their client; resolves to their issuers and a stop function. */
async function startProviders(webPort: number): Promise<{ issuers: Record<string, string>; stop: () => void }> {
  if (!existsSync(path.join(PROVIDER_DIR, "node_modules", "oidc-provider"))) {
    const installed = spawnSync("pnpm", ["install", "--frozen-lockfile", "--reporter=silent"], { cwd: PROVIDER_DIR, stdio: "inherit" });
    if (installed.status !== 0) throw new Error("pnpm install in server/tests/oauth/provider failed");
  }
  const clients = Object.fromEntries(
    Object.entries(OIDC_CLIENTS).map(([name, client]) => [
      name,
      { ...client, redirect_uris: [`http://localhost:${webPort}/api/v1/auth/${name}/callback`] },
    ]),
  );
  const child: ChildProcess = spawn("node", [path.join(PROVIDER_DIR, "provider.mjs")], {
    env: { ...process.env, OIDC_CLIENTS: JSON.stringify(clients), NODE_NO_WARNINGS: "1" },
    stdio: ["ignore", "pipe", "ignore"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes("\n")) resolve(buffer.slice(0, buffer.indexOf("\n")));
    });
    child.once("exit", (code) => reject(new Error(`the local OpenID providers exited with ${code}`)));
  });
  return { issuers: JSON.parse(line) as Record<string, string>, stop: () => child.kill("SIGTERM") };
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const webPort = Number(process.env.RAPPORT_E2E_WEB_PORT);
  const apiPort = Number(process.env.RAPPORT_E2E_API_PORT);
  for (const port of [webPort, apiPort]) {
    if (!(await portIsFree(port))) throw new Error(`port ${port} is taken; set RAPPORT_E2E_WEB_PORT / RAPPORT_E2E_API_PORT`);
  }
  const providers = await startProviders(webPort);
  // Specs register the accounts they sign in with at these issuers (see e2e/oauth.spec.ts).
  process.env.RAPPORT_E2E_OIDC_GOOGLE = providers.issuers.google;
  process.env.RAPPORT_E2E_OIDC_MICROSOFT = providers.issuers.microsoft;
  const dataDir = mkdtempSync(path.join(tmpdir(), "rapport-e2e-"));
  // Specs that run a `rapport` command against this stack (e.g. `rapport seed --demo`) find it here.
  process.env.RAPPORT_E2E_DATA_DIR = dataDir;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RAPPORT_DATA_DIR: dataDir,
    RAPPORT_API_PORT: String(apiPort),
    RAPPORT_WEB_PORT: String(webPort),
    RAPPORT_LOG_LEVEL: "WARNING",
    // The specs sign up and in many times from one address: limits far above what they do.
    RAPPORT_RATE_LIMIT_AUTH_PER_IP: "100000/minute",
    RAPPORT_RATE_LIMIT_AUTH_PER_ACCOUNT: "100000/minute",
    // Failed sign-ins of one account from one address: production's per-minute limit (no spec fails
    // twice with one account, and auth.spec.ts runs into it).
    RAPPORT_RATE_LIMIT_SIGN_IN_FAILURES_PER_ACCOUNT_IP: "5/minute",
    RAPPORT_RATE_LIMIT_API_PER_PRINCIPAL: "1000000/minute",
    RAPPORT_RATE_LIMIT_WEBSOCKET_PER_IP: "100000/minute",
    // No spec sends mail over SMTP, and another stack on this machine may hold port 2525.
    RAPPORT_SMTP_PORT: "0",
    // The webhooks spec's receiver listens on loopback, which production refuses.
    RAPPORT_OUTBOUND_ALLOWED_NETWORKS: '["127.0.0.0/8"]',
    NEXT_TELEMETRY_DISABLED: "1",
    RAPPORT_PUBLIC_URL: `http://localhost:${webPort}`,
    RAPPORT_GOOGLE_CLIENT_ID: OIDC_CLIENTS.google.client_id,
    RAPPORT_GOOGLE_CLIENT_SECRET: OIDC_CLIENTS.google.client_secret,
    RAPPORT_GOOGLE_ISSUER: providers.issuers.google,
    RAPPORT_MICROSOFT_CLIENT_ID: OIDC_CLIENTS.microsoft.client_id,
    RAPPORT_MICROSOFT_CLIENT_SECRET: OIDC_CLIENTS.microsoft.client_secret,
    RAPPORT_MICROSOFT_ISSUER: providers.issuers.microsoft,
  };
  let stack: Stack;
  try {
    stack = await startStack(env);
  } catch (error) {
    providers.stop();
    throw error;
  }
  console.log(`e2e: rapport up ready in ${stack.startedIn.toFixed(1)}s on web ${webPort}, api ${apiPort}`);

  return async () => {
    await stack.stop();
    providers.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
