"use client";

import { Copy, Eye, EyeOff, Inbox, MailPlus, RefreshCw, ShieldAlert, Unplug } from "lucide-react";
import { RadioGroup } from "radix-ui";
import { useEffect, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";

import {
  Badge,
  Button,
  Checkbox,
  Dialog,
  DialogClose,
  DialogContent,
  EmptyState,
  Field,
  FormError,
  Input,
  Label,
  Sheet,
  SheetContent,
  SheetFooter,
  Skeleton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  useToast,
} from "@/components/ui";
import type { AutoCreatePolicy, MailboxInput, MailboxState, SettingsMailboxFragment } from "@/gql/graphql";
import { PageHeader } from "@/features/shell/app-shell";
import { problemFromCombined, type ApiProblem } from "@/lib/api-errors";
import { cn } from "@/lib/cn";
import { formatDate, formatRelative, plural } from "@/lib/format";
import { canManage, canWrite, useViewer } from "@/lib/viewer";
import {
  ConnectMailboxDocument,
  DisconnectMailboxDocument,
  RotateInboundTokenDocument,
  SetAutoCreateDocument,
  SettingsAutoCreateDocument,
  SettingsInboundEmailDocument,
  SettingsMailboxesDocument,
  SettingsQuarantineDocument,
} from "@/features/settings/documents";
import { SettingsSection } from "@/features/settings/section";

/** 1536 → "1.5 KB". */
export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  const units = ["KB", "MB", "GB"];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

const STATES: Record<MailboxState, { label: string; tone: "neutral" | "accent" | "success" | "danger" }> = {
  CONNECTING: { label: "Connecting", tone: "accent" },
  SYNCING: { label: "Syncing", tone: "accent" },
  IDLE: { label: "Up to date", tone: "success" },
  ERROR: { label: "Error", tone: "danger" },
  DISCONNECTED: { label: "Disconnected", tone: "neutral" },
};

function useCopy() {
  const toast = useToast();
  return async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      toast({ title: `${what} copied`, tone: "success" });
    } catch {
      toast({ title: `${what} not copied`, description: "Your browser refused; select the text and copy it instead.", tone: "error" });
    }
  };
}

function CopyField({ label, value, secret = false }: { label: string; value: string; secret?: boolean }) {
  const copy = useCopy();
  const [shown, setShown] = useState(!secret);
  return (
    <div className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-1.5">
      <Label>{label}</Label>
      <div className="flex items-center gap-2">
        <code
          aria-label={label}
          data-testid={secret ? "inbound-token" : "inbound-address"}
          className="min-w-0 flex-1 truncate rounded-md border border-line bg-surface px-2.5 py-1.5 font-mono text-[13px]"
        >
          {shown ? value : "•".repeat(Math.min(value.length, 32))}
        </code>
        {secret ? (
          <Button variant="ghost" size="icon" aria-label={shown ? `Hide ${label.toLowerCase()}` : `Show ${label.toLowerCase()}`} onClick={() => setShown(!shown)}>
            {shown ? <EyeOff /> : <Eye />}
          </Button>
        ) : null}
        <Button size="sm" onClick={() => void copy(value, label)} aria-label={`Copy ${label.toLowerCase()}`}>
          <Copy />
          Copy
        </Button>
      </div>
    </div>
  );
}

function InboundSection({ manager }: { manager: boolean }) {
  const toast = useToast();
  const [{ data, error }] = useQuery({ query: SettingsInboundEmailDocument });
  const [{ fetching: rotating }, rotate] = useMutation(RotateInboundTokenDocument);
  const [confirming, setConfirming] = useState(false);

  async function confirmRotate() {
    const result = await rotate({});
    setConfirming(false);
    if (result.error) toast({ title: "Not rotated", description: problemFromCombined(result.error).message, tone: "error" });
    else toast({ title: "New address and token issued", description: "Update your forwarding rules and webhook.", tone: "success" });
  }

  return (
    <SettingsSection
      title="Forward-in address"
      description="Forward or BCC mail to this address and it lands on the matching contacts, companies and deals."
      actions={
        manager && data ? (
          <Button size="sm" variant="ghost" onClick={() => setConfirming(true)}>
            <RefreshCw />
            Rotate
          </Button>
        ) : null
      }
    >
      {error ? (
        <FormError>{problemFromCombined(error).message}</FormError>
      ) : !data ? (
        <div className="grid gap-3" aria-busy="true">
          <Skeleton className="h-8" />
          <Skeleton className="h-8" />
        </div>
      ) : (
        <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
          <CopyField label="Address" value={data.inboundEmail.address} />
          <CopyField label="Webhook token" value={data.inboundEmail.token} secret />
          <p className="text-[13px] text-ink-muted">
            Mail services can also POST raw messages to <code className="font-mono text-[12px]">/api/v1/webhooks/inbound/email</code> with the
            token in the <code className="font-mono text-[12px]">X-Inbound-Token</code> header.
          </p>
        </div>
      )}
      <Dialog open={confirming} onOpenChange={setConfirming}>
        <DialogContent
          title="Rotate the address and token?"
          description="The current address and webhook token stop working at once. Forwarding rules and webhooks that use them must be updated."
        >
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button>Cancel</Button>
            </DialogClose>
            <Button variant="danger" loading={rotating} onClick={() => void confirmRotate()}>
              Rotate now
            </Button>
          </div>
        </DialogContent>
      </Dialog>
    </SettingsSection>
  );
}

