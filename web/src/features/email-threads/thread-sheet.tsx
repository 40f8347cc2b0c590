"use client";

import Link from "next/link";
import { Download, Paperclip, Reply, ReplyAll } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { useMutation, useQuery } from "urql";

import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { Sheet, SheetContent } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import type { EmailMessageFragment } from "@/gql/graphql";
import { cn } from "@/lib/cn";
import { problemFromCombined } from "@/lib/api-errors";
import { usePoll } from "@/lib/use-poll";
import { useCanWrite, useViewer } from "@/lib/viewer";
import { ComposeForm, replyRecipients, replySubject } from "@/features/email-threads/compose";
import { EmailThreadDocument, RetrySendEmailDocument, SendingMailboxesDocument } from "@/features/email-threads/documents";

/** How a message written in Rapport stands: being sent, sent, or failed with the server's answer. */
function SendStatus({ email }: { email: EmailMessageFragment }) {
  const [retrying, retry] = useMutation(RetrySendEmailDocument);
  if (!email.outboundState) return email.direction === "OUTBOUND" ? <Badge>Sent</Badge> : null;
  if (email.outboundState === "QUEUED") {
    return (
      <span role="status">
        <Badge tone="accent">Sending…</Badge>
      </span>
    );
  }
  if (email.outboundState === "SENT") {
    return (
      <span role="status">
        <Badge tone="success">Sent</Badge>
      </span>
    );
  }
  return (
    <span role="status" className="grid justify-items-end gap-1">
      <Badge tone="danger">Not sent</Badge>
      <span className="max-w-64 text-right text-xs text-danger-strong">{email.sendError}</span>
      <Button size="sm" disabled={retrying.fetching} onClick={() => void retry({ id: email.id })}>
        Try again
      </Button>
    </span>
  );
}

type Participant = EmailMessageFragment["participants"][number];

/** 1234 → "1.2 KB". */
export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

const FRAME_STYLE = `<meta charset="utf-8"><style>
html,body{margin:0;background:#fff}body{padding:12px 14px}body>:first-child{margin-top:0}body>:last-child{margin-bottom:0}
body{font:14px/1.55 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#18181b;overflow-wrap:anywhere}
img{max-width:100%;height:auto}table{max-width:100%}blockquote{margin:0 0 0 .5em;padding-left:.75em;border-left:2px solid #e4e4e7;color:#52525b}
a{color:#4f46e5}pre{white-space:pre-wrap}
</style>`;

/** Whether the HTML names images to fetch from elsewhere (trackers, most of the time). */
export function hasRemoteImages(html: string): boolean {
  return /<img\b[^>]*\bsrc\s*=\s*["']?\s*(https?:)?\/\//i.test(html) || /url\(\s*["']?\s*(https?:)?\/\//i.test(html);
}

/**
 * The document the frame shows. Its own Content-Security-Policy loads nothing from the network unless
 * `remoteImages`: a remote image tells the sender when and where the mail was read (a tracking pixel),
 * so it waits until the reader asks. Scripts, frames, forms and fetches are never allowed.
 */
export function frameDocument(html: string, remoteImages: boolean): string {
  const images = remoteImages ? "img-src data: cid: https: http:" : "img-src data: cid:";
  const policy = `default-src 'none'; style-src 'unsafe-inline'; font-src data:; ${images}`;
  return `<meta http-equiv="Content-Security-Policy" content="${policy}">${FRAME_STYLE}${html}`;
}

/**
 * The sanitised HTML of an email inside a sandboxed frame: `sandbox=""` runs no script, submits no form,
 * reaches no parent page and opens no window, and `srcDoc` keeps the html out of this page's DOM.
 * The frame cannot be measured from outside (no same-origin), so its height follows the text's length.
 */
function HtmlBody({ html, text, subject }: { html: string; text: string | null | undefined; subject: string }) {
  const [remoteImages, setRemoteImages] = useState(false);
  const lines = (text ?? html.replace(/<[^>]+>/g, " ")).split("\n").reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / 90)), 0);
  const height = Math.min(640, Math.max(140, lines * 22 + 32));
  return (
    <div className="grid gap-1.5">
      {!remoteImages && hasRemoteImages(html) ? (
        <p className="flex items-center gap-2 text-[13px] text-ink-muted">
          Remote images are hidden: they can tell the sender you read this.
          <button type="button" className="font-medium text-accent underline underline-offset-2 hover:text-accent-hover" onClick={() => setRemoteImages(true)}>
            Show images
          </button>
        </p>
      ) : null}
      <iframe
        key={remoteImages ? "with-images" : "without-images"}
        sandbox=""
        srcDoc={frameDocument(html, remoteImages)}
        title={`Message: ${subject}`}
        referrerPolicy="no-referrer"
        loading="lazy"
        className="w-full rounded-md border border-line bg-white"
        style={{ height }}
      />
    </div>
  );
}

