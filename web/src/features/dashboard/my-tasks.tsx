"use client";

import Link from "next/link";
import { Building2, CircleCheckBig, Handshake, User, type LucideIcon } from "lucide-react";
import { useState } from "react";
import { useMutation, useQuery } from "urql";

import { Checkbox } from "@/components/ui/checkbox";
import { FormError } from "@/components/ui/field";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import type { MyTasksQuery } from "@/gql/graphql";
import { problemFromCombined } from "@/lib/api-errors";
import { cn } from "@/lib/cn";
import { plural } from "@/lib/format";
import { recordHref } from "@/lib/record-href";
import { useCanWrite } from "@/lib/viewer";
import { MyTasksDocument } from "@/features/dashboard/documents";
import { Panel } from "@/features/dashboard/panel";
import { dueLabel, type DueTone } from "@/features/dashboard/summary";
import { CompleteTaskDocument, ReopenTaskDocument } from "@/features/timeline/documents";

const SHOWN = 10;
type Task = MyTasksQuery["tasks"]["edges"][number]["node"];

const SUBJECTS: Record<string, { icon: LucideIcon; noun: string }> = {
  contact: { icon: User, noun: "contact" },
  company: { icon: Building2, noun: "company" },
  deal: { icon: Handshake, noun: "deal" },
};

const TONES: Record<DueTone, string> = {
  overdue: "text-danger font-medium",
  today: "text-accent font-medium",
  upcoming: "text-ink-muted",
  none: "text-ink-faint",
};

function TaskRow({ task, writable, onDone }: { task: Task; writable: boolean; onDone: (task: Task) => void }) {
  const subject = SUBJECTS[task.subjectType];
  const href = recordHref(task.subjectType, task.subjectId);
  const due = dueLabel(task.dueAt);
  const Icon = subject?.icon;
  return (
    <li className="flex items-start gap-3 px-4 py-2.5">
      <Checkbox
        className="mt-0.5"
        checked={false}
        disabled={!writable}
        aria-label={`Mark “${task.body ?? "task"}” done`}
        onCheckedChange={() => onDone(task)}
      />
      <div className="min-w-0 flex-1">
        <p className="line-clamp-2 break-words">{task.body}</p>
        {subject && href ? (
          <Link
            href={href}
            className="mt-0.5 inline-flex max-w-full items-center gap-1.5 rounded-sm text-[13px] text-ink-muted hover:text-ink hover:underline"
          >
            {Icon ? <Icon className="size-3.5 shrink-0 text-ink-faint" /> : null}
            <span className="truncate">{task.subjectName ?? `Deleted ${subject.noun}`}</span>
          </Link>
        ) : null}
      </div>
      <time
        dateTime={task.dueAt ?? undefined}
        className={cn("shrink-0 pt-px text-[13px] whitespace-nowrap tabular-nums", TONES[due.tone])}
      >
        {due.text}
      </time>
    </li>
  );
}

/** The viewer's open tasks, overdue and due first; ticking one completes it (with an undo). */
export function MyTasks({ memberId }: { memberId: string }) {
  const writable = useCanWrite();
  const toast = useToast();
  const [done, setDone] = useState<ReadonlySet<string>>(new Set());
  const [result] = useQuery({ query: MyTasksDocument, variables: { assigneeId: memberId, first: SHOWN + 5 } });
  const [, complete] = useMutation(CompleteTaskDocument);
  const [, reopen] = useMutation(ReopenTaskDocument);

  const forget = (id: string) =>
    setDone((current) => {
      const next = new Set(current);
      next.delete(id);
      return next;
    });

  async function markDone(task: Task) {
    setDone((current) => new Set(current).add(task.id));
    const outcome = await complete({ id: task.id });
    if (outcome.error) {
      forget(task.id);
      toast({ title: "The task could not be completed", description: problemFromCombined(outcome.error).message, tone: "error" });
      return;
    }
    toast({
      title: "Task done",
      description: task.body ?? undefined,
      tone: "success",
      action: {
        label: "Undo",
        onClick: () => {
          void reopen({ id: task.id }).then((undone) => {
            if (undone.error) toast({ title: "The task could not be reopened", tone: "error" });
            else forget(task.id);
          });
        },
      },
    });
  }

  const tasks = (result.data?.tasks.edges ?? []).map((edge) => edge.node).filter((task) => !done.has(task.id));
  const total = Math.max(0, (result.data?.tasks.totalCount ?? 0) - done.size);
  const shown = tasks.slice(0, SHOWN);

  return (
    <Panel
      title="My tasks"
      description={result.data ? (total === 0 ? "Nothing open" : `${plural(total, "open task")}, due first`) : "\u00a0"}
    >
      {result.error && !result.data ? (
        <div className="p-4">
          <FormError>{problemFromCombined(result.error).message}</FormError>
        </div>
      ) : !result.data ? (
        <ul className="grid divide-y divide-line" aria-label="Loading tasks">
          {Array.from({ length: 5 }, (_, index) => (
            <li key={index} className="flex items-center gap-3 px-4 py-3">
              <Skeleton className="size-4" />
              <Skeleton className="h-4 flex-1" />
              <Skeleton className="h-4 w-14" />
            </li>
          ))}
        </ul>
      ) : shown.length === 0 ? (
        <div className="flex flex-col items-center px-6 py-12 text-center">
          <CircleCheckBig className="mb-3 size-6 text-ink-faint" />
          <p className="font-medium">No open tasks</p>
          <p className="mt-1 max-w-64 text-[13px] text-ink-muted">
            Add a task on a contact, company or deal: yours show up here, the overdue ones first.
          </p>
        </div>
      ) : (
        <>
          <ul className="divide-y divide-line" aria-label="My open tasks">
            {shown.map((task) => (
              <TaskRow key={task.id} task={task} writable={writable} onDone={markDone} />
            ))}
          </ul>
          {total > shown.length ? (
            <p className="border-t border-line px-4 py-2.5 text-[13px] text-ink-muted">
              <Link href="/tasks" className="rounded-sm hover:text-ink hover:underline">
                And {plural(total - shown.length, "more task")} on your records.
              </Link>
            </p>
          ) : null}
        </>
      )}
    </Panel>
  );
}
