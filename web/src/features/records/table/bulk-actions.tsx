"use client";

import { Trash2, X } from "lucide-react";
import { useState, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { Select, type SelectOption } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { plural } from "@/lib/format";

/** One field the bar sets on every selected row (owner, stage, a custom field): a choice → the update input. */
export interface BulkEdit {
  id: string;
  label: string;
  options: readonly SelectOption[];
  input: (value: string) => Record<string, unknown>;
}

/** What a bulk change (or its undo) answered: its id (to undo it), how many changed, or why none did. */
export interface BulkOutcome {
  id: string | null;
  updated: number;
  problem: string | null;
}

/**
 * The bar that appears over a table when rows are selected: how many (and "select all N that match"
 * when every loaded row is), a field to set on them all, Delete (asks first), Export, and clear the
 * selection. An edit and a delete are each one batched, all-or-nothing change; the toast after it offers
 * Undo, which undoes the whole change (`undoBulk`).
 */
export function BulkActions({
  selected,
  noun,
  nouns,
  remove: removeAll,
  undo,
  exporter,
  onClear,
  matching,
  allMatching = false,
  onSelectAllMatching,
  edits = [],
  update,
}: {
  selected: readonly { id: string; name: string }[];
  noun: string;
  nouns: string;
  /** Moves the selection to the trash in one change. */
  remove: () => Promise<BulkOutcome>;
  /** Undoes a bulk change by its id. */
  undo: (id: string) => Promise<BulkOutcome>;
  /** The Export button of the selection. */
  exporter?: ReactNode;
  onClear: () => void;
  /** How many rows match the list's filter (all pages). */
  matching?: number;
  /** Every row that matches is selected, loaded or not. */
  allMatching?: boolean;
  onSelectAllMatching?: () => void;
  edits?: readonly BulkEdit[];
  update?: (input: Record<string, unknown>) => Promise<BulkOutcome>;
}) {
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [editing, setEditing] = useState<string>("");
  if (selected.length === 0) return null;
  const count = allMatching && matching !== undefined ? matching : selected.length;
  const edit = edits.find((item) => item.id === editing);

  function offerUndo(id: string | null): { label: string; onClick: () => void } | undefined {
    if (!id) return undefined;
    return {
      label: "Undo",
      onClick: () => {
        void undo(id).then((outcome) => {
          if (outcome.problem) toast({ title: "Nothing was undone", description: outcome.problem, tone: "error" });
          else toast({ title: `${plural(outcome.updated, noun, nouns)} back as they were`, tone: "success" });
        });
      },
    };
  }

  async function apply(value: string) {
    if (!edit || !update) return;
    setBusy(true);
    const outcome = await update(edit.input(value));
    setBusy(false);
    setEditing("");
    if (outcome.problem) {
      toast({ title: `Nothing was changed`, description: outcome.problem, tone: "error" });
      return;
    }
    toast({
      title: `${plural(outcome.updated, noun, nouns)} updated`,
      description: `${edit.label} set on each.`,
      tone: "success",
      action: offerUndo(outcome.id),
    });
  }

  async function remove() {
    setBusy(true);
    const names = [...selected];
    const outcome = await removeAll();
    setBusy(false);
    if (outcome.problem) {
      setProblem(outcome.problem);
      return;
    }
    setConfirming(false);
    onClear();
    toast({
      title: outcome.updated === 1 && names.length === 1 ? `${names[0]!.name} deleted` : `${plural(outcome.updated, noun, nouns)} deleted`,
      tone: "neutral",
      action: offerUndo(outcome.id),
    });
  }

  return (
    <>
      <div
        role="region"
        aria-label="Selection"
        className="flex flex-wrap items-center gap-2 border-b border-accent/20 bg-accent-soft px-5 py-1.5 md:px-6"
      >
        <span className="font-medium text-accent tabular-nums">
          {allMatching ? `All ${plural(count, noun, nouns)} selected` : `${plural(count, noun, nouns)} selected`}
        </span>
        {!allMatching && onSelectAllMatching && matching !== undefined && matching > selected.length ? (
          <Button variant="ghost" size="sm" onClick={onSelectAllMatching}>
            Select all {plural(matching, noun, nouns)}
          </Button>
        ) : null}
        {update && edits.length ? (
          <>
            <Select
              aria-label="Change a field"
              placeholder="Change…"
              options={edits.map((item) => ({ value: item.id, label: item.label }))}
              value={editing}
              onValueChange={setEditing}
              className="h-7 w-32"
            />
            {edit ? (
              <Select
                aria-label={`New ${edit.label.toLowerCase()}`}
                placeholder={`Choose ${edit.label.toLowerCase()}`}
                options={edit.options}
                value=""
                disabled={busy}
                onValueChange={(value) => void apply(value)}
                className="h-7 w-44"
              />
            ) : null}
          </>
        ) : null}
        {exporter}
        <Button
          variant="ghost"
          size="sm"
          className="text-danger-strong hover:bg-danger-soft hover:text-danger-strong"
          onClick={() => {
            setProblem(null);
            setConfirming(true);
          }}
        >
          <Trash2 />
          Delete
        </Button>
        <Button variant="ghost" size="sm" onClick={onClear} className="ml-auto">
          <X />
          Clear selection
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Delete ${plural(count, noun, nouns)}?`}
        description={
          !allMatching && selected.length <= 3
            ? `${selected.map((item) => item.name).join(", ")} will move to the trash. You can undo right after.`
            : `They will move to the trash. You can undo right after.`
        }
        confirmLabel={`Delete ${plural(count, noun, nouns)}`}
        busy={busy}
        onConfirm={() => void remove()}
      >
        <FormError>{problem}</FormError>
      </ConfirmDialog>
    </>
  );
}
