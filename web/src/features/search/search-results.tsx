"use client";

import dynamic from "next/dynamic";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { SearchX, TriangleAlert } from "lucide-react";
import { useCallback, useEffect, useRef, useState, type FormEvent, type MouseEvent } from "react";
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

// Coming back to the results (Back from a record opened here) shows the pages that were loaded, scrolled
// where they were: the cursors and the scroll of each search are kept for the tab's session, and a result
// opened marks them to be shown again (for half an hour). A search reached any other way starts at its
// first page, at the top. (The router renders the page it goes back to before a popstate listener of this
// module runs, so Back itself cannot be told apart here.)
const KEPT = "rapport:search-results:";
const RETURN_WITHIN_MS = 30 * 60_000;

type Kept = { after: string[]; scrollY: number; leftAt: number | null };

function readKept(key: string): Kept | null {
  try {
    const kept = JSON.parse(sessionStorage.getItem(KEPT + key) ?? "null") as Partial<Kept> | null;
    if (!kept || !Array.isArray(kept.after)) return null;
    return {
      after: kept.after.filter((cursor): cursor is string => typeof cursor === "string").slice(0, 10),
      scrollY: typeof kept.scrollY === "number" && kept.scrollY > 0 ? kept.scrollY : 0,
      leftAt: typeof kept.leftAt === "number" ? kept.leftAt : null,
    };
  } catch {
    return null; // storage unavailable (private mode, quota): the first page, at the top
  }
}

function writeKept(key: string, kept: Kept) {
  try {
    sessionStorage.setItem(KEPT + key, JSON.stringify(kept));
  } catch {
    // as above: nothing kept
  }
}

/** What was kept of this search when one of its results was opened from it lately, else nothing (the
 *  page is rendered in the browser only: useSearchParams under Suspense). */
function keptOnReturn(key: string): Kept | null {
  if (typeof window === "undefined") return null;
  const kept = readKept(key);
  return kept?.leftAt != null && Date.now() - kept.leftAt < RETURN_WITHIN_MS ? kept : null;
}

function Results({ query, types }: { query: string; types: SearchType[] }) {
  const key = `${query}|${types.join(",")}`;
  const [returned] = useState(() => keptOnReturn(key));
  const [after, setAfter] = useState<string[]>(returned?.after ?? []);
  const [loaded, setLoaded] = useState<ReadonlySet<string>>(new Set());
  // The scroll to go back to once the kept pages are shown again.
  const restoring = useRef<number | null>(returned ? returned.scrollY : null);
  const kept = useRef<Kept>({ after: returned?.after ?? [], scrollY: returned?.scrollY ?? 0, leftAt: null });

  useEffect(() => {
    writeKept(key, kept.current); // shown again once, or a search reached anew: starts over
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        // Not while the page grows back to where it was, nor once a result is being opened.
        if (restoring.current !== null || kept.current.leftAt !== null) return;
        kept.current = { ...kept.current, scrollY: window.scrollY };
        writeKept(key, kept.current);
      });
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener("scroll", onScroll);
    };
  }, [key]);

  useEffect(() => {
    if (restoring.current === null) return;
    if (![null, ...after].every((cursor) => loaded.has(cursor ?? ""))) return;
    const scrollY = restoring.current;
    restoring.current = null;
    window.scrollTo(0, scrollY);
  }, [after, loaded]);

  const shown = useCallback((cursor: string | null) => {
    setLoaded((pages) => (pages.has(cursor ?? "") ? pages : new Set([...pages, cursor ?? ""])));
  }, []);

  function more(end: string) {
    if (after.includes(end)) return;
    const next = [...after, end];
    setAfter(next);
    kept.current = { ...kept.current, after: next };
    writeKept(key, kept.current);
  }

  function leave(event: MouseEvent) {
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    // A thread opens over this page (its link stays on /search): nothing is left.
    if (!(link instanceof HTMLAnchorElement) || new URL(link.href).pathname === window.location.pathname) return;
    // Kept as it is now: the scroll of the page being left (the router scrolls the next one) is not.
    kept.current = { ...kept.current, scrollY: window.scrollY, leftAt: Date.now() };
    writeKept(key, kept.current);
  }

  return (
    <div className="grid gap-2" onClickCapture={leave}>
      {[null, ...after].map((cursor) => (
        <ResultPage
          key={cursor ?? "first"}
          query={query}
          types={types}
          after={cursor}
          onMore={more}
          onShown={shown}
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
  onShown,
  isLast,
}: {
  query: string;
  types: SearchType[];
  after: string | null;
  onMore: (cursor: string) => void;
  onShown: (cursor: string | null) => void;
  isLast: boolean;
}) {
  const [result, reread] = useQuery({
    query: SearchResultsDocument,
    variables: { query, types: types.length ? types : null, first: PAGE, after },
  });
  const settled = !(result.fetching && !result.data);
  useEffect(() => {
    if (settled) onShown(after);
  }, [settled, onShown, after]);
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
