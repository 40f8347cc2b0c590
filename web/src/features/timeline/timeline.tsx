"use client";

import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import {
  ArrowRightLeft,
  CalendarClock,
  CircleDot,
  History,
  Mail,
  Pencil,
  Phone,
  Plus,
  Users as UsersIcon,
  RotateCcw,
  StickyNote,
  Trash2,
  UserRound,
  type LucideIcon,
} from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { useClient } from "urql";

import { LoadMore } from "@/components/load-more";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Checkbox } from "@/components/ui/checkbox";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/field";
import { SkeletonMedia } from "@/components/ui/skeleton";
import type { ContactTimelineQueryVariables, TimelineEntryFragment, TimelinePageFragment } from "@/gql/graphql";
import { cn } from "@/lib/cn";
import { formatDate, formatRelative } from "@/lib/format";
import { useConnection } from "@/lib/use-connection";
import { useCanWrite } from "@/lib/viewer";
import type { FieldDefinition } from "@/features/records/custom-fields";
import { useMembers } from "@/features/records/use-record-data";
import { Composer } from "@/features/timeline/composer";
import { CallOrMeetingEntry, NoteEntry } from "@/features/timeline/entries";
import { describeChanges, type DescribeContext, type SubjectType } from "@/features/timeline/describe";
import {
  CompanyNameDocument,
  CompanyTimelineDocument,
  ContactTimelineDocument,
  DealTimelineDocument,
} from "@/features/timeline/documents";
import { useTaskDone } from "@/features/timeline/use-task-done";

const PAGE_SIZE = 20;

type TimelineData = Record<string, { timeline: TimelinePageFragment } | null | undefined>;
type TimelineDocument = TypedDocumentNode<TimelineData, ContactTimelineQueryVariables>;

// The record's own query field (`contact(id)`, …) holds the timeline, so a mutation of the record or of an
// activity loads it again (lib/graphcache.ts).
const SOURCES: Record<SubjectType, TimelineDocument> = {
  contact: ContactTimelineDocument as unknown as TimelineDocument,
  company: CompanyTimelineDocument as unknown as TimelineDocument,
  deal: DealTimelineDocument as unknown as TimelineDocument,
};

const EMPTY_PAGE: TimelinePageFragment = { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] };

/** Names of companies mentioned in changes (`companyId`), fetched once each; null once known to be gone. */
function useCompanyNames(entries: readonly TimelineEntryFragment[], known: Record<string, string>) {
  const client = useClient();
  const [names, setNames] = useState<Record<string, string | null>>({});
  const wanted = useMemo(() => {
    const ids = new Set<string>();
    for (const entry of entries) {
      const change = (entry.changes as Record<string, { from?: unknown; to?: unknown }> | null)?.companyId;
      for (const id of [change?.from, change?.to]) if (typeof id === "string" && !(id in known)) ids.add(id);
    }
    return [...ids].sort().join(",");
  }, [entries, known]);
  useEffect(() => {
    const missing = wanted.split(",").filter((id) => id && !(id in names));
    if (missing.length === 0) return;
    let live = true;
    void Promise.all(
      missing.map((id) =>
        client
          .query(CompanyNameDocument, { id })
          .toPromise()
          .then((result) => [id, result.data?.company?.name ?? null] as const),
      ),
    ).then((pairs) => {
      if (live) setNames((current) => ({ ...current, ...Object.fromEntries(pairs) }));
    });
    return () => {
      live = false;
    };
  }, [client, wanted, names]);
  return (id: string) => known[id] ?? names[id] ?? (names[id] === null ? "a deleted company" : undefined);
}

const ICONS: Record<string, LucideIcon> = {
  CREATED: Plus,
  UPDATED: Pencil,
  DELETED: Trash2,
  RESTORED: RotateCcw,
  NOTE: StickyNote,
  TASK: CalendarClock,
  EMAIL: Mail,
  STAGE_CHANGED: ArrowRightLeft,
  MEMBER: UserRound,
  CALL: Phone,
  MEETING: UsersIcon,
};

function dayLabel(iso: string, nowMs: number): string {
  const day = new Date(iso);
  const now = new Date(nowMs);
  const startOf = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  const diff = Math.round((startOf(now) - startOf(day)) / 86_400_000);
  if (diff === 0) return "Today";
  if (diff === 1) return "Yesterday";
  return formatDate(iso);
}

export interface TimelineProps {
  subject: { type: SubjectType; id: string };
  customFields: readonly FieldDefinition[];
  /** The record's currency, for amount changes that kept it. */
  currency?: string | null;
  /** Company names already known on the page (the record's own company). */
  knownCompanies?: Record<string, string>;
  onOpenEmail: (threadId: string, emailId: string) => void;
}

