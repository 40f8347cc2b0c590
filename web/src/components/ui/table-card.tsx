import type { ReactNode } from "react";

import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableHeader, TableRow } from "@/components/ui/table";

/**
 * A table in a bordered card: `placeholderRows` skeleton rows while it loads, then `empty` when it is not null,
 * else the table named `label`, with the header cells `head` and the rows `children`.
 */
export function TableCard({
  loading,
  placeholderRows = 2,
  empty,
  label,
  head,
  children,
}: {
  loading: boolean;
  placeholderRows?: number;
  empty: ReactNode;
  label: string;
  head: ReactNode;
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
        (empty ?? (
          <Table aria-label={label}>
            <TableHeader>
              <TableRow className="hover:bg-transparent">{head}</TableRow>
            </TableHeader>
            <TableBody>{children}</TableBody>
          </Table>
        ))
      )}
    </div>
  );
}
