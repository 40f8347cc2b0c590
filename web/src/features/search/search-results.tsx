"use client";

import dynamic from "next/dynamic";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { SearchX, TriangleAlert } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useQuery } from "urql";

import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import type { SearchType } from "@/gql/graphql";
import { problemFromCombined } from "@/lib/api-errors";
import { cn } from "@/lib/cn";
import { PageHeader } from "@/features/shell/app-shell";
import { SearchResultsDocument } from "@/features/search/documents";
import { HitTitle } from "@/features/search/hit-title";
import { SEARCH_TYPES } from "@/features/search/hits";
import { Snippet } from "@/features/search/snippet";

// The thread's panel (its messages, the reply) is a chunk of its own, fetched when a thread is opened.
const EmailThreadSheet = dynamic(() => import("@/features/email-threads/thread-sheet").then((module) => module.EmailThreadSheet), {
  ssr: false,
});

const PAGE = 20;

function Results({ query, types }: { query: string; types: SearchType[] }) {
  const [after, setAfter] = useState<string[]>([]);
  return (
    <div className="grid gap-2">
      {[null, ...after].map((cursor) => (
        <ResultPage
          key={cursor ?? "first"}
          query={query}
          types={types}
          after={cursor}
          onMore={(end) => setAfter((pages) => (pages.includes(end) ? pages : [...pages, end]))}
          isLast={(after.at(-1) ?? null) === cursor}
        />
      ))}
    </div>
  );
}

function ResultPage({
  query,
  types,
  after,
  onMore,
  isLast,
}: {
  query: string;
  types: SearchType[];
  after: string | null;
  onMore: (cursor: string) => void;
  isLast: boolean;
}) {
  const [result, reread] = useQuery({
    query: SearchResultsDocument,
    variables: { query, types: types.length ? types : null, first: PAGE, after },
  });
  if (result.fetching && !result.data) return <Skeleton className="h-16" />;
  const search = result.data?.search;
  if (!search) {
    // Not "nothing found": the search did not run (too long a text, the api unavailable), and says why.
    const problem = result.error ? problemFromCombined(result.error).message : "The search did not answer.";
    return (
      <EmptyState
        icon={TriangleAlert}
        title={after === null ? "The search did not run" : "The next results could not be read"}
        description={problem}
        action={<Button onClick={() => reread({ requestPolicy: "network-only" })}>Try again</Button>}
      />
    );
  }
  if (after === null && search.edges.length === 0) {
    return <EmptyState icon={SearchX} title={`Nothing matches “${query}”`} description="Try fewer words, or part of a name or an email." />;
  }
  return (
    <>
      {after === null && search.degraded ? (
        <p className="text-[13px] text-ink-muted" role="status">
          {search.degradedReason === "INDEX_BEHIND"
            ? "The search index is catching up: the latest changes may be found by their words only."
            : "Keyword matches only: semantic search is not available."}
        </p>
      ) : null}
      <ul className="grid gap-2" aria-label="Search results">
        {search.edges.map(({ cursor, node: hit }) => (
          <li key={cursor} className="rounded-md border border-line bg-canvas px-3 py-2">
            <div className="flex items-center gap-2">
              <HitTitle hit={hit} query={query} className="font-medium" />
            </div>
            <div className="mt-1 text-[13px]">
              <Snippet html={hit.snippet} />
            </div>
          </li>
        ))}
      </ul>
      {isLast && search.pageInfo.hasNextPage && search.pageInfo.endCursor ? (
        <Button onClick={() => onMore(search.pageInfo.endCursor!)}>
          More results
        </Button>
      ) : null}
    </>
  );
}

/** The full results page: a search field, type filters (in the URL), the hits best first; an email thread
 *  found opens over it (`?thread=`). */
export function SearchResultsPage() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const query = params.get("q") ?? "";
  const types = (params.getAll("type") as SearchType[]).filter((type) => SEARCH_TYPES.some((item) => item.type === type));
  const thread = params.get("thread");

  function navigate(nextQuery: string, nextTypes: SearchType[]) {
    const search = new URLSearchParams();
    if (nextQuery) search.set("q", nextQuery);
    for (const type of nextTypes) search.append("type", type);
    // Each search is a step of the history: Back returns to the one before.
    router.push(`${pathname}?${search.toString()}`);
  }

  function closeThread() {
    const search = new URLSearchParams(params.toString());
    search.delete("thread");
    router.replace(`${pathname}?${search.toString()}`);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    navigate(String(new FormData(event.currentTarget).get("q") ?? "").trim(), types);
  }

  return (
    <div className="flex min-w-0 flex-1 flex-col">
      <PageHeader title="Search" description="Contacts, companies, deals, emails and notes." />
      <div className="grid gap-4 px-5 py-4 md:px-6">
        <form onSubmit={submit} role="search" className="flex gap-2">
          <Input name="q" defaultValue={query} key={query} aria-label="Search for" placeholder="Search…" className="max-w-xl" />
          <Button type="submit" variant="primary">Search</Button>
        </form>
        <div className="flex flex-wrap gap-1.5" role="group" aria-label="Types">
          {SEARCH_TYPES.map(({ type, label }) => {
            const on = types.includes(type);
            return (
              <button
                key={type}
                type="button"
                aria-pressed={on}
                onClick={() => navigate(query, on ? types.filter((t) => t !== type) : [...types, type])}
                className={cn(
                  "h-7 cursor-pointer rounded-full border border-line px-3 text-[13px] text-ink-muted",
                  on && "border-ink bg-ink text-canvas",
                )}
              >
                {label}
              </button>
            );
          })}
        </div>
        {query ? <Results key={`${query}|${types.join(",")}`} query={query} types={types} /> : null}
      </div>
      {thread ? <EmailThreadSheet threadId={thread} onClose={closeThread} /> : null}
    </div>
  );
}
