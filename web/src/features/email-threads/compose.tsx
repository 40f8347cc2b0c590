"use client";

import { Send } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useClient, useMutation, useQuery } from "urql";

import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field, FormError } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { EmailMessageFragment } from "@/gql/graphql";
import { problemFromCombined, type ApiProblem } from "@/lib/api-errors";
import { RecordFilesDocument } from "@/features/files/documents";
import { RenderEmailTemplateDocument, SendEmailDocument, SendingMailboxesDocument } from "@/features/email-threads/documents";

/** "a@x.com, b@y.com; c@z.com" → the addresses, in order. */
export function splitAddresses(value: string): string[] {
  return value
    .split(/[,;\s]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** "Re: " once, whatever the subject already starts with. */
export function replySubject(subject: string | null | undefined): string {
  const text = (subject ?? "").trim();
  return /^re:/i.test(text) ? text : `Re: ${text}`;
}

/** Who a reply goes to: the sender (reply), or the sender and every other recipient but me (reply all). */
export function replyRecipients(email: Pick<EmailMessageFragment, "participants" | "direction">, me: string[], all: boolean) {
  const mine = new Set(me.map((address) => address.toLowerCase()));
  const from = email.participants.filter((p) => p.role === "FROM").map((p) => p.address);
  const to = email.participants.filter((p) => p.role === "TO").map((p) => p.address);
  const cc = email.participants.filter((p) => p.role === "CC").map((p) => p.address);
  // Replying to what I sent continues to its recipients.
  const primary = email.direction === "OUTBOUND" ? to : from;
  const others = all ? [...(email.direction === "OUTBOUND" ? [] : to), ...cc] : [];
  const unique = (list: string[], skip: Set<string>) => [...new Set(list.filter((address) => !skip.has(address.toLowerCase())))];
  const toList = unique(primary, mine);
  return { to: toList, cc: unique(others, new Set([...mine, ...toList.map((a) => a.toLowerCase())])) };
}

export interface ComposeProps {
  /** The record written from: its files can be attached, templates render for it. */
  targetId?: string | undefined;
  defaultTo?: string[];
  defaultCc?: string[];
  defaultSubject?: string;
  replyTo?: EmailMessageFragment | null;
  onSent: (email: { id: string; threadId: string }) => void;
  onCancel?: () => void;
  label: string;
}

/** The compose form: from one of my mailboxes that can send, to, cc, subject, text, a template, files. */
export function ComposeForm({ targetId, defaultTo = [], defaultCc = [], defaultSubject = "", replyTo, onSent, onCancel, label }: ComposeProps) {
  const [sources] = useQuery({ query: SendingMailboxesDocument });
  const [files] = useQuery({ query: RecordFilesDocument, variables: { targetId: targetId ?? "" }, pause: !targetId });
  const [, send] = useMutation(SendEmailDocument);
  const client = useClient();
  const mailboxes = (sources.data?.mailboxes ?? []).filter((mailbox) => mailbox.canSend && mailbox.state !== "DISCONNECTED");
  const templates = sources.data?.emailTemplates ?? [];
  const [mailboxId, setMailboxId] = useState<string>("");
  const [to, setTo] = useState(defaultTo.join(", "));
  const [cc, setCc] = useState(defaultCc.join(", "));
  const [subject, setSubject] = useState(defaultSubject);
  const [text, setText] = useState("");
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [attached, setAttached] = useState<string[]>([]);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [sending, setSending] = useState(false);
  const from = mailboxId || mailboxes[0]?.id || "";

  async function applyTemplate(id: string) {
    setProblem(null);
    const result = await client.query(RenderEmailTemplateDocument, { id, targetId: targetId ?? null }, { requestPolicy: "network-only" }).toPromise();
    if (result.error) {
      setProblem(problemFromCombined(result.error));
      return;
    }
    const rendered = result.data?.renderEmailTemplate;
    if (!rendered) return;
    setTemplateId(id);
    if (!replyTo) setSubject(rendered.subject);
    setText(rendered.body);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSending(true);
    setProblem(null);
    const result = await send({
      input: {
        mailboxId: from,
        to: splitAddresses(to),
        cc: splitAddresses(cc),
        subject,
        text,
        replyToEmailId: replyTo?.id ?? null,
        targetId: targetId ?? null,
        attachmentFileIds: attached,
        // The text was rendered from the template already: it is sent as shown.
        templateId: null,
      },
    });
    setSending(false);
    if (result.error) {
      setProblem(problemFromCombined(result.error));
      return;
    }
    const sent = result.data?.sendEmail;
    if (sent) onSent({ id: sent.id, threadId: sent.thread.id });
  }

  if (sources.fetching && !sources.data) return <p className="text-[13px] text-ink-muted">Loading your mailboxes…</p>;
  if (mailboxes.length === 0) {
    return (
      <p className="text-[13px] text-ink-muted">
        Connect a mailbox with an SMTP server in Settings → Email to write from Rapport.
      </p>
    );
  }
  const fieldErrors = problem?.fieldErrors ?? {};
  const formMessage = problem && Object.keys(fieldErrors).length === 0 ? problem.message : null;
  return (
    <form aria-label={label} onSubmit={submit} className="grid gap-3">
      {mailboxes.length > 1 ? (
        <Field label="From" error={fieldErrors.mailboxId}>
          <Select value={from} onValueChange={setMailboxId} options={mailboxes.map((m) => ({ value: m.id, label: m.address }))} />
        </Field>
      ) : (
        <p className="text-[13px] text-ink-muted">
          From <span className="font-medium text-ink">{mailboxes[0]?.address}</span>
          {fieldErrors.mailboxId ? <span className="text-danger"> — {fieldErrors.mailboxId}</span> : null}
        </p>
      )}
      <Field label="To" error={fieldErrors.to}>
        <Input value={to} onChange={(event) => setTo(event.target.value)} placeholder="name@company.com" autoComplete="off" />
      </Field>
      <Field label="Cc" error={fieldErrors.cc}>
        <Input value={cc} onChange={(event) => setCc(event.target.value)} autoComplete="off" />
      </Field>
      {!replyTo ? (
        <Field label="Subject" error={fieldErrors.subject}>
          <Input value={subject} onChange={(event) => setSubject(event.target.value)} />
        </Field>
      ) : null}
      {templates.length > 0 ? (
        <Field label="Template">
          <Select
            value={templateId ?? undefined}
            onValueChange={(id) => void applyTemplate(id)}
            placeholder="Start from a template"
            options={templates.map((template) => ({ value: template.id, label: template.name }))}
          />
        </Field>
      ) : null}
      <Field label="Message" error={fieldErrors.text}>
        <Textarea value={text} onChange={(event) => setText(event.target.value)} rows={8} />
      </Field>
      {files.data?.files.length ? (
        <fieldset className="grid gap-1.5">
          <legend className="mb-1 text-[13px] font-medium">Attach files of this record</legend>
          {files.data.files.map((file) => (
            <label key={file.id} className="flex items-center gap-2 text-[13px]">
              <Checkbox
                checked={attached.includes(file.id)}
                onCheckedChange={(checked) =>
                  setAttached((current) => (checked === true ? [...current, file.id] : current.filter((id) => id !== file.id)))
                }
              />
              {file.filename}
            </label>
          ))}
          {fieldErrors.attachmentFileIds ? <p className="text-[13px] text-danger">{fieldErrors.attachmentFileIds}</p> : null}
        </fieldset>
      ) : null}
      <FormError>{formMessage}</FormError>
      <div className="flex justify-end gap-2">
        {onCancel ? (
          <Button type="button" variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" variant="primary" disabled={sending || !text.trim()}>
          <Send className="size-4" aria-hidden />
          {sending ? "Sending…" : "Send"}
        </Button>
      </div>
    </form>
  );
}
