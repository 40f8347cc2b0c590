"use client";

import { useState, type FormEvent, type KeyboardEvent } from "react";
import { useMutation, useQuery } from "urql";

import { Button } from "@/components/ui/button";
import { Field, FieldError, FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { CallOutcome, TimelineEntryFragment } from "@/gql/graphql";
import { useFormProblem } from "@/lib/use-form-problem";
import { useViewer } from "@/lib/viewer";
import { useMembers } from "@/features/records/use-record-data";
import { dueAtFromDay, SubmitRow, useEntryProblem } from "@/features/timeline/composer";
import {
  AddTaskDocument,
  AttendeeContactsDocument,
  LogCallDocument,
  LogMeetingDocument,
  UpdateCallDocument,
  UpdateMeetingDocument,
} from "@/features/timeline/documents";
import { MentionTextarea } from "@/features/timeline/mention-textarea";

// The composer's Task, Call and Meeting forms and the edit forms of a logged call or meeting: a chunk of
// their own (composer.tsx and entries.tsx load it), as a record page first shows the note form only.

/** Cmd-Enter (Mac) or Ctrl-Enter saves a note or a task. */
function isSubmitShortcut(event: KeyboardEvent): boolean {
  return event.key === "Enter" && (event.metaKey || event.ctrlKey);
}

export function TaskForm({ targetId }: { targetId: string }) {
  const viewer = useViewer();
  const members = useMembers();
  const [body, setBody] = useState("");
  const [due, setDue] = useState("");
  const [assigneeId, setAssigneeId] = useState(viewer.memberId);
  const { errors, refused } = useEntryProblem("The task was not saved");
  const [{ fetching }, addTask] = useMutation(AddTaskDocument);
  const options = members.options.length
    ? members.options.map((option) => (option.value === viewer.memberId ? { ...option, label: `${option.label} (you)` } : option))
    : [{ value: viewer.memberId, label: `${viewer.user.name} (you)` }];

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!body.trim() || fetching) return;
    const result = await addTask({ targetId, body: body.trim(), dueAt: due ? dueAtFromDay(due) : null, assigneeId });
    if (refused(result.error)) return;
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

const CALL_OUTCOMES: { value: CallOutcome; label: string }[] = [
  { value: "CONNECTED" as CallOutcome, label: "Connected" },
  { value: "LEFT_VOICEMAIL" as CallOutcome, label: "Left a voicemail" },
  { value: "NO_ANSWER" as CallOutcome, label: "No answer" },
  { value: "BUSY" as CallOutcome, label: "Busy" },
  { value: "WRONG_NUMBER" as CallOutcome, label: "Wrong number" },
];

/** A `datetime-local` value (the user's time zone) → the api's DateTime. */
export function fromLocal(value: string): string | null {
  if (!value) return null;
  const moment = new Date(value);
  return Number.isNaN(moment.getTime()) ? null : moment.toISOString();
}

/** The api's DateTime → a `datetime-local` value in the user's time zone (what `fromLocal` reads back). */
export function toLocal(iso: string | null | undefined): string {
  if (!iso) return "";
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}T${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
}

export function CallForm({ targetId }: { targetId: string }) {
  const [outcome, setOutcome] = useState<string>("CONNECTED");
  const [minutes, setMinutes] = useState("");
  const [when, setWhen] = useState("");
  const [notes, setNotes] = useState("");
  const { errors, refused } = useEntryProblem("The call was not logged");
  const [{ fetching }, logCall] = useMutation(LogCallDocument);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (fetching) return;
    const duration = minutes.trim() ? Math.round(Number(minutes) * 60) : null;
    const result = await logCall({
      input: {
        targetId,
        outcome: outcome as CallOutcome,
        durationSeconds: duration !== null && Number.isFinite(duration) ? duration : null,
        occurredAt: fromLocal(when),
        notes: notes.trim() || null,
      },
    });
    if (refused(result.error)) return;
    setMinutes("");
    setWhen("");
    setNotes("");
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="grid gap-3 p-3">
      <CallFields
        outcome={[outcome, setOutcome]}
        minutes={[minutes, setMinutes]}
        when={[when, setWhen]}
        errors={errors}
        whenHint="Now if empty"
      />
      <MentionTextarea label="Call notes" value={notes} onChange={setNotes} onSubmit={() => void submit()} placeholder="What was said…" />
      <FieldError>{errors.notes}</FieldError>
      <SubmitRow label="Log call" fetching={fetching} disabled={false} />
    </form>
  );
}