function Person({ participant }: { participant: Participant }) {
  const label = participant.contact?.name ?? participant.name ?? participant.address;
  if (participant.contact) {
    return (
      <Link href={`/contacts/${participant.contact.id}`} className="font-medium text-ink hover:text-accent hover:underline" title={participant.address}>
        {label}
      </Link>
    );
  }
  return (
    <span title={participant.address}>
      {participant.name ? (
        <>
          {participant.name} <span className="text-ink-faint">&lt;{participant.address}&gt;</span>
        </>
      ) : (
        participant.address
      )}
    </span>
  );
}

function People({ label, people }: { label: string; people: Participant[] }) {
  if (people.length === 0) return null;
  return (
    <div className="flex min-w-0 gap-1.5 text-[13px] text-ink-muted">
      <span className="w-7 shrink-0 text-ink-faint">{label}</span>
      <span className="min-w-0 break-words">
        {people.map((participant, index) => (
          <span key={`${participant.role}-${participant.address}`}>
            {index > 0 ? ", " : null}
            <Person participant={participant} />
          </span>
        ))}
      </span>
    </div>
  );
}

function EmailMessage({ email, expanded, onExpand, focused }: { email: EmailMessageFragment; expanded: boolean; onExpand: () => void; focused: boolean }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (focused) ref.current?.scrollIntoView({ block: "start" });
  }, [focused]);
  const from = email.participants.filter((participant) => participant.role === "FROM");
  const to = email.participants.filter((participant) => participant.role === "TO");
  const cc = email.participants.filter((participant) => participant.role === "CC");
  const sender = from[0];
  const senderName = sender ? (sender.contact?.name ?? sender.name ?? sender.address) : "Unknown sender";
  const when = email.sentAt ?? email.receivedAt;
  const date = new Date(when).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

  if (!expanded) {
    return (
      <article aria-label={`Email from ${senderName}`} className="border-b border-line">
        <button type="button" onClick={onExpand} className="flex w-full cursor-pointer items-center gap-3 px-5 py-3 text-left hover:bg-surface">
          <Avatar name={senderName} className="rounded-full" />
          <span className="w-32 shrink-0 truncate font-medium">{senderName}</span>
          <span className="min-w-0 flex-1 truncate text-ink-muted">{email.snippet}</span>
          <time dateTime={when} className="shrink-0 text-xs text-ink-faint">
            {date}
          </time>
        </button>
      </article>
    );
  }
  return (
    <article ref={ref} aria-label={`Email from ${senderName}`} className={cn("grid gap-3 border-b border-line px-5 py-4", focused && "bg-accent-soft/30")}>
      <header className="flex items-start gap-3">
        <Avatar name={senderName} className="mt-0.5 size-8 rounded-full text-xs" />
        <div className="grid min-w-0 flex-1 gap-0.5">
          <div className="flex flex-wrap items-baseline justify-between gap-x-3">
            <span className="min-w-0 font-medium break-words">{sender ? <Person participant={sender} /> : "Unknown sender"}</span>
            <time dateTime={when} className="shrink-0 text-xs text-ink-faint">
              {date}
            </time>
          </div>
          <People label="To" people={to} />
          <People label="Cc" people={cc} />
        </div>
        <SendStatus email={email} />
      </header>
      {email.html ? (
        <HtmlBody html={email.html} text={email.text} subject={email.subject ?? "email"} />
      ) : (
        <div className="break-words whitespace-pre-wrap">{email.text || <span className="text-ink-faint">(no text)</span>}</div>
      )}
      {email.attachments.length ? (
        <ul aria-label="Attachments" className="flex flex-wrap gap-2">
          {email.attachments.map((attachment) => (
            <li key={attachment.id}>
              <a
                href={attachment.downloadUrl}
                download={attachment.filename}
                className="group inline-flex max-w-72 items-center gap-2 rounded-md border border-line bg-surface px-2.5 py-1.5 text-[13px] hover:border-line-strong hover:bg-subtle"
              >
                <Paperclip className="size-3.5 shrink-0 text-ink-faint" aria-hidden />
                <span className="min-w-0 truncate font-medium">{attachment.filename}</span>
                <span className="shrink-0 text-ink-faint">{formatBytes(attachment.size)}</span>
                <Download className="size-3.5 shrink-0 text-ink-faint group-hover:text-ink" aria-hidden />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}

/** One email thread in a side panel: every message, oldest first; older ones folded to a line. */
export function EmailThreadSheet({
  threadId,
  focusEmailId,
  onClose,
}: {
  threadId: string | null;
  focusEmailId?: string | null;
  onClose: () => void;
}) {
  const [result, refetch] = useQuery({ query: EmailThreadDocument, variables: { id: threadId ?? "" }, pause: !threadId });
  const [opened, setOpened] = useState<Record<string, boolean>>({});
  const [replying, setReplying] = useState<"one" | "all" | null>(null);
  const writable = useCanWrite();
  const viewer = useViewer();
  const [mailboxes] = useQuery({ query: SendingMailboxesDocument, pause: !threadId || !writable });
  const thread = result.data?.emailThread;
  const emails = thread?.emails ?? [];
  const last = emails[emails.length - 1];
  const lastId = last?.id;
  const problem = result.error ? problemFromCombined(result.error) : null;
  const sending = emails.some((email) => email.outboundState === "QUEUED");
  // A message being sent turns to sent (or failed) within seconds: look again until it has.
  usePoll(refetch, 1500, sending);
  const mine = [viewer.user.email, ...(mailboxes.data?.mailboxes ?? []).map((mailbox) => mailbox.address)];
  const recipients = last && replying ? replyRecipients(last, mine, replying === "all") : null;

  return (
    <Sheet
      open={threadId !== null}
      onOpenChange={(open) => {
        if (!open) {
          setOpened({});
          setReplying(null);
          onClose();
        }
      }}
    >
      <SheetContent
        title={thread?.subject || (thread ? "(no subject)" : "Email")}
        description={thread ? `${thread.messageCount} message${thread.messageCount === 1 ? "" : "s"}` : undefined}
        className="max-w-2xl"
      >
        {problem ? (
          <div className="p-5">
            <FormError>{problem.code === "NOT_FOUND" ? "This email thread no longer exists." : problem.message}</FormError>
          </div>
        ) : !thread ? (
          <div role="status" className="grid gap-3 p-5" aria-busy="true" aria-label="Loading the thread">
            <Skeleton className="h-4 w-1/2" />
            <Skeleton className="h-3 w-1/3" />
            <Skeleton className="h-40 w-full" />
          </div>
        ) : (
          <div>
            {emails.map((email) => (
              <EmailMessage
                key={email.id}
                email={email}
                focused={email.id === focusEmailId && emails.length > 1}
                expanded={opened[email.id] ?? (email.id === lastId || email.id === focusEmailId)}
                onExpand={() => setOpened((current) => ({ ...current, [email.id]: true }))}
              />
            ))}
            {writable && last ? (
              <div className="grid gap-3 px-5 py-4">
                {replying && recipients ? (
                  <ComposeForm
                    key={replying}
                    label={replying === "all" ? "Reply all" : "Reply"}
                    replyTo={last}
                    defaultTo={recipients.to}
                    defaultCc={recipients.cc}
                    defaultSubject={replySubject(thread.subject)}
                    onCancel={() => setReplying(null)}
                    onSent={() => {
                      setReplying(null);
                      refetch({ requestPolicy: "network-only" });
                    }}
                  />
                ) : (
                  <div className="flex gap-2">
                    <Button onClick={() => setReplying("one")}>
                      <Reply className="size-4" aria-hidden />
                      Reply
                    </Button>
                    <Button onClick={() => setReplying("all")}>
                      <ReplyAll className="size-4" aria-hidden />
                      Reply all
                    </Button>
                  </div>
                )}
              </div>
            ) : null}
          </div>
        )}
      </SheetContent>
    </Sheet>
  );
}
