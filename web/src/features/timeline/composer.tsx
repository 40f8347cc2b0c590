"use client";

import { Tabs } from "radix-ui";
import dynamic from "next/dynamic";
import { CalendarDays, CheckSquare, Phone, StickyNote } from "lucide-react";
import { useEffect, useState, type FormEvent } from "react";
import { useMutation, type CombinedError } from "urql";

import { Button } from "@/components/ui/button";
import { FieldError } from "@/components/ui/field";
import { Skeleton } from "@/components/ui/skeleton";
import { UnderlineTab } from "@/components/ui/tabs";
import { useToast } from "@/components/ui/toast";
import { cn } from "@/lib/cn";
import { useFormProblem } from "@/lib/use-form-problem";
import { whenIdle } from "@/lib/when-idle";
import { AddNoteDocument } from "@/features/timeline/documents";
import { MentionTextarea } from "@/features/timeline/mention-textarea";

// The Task, Call and Meeting forms (and the edit forms of a logged call or meeting) are a chunk of their own,
// composer-forms.tsx: the composer first shows the note form. The chunk is fetched once the page is idle, or
// when a tab is pointed at or focused, so it is there by the time a tab opens; until then the tab shows the
// form's outline.
export function loadComposerForms() {
  return import("@/features/timeline/composer-forms");
}
// The skeletons take the height of the form they stand for (measured in Chromium: phone, then from `sm`), so
// that nothing below moves when the form comes.
const TaskForm = dynamic(() => loadComposerForms().then((module) => module.TaskForm), {
  ssr: false,
  loading: () => <FormSkeleton className="min-h-[235px] sm:min-h-[172px]" />,
});
const CallForm = dynamic(() => loadComposerForms().then((module) => module.CallForm), {
  ssr: false,
  loading: () => <FormSkeleton className="min-h-[340px] sm:min-h-[214px]" />,
});
const MeetingForm = dynamic(() => loadComposerForms().then((module) => module.MeetingForm), {
  ssr: false,
  loading: () => <FormSkeleton className="min-h-[458px] sm:min-h-[395px]" />,
});

/** A composer form's refusals: the api's messages stay under its fields, and a toast says what was not done (`failure`). */
export function useEntryProblem(failure: string) {
  const toast = useToast();
  const { errors, take } = useFormProblem();
  /** Whether the api refused (`error`): then its problem is kept and told. */
  function refused(error: CombinedError | undefined): boolean {
    const problem = take(error);
    if (problem) toast({ title: failure, description: problem.message, tone: "error" });
    return problem !== null;
  }
  return { errors, refused };
}

/** A YYYY-MM-DD due day → the end of that day in the user's time zone, as the api's DateTime. */
export function dueAtFromDay(day: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 0).toISOString();
}

/** The composer's tabs: each adds one kind of entry with its own form. */
const TABS = [
  { value: "note", label: "Note", Icon: StickyNote, Form: NoteForm },
  { value: "task", label: "Task", Icon: CheckSquare, Form: TaskForm },
  { value: "call", label: "Call", Icon: Phone, Form: CallForm },
  { value: "meeting", label: "Meeting", Icon: CalendarDays, Form: MeetingForm },
];

/** Adds a note or a task to a record; the timeline below refreshes when the api answers. */
export function Composer({ targetId }: { targetId: string }) {
  useEffect(() => whenIdle(() => void loadComposerForms()), []);
  const preload = () => void loadComposerForms();
  return (
    <Tabs.Root defaultValue="note" className="rounded-lg border border-line bg-canvas shadow-xs focus-within:border-line-strong">
      <Tabs.List
        aria-label="Add to the timeline"
        className="flex gap-1 border-b border-line px-2 pt-1"
        onPointerEnter={preload}
        onFocus={preload}
      >
        {TABS.map(({ value, label, Icon }) => (
          <UnderlineTab key={value} value={value} className="h-8 px-2 text-[13px]">
            <Icon className="size-3.5" aria-hidden />
            {label}
          </UnderlineTab>
        ))}
      </Tabs.List>
      {TABS.map(({ value, Form }) => (
        <Tabs.Content key={value} value={value} className="outline-none">
          <Form targetId={targetId} />
        </Tabs.Content>
      ))}
    </Tabs.Root>
  );
}

function NoteForm({ targetId }: { targetId: string }) {
  const [body, setBody] = useState("");
  const { errors, refused } = useEntryProblem("The note was not saved");
  const [{ fetching }, addNote] = useMutation(AddNoteDocument);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!body.trim() || fetching) return;
    const result = await addNote({ targetId, body: body.trim() });
    if (refused(result.error)) return;
    setBody("");
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="grid gap-2 p-3">
      <MentionTextarea
        label="Note"
        value={body}
        onChange={setBody}
        onSubmit={() => void submit()}
        invalid={Boolean(errors.body)}
        placeholder="Write a note… Markdown works, @ mentions a teammate"
        className="min-h-16 resize-y border-none px-0 shadow-none focus-visible:ring-0"
      />
      <FieldError>{errors.body}</FieldError>
      <SubmitRow label="Add note" fetching={fetching} disabled={!body.trim()} />
    </form>
  );
}

/** A form of the composer while its code loads: its outline in grey. */
function FormSkeleton({ className }: { className: string }) {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the form" className={cn("grid content-start gap-3 p-3", className)}>
      <Skeleton className="h-3.5 w-24" />
      <Skeleton className="h-8 w-full" />
      <Skeleton className="ml-auto h-7 w-24" />
    </div>
  );
}

/** The composer's save button, with the keyboard shortcut beside it on wider screens. */
export function SubmitRow({ label, fetching, disabled }: { label: string; fetching: boolean; disabled: boolean }) {
  return (
    <div className="flex items-center justify-between gap-2">
      <span className="hidden text-xs text-ink-faint sm:inline">⌘/Ctrl + Enter to save</span>
      <Button type="submit" variant="primary" size="sm" loading={fetching} disabled={disabled} className="ml-auto">
        {label}
      </Button>
    </div>
  );
}
