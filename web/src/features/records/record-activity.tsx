"use client";

import { Tabs } from "radix-ui";
import dynamic from "next/dynamic";
import { History, Mail, type LucideIcon } from "lucide-react";
import { useEffect, useMemo, useState, type ReactNode } from "react";

import { UnderlineTab } from "@/components/ui/tabs";
import { whenIdle } from "@/lib/when-idle";

import { ThreadsSkeleton } from "@/features/email-threads/threads-skeleton";
import type { FieldDefinition } from "@/features/records/custom-fields";
import type { SubjectType } from "@/features/timeline/describe";
import { Timeline } from "@/features/timeline/timeline";

// An email thread's panel (the message frames, reply) is a chunk of its own, fetched when a thread is first opened.
const EmailThreadSheet = dynamic(() => import("@/features/email-threads/thread-sheet").then((module) => module.EmailThreadSheet), {
  ssr: false,
});

// The Emails tab (the threads' list and the "Write email" panel) is a chunk of its own, fetched once the page
// is idle or when the tab is pointed at or focused; until it is there, the tab shows the list's skeleton.
const loadEmailThreads = () => import("@/features/email-threads/email-threads");
const EmailThreads = dynamic(() => loadEmailThreads().then((module) => module.EmailThreads), {
  ssr: false,
  loading: ThreadsSkeleton,
});

const THREAD_FILTER_KEYS: Record<SubjectType, "contactId" | "companyId" | "dealId"> = {
  contact: "contactId",
  company: "companyId",
  deal: "dealId",
};

/** The main column of a record page: its timeline and its email threads, and the thread open in a panel. */
export interface RecordActivityProps {
  subject: { type: SubjectType; id: string };
  /** The record's name, for "No emails with …". */
  name: string;
  definitions: readonly FieldDefinition[];
  currency?: string | null;
  knownCompanies: Record<string, string>;
  /** Where a new email goes by default (a contact's addresses). */
  emails?: string[];
}

export function RecordActivity({ subject, name, definitions, currency, knownCompanies, emails }: RecordActivityProps) {
  const [thread, setThread] = useState<{ id: string; emailId?: string } | null>(null);
  // Rendered from the first opening on, so that it closes as it opened.
  const [threadOpened, setThreadOpened] = useState(false);
  if (thread && !threadOpened) setThreadOpened(true);
  useEffect(() => whenIdle(() => void loadEmailThreads()), []);
  const threadFilter = useMemo(() => ({ [THREAD_FILTER_KEYS[subject.type]]: subject.id }), [subject.type, subject.id]);
  return (
    <>
      <RecordTabs
        defaultTab="timeline"
        tabs={[
          {
            value: "timeline",
            label: "Timeline",
            icon: History,
            content: (
              <Timeline
                subject={subject}
                customFields={definitions}
                currency={currency}
                knownCompanies={knownCompanies}
                onOpenEmail={(threadId, emailId) => setThread({ id: threadId, emailId })}
              />
            ),
          },
          {
            value: "emails",
            label: "Emails",
            icon: Mail,
            preload: () => void loadEmailThreads(),
            content: (
              <EmailThreads
                filter={threadFilter}
                noun={name}
                targetId={subject.id}
                defaultTo={emails}
                onOpen={(threadId) => setThread({ id: threadId })}
              />
            ),
          },
        ]}
      />
      {threadOpened ? (
        <EmailThreadSheet threadId={thread?.id ?? null} focusEmailId={thread?.emailId} onClose={() => setThread(null)} />
      ) : null}
    </>
  );
}

/** The tabs of the main column: Timeline, Emails. */
export function RecordTabs({
  tabs,
  defaultTab,
}: {
  tabs: { value: string; label: string; icon: LucideIcon; count?: number | null; content: ReactNode; preload?: () => void }[];
  defaultTab: string;
}) {
  return (
    <Tabs.Root defaultValue={defaultTab} className="flex min-h-0 flex-1 flex-col">
      <Tabs.List aria-label="Record" className="flex h-11 shrink-0 items-end gap-4 border-b border-line px-5 md:px-6">
        {tabs.map(({ value, label, icon: Icon, count, preload }) => (
          <UnderlineTab key={value} value={value} className="h-10 px-0.5" onPointerEnter={preload} onFocus={preload}>
            <Icon className="size-4" aria-hidden />
            {label}
            {count ? (
              <span className="rounded-full bg-subtle px-1.5 text-xs text-ink-muted tabular-nums">{count}</span>
            ) : null}
          </UnderlineTab>
        ))}
      </Tabs.List>
      {tabs.map(({ value, content }) => (
        <Tabs.Content key={value} value={value} className="min-h-0 flex-1 outline-none">
          {content}
        </Tabs.Content>
      ))}
    </Tabs.Root>
  );
}
