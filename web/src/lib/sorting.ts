import type { OrderDirection } from "@/gql/graphql";

export interface SortKey {
  id: string;
  desc: boolean;
}

/**
 * Table sorting state → the api's `orderBy`: `[{ id: "name", desc: true }]` with `{ name: "NAME" }` gives
 * `[{ field: "NAME", direction: "DESC_NULLS_LAST" }]`. Empty values sort last either way. Unknown
 * column ids are dropped.
 */
export function toOrderBy<TField extends string>(
  sorting: readonly SortKey[],
  fields: Readonly<Record<string, TField>>,
): { field: TField; direction: OrderDirection }[] {
  return sorting.flatMap((key) => {
    const field = fields[key.id];
    if (!field) return [];
    const direction: OrderDirection = key.desc ? "DESC_NULLS_LAST" : "ASC_NULLS_LAST";
    return [{ field, direction }];
  });
}

/** A search box's text → a `contains` filter on several fields, or null when empty. */
export function searchFilter<TKey extends string>(
  text: string,
  keys: readonly TKey[],
): { or: Record<TKey, { contains: string }>[] } | null {
  const term = text.trim();
  if (!term) return null;
  return { or: keys.map((key) => ({ [key]: { contains: term } }) as Record<TKey, { contains: string }>) };
}
