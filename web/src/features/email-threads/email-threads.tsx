"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { Inbox, PenLine } from "lucide-react";
import { useMemo, useState } from "react";
import { useQuery } from "urql";

import { LoadMore } from "@/components/load-more";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/field";
import { Sheet, SheetContent } from "@/components/ui/sheet";
import type { EmailThreadFilter, EmailThreadsQuery } from "@/gql/graphql";
import { formatDate, formatRelative } from "@/lib/format";
import { useConnection } from "@/lib/use-connection";
import { useCanWrite, useViewer } from "@/lib/viewer";
import { EmailThreadsDocument, InboundAddressDocument } from "@/features/email-threads/documents";
import { ThreadsSkeleton } from "@/features/email-threads/threads-skeleton";

// The compose form (templates, attachments) is a chunk of its own, fetched when "New email" first opens.
const ComposeForm = dynamic(() => import("@/features/email-threads/compose").then((module) => module.ComposeForm), { ssr: false });

type ThreadRow = EmailThreadsQuery["emailThreads"]["edges"][number]["node"];
type Participant = ThreadRow["emails"][number]["participants"][number];

/** "Charles, me, Mary and 2 others" from every sender and recipient of a thread (senders first). */
export function participantSummary(thread: Pick<ThreadRow, "emails">, me: string, limit = 3): string {
  const seen = new Map<string, string>();
  const ordered: Participant[] = [];
  for (const email of thread.emails) {
    for (const participant of [...email.participants].sort((a, b) => Number(b.role === "FROM") - Number(a.role === "FROM"))) {
      if (participant.role === "BCC" || participant.role === "REPLY_TO") continue;
      if (!seen.has(participant.address)) {
        seen.set(participant.address, participant.address);
        ordered.push(participant);
      }
    }
  }
  const first = ordered.map((participant) => {
    if (participant.address === me.toLowerCase()) return "me";
    const name = participant.contact?.name ?? participant.name;
    return name ? (name.split(/\s+/)[0] ?? name) : participant.address;
  });
  if (first.length <= limit) return first.join(", ");
  return `${first.slice(0, limit).join(", ")} and ${first.length - limit} other${first.length - limit === 1 ? "" : "s"}`;
}

/** The email threads about a contact, company or deal; a thread opens in a side panel. */
export function EmailThreads({
  filter,
  noun,
  onOpen,
  targetId,
  defaultTo,
}: {
  filter: EmailThreadFilter;
  /** "Charles Babbage" — for the empty state. */
  noun: string;
  onOpen: (threadId: string) => void;
  /** The record written from ("Write email"): its files can be attached, templates render for it. */
  targetId?: string;
  defaultTo?: string[];
}) {
  const viewer = useViewer();
  const writable = useCanWrite();
  const [composing, setComposing] = useState(false);
  const variables = useMemo(() => ({ first: 20, after: null, filter }), [filter]);
  const list = useConnection({
    query: EmailThreadsDocument,
    variables,
    select: (data) => data.emailThreads,
  });

  if (list.loading) return <ThreadsSkeleton />;
  return (
    <div className="mx-auto w-full max-w-3xl px-5 py-5 md:px-6">
      {writable && targetId ? (
        <div className="mb-3 flex justify-end">
          <Button variant="primary" onClick={() => setComposing(true)}>
            <PenLine className="size-4" aria-hidden />
            Write email
          </Button>
          <Sheet open={composing} onOpenChange={setComposing}>
            <SheetContent title="New email" description={`To ${noun}`} className="max-w-2xl">
              <div className="p-5">
                <ComposeForm
                  label="New email"
                  targetId={targetId}
                  defaultTo={defaultTo ?? []}
                  onCancel={() => setComposing(false)}
                  onSent={({ threadId }) => {
                    setComposing(false);
                    onOpen(threadId);
                  }}
                />
              </div>
            </SheetContent>
          </Sheet>
        </div>
      ) : null}
      {list.problem ? <FormError>{list.problem.message}</FormError> : null}
      {list.nodes.length === 0 && !list.problem ? (
        <NoEmails noun={noun} />
      ) : (
        <>
          <ul aria-label="Email threads" className="divide-y divide-line overflow-hidden rounded-lg border border-line">
            {list.nodes.map((thread) => {
              const last = thread.emails[thread.emails.length - 1];
              return (
                <li key={thread.id}>
                  <button
                    type="button"
                    onClick={() => onOpen(thread.id)}
                    className="grid w-full cursor-pointer gap-0.5 px-4 py-3 text-left outline-none hover:bg-surface focus-visible:bg-surface focus-visible:ring-2 focus-visible:ring-accent/40 focus-visible:ring-inset"
                  >
                    <span className="flex items-baseline justify-between gap-3">
                      <span className="min-w-0 truncate text-ink-muted">
                        {participantSummary(thread, viewer.user.email)}
                        {thread.messageCount > 1 ? (
                          <span className="ml-1.5 text-xs text-ink-faint tabular-nums">{thread.messageCount}</span>
                        ) : null}
                      </span>
                      <time
                        dateTime={thread.lastMessageAt}
                        title={formatDate(thread.lastMessageAt)}
                        className="shrink-0 text-xs text-ink-faint"
                      >
                        {formatRelative(thread.lastMessageAt)}
                      </time>
                    </span>
                    <span className="truncate font-medium">{thread.subject || "(no subject)"}</span>
                    {last?.snippet ? <span className="line-clamp-1 text-[13px] text-ink-muted">{last.snippet}</span> : null}
                  </button>
                </li>
              );
            })}
          </ul>
          <LoadMore hasMore={list.hasNextPage} loading={list.loadingMore} onLoadMore={list.loadMore} />
        </>
      )}
    </div>
  );
}

/** How mail gets in: forward or BCC to the workspace address, or connect a mailbox in Settings → Email. */
function NoEmails({ noun }: { noun: string }) {
  const writable = useCanWrite();
  const [inbound] = useQuery({ query: InboundAddressDocument, pause: !writable });
  const address = inbound.data?.inboundEmail.address;
  return (
    <EmptyState
      icon={Inbox}
      title={`No emails with ${noun} yet`}
      description={
        <>
          {writable
            ? "Forward or BCC emails to the workspace address below, or connect a mailbox in "
            : "Emails show up here when a teammate forwards them to the workspace address, or connects a mailbox in "}
          <Link href="/settings/email" className="font-medium text-accent underline underline-offset-2 hover:text-accent-hover">
            Settings → Email
          </Link>
          .
          {address ? (
            <code className="mx-auto mt-3 block w-fit max-w-full rounded-md border border-line bg-surface px-2 py-1 text-[13px] break-all text-ink select-all">
              {address}
            </code>
          ) : null}
        </>
      }
      className="py-12"
    />
  );
}
