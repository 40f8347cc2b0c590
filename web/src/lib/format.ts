// Formatting helpers shared by every screen. Pure functions: unit-tested in format.test.ts.

const MICROS_PER_UNIT = 1_000_000n;

/** "Ada Lovelace" → "AL"; "ada@example.com" → "A". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  if (words.length === 1 || words[0]!.includes("@")) return words[0]!.charAt(0).toUpperCase();
  return (words[0]!.charAt(0) + words[words.length - 1]!.charAt(0)).toUpperCase();
}

/** Money from the api (`amountMicros` is an integer string) for people: "€12,500" / "$1,234.50". */
export function formatMoney(amountMicros: string, currency: string, locale = "en-US"): string {
  const micros = BigInt(amountMicros);
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const units = Number(abs / MICROS_PER_UNIT) + Number(abs % MICROS_PER_UNIT) / 1_000_000;
  const hasCents = abs % MICROS_PER_UNIT !== 0n;
  const text = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: hasCents ? 2 : 0,
    maximumFractionDigits: 2,
  }).format(negative ? -units : units);
  return text;
}

/** A decimal amount typed by a person ("12,500.5") → micros as an integer string, or null if not a number. */
export function toMicros(input: string): string | null {
  const cleaned = input.replace(/[\s,_]/g, "");
  if (!/^-?\d+(\.\d{1,6})?$/.test(cleaned)) return null;
  const negative = cleaned.startsWith("-");
  const [whole = "0", fraction = ""] = cleaned.replace("-", "").split(".");
  const micros = BigInt(whole) * MICROS_PER_UNIT + BigInt(fraction.padEnd(6, "0"));
  return (negative ? -micros : micros).toString();
}

/** "26 Nov 2026" in the user's locale. */
export function formatDate(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric" }).format(new Date(iso));
}

const DAY_MS = 24 * 3600 * 1000;

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/**
 * "3 hours ago", "yesterday", "2 days ago", "in 2 days", "just now".
 * Under a day the clock decides; from a day on, calendar days in the user's time zone do, so the text
 * agrees with the day headings beside it ("yesterday" is always the calendar day before today).
 */
export function formatRelative(iso: string, now: Date = new Date(), locale = "en"): string {
  const then = new Date(iso);
  const seconds = Math.round((then.getTime() - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const days = Math.round((startOfDay(then) - startOfDay(now)) / DAY_MS);
  if (Math.abs(seconds) < 24 * 3600 || days === 0) {
    if (Math.abs(seconds) >= 3600) return format.format(Math.trunc(seconds / 3600), "hour");
    if (Math.abs(seconds) >= 60) return format.format(Math.trunc(seconds / 60), "minute");
    return "just now";
  }
  if (Math.abs(days) < 7) return format.format(days, "day");
  const months = (then.getFullYear() - now.getFullYear()) * 12 + then.getMonth() - now.getMonth();
  if (Math.abs(days) < 30 || months === 0) return format.format(Math.trunc(days / 7), "week");
  if (Math.abs(months) < 12) return format.format(months, "month");
  return format.format(Math.trunc(months / 12), "year");
}

/** "1 contact" / "2 contacts". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}

/** Role enum → label: "OWNER" → "Owner". */
export function roleLabel(role: string): string {
  return role.charAt(0) + role.slice(1).toLowerCase();
}
