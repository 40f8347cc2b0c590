"use client";

import { Inbox, MailPlus, Unplug } from "lucide-react";
import { useState } from "react";
import { useMutation, useQuery } from "urql";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, useConfirm } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { useToast } from "@/components/ui/toast";
import type { MailboxState, SettingsMailboxFragment } from "@/gql/graphql";
import { problemFromCombined } from "@/lib/api-errors";
import { formatDate, formatRelative, plural } from "@/lib/format";
import { usePoll } from "@/lib/use-poll";
import { DisconnectMailboxDocument, SettingsMailboxesDocument } from "@/features/settings/documents";
import { SectionPending, SettingsSection } from "@/features/settings/section";
import { ConnectMailboxSheet } from "@/features/settings/email/connect-mailbox-sheet";

const STATES: Record<MailboxState, { label: string; tone: "neutral" | "accent" | "success" | "danger" }> = {
  CONNECTING: { label: "Connecting", tone: "accent" },
  SYNCING: { label: "Syncing", tone: "accent" },
  IDLE: { label: "Up to date", tone: "success" },
  ERROR: { label: "Error", tone: "danger" },
  DISCONNECTED: { label: "Disconnected", tone: "neutral" },
};

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
          <p className="mt-1.5 rounded-md bg-danger-soft px-2 py-1 text-[13px] text-danger-strong">{mailbox.lastError}</p>
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

export function MailboxesSection({ writable, manager }: { writable: boolean; manager: boolean }) {
  const toast = useToast();
  const [result, refetch] = useQuery({ query: SettingsMailboxesDocument });
  const [connecting, setConnecting] = useState(false);
  const [, disconnect] = useMutation(DisconnectMailboxDocument);
  const disconnection = useConfirm(async (mailbox: SettingsMailboxFragment) => {
    const answer = await disconnect({ id: mailbox.id });
    if (answer.error) toast({ title: "Not disconnected", description: problemFromCombined(answer.error).message, tone: "error" });
    else toast({ title: `${mailbox.address} disconnected`, description: "The mail already fetched stays.", tone: "success" });
  });
  const mailboxes = result.data?.mailboxes ?? [];
  const busy = mailboxes.some((mailbox) => mailbox.state === "CONNECTING" || mailbox.state === "SYNCING");

  // While a mailbox connects or syncs, its state and count are worth watching.
  usePoll(refetch, 5000, busy);

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
      {result.error || !result.data ? (
        <SectionPending error={result.error} />
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
            <MailboxRow key={mailbox.id} mailbox={mailbox} onDisconnect={writable ? () => disconnection.ask(mailbox) : undefined} />
          ))}
        </ul>
      )}
      {writable ? <ConnectMailboxSheet open={connecting} onOpenChange={setConnecting} /> : null}
      <ConfirmDialog
        {...disconnection.dialog}
        title={`Disconnect ${disconnection.target?.address ?? ""}?`}
        description="Rapport stops fetching its mail. The emails already fetched stay on their records."
        confirmLabel="Disconnect"
      />
    </SettingsSection>
  );
}
