"use client";

import { ListFilter, X } from "lucide-react";
import type { ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { type SelectOption } from "@/components/ui/select";
import { CompanyCombobox } from "@/features/companies/company-combobox";
import { newCondition, OPERATORS, type FilterCondition, type FilterField } from "@/features/records/filters";

const CHIP_CONTROL =
  "h-full min-w-0 cursor-pointer bg-transparent px-1.5 text-[13px] text-ink outline-none hover:bg-subtle focus-visible:bg-subtle";

/** The "Filter" button: adds a condition on a field (built-in ones, then custom fields). */
export function AddFilterButton({
  fields,
  onAdd,
}: {
  fields: readonly FilterField[];
  onAdd: (condition: FilterCondition) => void;
}) {
  const builtIn = fields.filter((field) => !field.customKey);
  const custom = fields.filter((field) => field.customKey);
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button>
          <ListFilter />
          Filter
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="max-h-96 overflow-y-auto">
        <DropdownMenuLabel>Filter by</DropdownMenuLabel>
        {builtIn.map((field) => (
          <DropdownMenuItem key={field.id} onSelect={() => onAdd(newCondition(field))}>
            {field.label}
          </DropdownMenuItem>
        ))}
        {custom.length ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuLabel>Custom fields</DropdownMenuLabel>
            {custom.map((field) => (
              <DropdownMenuItem key={field.id} onSelect={() => onAdd(newCondition(field))}>
                {field.label}
              </DropdownMenuItem>
            ))}
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/** The conditions as chips: field, operator, value and a remove button; all of them must hold (AND). */
export function FilterChips({
  fields,
  conditions,
  onChange,
  members,
  focusId,
}: {
  fields: readonly FilterField[];
  conditions: readonly FilterCondition[];
  onChange: (next: FilterCondition[]) => void;
  members: readonly SelectOption[];
  /** The condition just added: its value takes the focus. */
  focusId?: string | null;
}) {
  if (conditions.length === 0) return null;
  const update = (id: string, patch: Partial<FilterCondition>) =>
    onChange(conditions.map((condition) => (condition.id === id ? { ...condition, ...patch } : condition)));
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      {conditions.map((condition) => {
        const field = fields.find((item) => item.id === condition.field);
        if (!field) return null;
        const operators = OPERATORS[field.kind];
        return (
          <div
            key={condition.id}
            role="group"
            aria-label={`Filter: ${field.label}`}
            className="inline-flex h-8 items-stretch overflow-hidden rounded-md border border-line bg-canvas shadow-xs"
          >
            <span className="flex items-center bg-surface px-2 text-[13px] font-medium text-ink-muted">{field.label}</span>
            {operators.length > 1 ? (
              <select
                aria-label={`${field.label} condition`}
                value={condition.operator}
                onChange={(event) => update(condition.id, { operator: event.target.value })}
                className={`${CHIP_CONTROL} border-l border-line text-ink-muted`}
              >
                {operators.map((operator) => (
                  <option key={operator.value} value={operator.value}>
                    {operator.label}
                  </option>
                ))}
              </select>
            ) : (
              <span className="flex items-center border-l border-line px-1.5 text-[13px] text-ink-muted">{operators[0]?.label}</span>
            )}
            {condition.operator === "empty" ? null : (
              <div className="flex items-stretch border-l border-line">
                <ValueEditor
                  field={field}
                  condition={condition}
                  members={members}
                  autoFocus={condition.id === focusId}
                  onChange={(patch) => update(condition.id, patch)}
                />
              </div>
            )}
            <button
              type="button"
              aria-label={`Remove ${field.label} filter`}
              onClick={() => onChange(conditions.filter((item) => item.id !== condition.id))}
              className="flex items-center border-l border-line px-1.5 text-ink-faint hover:bg-subtle hover:text-ink"
            >
              <X className="size-3.5" />
            </button>
          </div>
        );
      })}
      {conditions.length > 1 ? (
        <Button variant="ghost" size="sm" onClick={() => onChange([])}>
          Clear filters
        </Button>
      ) : null}
    </div>
  );
}

function ValueEditor({
  field,
  condition,
  members,
  autoFocus,
  onChange,
}: {
  field: FilterField;
  condition: FilterCondition;
  members: readonly SelectOption[];
  autoFocus: boolean;
  onChange: (patch: Partial<FilterCondition>) => void;
}): ReactNode {
  const label = `${field.label} value`;
  const choose = (options: readonly SelectOption[], placeholder: string) => (
    <select
      autoFocus={autoFocus}
      aria-label={label}
      value={condition.value}
      onChange={(event) => onChange({ value: event.target.value })}
      className={`${CHIP_CONTROL} max-w-44`}
    >
      <option value="" disabled>
        {placeholder}
      </option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
  switch (field.kind) {
    case "company":
      return (
        <CompanyCombobox
          variant="inline"
          // The name starts with what the button shows (WCAG 2.5.3): "Company value: Babbage Ltd".
          aria-label={`${label}: ${condition.value ? (condition.valueLabel ?? "…") : "Choose a company"}`}
          className="mx-0 h-full w-auto max-w-48 rounded-none px-2 text-[13px]"
          value={condition.value ? { id: condition.value, name: condition.valueLabel ?? "…" } : null}
          onChange={(company) => onChange({ value: company?.id ?? "", valueLabel: company?.name })}
          placeholder="Choose a company"
          clearLabel="Any company"
        />
      );
    case "member":
      return choose(members, "Choose someone");
    case "select":
    case "multiselect":
      return choose(field.choices ?? (field.options ?? []).map((option) => ({ value: option, label: option })), "Choose");
    case "boolean":
      return choose(
        [
          { value: "yes", label: "Yes" },
          { value: "no", label: "No" },
        ],
        "Choose",
      );
    case "date":
      return (
        <input
          autoFocus={autoFocus}
          type="date"
          aria-label={label}
          value={condition.value}
          onChange={(event) => onChange({ value: event.target.value })}
          className={`${CHIP_CONTROL} w-36`}
        />
      );
    default:
      return (
        <input
          autoFocus={autoFocus}
          type="text"
          inputMode={field.kind === "number" || field.kind === "currency" ? "decimal" : undefined}
          aria-label={label}
          value={condition.value}
          placeholder={field.kind === "text" ? "Type…" : "0"}
          onChange={(event) => onChange({ value: event.target.value })}
          className={`${CHIP_CONTROL} w-32 cursor-text placeholder:text-ink-faint`}
        />
      );
  }
}
