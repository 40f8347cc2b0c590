import type { ReactNode } from "react";

import { Skeleton } from "@/components/ui/skeleton";

/** A table in a bordered card: `placeholderRows` skeleton rows while it loads, then `empty` when it is not null, else the table. */
export function TableCard({
  loading,
  placeholderRows = 2,
  empty,
  children,
}: {
  loading: boolean;
  placeholderRows?: number;
  empty: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="overflow-hidden rounded-lg border border-line">
      {loading ? (
        <div className="grid gap-3 p-4">
          {Array.from({ length: placeholderRows }, (_, index) => (
            <Skeleton key={index} className="h-8" />
          ))}
        </div>
      ) : (
        (empty ?? children)
      )}
    </div>
  );
}
