"use client";

import { Checkbox } from "@/components/ui/checkbox";
import { Field, FieldError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import {
  amountDraft,
  asMoney,
  customValue,
  CURRENCIES,
  draftFromValue,
  moneyFromDraft,
  valueFromDraft,
  type FieldDefinition,
} from "@/features/records/custom-fields";

// Custom fields in the create and edit side panels: drafts while typing, api values on submit.

export type CustomDraft = string | boolean | string[] | { amount: string; currency: string };
export type CustomDrafts = Record<string, CustomDraft>;

/** The drafts of a record's current values (empty for a new record). */
export function draftsFromValues(definitions: readonly FieldDefinition[], customFields: unknown): CustomDrafts {
  const drafts: CustomDrafts = {};
  for (const definition of definitions) {
    const value = customValue(customFields, definition.key);
    if (definition.type === "BOOLEAN") drafts[definition.key] = value === true;
    else if (definition.type === "MULTI_SELECT") drafts[definition.key] = Array.isArray(value) ? value.map(String) : [];
    else if (definition.type === "CURRENCY") {
      const money = asMoney(value);
      drafts[definition.key] = { amount: money ? amountDraft(money.amountMicros) : "", currency: money?.currency ?? "USD" };
    } else drafts[definition.key] = draftFromValue(value);
  }
  return drafts;
}

/**
 * Drafts → the `customFields` input, or the errors a person must fix first (by `customFields.<key>`).
 * `forCreate` leaves empty values out; an update sends them as null (which clears them).
 */
export function valuesFromDrafts(
  definitions: readonly FieldDefinition[],
  drafts: CustomDrafts,
  { forCreate }: { forCreate: boolean },
): { values: Record<string, unknown>; errors: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const definition of definitions) {
    const draft = drafts[definition.key];
    let value: unknown = null;
    if (definition.type === "BOOLEAN") value = draft === true ? true : forCreate ? null : false;
    else if (definition.type === "MULTI_SELECT") value = Array.isArray(draft) && draft.length ? draft : null;
    else if (definition.type === "CURRENCY") {
      const money = draft && typeof draft === "object" && !Array.isArray(draft) ? draft : { amount: "", currency: "USD" };
      const parsed = moneyFromDraft(money.amount, money.currency);
      if (!parsed.ok) errors[`customFields.${definition.key}`] = parsed.error;
      else value = parsed.value;
    } else if (definition.type === "SELECT") value = typeof draft === "string" && draft ? draft : null;
    else {
      const parsed = valueFromDraft(definition.type, typeof draft === "string" ? draft : "");
      if (!parsed.ok) errors[`customFields.${definition.key}`] = parsed.error;
      else value = parsed.value;
    }
    if (value === null && forCreate) continue;
    values[definition.key] = value;
  }
  return { values, errors };
}

const NONE = "__none";
const INPUT_TYPE = { TEXT: "text", NUMBER: "text", DATE: "date", URL: "url", EMAIL: "email" } as const;

/** One labelled control per custom field, with the api's message under each. */
export function CustomFieldInputs({
  definitions,
  drafts,
  onChange,
  errors,
}: {
  definitions: readonly FieldDefinition[];
  drafts: CustomDrafts;
  onChange: (key: string, draft: CustomDraft) => void;
  errors: Record<string, string>;
}) {
  if (definitions.length === 0) return null;
  return (
    <fieldset className="grid gap-4 border-t border-line pt-4">
      <legend className="sr-only">Custom fields</legend>
      <p aria-hidden className="-mb-1 text-xs font-semibold tracking-wide text-ink-muted uppercase">
        Custom fields
      </p>
      {definitions.map((definition) => {
        const label = definition.required ? `${definition.label} *` : definition.label;
        const error = errors[`customFields.${definition.key}`];
        const draft = drafts[definition.key];
        switch (definition.type) {
          case "BOOLEAN":
            return (
              <div key={definition.key} className="grid gap-1.5">
                <div className="flex items-center gap-2">
                  <Checkbox
                    id={`custom-${definition.key}`}
                    checked={draft === true}
                    onCheckedChange={(checked) => onChange(definition.key, checked === true)}
                    aria-invalid={error ? true : undefined}
                  />
                  <Label htmlFor={`custom-${definition.key}`}>{label}</Label>
                </div>
                <FieldError>{error}</FieldError>
              </div>
            );
          case "SELECT":
            return (
              <Field key={definition.key} label={label} error={error}>
                <Select
                  options={[{ value: NONE, label: "None" }, ...(definition.options ?? []).map((option) => ({ value: option, label: option }))]}
                  value={typeof draft === "string" && draft ? draft : NONE}
                  onValueChange={(value) => onChange(definition.key, value === NONE ? "" : value)}
                />
              </Field>
            );
          case "MULTI_SELECT": {
            const chosen = Array.isArray(draft) ? draft : [];
            return (
              <fieldset key={definition.key} className="grid gap-1.5">
                <legend className="mb-1.5 text-[13px] font-medium">{label}</legend>
                <div className="flex flex-wrap gap-x-4 gap-y-1.5">
                  {(definition.options ?? []).map((option) => (
                    <label key={option} className="flex cursor-pointer items-center gap-2">
                      <Checkbox
                        checked={chosen.includes(option)}
                        onCheckedChange={(checked) =>
                          onChange(definition.key, checked === true ? [...chosen, option] : chosen.filter((item) => item !== option))
                        }
                      />
                      {option}
                    </label>
                  ))}
                </div>
                <FieldError>{error}</FieldError>
              </fieldset>
            );
          }
          case "CURRENCY": {
            const money = draft && typeof draft === "object" && !Array.isArray(draft) ? draft : { amount: "", currency: "USD" };
            return (
              <div key={definition.key} className="grid grid-cols-[1fr_6rem] items-end gap-2">
                <Field label={label} error={error}>
                  <Input
                    inputMode="decimal"
                    value={money.amount}
                    onChange={(event) => onChange(definition.key, { ...money, amount: event.target.value })}
                    autoComplete="off"
                  />
                </Field>
                <Field label={`${definition.label} currency`} className="[&>label]:sr-only">
                  <Select
                    options={[...new Set([money.currency, ...CURRENCIES])].map((code) => ({ value: code, label: code }))}
                    value={money.currency}
                    onValueChange={(currency) => onChange(definition.key, { ...money, currency })}
                  />
                </Field>
              </div>
            );
          }
          default:
            return (
              <Field key={definition.key} label={label} error={error}>
                <Input
                  type={INPUT_TYPE[definition.type]}
                  inputMode={definition.type === "NUMBER" ? "decimal" : undefined}
                  value={typeof draft === "string" ? draft : ""}
                  onChange={(event) => onChange(definition.key, event.target.value)}
                  autoComplete="off"
                />
              </Field>
            );
        }
      })}
    </fieldset>
  );
}
