"use client";

import Link from "next/link";
import { CalendarDays, CircleCheckBig } from "lucide-react";
import { useMemo, useState } from "react";
import { useMutation, useQuery } from "urql";

import { LoadMore } from "@/components/load-more";
import { Checkbox } from "@/components/ui/checkbox";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import type { TaskListQuery } from "@/gql/graphql";
import { useOutcomeToast } from "@/lib/use-outcome-toast";
import { problemFromCombined } from "@/lib/api-errors";
import { cn } from "@/lib/cn";
import { plural } from "@/lib/format";
import { recordHref } from "@/lib/record-href";
import { useConnection } from "@/lib/use-connection";
import { useCanWrite, useViewer } from "@/lib/viewer";
import { dueLabel, type DueTone } from "@/features/dashboard/summary";
import { useMembers } from "@/features/records/use-record-data";
import { PageHeader } from "@/features/shell/app-shell";
import { AgendaDocument, RescheduleTaskDocument, TaskListDocument } from "@/features/tasks/documents";
import { dueAtFromDay } from "@/features/timeline/composer";
import { useTaskDone } from "@/features/timeline/use-task-done";

type Task = TaskListQuery["tasks"]["edges"][number]["node"];
type Whose = "mine" | "all";
type When = "open" | "overdue" | "today" | "upcoming" | "done";

const TONES: Record<DueTone, string> = {
  overdue: "text-danger font-medium",
  today: "text-accent font-medium",
  upcoming: "text-ink-muted",
  none: "text-ink-muted",
};
const WHOSES: { value: Whose; label: string }[] = [
  { value: "mine", label: "Mine" },
  { value: "all", label: "Everyone's" },
];
const WHENS: { value: When; label: string }[] = [
  { value: "open", label: "All open" },
  { value: "overdue", label: "Overdue" },
  { value: "today", label: "Today" },
  { value: "upcoming", label: "Upcoming" },
  { value: "done", label: "Done" },
];

/** A row of buttons, one of them pressed: a filter with a few choices. */
function Choices<T extends string>({
  label,
  options,
  value,
  onChange,
  className,
}: {
  label: string;
  options: readonly { value: T; label: string }[];
  value: T;
  onChange: (value: T) => void;
  className?: string;
}) {
  return (
    <div role="group" aria-label={label} className={cn("inline-flex rounded-md border border-line p-0.5", className)}>
      {options.map((option) => (
        <button
          key={option.value}
          type="button"
          aria-pressed={value === option.value}
          onClick={() => onChange(option.value)}
          className={cn(
            "cursor-pointer rounded px-3 py-1 text-[13px]",
            value === option.value ? "bg-surface font-medium text-ink" : "text-ink-muted hover:text-ink",
          )}
        >
          {option.label}
        </button>
      ))}
    </div>
  );
}

