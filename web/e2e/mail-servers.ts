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
