"use client";

import { Trash2, X } from "lucide-react";
import { useState } from "react";

import { Button, ConfirmDialog, FormError, useToast } from "@/components/ui";
import { plural } from "@/lib/format";
import type { ApiProblem } from "@/lib/api-errors";

/**
 * The bar that appears over a table when rows are selected: how many, Delete (asks first; a toast
 * offers Undo, which restores them all) and clear the selection.
 */
export function BulkActions({
  selected,
  noun,
  nouns,
  deleteOne,
  restoreOne,
  onClear,
}: {
  selected: readonly { id: string; name: string }[];
  noun: string;
  nouns: string;
  deleteOne: (id: string) => Promise<ApiProblem | null>;
  restoreOne: (id: string) => Promise<ApiProblem | null>;
  onClear: () => void;
}) {
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  if (selected.length === 0) return null;

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
        className="flex items-center gap-2 border-b border-accent/20 bg-accent-soft px-5 py-1.5 md:px-6"
      >
        <span className="font-medium text-accent tabular-nums">{plural(selected.length, noun, nouns)} selected</span>
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
