"use client";

import { useEffect } from "react";
import { useQuery } from "urql";

import { Skeleton } from "@/components/ui/skeleton";
import { SimilarRecordsDocument } from "@/features/search/documents";
import { HitTitle } from "@/features/search/hit-title";
import { problemFromCombined } from "@/lib/api-errors";

const SIMILAR_RETRY_MS = 5_000;
const SIMILAR_RETRIES = 12;

/** "Similar": the records, notes and threads nearest in meaning to this one (the api's `similar`). */
export function SimilarRecords({ id }: { id: string }) {
  const [result, reread] = useQuery({ query: SimilarRecordsDocument, variables: { id, first: 5 } });
  const hits = result.data?.similar ?? [];
  const empty = result.data !== undefined && hits.length === 0;
  // A record not embedded yet (just made or changed) has nothing alike until the worker has embedded it,
  // seconds later: asked again a few times meanwhile, so the panel fills without leaving the page.
  useEffect(() => {
    if (!empty) return;
    let asked = 0;
    const timer = setInterval(() => {
      asked += 1;
      if (asked > SIMILAR_RETRIES) clearInterval(timer);
      else reread({ requestPolicy: "network-only" });
    }, SIMILAR_RETRY_MS);
    return () => clearInterval(timer);
  }, [empty, reread]);
  return (
    <section aria-label="Similar" className="border-t border-line px-5 py-4">
      <h2 className="mb-2 text-[13px] font-semibold text-ink-muted">Similar</h2>
      {result.fetching && !result.data ? (
        <Skeleton className="h-12" />
      ) : result.error && !result.data ? (
        <p className="text-[13px] text-ink-muted" role="status">
          Similar records could not be read: {problemFromCombined(result.error).message}
        </p>
      ) : hits.length === 0 ? (
        <p className="text-[13px] text-ink-faint">Nothing alike yet.</p>
      ) : (
        <ul className="grid gap-1.5">
          {hits.map((hit, index) => (
            <li key={`${hit.type}:${"id" in hit.node ? hit.node.id : index}`} className="flex min-w-0 items-center gap-2">
              <HitTitle hit={{ ...hit, snippet: hit.snippet ?? null }} className="truncate" />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
