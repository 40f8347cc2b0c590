"use client";

import { useCallback, useMemo, useRef } from "react";
import { useQuery } from "urql";

import type { ObjectType } from "@/gql/graphql";
import type { SelectOption } from "@/components/ui";
import type { ApiProblem } from "@/lib/api-errors";
import { FieldDefinitionsDocument, MemberOptionsDocument } from "@/features/records/documents";
import type { FieldDefinition } from "@/features/records/custom-fields";

/** The workspace's members as options (owners, assignees), and their names by member id. */
export function useMembers() {
  const [result] = useQuery({ query: MemberOptionsDocument });
  return useMemo(() => {
    const members = result.data?.members ?? [];
    const options: SelectOption[] = members.map((member) => ({ value: member.id, label: member.user.name }));
    const names = new Map(members.map((member) => [member.id, member.user.name]));
    return { members, options, name: (id: string) => names.get(id), loading: !result.data && !result.error };
  }, [result.data, result.error]);
}

/** The custom fields of one object type, in the order the api gives them. */
export function useFieldDefinitions(objectType: ObjectType): { definitions: FieldDefinition[]; loading: boolean } {
  const [result] = useQuery({ query: FieldDefinitionsDocument, variables: { objectType } });
  return useMemo(
    () => ({ definitions: result.data?.fieldDefinitions ?? [], loading: !result.data && !result.error }),
    [result.data, result.error],
  );
}

/**
 * The record to show: the query's, or the last mutation's answer when it is at least as new (so a saved
 * field shows its new value at once, before the refetch lands). Lists only the query has (deals,
 * contacts) are kept.
 */
export function newest<TQuery extends { id: string; updatedAt: string }, TMutation extends { id: string; updatedAt: string }>(
  fromQuery: TQuery | null | undefined,
  fromMutation: TMutation | null | undefined,
): TQuery | null {
  if (!fromQuery) return null;
  if (!fromMutation || fromMutation.id !== fromQuery.id) return fromQuery;
  if (Date.parse(fromMutation.updatedAt) < Date.parse(fromQuery.updatedAt)) return fromQuery;
  return { ...fromQuery, ...fromMutation };
}

/** The message for one field from an api problem: its own key, or a nested one (`amount.currency`). */
export function fieldError(problem: ApiProblem, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    if (problem.fieldErrors[key]) return problem.fieldErrors[key];
    const nested = Object.keys(problem.fieldErrors).find((name) => name.startsWith(`${key}.`));
    if (nested) return problem.fieldErrors[nested];
  }
  return undefined;
}

/**
 * Runs a record's saves one after another. Two fields saved at once (a select, then a check box) would
 * otherwise race on the server: each merges its change into the values it read, and the answers can
 * come back in either order.
 */
export function useSerialSaves(): <T>(save: () => Promise<T>) => Promise<T> {
  const tail = useRef<Promise<unknown>>(Promise.resolve());
  return useCallback(<T,>(save: () => Promise<T>): Promise<T> => {
    const run = tail.current.then(save, save);
    tail.current = run.catch(() => undefined);
    return run;
  }, []);
}
