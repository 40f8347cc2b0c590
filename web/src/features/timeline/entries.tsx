"use client";

import dynamic from "next/dynamic";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { Button } from "@/components/ui/button";
import { ConfirmDialog, useConfirm } from "@/components/ui/dialog";
import { FieldError, FormError } from "@/components/ui/field";
import { Skeleton } from "@/components/ui/skeleton";
import type { TimelineEntryFragment } from "@/gql/graphql";
import { useOutcomeToast } from "@/lib/use-outcome-toast";
import { useFormProblem } from "@/lib/use-form-problem";
import {
  DeleteCallDocument,
  DeleteMeetingDocument,
  DeleteNoteDocument,
  UpdateNoteDocument,
} from "@/features/timeline/documents";
import { loadComposerForms } from "@/features/timeline/composer";
import { MentionTextarea } from "@/features/timeline/mention-textarea";
import { Meta } from "@/features/timeline/timeline";

// react-markdown and its parsers are a chunk of their own, loaded when a note is first shown. Notes come
// from the timeline's query, which runs in the browser only, so this never renders on the server: `ssr: false`
// says so, and keeps Next from preloading the chunk into every record page's HTML.
const NoteMarkdown = dynamic(() => import("@/features/timeline/markdown").then((module) => module.NoteMarkdown), { ssr: false });

// The edit forms of a call or a meeting share composer-forms.tsx with the composer's Call and Meeting tabs
// (fetched once the page is idle); until it is there, the form's outline in grey.
function EditSkeleton() {
  return (
    <div role="status" aria-busy="true" aria-label="Loading the form" className="grid gap-3 rounded-lg border border-line bg-canvas p-3">
      <Skeleton className="h-8 w-full" />
      <Skeleton className="h-16 w-full" />
      <Skeleton className="ml-auto h-7 w-28" />
    </div>
  );
}
const CallEdit = dynamic(() => loadComposerForms().then((module) => module.CallEdit), { ssr: false, loading: EditSkeleton });
const MeetingEdit = dynamic(() => loadComposerForms().then((module) => module.MeetingEdit), { ssr: false, loading: EditSkeleton });

const OUTCOMES: Record<string, string> = {
  CONNECTED: "Connected",
  LEFT_VOICEMAIL: "Left a voicemail",
  NO_ANSWER: "No answer",
  WRONG_NUMBER: "Wrong number",
  BUSY: "Busy",
};

function minutes(seconds: number | null | undefined): string | null {
  if (!seconds) return null;
  const whole = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (!whole) return `${rest} s`;
  return rest ? `${whole} min ${rest} s` : `${whole} min`;
}

function timeRange(starts: string, ends: string | null | undefined): string {
  const start = new Date(starts);
  const text = start.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  if (!ends) return text;
  return `${text} – ${new Date(ends).toLocaleTimeString(undefined, { timeStyle: "short" })}`;
}

