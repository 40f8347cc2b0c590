// Custom field values as the api stores them (`customFields` JSON by key) ↔ what people read and type.
// Pure functions: unit-tested in custom-fields.test.ts.

import type { FieldType, SettingsFieldFragment } from "@/gql/graphql";
import { formatDate, formatMoney, toMicros } from "@/lib/format";

export type FieldDefinition = Omit<SettingsFieldFragment, "objectType" | "__typename">;

export interface MoneyValue {
  amountMicros: string;
  currency: string;
}

/** The value of `key` in a record's `customFields` JSON, or undefined. */
export function customValue(customFields: unknown, key: string): unknown {
  if (!customFields || typeof customFields !== "object") return undefined;
  return (customFields as Record<string, unknown>)[key];
}

export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
}

/** A CURRENCY value (the api may send amountMicros as a number or a string), or null. */
export function asMoney(value: unknown): MoneyValue | null {
  if (!value || typeof value !== "object") return null;
  const { amountMicros, currency } = value as Record<string, unknown>;
  if ((typeof amountMicros !== "string" && typeof amountMicros !== "number") || typeof currency !== "string") return null;
  return { amountMicros: String(amountMicros), currency };
}

/** "2026-11-26" (a DATE value or a deal's close date) → "26 Nov 2026", read as a calendar day. */
export function formatDay(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  if (!year || !month || !date) return day;
  return formatDate(new Date(year, month - 1, date).toISOString());
}

/** What a cell or a record page shows for a value; "" when empty. */
export function formatCustomValue(type: FieldType, value: unknown): string {
  if (isEmptyValue(value)) return "";
  switch (type) {
    case "BOOLEAN":
      return value === true ? "Yes" : value === false ? "No" : "";
    case "NUMBER":
      return typeof value === "number" ? value.toLocaleString("en-US", { maximumFractionDigits: 6 }) : String(value);
    case "DATE":
      return typeof value === "string" ? formatDay(value) : "";
    case "MULTI_SELECT":
      return Array.isArray(value) ? value.join(", ") : String(value);
    case "CURRENCY": {
      const money = asMoney(value);
      if (!money) return "";
      try {
        return formatMoney(money.amountMicros, money.currency);
      } catch {
        return `${money.amountMicros} ${money.currency}`;
      }
    }
    default:
      return String(value);
  }
}

/** The text a person edits for a text-like value (TEXT, NUMBER, URL, EMAIL, DATE). */
export function draftFromValue(value: unknown): string {
  if (isEmptyValue(value)) return "";
  return String(value);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** What a person typed for a text-like field → the api's value (null clears), or why it is not one. */
export function valueFromDraft(type: FieldType, draft: string): Parsed<unknown> {
  const text = draft.trim();
  if (text === "") return { ok: true, value: null };
  switch (type) {
    case "NUMBER": {
      const number = Number(text.replace(/[\s,_]/g, ""));
      return Number.isFinite(number) ? { ok: true, value: number } : { ok: false, error: "Enter a number, like 42 or 3.5." };
    }
    case "DATE":
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? { ok: true, value: text } : { ok: false, error: "Enter a date." };
    case "URL":
      return { ok: true, value: /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}` };
    default:
      return { ok: true, value: text };
  }
}

/** An amount typed by a person and a currency → a Money input, null when the amount is empty. */
export function moneyFromDraft(amount: string, currency: string): Parsed<MoneyValue | null> {
  if (amount.trim() === "") return { ok: true, value: null };
  const micros = toMicros(amount);
  if (micros === null) return { ok: false, error: "Enter an amount, like 12,500 or 99.90." };
  const code = currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return { ok: false, error: "Choose a currency." };
  return { ok: true, value: { amountMicros: micros, currency: code } };
}

/** Micros (integer string) → the decimal a person edits: "12500000000" → "12500". */
export function amountDraft(amountMicros: string): string {
  const micros = BigInt(amountMicros);
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const whole = abs / 1_000_000n;
  const fraction = (abs % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

export const CURRENCIES = ["USD", "EUR", "GBP", "CHF", "CAD", "AUD", "JPY", "SEK", "NOK", "DKK", "PLN", "INR", "BRL", "SGD"] as const;

/** True when two values are the same for saving purposes (no request when nothing changed). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isEmptyValue(a) && isEmptyValue(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}
