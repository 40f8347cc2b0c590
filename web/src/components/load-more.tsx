"use client";

import { useEffect, useRef } from "react";

import { Button } from "@/components/ui/button";

// Apart from data-table.tsx: lists that are not tables (the timeline, email threads, tasks) use it without
// loading TanStack Table.

/** "Load more" at the end of a list; also loads by itself when scrolled into view. */
export function LoadMore({ hasMore, loading, onLoadMore }: { hasMore: boolean; loading: boolean; onLoadMore: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element || !hasMore || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onLoadMore();
    }, { rootMargin: "200px" });
    observer.observe(element);
    return () => observer.disconnect();
  }, [hasMore, onLoadMore]);
  if (!hasMore) return null;
  return (
    <div ref={ref} className="flex justify-center py-4">
      <Button variant="ghost" size="sm" loading={loading} onClick={onLoadMore}>
        Load more
      </Button>
    </div>
  );
}
