"use client";

import { ChevronRight } from "lucide-react";
import { useId, useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { Checkbox } from "@/components/ui/checkbox";
import { Field, FieldError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Sheet, SheetContent, SheetForm } from "@/components/ui/sheet";
import { useToast } from "@/components/ui/toast";
import type { MailboxInput, SmtpSecurity } from "@/gql/graphql";
import { cn } from "@/lib/cn";
import { useFormProblem } from "@/lib/use-form-problem";
import { ConnectMailboxDocument } from "@/features/settings/documents";

export interface MailboxForm {
  address: string;
  host: string;
  port: string;
  tls: boolean;
  username: string;
  password: string;
  folders: string;
  /** Send mail through this mailbox (the SMTP part); off, it only syncs. */
  send: boolean;
  /** Blank: the one derived from the IMAP server (`smtpHostFor`). */
  smtpHost: string;
  smtpPort: string;
  smtpSecurity: SmtpSecurity;
  /** Blank: the IMAP ones. */
  smtpUsername: string;
  smtpPassword: string;
}

export const EMPTY_FORM: MailboxForm = {
  address: "",
  host: "",
  port: "993",
  tls: true,
  username: "",
  password: "",
  folders: "INBOX",
  send: true,
  smtpHost: "",
  smtpPort: "587",
  smtpSecurity: "STARTTLS",
  smtpUsername: "",
  smtpPassword: "",
};

/** The usual port of each kind of SMTP connection. */
export const SMTP_PORTS: Record<SmtpSecurity, string> = { TLS: "465", STARTTLS: "587", NONE: "25" };

const SECURITY_OPTIONS: { value: SmtpSecurity; label: string }[] = [
  { value: "STARTTLS", label: "STARTTLS (usually port 587)" },
  { value: "TLS", label: "TLS from the start (usually port 465)" },
  { value: "NONE", label: "None, unencrypted (port 25)" },
];

const SMTP_FIELDS = ["smtpHost", "smtpPort", "smtpSecurity", "smtpUsername", "smtpPassword"];

/** The SMTP server most providers pair with an IMAP one: imap.example.com → smtp.example.com; else the same host. */
export function smtpHostFor(imapHost: string): string {
  const host = imapHost.trim().toLowerCase();
  return host.replace(/^imaps?\./, "smtp.");
}

/** The form → the api input; a blank user name is the address, blank folders are INBOX; blank SMTP ones follow IMAP. */
export function mailboxInput(form: MailboxForm): MailboxInput {
  const folders = form.folders
    .split(",")
    .map((folder) => folder.trim())
    .filter(Boolean);
  const smtpHost = form.smtpHost.trim() || smtpHostFor(form.host);
  const sending = form.send && smtpHost !== "";
  return {
    address: form.address.trim(),
    host: form.host.trim(),
    port: Number.parseInt(form.port, 10) || 0,
    tls: form.tls,
    username: form.username.trim() || form.address.trim(),
    password: form.password,
    folders: folders.length > 0 ? folders : null,
    smtpHost: sending ? smtpHost : null,
    smtpPort: sending ? Number.parseInt(form.smtpPort, 10) || Number(SMTP_PORTS[form.smtpSecurity]) : null,
    smtpSecurity: sending ? form.smtpSecurity : null,
    // Left blank, the api uses the IMAP user name and password.
    smtpUsername: sending && form.smtpUsername.trim() ? form.smtpUsername.trim() : null,
    smtpPassword: sending && form.smtpPassword ? form.smtpPassword : null,
  };
}

/** "smtp.example.com:587, STARTTLS" for the collapsed part; what would be used when nothing is typed. */
export function smtpSummary(form: MailboxForm): string {
  if (!form.send) return "Off: this mailbox only syncs";
  const host = form.smtpHost.trim() || smtpHostFor(form.host);
  if (!host) return "Through the SMTP server of your provider";
  const port = Number.parseInt(form.smtpPort, 10) || SMTP_PORTS[form.smtpSecurity];
  const security = form.smtpSecurity === "NONE" ? "unencrypted" : form.smtpSecurity;
  return `Through ${host}:${port}, ${security}`;
}

export function ConnectMailboxSheet({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const toast = useToast();
  const [form, setForm] = useState<MailboxForm>(EMPTY_FORM);
  const { errors, setProblem, take, formMessage } = useFormProblem();
  const [{ fetching }, connect] = useMutation(ConnectMailboxDocument);
  const [smtpOpen, setSmtpOpen] = useState(false);
  const smtpId = useId();
  const set = (patch: Partial<MailboxForm>) => setForm((current) => ({ ...current, ...patch }));
  const smtpError = SMTP_FIELDS.some((field) => errors[field]);

  function change(next: boolean) {
    if (!next) {
      setForm(EMPTY_FORM);
      setProblem(null);
      setSmtpOpen(false);
    }
    onOpenChange(next);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await connect({ input: mailboxInput(form) });
    const problem = take(result.error);
    if (problem) {
      // An SMTP field that was refused is shown, open.
      if (SMTP_FIELDS.some((field) => problem.fieldErrors[field])) setSmtpOpen(true);
      return;
    }
    if (!result.data) return;
    toast({ title: `${result.data.connectMailbox.address} connected`, description: "Its mail is being fetched now.", tone: "success" });
    change(false);
  }

  return (
    <Sheet open={open} onOpenChange={change}>
      <SheetContent title="Connect a mailbox" description="Rapport signs in over IMAP, tests the connection, then fetches your mail and watches for new mail. With SMTP it sends your email too.">
        <SheetForm
          onSubmit={submit}
          onCancel={() => change(false)}
          loading={fetching}
          problem={formMessage([])}
          submitLabel={fetching ? "Testing the connection…" : "Connect mailbox"}
        >
          <Field label="Email address" error={errors.address}>
            <Input type="email" value={form.address} onChange={(event) => set({ address: event.target.value })} autoFocus autoComplete="off" placeholder="you@company.com" />
          </Field>
          <div className="grid grid-cols-[1fr_6rem] items-start gap-3">
            <Field label="IMAP server" error={errors.host}>
              <Input value={form.host} onChange={(event) => set({ host: event.target.value })} autoComplete="off" placeholder="imap.company.com" />
            </Field>
            <Field label="Port" error={errors.port}>
              <Input value={form.port} inputMode="numeric" onChange={(event) => set({ port: event.target.value })} autoComplete="off" />
            </Field>
          </div>
          <div className="flex items-start gap-2.5">
            <Checkbox
              id="mailbox-tls"
              checked={form.tls}
              onCheckedChange={(value) => {
                const tls = value === true;
                // Follow the usual port unless one was typed.
                set({ tls, port: form.port === "993" || form.port === "143" ? (tls ? "993" : "143") : form.port });
              }}
              className="mt-0.5"
            />
            <div className="grid gap-0.5">
              <Label htmlFor="mailbox-tls">Use TLS (IMAPS)</Label>
              <p className="text-[13px] text-ink-muted">Encrypted from the start, usually on port 993. STARTTLS is not supported.</p>
              <FieldError>{errors.tls}</FieldError>
            </div>
          </div>
          <Field label="User name" error={errors.username} hint="Often the email address; left blank, the address is used.">
            <Input value={form.username} onChange={(event) => set({ username: event.target.value })} autoComplete="off" />
          </Field>
          <Field label="Password" error={errors.password} hint="An app password if your provider has them. Stored encrypted.">
            <Input type="password" value={form.password} onChange={(event) => set({ password: event.target.value })} autoComplete="new-password" />
          </Field>
          <Field label="Folders" error={errors.folders} hint="Separated by commas. New mail is watched in the first.">
            <Input value={form.folders} onChange={(event) => set({ folders: event.target.value })} autoComplete="off" />
          </Field>
          <section aria-labelledby={`${smtpId}-title`} className="rounded-md border border-line">
            <h3 id={`${smtpId}-title`} className="m-0">
              <button
                type="button"
                aria-expanded={smtpOpen}
                aria-controls={`${smtpId}-body`}
                onClick={() => setSmtpOpen((value) => !value)}
                className="flex w-full items-center gap-2 rounded-md px-3 py-2 text-left hover:bg-subtle focus-visible:ring-3 focus-visible:ring-accent/30 focus-visible:outline-none"
              >
                <ChevronRight aria-hidden className={cn("size-4 shrink-0 text-ink-muted transition-transform", smtpOpen && "rotate-90")} />
                <span className="grid min-w-0">
                  <span className="font-medium">Outgoing mail (SMTP)</span>
                  <span className={cn("truncate text-[13px]", smtpError ? "text-danger" : "text-ink-muted")}>
                    {smtpError ? "Check the outgoing mail settings" : smtpSummary(form)}
                  </span>
                </span>
              </button>
            </h3>
            {smtpOpen ? (
            <div id={`${smtpId}-body`} className="grid gap-4 border-t border-line p-3">
              <div className="flex items-start gap-2.5">
                <Checkbox id={`${smtpId}-send`} checked={form.send} onCheckedChange={(value) => set({ send: value === true })} className="mt-0.5" />
                <div className="grid gap-0.5">
                  <Label htmlFor={`${smtpId}-send`}>Send email from Rapport through this mailbox</Label>
                  <p className="text-[13px] text-ink-muted">The server is tested (connect and sign in) before the mailbox is saved.</p>
                </div>
              </div>
              {form.send ? (
                <>
                  <div className="grid grid-cols-[1fr_6rem] items-start gap-3">
                    <Field
                      label="SMTP server"
                      error={errors.smtpHost}
                      hint={form.host.trim() ? `Left blank: ${smtpHostFor(form.host)}` : "Often smtp. and your provider's domain."}
                    >
                      <Input
                        value={form.smtpHost}
                        onChange={(event) => set({ smtpHost: event.target.value })}
                        autoComplete="off"
                        placeholder={smtpHostFor(form.host) || "smtp.company.com"}
                      />
                    </Field>
                    <Field label="SMTP port" error={errors.smtpPort}>
                      <Input value={form.smtpPort} inputMode="numeric" onChange={(event) => set({ smtpPort: event.target.value })} autoComplete="off" />
                    </Field>
                  </div>
                  <Field label="Security" error={errors.smtpSecurity}>
                    <Select
                      value={form.smtpSecurity}
                      options={SECURITY_OPTIONS}
                      onValueChange={(value) => {
                        const security = value as SmtpSecurity;
                        // Follow the usual port unless another was typed.
                        const usual = Object.values(SMTP_PORTS).includes(form.smtpPort) || form.smtpPort.trim() === "";
                        set({ smtpSecurity: security, smtpPort: usual ? SMTP_PORTS[security] : form.smtpPort });
                      }}
                    />
                  </Field>
                  <Field label="SMTP user name" error={errors.smtpUsername} hint="Left blank, the IMAP user name.">
                    <Input value={form.smtpUsername} onChange={(event) => set({ smtpUsername: event.target.value })} autoComplete="off" />
                  </Field>
                  <Field label="SMTP password" error={errors.smtpPassword} hint="Left blank, the IMAP password. Stored encrypted.">
                    <Input
                      type="password"
                      value={form.smtpPassword}
                      onChange={(event) => set({ smtpPassword: event.target.value })}
                      autoComplete="new-password"
                    />
                  </Field>
                </>
              ) : null}
            </div>
            ) : null}
          </section>
        </SheetForm>
      </SheetContent>
    </Sheet>
  );
}