/** A note: its Markdown, and for its author or an admin, edit and delete. */
export function NoteEntry({ entry, writable }: { entry: TimelineEntryFragment; writable: boolean }) {
  const outcome = useOutcomeToast();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(entry.body ?? "");
  const { errors, take, formMessage } = useFormProblem();
  const [{ fetching: saving }, updateNote] = useMutation(UpdateNoteDocument);
  const [, deleteNote] = useMutation(DeleteNoteDocument);
  const editable = writable && Boolean(entry.canEdit);

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (!draft.trim() || saving) return;
    const result = await updateNote({ id: entry.id, body: draft.trim() });
    if (take(result.error)) return;
    setEditing(false);
  }

  const deletion = useConfirm(async () => {
    const result = await deleteNote({ id: entry.id });
    if (!outcome(result.error, "The note was not deleted", { title: "Note deleted" })) return false;
  });

  return (
    <article aria-label="Note" className="grid gap-1.5">
      <div className="flex flex-wrap items-baseline gap-x-2">
        <span className="font-medium">Note</span>
        <Meta entry={entry} />
        {entry.editedAt ? <span className="text-[13px] text-ink-muted">(edited)</span> : null}
        {editable && !editing ? (
          <span className="ml-auto flex gap-1">
            <Button
              variant="ghost"
              size="sm"
              onClick={() => {
                setDraft(entry.body ?? "");
                setEditing(true);
              }}
            >
              Edit note
            </Button>
            <Button variant="ghost" size="sm" onClick={() => deletion.ask(true)}>
              Delete note
            </Button>
          </span>
        ) : null}
      </div>
      {editing ? (
        <form onSubmit={(event) => void save(event)} className="grid gap-2 rounded-lg border border-line bg-canvas p-3">
          <MentionTextarea label="Edit the note" value={draft} onChange={setDraft} onSubmit={() => void save()} invalid={Boolean(errors.body)} />
          <FieldError>{errors.body}</FieldError>
          <FormError>{formMessage(["body"])}</FormError>
          <div className="flex justify-end gap-2">
            <Button variant="ghost" size="sm" onClick={() => setEditing(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" size="sm" loading={saving} disabled={!draft.trim()}>
              Save note
            </Button>
          </div>
        </form>
      ) : (
        <NoteMarkdown text={entry.body ?? ""} className="rounded-lg border border-line bg-surface px-3 py-2.5" />
      )}
      <ConfirmDialog
        {...deletion.dialog}
        title="Delete this note?"
        description="It leaves the timeline for everyone. This cannot be undone."
        confirmLabel="Delete note"
      />
    </article>
  );
}

/** A logged call (outcome, duration) or meeting (time, attendees), with its notes; for its author or an
 * admin, edit and delete. */
export function CallOrMeetingEntry({ entry, now, writable }: { entry: TimelineEntryFragment; now: number; writable: boolean }) {
  const outcome = useOutcomeToast();
  const isCall = entry.kind === "CALL";
  const noun = isCall ? "call" : "meeting";
  const upcoming = !isCall && Date.parse(entry.occurredAt) > now;
  const attendees = [
    ...(entry.attendeeMembers ?? []).map((member) => member.user.name),
    ...(entry.attendeeContacts ?? []).map((contact) => contact.name),
  ];
  const [editing, setEditing] = useState(false);
  const [, deleteCall] = useMutation(DeleteCallDocument);
  const [, deleteMeeting] = useMutation(DeleteMeetingDocument);
  const editable = writable && Boolean(entry.canEdit);

  const deletion = useConfirm(async () => {
    const result = isCall ? await deleteCall({ id: entry.id }) : await deleteMeeting({ id: entry.id });
    if (!outcome(result.error, `The ${noun} was not deleted`, { title: isCall ? "Call deleted" : "Meeting deleted" })) return false;
  });

  return (
    <article aria-label={isCall ? "Call" : `Meeting: ${entry.title ?? ""}`} className="grid gap-1.5">
      <div className="flex flex-wrap items-baseline gap-x-2">
        <span className="font-medium">
          {isCall
            ? `Call · ${OUTCOMES[entry.callOutcome ?? ""] ?? "Logged"}${minutes(entry.durationSeconds) ? ` · ${minutes(entry.durationSeconds)}` : ""}`
            : `${upcoming ? "Upcoming meeting" : "Meeting"}: ${entry.title ?? ""}`}
        </span>
        <Meta entry={entry} />
        {entry.editedAt ? <span className="text-[13px] text-ink-muted">(edited)</span> : null}
        {editable && !editing ? (
          <span className="ml-auto flex gap-1">
            <Button variant="ghost" size="sm" onClick={() => setEditing(true)}>
              Edit {noun}
            </Button>
            <Button variant="ghost" size="sm" onClick={() => deletion.ask(true)}>
              Delete {noun}
            </Button>
          </span>
        ) : null}
      </div>
      {!isCall && !editing ? (
        <p className="text-[13px] text-ink-muted">
          {timeRange(entry.occurredAt, entry.endsAt)}
          {attendees.length ? ` · With ${attendees.join(", ")}` : ""}
        </p>
      ) : null}
      {editing ? (
        isCall ? (
          <CallEdit entry={entry} onDone={() => setEditing(false)} />
        ) : (
          <MeetingEdit entry={entry} onDone={() => setEditing(false)} />
        )
      ) : entry.body ? (
        <NoteMarkdown text={entry.body} className="rounded-lg border border-line bg-surface px-3 py-2.5" />
      ) : null}
      <ConfirmDialog
        {...deletion.dialog}
        title={`Delete this ${noun}?`}
        description="It leaves every timeline for everyone. This cannot be undone."
        confirmLabel={`Delete ${noun}`}
      />
    </article>
  );
}
