// The filter bar of the contacts and companies tables: conditions a person builds → the api's filter input.
// Pure functions: unit-tested in filters.test.ts.

import type { FieldType } from "@/gql/graphql";
import type { FieldDefinition } from "@/features/records/custom-fields";
import { toMicros } from "@/lib/format";

export type FilterKind = "text" | "company" | "member" | "date" | "number" | "currency" | "select" | "multiselect" | "boolean";

/** A field people can filter on: a built-in one (`apiField`) or a custom field (`customKey`). */
export interface FilterField {
  id: string;
  label: string;
  kind: FilterKind;
  apiField?: string;
  customKey?: string;
  options?: readonly string[];
  /** A built-in select's choices, an id each (a deal's stage). */
  choices?: readonly { value: string; label: string }[];
}

/** The built-in filters the record tables share (contacts, companies, deals), each defined once. */
export const RECORD_FILTERS = {
  name: { id: "name", label: "Name", kind: "text", apiField: "name" },
  company: { id: "company", label: "Company", kind: "company", apiField: "companyId" },
  owner: { id: "owner", label: "Owner", kind: "member", apiField: "ownerId" },
  createdAt: { id: "createdAt", label: "Created", kind: "date", apiField: "createdAt" },
} as const satisfies Record<string, FilterField>;

export interface FilterCondition {
  /** Unique within the bar. */
  id: string;
  field: string;
  operator: string;
  value: string;
  /** What the value reads as when it is an id (a company's name). */
  valueLabel?: string;
}

/** How an amount (a number, a sum of money) compares. */
const COMPARISONS = [
  { value: "eq", label: "=" },
  { value: "gt", label: ">" },
  { value: "lt", label: "<" },
] as const;

export const OPERATORS: Record<FilterKind, readonly { value: string; label: string }[]> = {
  text: [
    { value: "contains", label: "contains" },
    { value: "is", label: "is" },
    { value: "empty", label: "is empty" },
  ],
  company: [{ value: "is", label: "is" }, { value: "empty", label: "is empty" }],
  member: [{ value: "is", label: "is" }],
  date: [
    { value: "after", label: "on or after" },
    { value: "before", label: "before" },
  ],
  number: COMPARISONS,
  currency: COMPARISONS,
  select: [{ value: "is", label: "is" }],
  multiselect: [{ value: "is", label: "has" }],
  boolean: [{ value: "is", label: "is" }],
};

const KIND_OF_TYPE: Record<FieldType, FilterKind> = {
  TEXT: "text",
  URL: "text",
  EMAIL: "text",
  NUMBER: "number",
  CURRENCY: "currency",
  DATE: "date",
  BOOLEAN: "boolean",
  SELECT: "select",
  MULTI_SELECT: "multiselect",
};

/** The filterable custom fields of an object type. */
export function customFilterFields(definitions: readonly FieldDefinition[]): FilterField[] {
  return definitions.map((definition) => ({
    id: `custom:${definition.key}`,
    label: definition.label,
    kind: KIND_OF_TYPE[definition.type],
    customKey: definition.key,
    options: definition.options ?? [],
  }));
}

/** Local midnight of a YYYY-MM-DD day, as an ISO instant. */
function startOfDay(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(year!, month! - 1, date!).toISOString();
}

type Json = Record<string, unknown>;

function textCondition(operator: string, value: string): Json | null {
  if (operator === "empty") return { isNull: true };
  if (!value.trim()) return null;
  return operator === "is" ? { eq: value.trim() } : { contains: value.trim() };
}

/** One condition → one api filter, or null while it is incomplete (an empty value). */
export function conditionFilter(field: FilterField, condition: FilterCondition): Json | null {
  const { operator, value } = condition;
  const custom = field.customKey;
  switch (field.kind) {
    case "text": {
      const filter = textCondition(operator, value);
      if (!filter) return null;
      return custom ? { customField: { key: custom, string: filter } } : { [field.apiField!]: filter };
    }
    case "company":
    case "member":
      if (operator === "empty") return { [field.apiField!]: { isNull: true } };
      return value ? { [field.apiField!]: { eq: value } } : null;
    case "date": {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
      const bound = custom ? `${value}T00:00:00+00:00` : startOfDay(value);
      const filter = operator === "before" ? { lt: bound } : { gte: bound };
      return custom ? { customField: { key: custom, date: filter } } : { [field.apiField!]: filter };
    }
    case "number":
    case "currency": {
      const text = value.replace(/[\s,_]/g, "");
      if (text === "" || !Number.isFinite(Number(text))) return null;
      const number = field.kind === "currency" ? Number(toMicros(text) ?? Number.NaN) : Number(text);
      if (!Number.isFinite(number)) return null;
      const op = operator === "gt" || operator === "lt" ? operator : "eq";
      return { customField: { key: custom, number: { [op]: number } } };
    }
    case "select":
    case "multiselect":
      if (!custom) return value ? { [field.apiField!]: { eq: value } } : null;
      return value ? { customField: { key: custom, string: { eq: value } } } : null;
    case "boolean":
      return value === "yes" || value === "no" ? { customField: { key: custom, bool: value === "yes" } } : null;
  }
}

/** Every complete condition AND the quick search → the api's filter, or null when nothing narrows. */
export function buildFilter(fields: readonly FilterField[], conditions: readonly FilterCondition[], search: Json | null): Json | null {
  const parts: Json[] = search ? [search] : [];
  for (const condition of conditions) {
    const field = fields.find((item) => item.id === condition.field);
    if (!field) continue;
    const filter = conditionFilter(field, condition);
    if (filter) parts.push(filter);
  }
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : { and: parts };
}

/** A new condition for a field with its first operator. */
export function newCondition(field: FilterField): FilterCondition {
  return {
    id: `${field.id}-${Math.random().toString(36).slice(2, 8)}`,
    field: field.id,
    operator: OPERATORS[field.kind][0]!.value,
    value: field.kind === "boolean" ? "yes" : "",
  };
}