export function MeetingForm({ targetId }: { targetId: string }) {
  const [title, setTitle] = useState("");
  const [starts, setStarts] = useState("");
  const [ends, setEnds] = useState("");
  const [notes, setNotes] = useState("");
  const [contactIds, setContactIds] = useState<Record<string, string>>({});
  const [memberIds, setMemberIds] = useState<string[]>([]);
  const { errors, refused } = useEntryProblem("The meeting was not logged");
  const [{ fetching }, logMeeting] = useMutation(LogMeetingDocument);

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (fetching || !title.trim()) return;
    const result = await logMeeting({
      input: {
        targetId,
        title: title.trim(),
        startsAt: fromLocal(starts) ?? "",
        endsAt: fromLocal(ends),
        attendeeContactIds: Object.keys(contactIds),
        attendeeMemberIds: memberIds,
        notes: notes.trim() || null,
      },
    });
    if (refused(result.error)) return;
    setTitle("");
    setStarts("");
    setEnds("");
    setNotes("");
    setContactIds({});
    setMemberIds([]);
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="grid gap-3 p-3">
      <MeetingFields
        titleLabel="Meeting"
        title={[title, setTitle]}
        starts={[starts, setStarts]}
        ends={[ends, setEnds]}
        errors={errors}
      />
      <AttendeePickers contacts={[contactIds, setContactIds]} members={[memberIds, setMemberIds]} />
      <MentionTextarea label="Meeting notes" value={notes} onChange={setNotes} onSubmit={() => void submit()} placeholder="Agenda or what was agreed…" />
      <FieldError>{errors.notes}</FieldError>
      <SubmitRow label="Log meeting" fetching={fetching} disabled={!title.trim() || !starts} />
    </form>
  );
}

type State<T> = [T, (update: (current: T) => T) => void];

/**
 * A meeting's attendees: the workspace's members as checkboxes, and contacts found by name and added one by
 * one (by id → name). Logging a meeting and editing one.
 */
