"use client";

import { GripVertical } from "lucide-react";
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useState, type KeyboardEvent } from "react";
import { useMutation } from "urql";

import { MoveButtons } from "@/components/move-buttons";
import { TrashButton } from "@/components/trash-button";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useToast } from "@/components/ui/toast";
import type { SettingsStageFragment, StageInput, StageKind } from "@/gql/graphql";
import { problemFromCombined } from "@/lib/api-errors";
import { cn } from "@/lib/cn";
import { plural } from "@/lib/format";
import { UpdateStageDocument } from "@/features/settings/documents";

const KIND_OPTIONS: { value: StageKind; label: string }[] = [
  { value: "OPEN", label: "Open" },
  { value: "WON", label: "Won" },
  { value: "LOST", label: "Lost" },
];

export function kindBadge(kind: StageKind) {
  if (kind === "WON") return <Badge tone="success">Won</Badge>;
  if (kind === "LOST") return <Badge tone="danger">Lost</Badge>;
  return <Badge>Open</Badge>;
}

/** "25" for 0.25; probabilities show as whole percentages. */
export function percent(probability: number): string {
  return String(Math.round(probability * 100));
}

/**
 * A text input that saves on Enter or when it loses focus, and goes back to the saved value on Escape.
 * `save` answers an error message, or null when it worked.
 */
function InlineInput({
  value,
  save,
  label,
  className,
  inputMode,
  suffix,
}: {
  value: string;
  save: (next: string) => Promise<string | null>;
  label: string;
  className?: string;
  inputMode?: "decimal" | "numeric";
  suffix?: string;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A saved draft stays on screen until the list comes back with the new value.
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setDraft(null);
  }
  const shown = draft ?? value;

  async function commit() {
    if (draft === null || draft.trim() === value) {
      setDraft(null);
      return;
    }
    const problem = await save(draft.trim());
    setError(problem);
  }

  function keyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") {
      event.preventDefault();
      void commit();
    } else if (event.key === "Escape" && draft !== null) {
      event.preventDefault();
      setDraft(null);
      setError(null);
    }
  }

  return (
    <div className={cn("relative", className)}>
      <Input
        aria-label={label}
        value={shown}
        inputMode={inputMode}
        aria-invalid={error ? true : undefined}
        title={error ?? undefined}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => void commit()}
        onKeyDown={keyDown}
        className={cn(
          "h-7 border-transparent bg-transparent shadow-none hover:border-line focus-visible:bg-canvas",
          error && "border-danger",
          suffix && "pr-6",
        )}
      />
      {suffix ? (
        <span className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 text-[13px] text-ink-faint">{suffix}</span>
      ) : null}
      {error ? (
        <p role="alert" className="mt-1 text-[12px] text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** One stage of a pipeline: editable in place by admins, read-only otherwise. */
export function StageRow({
  stage,
  index,
  total,
  manager,
  onMove,
  onDelete,
}: {
  stage: SettingsStageFragment;
  index: number;
  total: number;
  manager: boolean;
  onMove: (from: number, to: number) => void;
  onDelete: (stage: SettingsStageFragment) => void;
}) {
  const toast = useToast();
  const [, updateStage] = useMutation(UpdateStageDocument);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: stage.id,
    disabled: !manager,
  });

  async function update(input: StageInput, field: "name" | "probability" | "kind"): Promise<string | null> {
    const result = await updateStage({ id: stage.id, input });
    if (!result.error) return null;
    const problem = problemFromCombined(result.error);
    return problem.fieldErrors[field] ?? problem.message;
  }

  async function saveProbability(text: string): Promise<string | null> {
    const value = Number(text.replace("%", "").replace(",", "."));
    if (text === "" || !Number.isFinite(value) || value < 0 || value > 100) return "Enter a percentage from 0 to 100";
    return update({ probability: Math.round(value * 100) / 10000 }, "probability");
  }

  async function changeKind(kind: string) {
    const problem = await update({ kind: kind as StageKind }, "kind");
    if (problem) toast({ title: "Stage not changed", description: problem, tone: "error" });
  }

  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      data-testid="stage-row"
      className={cn(
        "flex flex-wrap items-start gap-2 border-b border-line bg-canvas px-3 py-2 last:border-b-0 sm:flex-nowrap sm:items-center",
        isDragging && "relative z-10 shadow-pop",
      )}
    >
      {manager ? (
        <>
          <button
            type="button"
            ref={setActivatorNodeRef}
            {...attributes}
            {...listeners}
            aria-label={`Drag ${stage.name}`}
            className="mt-1 cursor-grab rounded p-0.5 text-ink-faint hover:bg-subtle hover:text-ink active:cursor-grabbing sm:mt-0"
          >
            <GripVertical className="size-4" />
          </button>
          <InlineInput
            label={`Name of ${stage.name}`}
            value={stage.name}
            save={(name) => update({ name }, "name")}
            className="min-w-40 flex-1"
          />
          <InlineInput
            label={`Win probability of ${stage.name} (%)`}
            value={percent(stage.probability)}
            save={saveProbability}
            inputMode="decimal"
            suffix="%"
            className="w-20"
          />
          <Select
            aria-label={`Kind of ${stage.name}`}
            options={KIND_OPTIONS}
            value={stage.kind}
            onValueChange={(kind) => void changeKind(kind)}
            className="h-7 w-24 max-sm:ml-7"
          />
          <span className="hidden w-20 text-right text-[13px] text-ink-muted tabular-nums sm:inline">
            {plural(stage.dealCount, "deal")}
          </span>
          <div className="ml-auto flex items-center">
            <MoveButtons label={stage.name} index={index} count={total} onMove={(to) => onMove(index, to)} className="size-7" />
            <TrashButton label={`Delete ${stage.name}`} className="size-7 hover:text-danger" onClick={() => onDelete(stage)} />
          </div>
        </>
      ) : (
        <>
          <span className="w-6 text-right text-[13px] text-ink-faint tabular-nums">{index + 1}</span>
          <span className="min-w-0 flex-1 truncate font-medium">{stage.name}</span>
          {kindBadge(stage.kind)}
          <span className="w-14 text-right text-[13px] text-ink-muted tabular-nums">{percent(stage.probability)}%</span>
          <span className="w-20 text-right text-[13px] text-ink-muted tabular-nums">{plural(stage.dealCount, "deal")}</span>
        </>
      )}
    </li>
  );
}