/** Everything that happened to a record, newest first: changes in words, notes, tasks and emails. */
export function Timeline({ subject, customFields, currency, knownCompanies, onOpenEmail }: TimelineProps) {
  const writable = useCanWrite();
  const members = useMembers();
  // "Today" and "overdue" are judged against when the page opened.
  const [now] = useState(() => Date.now());
  const variables = useMemo(() => ({ id: subject.id, first: PAGE_SIZE, after: null }), [subject.id]);
  const list = useConnection({
    query: SOURCES[subject.type],
    variables,
    select: (data) => data[subject.type]?.timeline ?? EMPTY_PAGE,
  });
  const known = useMemo(() => knownCompanies ?? {}, [knownCompanies]);
  const companyName = useCompanyNames(list.nodes, known);
  const context: DescribeContext = { customFields, memberName: members.name, companyName };

  const groups: { day: string; entries: TimelineEntryFragment[] }[] = [];
  for (const entry of list.nodes) {
    const day = dayLabel(entry.occurredAt, now);
    const last = groups[groups.length - 1];
    if (last?.day === day) last.entries.push(entry);
    else groups.push({ day, entries: [entry] });
  }

  return (
    <div className="mx-auto grid w-full max-w-3xl gap-6 px-5 py-5 md:px-6">
      {writable ? <Composer targetId={subject.id} /> : null}
      {list.problem ? <FormError>{list.problem.message}</FormError> : null}
      {list.loading ? (
        <TimelineSkeleton />
      ) : list.nodes.length === 0 ? (
        <EmptyState
          icon={History}
          title="Nothing here yet"
          description={
            writable
              ? "Notes, tasks, emails and every change to this record show up here. Add a note to start."
              : "Notes, tasks, emails and every change to this record show up here."
          }
          className="py-10"
        />
      ) : (
        <div className="grid gap-6">
          {groups.map((group) => (
            <section key={group.day} aria-label={group.day}>
              <h3 className="mb-2 text-xs font-medium text-ink-faint">{group.day}</h3>
              <ol className="relative grid gap-1 before:absolute before:top-3 before:bottom-3 before:left-[13px] before:w-px before:bg-line">
                {group.entries.map((entry) => (
                  <TimelineItem
                    key={entry.id}
                    entry={entry}
                    context={context}
                    currency={currency}
                    writable={writable}
                    now={now}
                    subjectId={subject.id}
                    onOpenEmail={onOpenEmail}
                  />
                ))}
              </ol>
            </section>
          ))}
          <LoadMore hasMore={list.hasNextPage} loading={list.loadingMore} onLoadMore={list.loadMore} />
        </div>
      )}
    </div>
  );
}

function TimelineSkeleton() {
  return (
    <div role="status" className="grid gap-5" aria-busy="true" aria-label="Loading the timeline">
      {Array.from({ length: 4 }, (_, index) => (
        <SkeletonMedia key={index} media="size-7 rounded-full" lines={["h-3.5 w-2/3", "h-3 w-1/4"]} textClassName="pt-1" />
      ))}
    </div>
  );
}

export function Meta({ entry }: { entry: TimelineEntryFragment }) {
  return (
    <span className="text-[13px] text-ink-faint">
      {entry.actor ? <span className="text-ink-muted">{entry.actor.user.name}</span> : null}
      {entry.actor ? " · " : null}
      <time dateTime={entry.occurredAt} title={new Date(entry.occurredAt).toLocaleString()}>
        {formatRelative(entry.occurredAt)}
      </time>
    </span>
  );
}

/** What an entry of the timeline is shown with. */
interface EntryProps {
  entry: TimelineEntryFragment;
  context: DescribeContext;
  currency?: string | null;
  writable: boolean;
  now: number;
  /** The record whose timeline this is: an entry about another (a contact's, on its company) says whose. */
  subjectId: string;
  onOpenEmail: (threadId: string, emailId: string) => void;
}

function TimelineItem(props: EntryProps) {
  const { entry } = props;
  const Icon = ICONS[entry.kind] ?? CircleDot;
  const accent = ["NOTE", "TASK", "EMAIL", "CALL", "MEETING"].includes(entry.kind);
  return (
    <li className="relative flex gap-3 py-1.5">
      <span
        className={cn(
          "z-[1] flex size-7 shrink-0 items-center justify-center rounded-full border bg-canvas",
          accent ? "border-accent/25 text-accent" : "border-line text-ink-faint",
        )}
        aria-hidden
      >
        <Icon className="size-3.5" />
      </span>
      <div className="min-w-0 flex-1 pt-1">
        {entry.subjectId !== props.subjectId && entry.subjectName && entry.kind !== "EMAIL" ? (
          <p className="mb-0.5 text-[13px] text-ink-muted">On {entry.subjectName}</p>
        ) : null}
        <EntryBody {...props} />
      </div>
    </li>
  );
}

