"use client";

import { useQuery } from "urql";

import { Skeleton } from "@/components/ui/skeleton";
import { SimilarRecordsDocument } from "@/features/search/documents";
import { HitTitle } from "@/features/search/hit-title";

/** "Similar": the records, notes and threads nearest in meaning to this one (the api's `similar`). */
export function SimilarRecords({ id }: { id: string }) {
  const [result] = useQuery({ query: SimilarRecordsDocument, variables: { id, first: 5 } });
  const hits = result.data?.similar ?? [];
  return (
    <section aria-label="Similar" className="border-t border-line px-5 py-4">
      <h2 className="mb-2 text-[13px] font-semibold text-ink-muted">Similar</h2>
      {result.fetching && !result.data ? (
        <Skeleton className="h-12" />
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