export function AttendeePickers({ contacts, members }: { contacts: State<Record<string, string>>; members: State<string[]> }) {
  const viewer = useViewer();
  const workspace = useMembers();
  const [contactIds, setContactIds] = contacts;
  const [memberIds, setMemberIds] = members;
  const [contactSearch, setContactSearch] = useState("");
  const [matching] = useQuery({
    query: AttendeeContactsDocument,
    variables: { name: contactSearch.trim() || null },
    pause: !contactSearch.trim(),
  });
  const found = (matching.data?.contacts.edges ?? []).map((edge) => edge.node).filter((node) => !(node.id in contactIds));
  return (
    <>
      <fieldset className="grid gap-1.5">
        <legend className="mb-1.5 text-[13px] font-medium">Teammates attending</legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1.5">
          {workspace.members.map((member) => (
            <label key={member.id} className="inline-flex items-center gap-1.5 text-[13px]">
              <input
                type="checkbox"
                checked={memberIds.includes(member.id)}
                onChange={(event) => {
                  const checked = event.target.checked;
                  setMemberIds((current) => (checked ? [...current, member.id] : current.filter((id) => id !== member.id)));
                }}
              />
              {member.user.name}
              {member.id === viewer.memberId ? " (you)" : ""}
            </label>
          ))}
        </div>
      </fieldset>
      <Field label="Contacts attending" hint="Type a name, then add them">
        <Input value={contactSearch} onChange={(event) => setContactSearch(event.target.value)} placeholder="Find a contact" autoComplete="off" />
      </Field>
      {found.length && contactSearch.trim() ? (
        <div role="group" aria-label="Matching contacts" className="flex flex-wrap gap-1.5">
          {found.slice(0, 8).map((contact) => (
            <button
              key={contact.id}
              type="button"
              onClick={() => {
                setContactIds((current) => ({ ...current, [contact.id]: contact.name }));
                setContactSearch("");
              }}
              className="cursor-pointer rounded-md border border-line bg-surface px-2 py-1 text-[13px] hover:border-accent hover:text-accent"
            >
              Add {contact.name}
            </button>
          ))}
        </div>
      ) : null}
      {Object.keys(contactIds).length ? (
        <ul aria-label="Contacts attending" className="flex flex-wrap gap-1.5">
          {Object.entries(contactIds).map(([id, name]) => (
            <li key={id} className="inline-flex items-center gap-1 rounded-md bg-surface px-2 py-1 text-[13px]">
              {name}
              <button
                type="button"
                aria-label={`Remove ${name}`}
                onClick={() => setContactIds((current) => Object.fromEntries(Object.entries(current).filter(([key]) => key !== id)))}
                className="cursor-pointer text-ink-muted hover:text-ink"
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

type Value = [string, (value: string) => void];
type FieldErrors = Record<string, string | undefined>;

/** A call's outcome, duration (minutes) and time: logging a call and editing one. */
export function CallFields({ outcome, minutes, when, errors, whenHint }: { outcome: Value; minutes: Value; when: Value; errors: FieldErrors; whenHint?: string }) {
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      <Field label="Outcome" error={errors.outcome}>
        <Select options={CALL_OUTCOMES} value={outcome[0]} onValueChange={outcome[1]} />
      </Field>
      <Field label="Duration (minutes)" error={errors.durationSeconds}>
        <Input inputMode="decimal" value={minutes[0]} onChange={(event) => minutes[1](event.target.value)} placeholder="5" />
      </Field>
      <Field label="When" hint={whenHint} error={errors.occurredAt}>
        <Input type="datetime-local" value={when[0]} onChange={(event) => when[1](event.target.value)} />
      </Field>
    </div>
  );
}

/** A meeting's title and times: logging a meeting and editing one. */
export function MeetingFields({ titleLabel, title, starts, ends, errors }: { titleLabel: string; title: Value; starts: Value; ends: Value; errors: FieldErrors }) {
  return (
    <>
      <Field label={titleLabel} error={errors.title}>
        <Input value={title[0]} onChange={(event) => title[1](event.target.value)} placeholder="Quarterly review" autoComplete="off" />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Starts" error={errors.startsAt}>
          <Input type="datetime-local" value={starts[0]} onChange={(event) => starts[1](event.target.value)} required />
        </Field>
        <Field label="Ends" error={errors.endsAt}>
          <Input type="datetime-local" value={ends[0]} onChange={(event) => ends[1](event.target.value)} />
        </Field>
      </div>
    </>
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

export function CallEdit({ entry, onDone }: { entry: TimelineEntryFragment; onDone: () => void }) {
  const [outcome, setOutcome] = useState<string>(entry.callOutcome ?? "CONNECTED");
  const [duration, setDuration] = useState(entry.durationSeconds ? String(Math.round((entry.durationSeconds / 60) * 100) / 100) : "");
  const [when, setWhen] = useState(toLocal(entry.occurredAt));
  const [notes, setNotes] = useState(entry.body ?? "");
  const { errors, take, formMessage } = useFormProblem();
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

  return (
    <form onSubmit={(event) => void save(event)} className="grid gap-3 rounded-lg border border-line bg-canvas p-3">
      <CallFields outcome={[outcome, setOutcome]} minutes={[duration, setDuration]} when={[when, setWhen]} errors={errors} />
      <MentionTextarea label="Edit the call notes" value={notes} onChange={setNotes} onSubmit={() => void save()} invalid={Boolean(errors.notes)} />
      <FieldError>{errors.notes}</FieldError>
      <FormError>{formMessage(["outcome", "durationSeconds", "occurredAt", "notes"])}</FormError>
      <EditActions label="Save call" saving={saving} disabled={false} onCancel={onDone} />
    </form>
  );
}

export function MeetingEdit({ entry, onDone }: { entry: TimelineEntryFragment; onDone: () => void }) {
  const [title, setTitle] = useState(entry.title ?? "");
  const [starts, setStarts] = useState(toLocal(entry.occurredAt));
  const [ends, setEnds] = useState(toLocal(entry.endsAt));
  const [notes, setNotes] = useState(entry.body ?? "");
  const attendingContacts = Object.fromEntries((entry.attendeeContacts ?? []).map((contact) => [contact.id, contact.name]));
  const attendingMembers = (entry.attendeeMembers ?? []).map((member) => member.id);
  const [contactIds, setContactIds] = useState<Record<string, string>>(attendingContacts);
  const [memberIds, setMemberIds] = useState<string[]>(attendingMembers);
  const { errors, take, formMessage } = useFormProblem();
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

  return (
    <form onSubmit={(event) => void save(event)} className="grid gap-3 rounded-lg border border-line bg-canvas p-3">
      <MeetingFields titleLabel="Meeting title" title={[title, setTitle]} starts={[starts, setStarts]} ends={[ends, setEnds]} errors={errors} />
      <AttendeePickers contacts={[contactIds, setContactIds]} members={[memberIds, setMemberIds]} />
      <MentionTextarea label="Edit the meeting notes" value={notes} onChange={setNotes} onSubmit={() => void save()} invalid={Boolean(errors.notes)} />
      <FieldError>{errors.notes}</FieldError>
      <FormError>{formMessage(["title", "startsAt", "endsAt", "notes"])}</FormError>
      <EditActions label="Save meeting" saving={saving} disabled={!title.trim() || !starts} onCancel={onDone} />
    </form>
  );
}
