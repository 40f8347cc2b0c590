"use client";

import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { useCallback, useMemo, useRef, useState } from "react";
import { useMutation, useQuery, useSubscription } from "urql";

import type { ObjectType } from "@/gql/graphql";
import type { SelectOption } from "@/components/ui/select";
import { problemFromCombined, type ApiProblem } from "@/lib/api-errors";
import { useCanWrite } from "@/lib/viewer";
import { RecordChangedDocument, TimelineChangedDocument } from "@/features/live/documents";
import { MembersDocument } from "@/features/members/documents";
import { SettingsFieldsDocument } from "@/features/settings/documents";
import type { FieldDefinition } from "@/features/records/custom-fields";
import type { RecordActivityProps } from "@/features/records/record-activity";
import type { SubjectType } from "@/features/timeline/describe";

/** The workspace's members as options (owners, assignees), and their names by member id. */
export function useMembers() {
  const [result] = useQuery({ query: MembersDocument });
  return useMemo(() => {
    const members = result.data?.members ?? [];
    const options: SelectOption[] = members.map((member) => ({ value: member.id, label: member.user.name }));
    const names = new Map(members.map((member) => [member.id, member.user.name]));
    return { members, options, name: (id: string) => names.get(id), loading: !result.data && !result.error };
  }, [result.data, result.error]);
}

/** The custom fields of one object type, in the order the api gives them. */
export function useFieldDefinitions(objectType: ObjectType): { definitions: FieldDefinition[]; loading: boolean } {
  const [result] = useQuery({ query: SettingsFieldsDocument, variables: { objectType } });
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

type Versioned = { id: string; updatedAt: string };

/** The one root field of an operation's answer (its `__typename` aside). */
type RootField<TData> = TData[Exclude<keyof TData, "__typename">];

function rootField<TData>(data: TData): RootField<TData> {
  const key = Object.keys(data as object).find((name) => name !== "__typename") as Exclude<keyof TData, "__typename">;
  return data[key];
}

/**
 * What a record page (/contacts/[id], /companies/[id], /deals/[id]) reads and how it saves: the record
 * (the query's, or a newer saved one), the members and custom field definitions for its fields, and
 * `save`, which runs the update after the saves before it and answers the problem if it failed. Other
 * writes to the record go through `serial` too, and hand their answer to `setLatest`.
 */
export function useRecordPage<TQuery, TUpdate, TInput>({
  id,
  kind,
  query,
  update,
}: {
  id: string;
  kind: SubjectType;
  /** A query with one root field, the record (`contact(id: $id)`). */
  query: TypedDocumentNode<TQuery, { id: string }>;
  /** A mutation with one root field, the updated record. */
  update: TypedDocumentNode<TUpdate, { id: string; input: TInput }>;
}) {
  const writable = useCanWrite();
  const members = useMembers();
  const { definitions } = useFieldDefinitions(kind.toUpperCase() as ObjectType);
  const [result] = useQuery({ query, variables: { id } });
  // Live: a teammate's change is written into the cached record, a timeline entry added, rewritten or deleted
  // reloads the timeline
  // (lib/live-cache.ts). A field being edited keeps its draft and says the value changed (inline-field.tsx).
  useSubscription({ query: RecordChangedDocument, variables: { id } });
  useSubscription({ query: TimelineChangedDocument, variables: { targetId: id } });
  const [latest, setLatest] = useState<Versioned | null>(null);
  const [, runUpdate] = useMutation(update);
  const serial = useSerialSaves();
  const record = newest(result.data ? (rootField(result.data) as (NonNullable<RootField<TQuery>> & Versioned) | null) : null, latest);

  async function save(input: TInput): Promise<ApiProblem | null> {
    const answer = await serial(() => runUpdate({ id, input }));
    if (answer.data) setLatest(rootField(answer.data) as Versioned);
    return answer.error ? problemFromCombined(answer.error) : null;
  }

  /** The props of an inline field that saves one key of the input (its problems show under `key`). */
  function field<K extends keyof TInput & string>(key: K) {
    return {
      onSave: (value: unknown) => save({ [key]: value } as TInput),
      readOnly: !writable,
      errorKeys: [key],
    };
  }

  /** The RecordLayout props this page decides (which record, its delete menu, its activity's field definitions). */
  function layout(activity: Pick<RecordActivityProps, "knownCompanies" | "currency" | "emails">) {
    return { kind, id, deletable: writable, activity: { definitions, ...activity } };
  }

  const missing = record ? null : { pending: !result.error || result.fetching || result.stale, error: result.error };
  return { record, missing, writable, readOnly: !writable, members, definitions, save, field, serial, setLatest, layout };
}
