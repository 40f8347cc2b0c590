"use client";

import Link from "next/link";
import { useQuery } from "urql";

import { Badge } from "@/components/ui/badge";
import { Skeleton } from "@/components/ui/skeleton";
import { SimilarRecordsDocument } from "@/features/search/documents";
import { SEARCH_TYPES, hitLink } from "@/features/search/hits";

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
          {hits.map((hit) => {
            const { label, href } = hitLink({ ...hit, snippet: hit.snippet ?? null });
            const kind = SEARCH_TYPES.find((item) => item.type === hit.type)?.label ?? hit.type;
            return (
              <li key={`${hit.type}:${"id" in hit.node ? hit.node.id : label}`} className="flex min-w-0 items-center gap-2">
                <Badge>{kind}</Badge>
                {href ? (
                  <Link href={href} className="truncate hover:underline">
                    {label}
                  </Link>
                ) : (
                  <span className="truncate">{label}</span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
