"use client";

import dynamic from "next/dynamic";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { Button } from "@/components/ui/button";
import { ConfirmDialog, useConfirm } from "@/components/ui/dialog";
import { FieldError, FormError } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import type { CallOutcome, TimelineEntryFragment } from "@/gql/graphql";
import { problemFromCombined } from "@/lib/api-errors";
import { useFormProblem } from "@/lib/use-form-problem";
import { AttendeePickers, CallFields, MeetingFields, fromLocal, toLocal } from "@/features/timeline/composer";
import {
  DeleteCallDocument,
  DeleteMeetingDocument,
  DeleteNoteDocument,
  UpdateCallDocument,
  UpdateMeetingDocument,
  UpdateNoteDocument,
} from "@/features/timeline/documents";
import { MentionTextarea } from "@/features/timeline/mention-textarea";
import { Meta } from "@/features/timeline/timeline";

// react-markdown and its parsers are a chunk of their own, loaded when a note is first shown. Notes come
// from the timeline's query, which runs in the browser only, so this never renders on the server: `ssr: false`
// says so, and keeps Next from preloading the chunk into every record page's HTML.
const NoteMarkdown = dynamic(() => import("@/features/timeline/markdown").then((module) => module.NoteMarkdown), { ssr: false });

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
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(entry.body ?? "");
  const { errors, problem, take } = useFormProblem();
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
    if (result.error) {
      toast({ title: "The note was not deleted", description: problemFromCombined(result.error).message, tone: "error" });
      return false;
    }
    toast({ title: "Note deleted" });
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
          {problem && !errors.body ? <FormError>{problem.message}</FormError> : null}
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
  const toast = useToast();
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
    if (result.error) {
      toast({ title: `The ${noun} was not deleted`, description: problemFromCombined(result.error).message, tone: "error" });
      return false;
    }
    toast({ title: isCall ? "Call deleted" : "Meeting deleted" });
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

/** The same ids, in any order. */
function sameIds(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((id) => right.includes(id));
}

/** The buttons under an edit form. */
function EditActions({ label, saving, disabled, onCancel }: { label: string; saving: boolean; disabled: boolean; onCancel: () => void }) {
  return (
    <div className="flex justify-end gap-2">
      <Button variant="ghost" size="sm" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" variant="primary" size="sm" loading={saving} disabled={disabled}>
        {label}
      </Button>
    </div>
  );
}

function CallEdit({ entry, onDone }: { entry: TimelineEntryFragment; onDone: () => void }) {
  const [outcome, setOutcome] = useState<string>(entry.callOutcome ?? "CONNECTED");
  const [duration, setDuration] = useState(entry.durationSeconds ? String(Math.round((entry.durationSeconds / 60) * 100) / 100) : "");
  const [when, setWhen] = useState(toLocal(entry.occurredAt));
  const [notes, setNotes] = useState(entry.body ?? "");
  const { errors, problem, take } = useFormProblem();
  const [{ fetching: saving }, updateCall] = useMutation(UpdateCallDocument);

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (saving) return;
    const seconds = duration.trim() ? Math.round(Number(duration) * 60) : null;
    const result = await updateCall({
      id: entry.id,
      input: {
        outcome: outcome as CallOutcome,
        durationSeconds: seconds !== null && Number.isFinite(seconds) ? seconds : null,
        // Untouched, the time stays to the second (the field shows minutes).
        occurredAt: when !== toLocal(entry.occurredAt) ? fromLocal(when) : null,
        notes: notes.trim() || null,
      },
    });
    if (take(result.error)) return;
    onDone();
  }

  const shown = errors.outcome || errors.durationSeconds || errors.occurredAt || errors.notes;
  return (
    <form onSubmit={(event) => void save(event)} className="grid gap-3 rounded-lg border border-line bg-canvas p-3">
      <CallFields outcome={[outcome, setOutcome]} minutes={[duration, setDuration]} when={[when, setWhen]} errors={errors} />
      <MentionTextarea label="Edit the call notes" value={notes} onChange={setNotes} onSubmit={() => void save()} invalid={Boolean(errors.notes)} />
      <FieldError>{errors.notes}</FieldError>
      {problem && !shown ? <FormError>{problem.message}</FormError> : null}
      <EditActions label="Save call" saving={saving} disabled={false} onCancel={onDone} />
    </form>
  );
}

function MeetingEdit({ entry, onDone }: { entry: TimelineEntryFragment; onDone: () => void }) {
  const [title, setTitle] = useState(entry.title ?? "");
  const [starts, setStarts] = useState(toLocal(entry.occurredAt));
  const [ends, setEnds] = useState(toLocal(entry.endsAt));
  const [notes, setNotes] = useState(entry.body ?? "");
  const attendingContacts = Object.fromEntries((entry.attendeeContacts ?? []).map((contact) => [contact.id, contact.name]));
  const attendingMembers = (entry.attendeeMembers ?? []).map((member) => member.id);
  const [contactIds, setContactIds] = useState<Record<string, string>>(attendingContacts);
  const [memberIds, setMemberIds] = useState<string[]>(attendingMembers);
  const { errors, problem, take } = useFormProblem();
  const [{ fetching: saving }, updateMeeting] = useMutation(UpdateMeetingDocument);

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (saving || !title.trim() || !starts) return;
    const result = await updateMeeting({
      id: entry.id,
      input: {
        title: title.trim(),
        // Untouched, the times stay to the second (the fields show minutes).
        ...(starts !== toLocal(entry.occurredAt) ? { startsAt: fromLocal(starts) } : {}),
        ...(ends !== toLocal(entry.endsAt) ? { endsAt: fromLocal(ends) } : {}),
        // Untouched, the attendees stay as they are (one whose contact was deleted since included).
        ...(sameIds(Object.keys(contactIds), Object.keys(attendingContacts)) ? {} : { attendeeContactIds: Object.keys(contactIds) }),
        ...(sameIds(memberIds, attendingMembers) ? {} : { attendeeMemberIds: memberIds }),
        notes: notes.trim() || null,
      },
    });
    if (take(result.error)) return;
    onDone();
  }

  const shown = errors.title || errors.startsAt || errors.endsAt || errors.notes;
  return (
    <form onSubmit={(event) => void save(event)} className="grid gap-3 rounded-lg border border-line bg-canvas p-3">
      <MeetingFields titleLabel="Meeting title" title={[title, setTitle]} starts={[starts, setStarts]} ends={[ends, setEnds]} errors={errors} />
      <AttendeePickers contacts={[contactIds, setContactIds]} members={[memberIds, setMemberIds]} />
      <MentionTextarea label="Edit the meeting notes" value={notes} onChange={setNotes} onSubmit={() => void save()} invalid={Boolean(errors.notes)} />
      <FieldError>{errors.notes}</FieldError>
      {problem && !shown ? <FormError>{problem.message}</FormError> : null}
      <EditActions label="Save meeting" saving={saving} disabled={!title.trim() || !starts} onCancel={onDone} />
    </form>
  );
}
