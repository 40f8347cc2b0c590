"use client";

import { Trash2, X } from "lucide-react";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { Select, type SelectOption } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import { plural } from "@/lib/format";
import type { ApiProblem } from "@/lib/api-errors";

/** One field the bar sets on every selected row (owner, stage, a custom field): a choice → the update input. */
export interface BulkEdit {
  id: string;
  label: string;
  options: readonly SelectOption[];
  input: (value: string) => Record<string, unknown>;
}

/** What a bulk update answered: how many changed, or why none did. */
export interface BulkOutcome {
  updated: number;
  problem: string | null;
}

/**
 * The bar that appears over a table when rows are selected: how many (and "select all N that match"
 * when every loaded row is), a field to set on them all (one batched, all-or-nothing update), Delete
 * (asks first; a toast offers Undo, which restores them all) and clear the selection.
 */
export function BulkActions({
  selected,
  noun,
  nouns,
  deleteOne,
  restoreOne,
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
  deleteOne: (id: string) => Promise<ApiProblem | null>;
  restoreOne: (id: string) => Promise<ApiProblem | null>;
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
    toast({ title: `${plural(outcome.updated, noun, nouns)} updated`, description: `${edit.label} set on each.`, tone: "success" });
  }

  async function remove() {
    setBusy(true);
    const targets = [...selected];
    const outcomes = await Promise.all(targets.map(async (item) => ({ item, problem: await deleteOne(item.id) })));
    setBusy(false);
    const deleted = outcomes.filter((outcome) => !outcome.problem).map((outcome) => outcome.item);
    const failed = outcomes.filter((outcome) => outcome.problem);
    if (deleted.length === 0) {
      setProblem(failed[0]?.problem?.message ?? "Nothing was deleted.");
      return;
    }
    setConfirming(false);
    onClear();
    toast({
      title: deleted.length === 1 ? `${deleted[0]!.name} deleted` : `${plural(deleted.length, noun, nouns)} deleted`,
      description: failed.length ? `${plural(failed.length, noun, nouns)} could not be deleted: ${failed[0]!.problem!.message}` : undefined,
      tone: "neutral",
      action: {
        label: "Undo",
        onClick: () => {
          void Promise.all(deleted.map((item) => restoreOne(item.id))).then((problems) => {
            const left = problems.filter(Boolean);
            if (left.length)
              toast({ title: `${plural(left.length, noun, nouns)} could not be restored`, description: left[0]!.message, tone: "error" });
            else toast({ title: `${plural(deleted.length, noun, nouns)} restored`, tone: "success" });
          });
        },
      },
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
        {allMatching ? null : (
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
        )}
        <Button variant="ghost" size="sm" onClick={onClear} className="ml-auto">
          <X />
          Clear selection
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Delete ${plural(selected.length, noun, nouns)}?`}
        description={
          selected.length <= 3
            ? `${selected.map((item) => item.name).join(", ")} will move to the trash. You can undo right after.`
            : `They will move to the trash. You can undo right after.`
        }
        confirmLabel={`Delete ${plural(selected.length, noun, nouns)}`}
        busy={busy}
        onConfirm={() => void remove()}
      >
        <FormError>{problem}</FormError>
      </ConfirmDialog>
    </>
  );
}
