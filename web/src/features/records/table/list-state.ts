// A records table's state in its URL (so Back restores it and a link shares it) and in a saved view.
// Pure functions: unit-tested in list-state.test.ts.

import type { SortingState } from "@tanstack/react-table";

import type { FilterCondition } from "@/features/records/filters";

export interface ListState {
  search: string;
  filters: FilterCondition[];
  sort: SortingState;
  /** The visible columns, or null for the ones this browser remembers. */
  columns: string[] | null;
}

/** The query parameters a list owns; any other (the deals page's `pipeline`) is left alone. */
export const LIST_PARAMS = ["q", "filters", "sort", "columns", "view"] as const;

function isCondition(value: unknown): value is FilterCondition {
  if (!value || typeof value !== "object") return false;
  const item = value as Record<string, unknown>;
  return ["id", "field", "operator", "value"].every((key) => typeof item[key] === "string");
}

/** "-createdAt" → [{ id: "createdAt", desc: true }]. */
export function parseSort(raw: string | null, fallback: SortingState): SortingState {
  if (!raw || !/^-?[\w:.-]+$/.test(raw)) return fallback;
  return raw.startsWith("-") ? [{ id: raw.slice(1), desc: true }] : [{ id: raw, desc: false }];
}

export function sortParam(sort: SortingState): string | null {
  const first = sort[0];
  return first ? `${first.desc ? "-" : ""}${first.id}` : null;
}

/** The list state a URL's parameters say, with `fallbackSort` when they say none. Bad values are ignored. */
export function decodeListState(params: URLSearchParams, fallbackSort: SortingState): ListState {
  let filters: FilterCondition[] = [];
  try {
    const value: unknown = JSON.parse(params.get("filters") ?? "[]");
    if (Array.isArray(value)) filters = value.filter(isCondition);
  } catch {
    filters = [];
  }
  const columns = params.get("columns");
  return {
    search: params.get("q") ?? "",
    filters,
    sort: parseSort(params.get("sort"), fallbackSort),
    columns: columns ? columns.split(",").filter(Boolean) : null,
  };
}

/** `base` (the current parameters) with the list's own replaced by `state`'s; defaults are left out. */
export function encodeListState(base: URLSearchParams, state: ListState, fallbackSort: SortingState, viewId?: string | null): URLSearchParams {
  const params = new URLSearchParams(base);
  for (const name of LIST_PARAMS) params.delete(name);
  if (viewId) params.set("view", viewId);
  if (state.search) params.set("q", state.search);
  if (state.filters.length) params.set("filters", JSON.stringify(state.filters));
  const sort = sortParam(state.sort);
  if (sort && sort !== sortParam(fallbackSort)) params.set("sort", sort);
  if (state.columns) params.set("columns", state.columns.join(","));
  return params;
}

/** Only the list's own parameters, to compare two URLs of the same list. */
export function listPart(params: URLSearchParams): string {
  const own = new URLSearchParams();
  for (const name of LIST_PARAMS) {
    const value = params.get(name);
    if (value !== null) own.set(name, value);
  }
  return own.toString();
}

/** A saved view's state (the api's JSON) as list state; anything unreadable falls back. */
export function stateOfView(value: unknown, fallbackSort: SortingState): ListState {
  const state = value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  const params = new URLSearchParams();
  if (typeof state.search === "string") params.set("q", state.search);
  if (Array.isArray(state.filters)) params.set("filters", JSON.stringify(state.filters));
  if (typeof state.sort === "string") params.set("sort", state.sort);
  if (Array.isArray(state.columns) && state.columns.every((column) => typeof column === "string")) params.set("columns", state.columns.join(","));
  return decodeListState(params, fallbackSort);
}

/** List state as a saved view keeps it. */
export function viewOfState(state: ListState, visible: readonly string[]): Record<string, unknown> {
  return { search: state.search, filters: state.filters, sort: sortParam(state.sort), columns: state.columns ?? [...visible] };
}
