import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

const SERVER_DIR = path.resolve(__dirname, "../../server");

export interface MailServers {
  imapPort: number;
  smtpPort: number;
  user: string;
  password: string;
}

export interface RunningMailServers {
  servers: MailServers;
  /** The recipients of each message the SMTP server was handed, in order. */
  delivered: string[][];
  stop: () => void;
}

/**
 * Runs `python -m <module>` from server/ and hands it each JSON line the module prints: `read` returns the
 * value of the line that says the servers are up, and undefined for the lines after it (it keeps those itself).
 */
async function startServerModule<T>(module: string, what: string, read: (message: unknown) => T | undefined): Promise<{ ready: T; stop: () => void }> {
  const child: ChildProcessWithoutNullStreams = spawn(process.env.RAPPORT_UV ?? "uv", ["run", "--frozen", "python", "-W", "ignore", "-m", module], {
    cwd: SERVER_DIR,
  });
  const lines = createInterface({ input: child.stdout });
  const ready = await new Promise<T>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${what} exited with ${code}`)));
    lines.on("line", (line) => {
      const value = read(JSON.parse(line));
      if (value !== undefined) resolve(value);
    });
  });
  return {
    ready,
    stop: () => {
      child.stdin.end();
      child.kill("SIGTERM");
    },
  };
}

/**
 * A real Dovecot and a real SMTP server (aiosmtpd, AUTH without TLS, no STARTTLS) with one user, from
 * server/tests/compose/mail_servers.py (the same servers as compose.spec.ts). Call `stop` in a finally.
 */
export async function startMailServers(): Promise<RunningMailServers> {
  const delivered: string[][] = [];
  const { ready, stop } = await startServerModule("tests.compose.mail_servers", "the mail servers", (message) => {
    const line = message as Partial<MailServers> & { delivered?: string[] };
    if (!line.delivered) return line as MailServers;
    delivered.push(line.delivered);
    return undefined;
  });
  return { servers: ready, delivered, stop };
}

export interface SinkMessage {
  to: string[];
  subject: string;
  text: string;
}

export interface RunningMailSink {
  port: number;
  /** Every message handed to it, in order. */
  messages: SinkMessage[];
  stop: () => void;
}

/**
 * A real SMTP server (aiosmtpd, no authentication) that keeps the recipients, subject and text of what it is
 * handed, from server/tests/auth/mail_sink.py: a stack's RAPPORT_SMTP_URL. Call `stop` in a finally.
 */
export async function startMailSink(): Promise<RunningMailSink> {
  const messages: SinkMessage[] = [];
  const { ready, stop } = await startServerModule("tests.auth.mail_sink", "the mail sink", (message) => {
    const line = message as Partial<SinkMessage> & { port?: number };
    if (line.port !== undefined) return line.port;
    messages.push(line as SinkMessage);
    return undefined;
  });
  return { port: ready, messages, stop };
}
