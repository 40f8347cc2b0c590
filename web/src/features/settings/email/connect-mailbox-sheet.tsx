"use client";

import { useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { Checkbox } from "@/components/ui/checkbox";
import { Field, FieldError, FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Sheet, SheetContent, SheetFormFooter } from "@/components/ui/sheet";
import { useToast } from "@/components/ui/toast";
import type { MailboxInput } from "@/gql/graphql";
import { useFormProblem } from "@/lib/use-form-problem";
import { ConnectMailboxDocument } from "@/features/settings/documents";

interface MailboxForm {
  address: string;
  host: string;
  port: string;
  tls: boolean;
  username: string;
  password: string;
  folders: string;
}

const EMPTY_FORM: MailboxForm = { address: "", host: "", port: "993", tls: true, username: "", password: "", folders: "INBOX" };

/** The form → the api input; a blank user name is the address, blank folders are INBOX. */
export function mailboxInput(form: MailboxForm): MailboxInput {
  const folders = form.folders
    .split(",")
    .map((folder) => folder.trim())
    .filter(Boolean);
  return {
    address: form.address.trim(),
    host: form.host.trim(),
    port: Number.parseInt(form.port, 10) || 0,
    tls: form.tls,
    username: form.username.trim() || form.address.trim(),
    password: form.password,
    folders: folders.length > 0 ? folders : null,
  };
}

export function ConnectMailboxSheet({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const toast = useToast();
  const [form, setForm] = useState<MailboxForm>(EMPTY_FORM);
  const { errors, setProblem, take, formMessage } = useFormProblem();
  const [{ fetching }, connect] = useMutation(ConnectMailboxDocument);
  const set = (patch: Partial<MailboxForm>) => setForm((current) => ({ ...current, ...patch }));

  function change(next: boolean) {
    if (!next) {
      setForm(EMPTY_FORM);
      setProblem(null);
    }
    onOpenChange(next);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await connect({ input: mailboxInput(form) });
    if (take(result.error) || !result.data) return;
    toast({ title: `${result.data.connectMailbox.address} connected`, description: "Its mail is being fetched now.", tone: "success" });
    change(false);
  }

  return (
    <Sheet open={open} onOpenChange={change}>
      <SheetContent title="Connect a mailbox" description="Rapport signs in over IMAP, tests the connection, then fetches your mail and watches for new mail.">
        <form onSubmit={submit} noValidate className="flex h-full flex-col">
          <div className="grid flex-1 content-start gap-4 p-5">
            <FormError>{formMessage([])}</FormError>
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
          </div>
          <SheetFormFooter onCancel={() => change(false)} loading={fetching}>
            {fetching ? "Testing the connection…" : "Connect mailbox"}
          </SheetFormFooter>
        </form>
      </SheetContent>
    </Sheet>
  );
}
