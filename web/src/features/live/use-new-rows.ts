"use client";

import { useCallback, useState } from "react";
import { useSubscription } from "urql";

import type { ObjectType, RecordsChangedSubscription } from "@/gql/graphql";
import { useViewer } from "@/lib/viewer";
import { RecordsChangedDocument } from "@/features/live/documents";

/**
 * The ids of records of `objectType` that others created while this list was open, to mark their rows
 * (the list itself loads again through Graphcache: lib/live-cache.ts).
 */
export function useNewRows(objectType: ObjectType): ReadonlySet<string> {
  const viewer = useViewer();
  const [ids, setIds] = useState<ReadonlySet<string>>(() => new Set());
  const handle = useCallback(
    (_previous: unknown, data: RecordsChangedSubscription) => {
      const change = data.recordChanged;
      if (change.kind === "CREATED" && change.actor?.user.id !== viewer.user.id) {
        setIds((current) => new Set([...current, change.id]));
      }
      return data;
    },
    [viewer.user.id],
  );
  useSubscription({ query: RecordsChangedDocument, variables: { objectType } }, handle);
  return ids;
}
