import type { CombinedError } from "urql";

/** A row of the editor: a key that stays with the row as it moves, and its text. */
export interface ReasonRow {
  key: number;
  text: string;
}

/** The api's answer to `setLostReasons` split by row: `["reasons", 2]` is the third row's, `["reasons"]` the list's. */
export interface ReasonErrors {
  rows: Record<number, string>;
  list: string | null;
}

export const NO_ERRORS: ReasonErrors = { rows: {}, list: null };

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The field errors of a refused `setLostReasons`, by row index (the shared `fieldKey` drops the index). */
export function reasonErrors(error: Pick<CombinedError, "graphQLErrors"> | undefined): ReasonErrors {
  const result: ReasonErrors = { rows: {}, list: null };
  for (const graphQLError of error?.graphQLErrors ?? []) {
    const list = graphQLError.extensions?.fieldErrors;
    if (!Array.isArray(list)) continue;
    for (const item of list as { path?: unknown; message?: unknown }[]) {
      if (!Array.isArray(item.path) || typeof item.message !== "string" || item.path[0] !== "reasons") continue;
      const index = item.path[1];
      if (typeof index === "number") result.rows[index] ??= capitalise(item.message);
      else result.list ??= capitalise(item.message);
    }
  }
  return result;
}

/** The list as it is sent: each row's text trimmed; blank rows are sent too, so the api names them. */
export function reasonsToSave(rows: readonly ReasonRow[]): string[] {
  return rows.map((row) => row.text.trim());
}

/** The same list moved: `from` to `to`, the others keeping their order (out of range: unchanged). */
export function move<T>(items: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= items.length || to >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item as T);
  return next;
}

/** Whether the rows differ from the saved list (text trimmed, order counts). */
export function isChanged(rows: readonly ReasonRow[], saved: readonly string[]): boolean {
  const current = reasonsToSave(rows);
  return current.length !== saved.length || current.some((text, index) => text !== saved[index]);
}
