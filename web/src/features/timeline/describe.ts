// Timeline changes in words: `{ jobTitle: { from: "CTO", to: "CEO" } }` → "Job title changed from CTO to CEO".
// Pure functions: unit-tested in describe.test.ts.

import type { FieldType } from "@/gql/graphql";
import { formatCustomValue, formatDay } from "@/features/records/custom-fields";
import { formatMoney } from "@/lib/format";

export type SubjectType = "contact" | "company" | "deal";

/** What the timeline knows to name things: custom field labels and types, member and company names by id. */
export interface DescribeContext {
  customFields: readonly { key: string; label: string; type: FieldType }[];
  memberName: (id: string) => string | undefined;
  companyName: (id: string) => string | undefined;
  stageName?: (id: string) => string | undefined;
  pipelineName?: (id: string) => string | undefined;
}

const LABELS: Record<string, string> = {
  firstName: "First name",
  lastName: "Last name",
  emails: "Emails",
  phones: "Phones",
  jobTitle: "Job title",
  companyId: "Company",
  ownerId: "Owner",
  name: "Name",
  domain: "Domain",
  industry: "Industry",
  employees: "Employees",
  amountMicros: "Amount",
  currency: "Currency",
  pipelineId: "Pipeline",
  stageId: "Stage",
  stage: "Stage",
  status: "Status",
  expectedCloseDate: "Expected close date",
};

/** A field without a label of its own, in words: `lostReason` → "Lost reason" (never the raw key). */
function humanize(field: string): string {
  const words = field.replace(/Id$/, "").replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

interface Change {
  from: unknown;
  to: unknown;
}

function asChange(value: unknown): Change | null {
  if (!value || typeof value !== "object" || !("to" in value)) return null;
  const { from, to } = value as { from?: unknown; to?: unknown };
  return { from: from ?? null, to: to ?? null };
}

function isObject(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
}

function money(micros: unknown, currency: unknown): string {
  if (micros === null || micros === undefined) return "";
  try {
    return typeof currency === "string" ? formatMoney(String(micros), currency) : String(micros);
  } catch {
    return String(micros);
  }
}

function plainValue(field: string, value: unknown, context: DescribeContext): string {
  if (isEmpty(value)) return "";
  switch (field) {
    case "ownerId":
      return context.memberName(String(value)) ?? "a former member";
    case "companyId":
      return context.companyName(String(value)) ?? "another company";
    case "stageId":
      return context.stageName?.(String(value)) ?? "another stage";
    case "pipelineId":
      return context.pipelineName?.(String(value)) ?? "another pipeline";
    case "expectedCloseDate":
      return typeof value === "string" ? formatDay(value) : String(value);
    case "status":
      return String(value).charAt(0) + String(value).slice(1).toLowerCase();
    default:
      return Array.isArray(value) ? value.join(", ") : String(value);
  }
}

/** "Job title changed from X to Y", "Job title set to Y", "Job title cleared (was X)". */
export function sentence(label: string, from: string, to: string): string {
  if (!from) return `${label} set to ${to}`;
  if (!to) return `${label} cleared (was ${from})`;
  return `${label} changed from ${from} to ${to}`;
}

/**
 * One sentence per changed field of an UPDATED (or STAGE_CHANGED) entry. Custom fields are named by
 * their label. `currency` is the record's current currency, for amounts whose currency did not change.
 */
export function describeChanges(changes: unknown, context: DescribeContext, currency?: string | null): string[] {
  if (!changes || typeof changes !== "object") return [];
  const record = changes as Record<string, unknown>;
  const lines: string[] = [];
  for (const [field, raw] of Object.entries(changes as Record<string, unknown>)) {
    const change = asChange(raw);
    if (!change) continue;
    if (field === "customFields") {
      lines.push(...describeCustomFields(change, context));
      continue;
    }
    if (field === "stage") {
      lines.push(`Moved from ${String(change.from ?? "no stage")} to ${String(change.to ?? "no stage")}`);
      continue;
    }
    if (field === "currency" && "amountMicros" in record) continue;
    if (field === "status" && "stage" in record) continue;
    if (field === "amountMicros") {
      const codes = asChange(record.currency);
      const from = money(change.from, codes ? codes.from : currency);
      const to = money(change.to, codes ? codes.to : currency);
      if (from !== to) lines.push(sentence("Amount", from, to));
      continue;
    }
    // Links to other records (a deal's contacts) read best as the entry's own summary.
    if (isObject(change.from) || isObject(change.to)) continue;
    const label = LABELS[field] ?? humanize(field);
    const from = plainValue(field, change.from, context);
    const to = plainValue(field, change.to, context);
    if (from === to) continue;
    lines.push(sentence(label, from, to));
  }
  return lines;
}

function describeCustomFields(change: Change, context: DescribeContext): string[] {
  const before = (change.from && typeof change.from === "object" ? change.from : {}) as Record<string, unknown>;
  const after = (change.to && typeof change.to === "object" ? change.to : {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const lines: string[] = [];
  for (const key of keys) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    const definition = context.customFields.find((item) => item.key === key);
    const label = definition?.label ?? key;
    const type = definition?.type ?? "TEXT";
    lines.push(sentence(label, formatCustomValue(type, before[key]), formatCustomValue(type, after[key])));
  }
  return lines;
}