const POLICIES: { value: AutoCreatePolicy; label: string; description: string }[] = [
  {
    value: "SENT_AND_RECEIVED",
    label: "From mail sent and received",
    description: "Anyone you write to or hear from becomes a contact, with their company from the domain.",
  },
  {
    value: "SENT_ONLY",
    label: "Only from mail we sent",
    description: "People become contacts when someone on the team writes to them; inbound strangers do not.",
  },
  { value: "OFF", label: "Never", description: "Mail only attaches to contacts that already exist." },
];

function AutoCreateSection({ manager }: { manager: boolean }) {
  const toast = useToast();
  const [{ data, error }, refetch] = useQuery({ query: SettingsAutoCreateDocument });
  const [{ fetching }, setPolicy] = useMutation(SetAutoCreateDocument);
  // The answer is a bare enum the document cache cannot tie to the query: hold it here, then refetch.
  const [chosen, setChosen] = useState<AutoCreatePolicy | null>(null);
  const value = chosen ?? data?.contactAutoCreate;

  async function change(policy: AutoCreatePolicy) {
    const previous = value ?? null;
    setChosen(policy);
    const result = await setPolicy({ policy });
    if (result.error) {
      setChosen(previous);
      toast({ title: "Not changed", description: problemFromCombined(result.error).message, tone: "error" });
      return;
    }
    toast({ title: "Contact creation updated", tone: "success" });
    refetch({ requestPolicy: "network-only" });
  }

  return (
    <SettingsSection
      title="Create contacts from email"
      description={
        manager
          ? "Whether people you email with, who are not contacts yet, are added for you. Companies come from their domain, never from public mail domains."
          : "Whether people you email with are added as contacts. Only owners and admins can change this."
      }
    >
      {error ? (
        <FormError>{problemFromCombined(error).message}</FormError>
      ) : !value ? (
        <div className="grid gap-2" aria-busy="true">
          {[0, 1, 2].map((index) => (
            <Skeleton key={index} className="h-12" />
          ))}
        </div>
      ) : (
        <RadioGroup.Root
          aria-label="Create contacts from email"
          value={value}
          onValueChange={(next) => void change(next as AutoCreatePolicy)}
          disabled={!manager || fetching}
          className="grid gap-2"
        >
          {POLICIES.map((policy) => (
            <label
              key={policy.value}
              className={cn(
                "flex items-start gap-3 rounded-lg border border-line p-3 transition-colors",
                manager && "cursor-pointer hover:bg-surface",
                value === policy.value && "border-accent/40 bg-accent-soft/50 hover:bg-accent-soft/50",
              )}
            >
              <RadioGroup.Item
                value={policy.value}
                aria-describedby={`policy-${policy.value}`}
                className="mt-0.5 flex size-4 shrink-0 items-center justify-center rounded-full border border-line-strong bg-canvas shadow-xs outline-none focus-visible:ring-3 focus-visible:ring-accent/20 disabled:cursor-not-allowed data-[state=checked]:border-accent"
              >
                <RadioGroup.Indicator className="size-2 rounded-full bg-accent" />
              </RadioGroup.Item>
              <span className="grid gap-0.5">
                <span className="font-medium">{policy.label}</span>
                <span id={`policy-${policy.value}`} className="text-[13px] text-ink-muted">
                  {policy.description}
                </span>
              </span>
            </label>
          ))}
        </RadioGroup.Root>
      )}
    </SettingsSection>
  );
}

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