function EntryBody({ entry, context, currency, writable, now, onOpenEmail }: EntryProps) {
  switch (entry.kind) {
    case "NOTE":
      return <NoteEntry entry={entry} writable={writable} />;
    case "CALL":
    case "MEETING":
      return <CallOrMeetingEntry entry={entry} now={now} writable={writable} />;
    case "TASK":
      return <TaskEntry entry={entry} writable={writable} now={now} />;
    case "EMAIL":
      return (
        <article aria-label="Email" className="grid gap-1">
          {entry.email ? (
            <button
              type="button"
              onClick={() => onOpenEmail(entry.email!.thread.id, entry.email!.id)}
              className="w-fit max-w-full cursor-pointer truncate text-left font-medium hover:text-accent hover:underline"
            >
              {entry.summary}
            </button>
          ) : (
            <span className="font-medium">{entry.summary}</span>
          )}
          {entry.body || entry.email?.snippet ? (
            <p className="line-clamp-2 text-ink-muted">{entry.body || entry.email?.snippet}</p>
          ) : null}
          <Meta entry={entry} />
        </article>
      );
    case "UPDATED":
    case "STAGE_CHANGED": {
      const lines = describeChanges(entry.changes, context, currency);
      return (
        <div className="grid gap-0.5">
          {(lines.length ? lines : [entry.summary]).map((line, index) => (
            <p key={index} className="break-words">
              {line}
            </p>
          ))}
          <Meta entry={entry} />
        </div>
      );
    }
    default:
      return (
        <div className="grid gap-0.5">
          <p className="break-words">{entry.summary}</p>
          <Meta entry={entry} />
        </div>
      );
  }
}

function TaskEntry({
  entry,
  writable,
  now,
}: {
  entry: TimelineEntryFragment;
  writable: boolean;
  now: number;
}) {
  const [done, toggle] = useTaskDone(entry);
  const overdue = !done && entry.dueAt !== null && entry.dueAt !== undefined && Date.parse(entry.dueAt) < now;
  const body = entry.body ?? entry.summary.replace(/^Task: /, "");

  return (
    <article
      aria-label={`Task: ${body}`}
      className={cn(
        "grid gap-2 rounded-lg border bg-canvas px-3 py-2.5",
        overdue ? "border-danger/30 bg-danger-soft/40" : "border-line",
      )}
    >
      <div className="flex items-start gap-2.5">
        {writable ? (
          <Checkbox
            checked={done}
            onCheckedChange={(checked) => void toggle(checked === true)}
            aria-label={done ? `Mark “${body}” as not done` : `Mark “${body}” as done`}
            className="mt-0.5"
          />
        ) : (
          <Checkbox checked={done} disabled aria-label={done ? "Done" : "Not done"} className="mt-0.5" />
        )}
        <p className={cn("min-w-0 flex-1 break-words", done && "text-ink-muted line-through")}>{body}</p>
      </div>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 pl-6.5 text-[13px]">
        {done ? (
          <Badge tone="success">Done{entry.doneAt ? ` ${formatDate(entry.doneAt)}` : ""}</Badge>
        ) : entry.dueAt ? (
          <Badge tone={overdue ? "danger" : "neutral"}>
            {overdue ? "Overdue · " : "Due "}
            {formatDate(entry.dueAt)}
          </Badge>
        ) : (
          <span className="text-ink-faint">No due date</span>
        )}
        {entry.assignee ? (
          <span className="inline-flex items-center gap-1.5 text-ink-muted" title="Assignee">
            <Avatar name={entry.assignee.user.name} className="size-4 rounded-full text-[8px]" />
            {entry.assignee.user.name}
          </span>
        ) : (
          <span className="text-ink-faint">Unassigned</span>
        )}
        <span className="ml-auto text-ink-faint">
          {entry.actor && entry.actor.id !== entry.assignee?.id ? `Added by ${entry.actor.user.name} · ` : null}
          <time dateTime={entry.occurredAt} title={new Date(entry.occurredAt).toLocaleString()}>
            {formatRelative(entry.occurredAt)}
          </time>
        </span>
      </div>
    </article>
  );
}
