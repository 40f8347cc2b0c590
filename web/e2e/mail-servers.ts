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
 * A real Dovecot and a real SMTP server (aiosmtpd, AUTH without TLS, no STARTTLS) with one user, from
 * server/tests/compose/mail_servers.py (the same servers as compose.spec.ts). Call `stop` in a finally.
 */
export async function startMailServers(): Promise<RunningMailServers> {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.env.RAPPORT_UV ?? "uv",
    ["run", "--frozen", "python", "-W", "ignore", "-m", "tests.compose.mail_servers"],
    { cwd: SERVER_DIR },
  );
  const delivered: string[][] = [];
  const lines = createInterface({ input: child.stdout });
  const servers = await new Promise<MailServers>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the mail servers exited with ${code}`)));
    lines.on("line", (line) => {
      const message = JSON.parse(line) as Partial<MailServers> & { delivered?: string[] };
      if (message.delivered) delivered.push(message.delivered);
      else resolve(message as MailServers);
    });
  });
  return {
    servers,
    delivered,
    stop: () => {
      child.stdin.end();
      child.kill("SIGTERM");
    },
  };
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
  const child: ChildProcessWithoutNullStreams = spawn(
    process.env.RAPPORT_UV ?? "uv",
    ["run", "--frozen", "python", "-W", "ignore", "-m", "tests.auth.mail_sink"],
    { cwd: SERVER_DIR },
  );
  const messages: SinkMessage[] = [];
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the mail sink exited with ${code}`)));
    lines.on("line", (line) => {
      const message = JSON.parse(line) as Partial<SinkMessage> & { port?: number };
      if (message.port !== undefined) resolve(message.port);
      else messages.push(message as SinkMessage);
    });
  });
  return {
    port,
    messages,
    stop: () => {
      child.stdin.end();
      child.kill("SIGTERM");
    },
  };
}