/** The day of a due time, as a date input's value (the user's time zone). */
function dayOf(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The api's TaskFilter for a choice of whose and when, judged at `now`. */
export function taskFilter(whose: Whose, when: When, memberId: string, now: Date) {
  const startOfDay = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const endOfDay = new Date(startOfDay.getTime() + 86_400_000);
  return {
    assigneeId: whose === "mine" ? memberId : null,
    done: when === "done",
    dueBefore: when === "overdue" ? now.toISOString() : when === "today" ? endOfDay.toISOString() : null,
    dueAfter: when === "today" ? startOfDay.toISOString() : when === "upcoming" ? endOfDay.toISOString() : null,
  };
}

/** Tasks: mine or everyone's, overdue first; complete, reschedule or reassign from the list. */
export function TasksPage() {
  const viewer = useViewer();
  const [whose, setWhose] = useState<Whose>("mine");
  const [when, setWhen] = useState<When>("open");
  const [now] = useState(() => new Date());
  const variables = useMemo(
    () => ({ first: 50, after: null, filter: taskFilter(whose, when, viewer.memberId, now) }),
    [whose, when, viewer.memberId, now],
  );
  const list = useConnection({ query: TaskListDocument, variables, select: (data) => data.tasks });

  return (
    <>
      <PageHeader title="Tasks" description="Your work and your team's, the overdue first." />
      <div className="grid gap-6 p-5 md:grid-cols-[minmax(0,1fr)_18rem] md:p-6">
        <section aria-label="Tasks" className="grid content-start gap-3">
          <div className="flex flex-wrap items-center gap-3">
            <Choices label="Whose tasks" options={WHOSES} value={whose} onChange={setWhose} />
            <Choices label="When" options={WHENS} value={when} onChange={setWhen} className="flex-wrap" />
            <span className="ml-auto text-[13px] text-ink-muted" aria-live="polite">
              {list.loading ? "" : plural(list.totalCount, "task")}
            </span>
          </div>
          {list.problem ? <FormError>{list.problem.message}</FormError> : null}
          {list.loading ? (
            <div role="status" aria-label="Loading tasks" className="grid gap-2">
              {Array.from({ length: 5 }, (_, index) => (
                <Skeleton key={index} className="h-12" />
              ))}
            </div>
          ) : list.nodes.length === 0 ? (
            <EmptyState
              icon={CircleCheckBig}
              title="No tasks here"
              description="Add tasks on a contact, company or deal: they show up here."
              className="py-10"
            />
          ) : (
            <>
              <ul aria-label="Task list" className="divide-y divide-line rounded-lg border border-line">
                {list.nodes.map((task) => (
                  <TaskRow key={task.id} task={task} now={now} />
                ))}
              </ul>
              <LoadMore hasMore={list.hasNextPage} loading={list.loadingMore} onLoadMore={list.loadMore} />
            </>
          )}
        </section>
        <Agenda />
      </div>
    </>
  );
}

function TaskRow({ task, now }: { task: Task; now: Date }) {
  const writable = useCanWrite();
  const outcome = useOutcomeToast();
  const members = useMembers();
  const [done, toggle] = useTaskDone(task);
  const [, reschedule] = useMutation(RescheduleTaskDocument);
  const due = dueLabel(task.dueAt, now);
  const href = recordHref(task.subjectType, task.subjectId);
  const body = task.body ?? "Task";

  async function change(values: { dueAt?: string | null; assigneeId?: string | null }) {
    const result = await reschedule({ id: task.id, ...values });
    outcome(result.error, "The task was not changed");
  }

  return (
    <li className="flex flex-wrap items-start gap-3 px-4 py-3">
      <Checkbox
        className="mt-0.5"
        checked={done}
        disabled={!writable}
        aria-label={done ? `Mark “${body}” as not done` : `Mark “${body}” as done`}
        onCheckedChange={(checked) => void toggle(checked === true)}
      />
      <div className="min-w-0 flex-1">
        <p className={cn("break-words", done && "text-ink-muted line-through")}>{body}</p>
        <p className="mt-0.5 flex flex-wrap gap-x-3 text-[13px] text-ink-muted">
          {href ? (
            <Link href={href} className="rounded-sm hover:text-ink hover:underline">
              {task.subjectName ?? "A deleted record"}
            </Link>
          ) : null}
          {done ? null : (
            <time dateTime={task.dueAt ?? undefined} className={TONES[due.tone]}>
              {due.tone === "none" ? "No due date" : due.text}
            </time>
          )}
        </p>
      </div>
      {writable && !done ? (
        <div className="flex items-center gap-2">
          <Input
            type="date"
            aria-label={`Due date of “${body}”`}
            defaultValue={dayOf(task.dueAt)}
            onChange={(event) => void change({ dueAt: event.target.value ? dueAtFromDay(event.target.value) : null })}
            className="h-8 w-36"
          />
          <Select
            aria-label={`Assignee of “${body}”`}
            options={members.options}
            value={task.assignee?.id ?? ""}
            onValueChange={(value) => void change({ assigneeId: value })}
            className="h-8 w-40"
          />
        </div>
      ) : (
        <span className="text-[13px] text-ink-muted">{task.assignee?.user.name ?? "Unassigned"}</span>
      )}
    </li>
  );
}

/** The viewer's meetings to come. */
function Agenda() {
  const [result] = useQuery({ query: AgendaDocument });
  const meetings = result.data?.agenda ?? [];
  return (
    <section aria-labelledby="agenda-title" className="grid content-start gap-2">
      <h2 id="agenda-title" className="flex items-center gap-2 font-semibold">
        <CalendarDays className="size-4 text-ink-muted" aria-hidden />
        Upcoming meetings
      </h2>
      {result.error ? <FormError>{problemFromCombined(result.error).message}</FormError> : null}
      {!result.data && !result.error ? (
        <Skeleton className="h-16" />
      ) : meetings.length === 0 ? (
        <p className="text-[13px] text-ink-muted">No meetings planned. Log one on a record with a time to come.</p>
      ) : (
        <ul aria-label="Agenda" className="grid gap-2">
          {meetings.map((meeting) => {
            const href = meeting.subjectName ? recordHref(meeting.subjectType, meeting.subjectId) : null;
            return (
              <li key={meeting.id} className="rounded-lg border border-line px-3 py-2">
                <p className="font-medium">{meeting.title}</p>
                <p className="text-[13px] text-ink-muted">
                  <time dateTime={meeting.occurredAt}>
                    {new Date(meeting.occurredAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}
                  </time>
                  {href ? (
                    <>
                      {" · "}
                      <Link href={href} className="hover:text-ink hover:underline">
                        {meeting.subjectName}
                      </Link>
                    </>
                  ) : null}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