function ConnectMailboxSheet({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const toast = useToast();
  const [form, setForm] = useState<MailboxForm>(EMPTY_FORM);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
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
    if (result.error || !result.data) {
      setProblem(result.error ? problemFromCombined(result.error) : null);
      return;
    }
    toast({ title: `${result.data.connectMailbox.address} connected`, description: "Its mail is being fetched now.", tone: "success" });
    change(false);
  }

  const errors = problem?.fieldErrors ?? {};
  return (
    <Sheet open={open} onOpenChange={change}>
      <SheetContent title="Connect a mailbox" description="Rapport signs in over IMAP, tests the connection, then fetches your mail and watches for new mail.">
        <form onSubmit={submit} noValidate className="flex h-full flex-col">
          <div className="grid flex-1 content-start gap-4 p-5">
            <FormError>{problem ? problem.message : null}</FormError>
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
                {errors.tls ? (
                  <p role="alert" className="text-[13px] text-danger">
                    {errors.tls}
                  </p>
                ) : null}
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
          <SheetFooter>
            <Button type="button" onClick={() => change(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" loading={fetching}>
              {fetching ? "Testing the connection…" : "Connect mailbox"}
            </Button>
          </SheetFooter>
        </form>
      </SheetContent>
    </Sheet>
  );
}

function MailboxRow({ mailbox, onDisconnect }: { mailbox: SettingsMailboxFragment; onDisconnect?: (() => void) | undefined }) {
  const state = STATES[mailbox.state];
  return (
    <li data-testid="mailbox" className="flex flex-wrap items-start gap-3 border-b border-line px-4 py-3 last:border-b-0">
      <div className="mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-md border border-line bg-surface">
        <Inbox className="size-4 text-ink-muted" />
      </div>
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="truncate font-medium">{mailbox.address}</span>
          <Badge tone={state.tone}>
            {mailbox.state === "SYNCING" || mailbox.state === "CONNECTING" ? (
              <span aria-hidden className="size-1.5 animate-pulse rounded-full bg-current" />
            ) : null}
            {state.label}
          </Badge>
        </div>
        <p className="mt-0.5 text-[13px] text-ink-muted">
          {mailbox.host}:{mailbox.port}
          {mailbox.tls ? " · TLS" : ""} · {plural(mailbox.messageCount, "message")} ·{" "}
          {mailbox.lastSyncAt ? (
            <time dateTime={mailbox.lastSyncAt} title={formatDate(mailbox.lastSyncAt)}>
              synced {formatRelative(mailbox.lastSyncAt)}
            </time>
          ) : (
            "not synced yet"
          )}
        </p>
        {mailbox.lastError ? (
          <p className="mt-1.5 rounded-md bg-danger-soft px-2 py-1 text-[13px] text-danger">{mailbox.lastError}</p>
        ) : null}
      </div>
      {onDisconnect && mailbox.state !== "DISCONNECTED" ? (
        <Button size="sm" variant="ghost" onClick={onDisconnect} aria-label={`Disconnect ${mailbox.address}`}>
          <Unplug />
          Disconnect
        </Button>
      ) : null}
    </li>
  );
}

function MailboxesSection({ writable, manager }: { writable: boolean; manager: boolean }) {
  const toast = useToast();
  const [result, refetch] = useQuery({ query: SettingsMailboxesDocument });
  const [connecting, setConnecting] = useState(false);
  const [toDisconnect, setToDisconnect] = useState<SettingsMailboxFragment | null>(null);
  const [{ fetching: disconnecting }, disconnect] = useMutation(DisconnectMailboxDocument);
  const mailboxes = result.data?.mailboxes ?? [];
  const busy = mailboxes.some((mailbox) => mailbox.state === "CONNECTING" || mailbox.state === "SYNCING");

  // While a mailbox connects or syncs, its state and count are worth watching.
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => refetch({ requestPolicy: "network-only" }), 5000);
    return () => clearInterval(timer);
  }, [busy, refetch]);

  async function confirmDisconnect() {
    if (!toDisconnect) return;
    const answer = await disconnect({ id: toDisconnect.id });
    setToDisconnect(null);
    if (answer.error) toast({ title: "Not disconnected", description: problemFromCombined(answer.error).message, tone: "error" });
    else toast({ title: `${toDisconnect.address} disconnected`, description: "The mail already fetched stays.", tone: "success" });
  }

  const connectButton = writable ? (
    <Button size="sm" variant={mailboxes.length ? "secondary" : "primary"} onClick={() => setConnecting(true)}>
      <MailPlus />
      Connect mailbox
    </Button>
  ) : null;

  return (
    <SettingsSection
      title="Connected mailboxes"
      description={
        manager
          ? "IMAP mailboxes of everyone in the workspace. Their mail is matched to contacts, companies and deals."
          : "Your IMAP mailboxes. Their mail is matched to contacts, companies and deals."
      }
      actions={mailboxes.length ? connectButton : null}
      bodyClassName="p-0"
    >
      {result.error ? (
        <div className="p-4">
          <FormError>{problemFromCombined(result.error).message}</FormError>
        </div>
      ) : !result.data ? (
        <div className="grid gap-2 p-4" aria-busy="true">
          <Skeleton className="h-12" />
        </div>
      ) : mailboxes.length === 0 ? (
        <EmptyState
          icon={Inbox}
          title="No mailbox connected"
          description={
            writable
              ? "Connect your work mailbox and your conversations show up on the people and deals they are about."
              : "Members and admins connect their own mailboxes; viewers read the mail that arrives."
          }
          action={connectButton}
          className="py-10"
        />
      ) : (
        <ul aria-label="Mailboxes">
          {mailboxes.map((mailbox) => (
            <MailboxRow key={mailbox.id} mailbox={mailbox} onDisconnect={writable ? () => setToDisconnect(mailbox) : undefined} />
          ))}
        </ul>
      )}
      {writable ? <ConnectMailboxSheet open={connecting} onOpenChange={setConnecting} /> : null}
      <Dialog open={toDisconnect !== null} onOpenChange={(next) => !next && setToDisconnect(null)}>
        <DialogContent
          title={`Disconnect ${toDisconnect?.address ?? ""}?`}
          description="Rapport stops fetching its mail. The emails already fetched stay on their records."
        >
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button>Cancel</Button>
            </DialogClose>
            <Button variant="danger" loading={disconnecting} onClick={() => void confirmDisconnect()}>
              Disconnect
            </Button>
          </div>
        </DialogContent>
      </Dialog>
    </SettingsSection>
  );
}

