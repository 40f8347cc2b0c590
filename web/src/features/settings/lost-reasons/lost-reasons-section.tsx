"use client";

import { Plus, X } from "lucide-react";
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useMutation, useQuery } from "urql";

import { MoveButtons } from "@/components/move-buttons";
import { Button } from "@/components/ui/button";
import { FieldError, FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { problemFromCombined } from "@/lib/api-errors";
import { SettingsSection } from "@/features/settings/section";
import { SetLostReasonsDocument, SettingsLostReasonsDocument } from "@/features/settings/documents";
import { NO_ERRORS, isChanged, move, reasonErrors, reasonsToSave, type ReasonErrors, type ReasonRow } from "@/features/settings/lost-reasons/logic";

const DESCRIPTION_MANAGER =
  "The reasons a rep chooses from when a deal moves to a Lost stage. Renaming or removing one here leaves the deals that already have it unchanged.";
const DESCRIPTION_READER = "The reasons a rep chooses from when a deal moves to a Lost stage. Only owners and admins can change them.";

/** The editor: the saved list as rows to rename, move and remove, a field to add one, then Save. */
function ReasonsEditor({ saved }: { saved: string[] }) {
  const toast = useToast();
  const nextKey = useRef(saved.length);
  const [rows, setRows] = useState<ReasonRow[]>(() => saved.map((text, key) => ({ key, text })));
  const [draft, setDraft] = useState("");
  const [errors, setErrors] = useState<ReasonErrors>(NO_ERRORS);
  const [formMessage, setFormMessage] = useState<string | null>(null);
  // The control to focus once the list has rendered again (a ref: it changes nothing on screen).
  const pendingFocus = useRef<string | null>(null);
  const setFocus = (target: string) => {
    pendingFocus.current = target;
  };
  const [{ fetching }, setLostReasons] = useMutation(SetLostReasonsDocument);
  const listRef = useRef<HTMLOListElement>(null);
  const newRef = useRef<HTMLInputElement>(null);
  const changed = isChanged(rows, saved);

  // Moving or removing a row re-renders the list: the focus follows the control that was used.
  useEffect(() => {
    const focus = pendingFocus.current;
    if (!focus) return;
    pendingFocus.current = null;
    const target = focus === "new" ? newRef.current : listRef.current?.querySelector<HTMLElement>(`[data-focus="${focus}"]:not(:disabled)`);
    target?.focus();
  });

  function clearErrors() {
    setErrors(NO_ERRORS);
    setFormMessage(null);
  }

  function add() {
    const text = draft.trim();
    if (!text) return;
    setRows((current) => [...current, { key: nextKey.current++, text }]);
    setDraft("");
    clearErrors();
  }

  function moveRow(index: number, to: number, control: "up" | "down") {
    const row = rows[index];
    if (!row) return;
    setRows(move(rows, index, to));
    clearErrors();
    // At the edge the arrow it was moved with is disabled: the other one takes the focus.
    const edge = (control === "up" && to === 0) || (control === "down" && to === rows.length - 1);
    setFocus(`${row.key}-${edge ? (control === "up" ? "down" : "up") : control}`);
  }

  function remove(index: number) {
    const next = rows[index + 1] ?? rows[index - 1];
    setRows(rows.filter((_, position) => position !== index));
    clearErrors();
    setFocus(next ? `${next.key}-text` : "new");
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const result = await setLostReasons({ reasons: reasonsToSave(rows) });
    if (result.error) {
      const byRow = reasonErrors(result.error);
      setErrors(byRow);
      const placed = Object.keys(byRow.rows).length > 0 || byRow.list !== null;
      setFormMessage(placed ? null : problemFromCombined(result.error).message);
      const first = rows[Number(Object.keys(byRow.rows)[0])];
      if (first) setFocus(`${first.key}-text`);
      return;
    }
    clearErrors();
    toast({ title: "Lost reasons saved", tone: "success" });
  }

  function addOnEnter(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") {
      event.preventDefault();
      add();
    }
  }

  return (
    <form onSubmit={save} noValidate aria-label="Lost reasons" className="grid gap-3">
      <FormError>{formMessage}</FormError>
      {rows.length === 0 ? (
        <p className="text-[13px] text-ink-muted">No reasons yet: a lost deal is asked for a reason in the rep&apos;s own words.</p>
      ) : (
        <ol ref={listRef} aria-label="Reasons" className="grid gap-2">
          {rows.map((row, index) => {
            const error = errors.rows[index];
            const errorId = `lost-reason-error-${row.key}`;
            const label = row.text.trim() || `reason ${index + 1}`;
            return (
              <li key={row.key} className="grid gap-1">
                <div className="flex items-center gap-1.5">
                  <span aria-hidden className="w-5 text-right text-[13px] text-ink-muted tabular-nums">
                    {index + 1}.
                  </span>
                  <Input
                    data-focus={`${row.key}-text`}
                    aria-label={`Reason ${index + 1}`}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? errorId : undefined}
                    value={row.text}
                    maxLength={200}
                    autoComplete="off"
                    onChange={(event) =>
                      setRows((current) => current.map((item) => (item.key === row.key ? { ...item, text: event.target.value } : item)))
                    }
                    className="min-w-0 flex-1"
                  />
                  <MoveButtons
                    label={label}
                    index={index}
                    count={rows.length}
                    focusKey={row.key}
                    onMove={(to, direction) => moveRow(index, to, direction)}
                  />
                  <Button type="button" variant="ghost" size="icon" aria-label={`Remove ${label}`} onClick={() => remove(index)}>
                    <X />
                  </Button>
                </div>
                <div className="pl-6.5">
                  <FieldError id={errorId}>{error}</FieldError>
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Input
          ref={newRef}
          aria-label="New reason"
          placeholder="New reason, e.g. Price"
          value={draft}
          maxLength={200}
          autoComplete="off"
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={addOnEnter}
          className="min-w-48 flex-1"
        />
        <Button type="button" onClick={add} disabled={!draft.trim()}>
          <Plus />
          Add reason
        </Button>
      </div>
      <FieldError>{errors.list}</FieldError>
      <div className="flex justify-end gap-2 border-t border-line pt-3">
        <Button
          type="button"
          variant="ghost"
          disabled={!changed || fetching}
          onClick={() => {
            setRows(saved.map((text) => ({ key: nextKey.current++, text })));
            clearErrors();
          }}
        >
          Discard changes
        </Button>
        <Button type="submit" variant="primary" loading={fetching} disabled={!changed}>
          Save reasons
        </Button>
      </div>
    </form>
  );
}

/** Settings → Pipelines, Lost reasons: admins edit the workspace's list; others read it. */
export function LostReasonsSection({ manager }: { manager: boolean }) {
  const [{ data, error, fetching }] = useQuery({ query: SettingsLostReasonsDocument });
  const reasons = data?.lostReasons;
  return (
    <SettingsSection title="Lost reasons" description={manager ? DESCRIPTION_MANAGER : DESCRIPTION_READER}>
      {error ? (
        <FormError>{problemFromCombined(error).message}</FormError>
      ) : !reasons && fetching ? (
        <div role="status" aria-busy="true" aria-label="Loading lost reasons" className="grid gap-2">
          <Skeleton className="h-8" />
          <Skeleton className="h-8" />
        </div>
      ) : !reasons ? null : manager ? (
        // A new saved list (here or from another admin) starts the editor again from it.
        <ReasonsEditor key={reasons.join("\n")} saved={reasons} />
      ) : reasons.length === 0 ? (
        <p className="text-[13px] text-ink-muted">No reasons yet: a lost deal is asked for a reason in the rep&apos;s own words.</p>
      ) : (
        <ol aria-label="Reasons" className="grid list-decimal gap-1 pl-5">
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ol>
      )}
    </SettingsSection>
  );
}
