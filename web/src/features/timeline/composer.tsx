"use client";

import { Tabs } from "radix-ui";
import { CheckSquare, StickyNote } from "lucide-react";
import { useState, type FormEvent, type KeyboardEvent } from "react";
import { useMutation } from "urql";

import { Button, Field, FieldError, Input, Select, Textarea, UnderlineTab, useToast } from "@/components/ui";
import { useFormProblem } from "@/lib/use-form-problem";
import { useViewer } from "@/lib/viewer";
import { useMembers } from "@/features/records/use-record-data";
import { AddNoteDocument, AddTaskDocument } from "@/features/timeline/documents";

/** A YYYY-MM-DD due day → the end of that day in the user's time zone, as the api's DateTime. */
export function dueAtFromDay(day: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 0).toISOString();
}

/** Cmd-Enter (Mac) or Ctrl-Enter saves a note or a task. */
function isSubmitShortcut(event: KeyboardEvent): boolean {
  return event.key === "Enter" && (event.metaKey || event.ctrlKey);
}

/** Adds a note or a task to a record; the timeline below refreshes when the api answers. */
export function Composer({ targetId }: { targetId: string }) {
  return (
    <Tabs.Root defaultValue="note" className="rounded-lg border border-line bg-canvas shadow-xs focus-within:border-line-strong">
      <Tabs.List aria-label="Add to the timeline" className="flex gap-1 border-b border-line px-2 pt-1">
        {(
          [
            ["note", "Note", StickyNote],
            ["task", "Task", CheckSquare],
          ] as const
        ).map(([value, label, Icon]) => (
          <UnderlineTab key={value} value={value} className="h-8 px-2 text-[13px]">
            <Icon className="size-3.5" aria-hidden />
            {label}
          </UnderlineTab>
        ))}
      </Tabs.List>
      <Tabs.Content value="note" className="outline-none">
        <NoteForm targetId={targetId} />
      </Tabs.Content>
      <Tabs.Content value="task" className="outline-none">
        <TaskForm targetId={targetId} />
      </Tabs.Content>
    </Tabs.Root>
  );
}

function NoteForm({ targetId }: { targetId: string }) {
  const toast = useToast();
  const [body, setBody] = useState("");
  const { errors, take } = useFormProblem();
  const [{ fetching }, addNote] = useMutation(AddNoteDocument);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!body.trim() || fetching) return;
    const result = await addNote({ targetId, body: body.trim() });
    const failure = take(result.error);
    if (failure) {
      toast({ title: "The note was not saved", description: failure.message, tone: "error" });
      return;
    }
    setBody("");
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="grid gap-2 p-3">
      <Textarea
        aria-label="Note"
        value={body}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={(event) => {
          if (isSubmitShortcut(event)) {
            event.preventDefault();
            void submit();
          }
        }}
        aria-invalid={errors.body ? true : undefined}
        placeholder="Write a note…"
        className="min-h-16 resize-y border-none px-0 shadow-none focus-visible:ring-0"
      />
      <FieldError>{errors.body}</FieldError>
      <SubmitRow label="Add note" fetching={fetching} disabled={!body.trim()} />
    </form>
  );
}

function TaskForm({ targetId }: { targetId: string }) {
  const toast = useToast();
  const viewer = useViewer();
  const members = useMembers();
  const [body, setBody] = useState("");
  const [due, setDue] = useState("");
  const [assigneeId, setAssigneeId] = useState(viewer.memberId);
  const { errors, take } = useFormProblem();
  const [{ fetching }, addTask] = useMutation(AddTaskDocument);
  const options = members.options.length
    ? members.options.map((option) => (option.value === viewer.memberId ? { ...option, label: `${option.label} (you)` } : option))
    : [{ value: viewer.memberId, label: `${viewer.user.name} (you)` }];

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!body.trim() || fetching) return;
    const result = await addTask({ targetId, body: body.trim(), dueAt: due ? dueAtFromDay(due) : null, assigneeId });
    const failure = take(result.error);
    if (failure) {
      toast({ title: "The task was not saved", description: failure.message, tone: "error" });
      return;
    }
    setBody("");
    setDue("");
  }

  return (
    <form
      onSubmit={(event) => void submit(event)}
      onKeyDown={(event) => {
        if (isSubmitShortcut(event)) {
          event.preventDefault();
          void submit();
        }
      }}
      className="grid gap-3 p-3"
    >
      <Field label="Task" error={errors.body}>
        <Input value={body} onChange={(event) => setBody(event.target.value)} placeholder="Call back about the renewal" autoComplete="off" />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Due date" error={errors.dueAt}>
          <Input type="date" value={due} onChange={(event) => setDue(event.target.value)} />
        </Field>
        <Field label="Assignee" error={errors.assigneeId}>
          <Select options={options} value={assigneeId} onValueChange={setAssigneeId} />
        </Field>
      </div>
      <SubmitRow label="Add task" fetching={fetching} disabled={!body.trim()} />
    </form>
  );
}

/** The composer's save button, with the keyboard shortcut beside it on wider screens. */
function SubmitRow({ label, fetching, disabled }: { label: string; fetching: boolean; disabled: boolean }) {
  return (
    <div className="flex items-center justify-between gap-2">
      <span className="hidden text-xs text-ink-faint sm:inline">⌘/Ctrl + Enter to save</span>
      <Button type="submit" variant="primary" size="sm" loading={fetching} disabled={disabled} className="ml-auto">
        {label}
      </Button>
    </div>
  );
}