function QuarantineSection() {
  const [{ data, error }] = useQuery({ query: SettingsQuarantineDocument, variables: { first: 50 } });
  const items = data?.quarantinedEmails ?? [];
  return (
    <SettingsSection
      title="Quarantined messages"
      description="Messages that could not be read or stored, with the reason. Only owners and admins see them."
      bodyClassName="p-0"
    >
      {error ? (
        <div className="p-4">
          <FormError>{problemFromCombined(error).message}</FormError>
        </div>
      ) : !data ? (
        <div className="p-4">
          <Skeleton className="h-8" />
        </div>
      ) : items.length === 0 ? (
        <div className="flex items-center gap-2.5 px-4 py-4 text-ink-muted">
          <ShieldAlert className="size-4 text-ink-faint" />
          Nothing in quarantine: every message that arrived could be read.
        </div>
      ) : (
        <Table aria-label="Quarantined messages">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Received</TableHead>
              <TableHead>Reason</TableHead>
              <TableHead className="hidden sm:table-cell">Source</TableHead>
              <TableHead className="text-right">Size</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((item) => (
              <TableRow key={item.id}>
                <TableCell className="whitespace-nowrap text-ink-muted">
                  <time dateTime={item.receivedAt} title={formatDate(item.receivedAt)}>
                    {formatRelative(item.receivedAt)}
                  </time>
                </TableCell>
                <TableCell className="max-w-96">{item.reason}</TableCell>
                <TableCell className="hidden text-ink-muted sm:table-cell">{item.source}</TableCell>
                <TableCell className="text-right text-ink-muted tabular-nums">{formatBytes(item.size)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </SettingsSection>
  );
}

/** Settings → Email: how mail gets in (forward-in address, mailboxes), contact auto-creation, quarantine. */
export function EmailSettings() {
  const { role } = useViewer();
  const manager = canManage(role);
  const writable = canWrite(role);
  return (
    <>
      <PageHeader title="Email" description="How mail reaches Rapport, and what it does with people it does not know yet." />
      <div className="grid max-w-3xl grid-cols-[minmax(0,1fr)] gap-5 p-5 md:p-6">
        {writable ? (
          <InboundSection manager={manager} />
        ) : (
          <SettingsSection title="Forward-in address" description="Members and admins see the address that lets mail into this workspace.">
            <p className="text-ink-muted">Ask an admin if you need to forward mail to Rapport.</p>
          </SettingsSection>
        )}
        <MailboxesSection writable={writable} manager={manager} />
        <AutoCreateSection manager={manager} />
        {manager ? <QuarantineSection /> : null}
      </div>
    </>
  );
}
