import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";

// `rapport up` as a newcomer runs it (embedded PostgreSQL and Valkey, the api, the worker and the production
// build of this web app), for e2e/global-setup.ts's stack and for a spec that needs one configured otherwise
// (e2e/password-reset.spec.ts: outgoing mail through a local SMTP server). A second stack reuses the build.

const SERVER_DIR = path.resolve(__dirname, "../../server");

export interface Stack {
  /** Seconds from the start until the api and the web app answered. */
  startedIn: number;
  /** Stops it with SIGTERM like Ctrl-C (SIGKILL after 30 s). */
  stop: () => Promise<void>;
  /** With `keepOutput`: the last lines the stack printed (its processes' logs), to show when a test fails. */
  output: string[];
}

/** How many of a stack's last lines `keepOutput` keeps. */
const KEPT_LINES = 5000;

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A port nobody listens on right now (the system's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
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

/**
 * Runs `rapport up` with `env` (RAPPORT_DATA_DIR, RAPPORT_API_PORT and RAPPORT_WEB_PORT included) until both
 * answer. Its output goes to the test run's, or with `keepOutput` into `Stack.output` (the last KEPT_LINES).
 */
export async function startStack(env: NodeJS.ProcessEnv, timeoutMs = 300_000, { keepOutput = false } = {}): Promise<Stack> {
  const child = spawn(process.env.RAPPORT_UV ?? "uv", ["run", "--frozen", "rapport", "up"], {
    cwd: SERVER_DIR,
    env,
    stdio: ["ignore", keepOutput ? "pipe" : "inherit", keepOutput ? "pipe" : "inherit"],
  });
  const output: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on("line", (line) => {
      output.push(line);
      if (output.length > KEPT_LINES) output.splice(0, output.length - KEPT_LINES);
    });
  }
  const started = Date.now();
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  };
  try {
    await waitFor(`http://127.0.0.1:${env.RAPPORT_API_PORT}/readyz`, child, timeoutMs);
    await waitFor(`http://127.0.0.1:${env.RAPPORT_WEB_PORT}/sign-in`, child, timeoutMs);
  } catch (error) {
    await stop();
    if (keepOutput) console.error(`rapport up printed (last 200 lines):\n${output.slice(-200).join("\n")}`);
    throw error;
  }
  return { startedIn: (Date.now() - started) / 1000, stop, output };
}
