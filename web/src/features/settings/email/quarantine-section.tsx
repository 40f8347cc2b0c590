"use client";

import { ShieldAlert } from "lucide-react";
import { useQuery } from "urql";

import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDate, formatRelative } from "@/lib/format";
import { SettingsQuarantineDocument } from "@/features/settings/documents";
import { SectionPending, SettingsSection } from "@/features/settings/section";

/** 1536 → "1.5 KB". */
export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  const units = ["KB", "MB", "GB"];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export function QuarantineSection() {
  const [{ data, error }] = useQuery({ query: SettingsQuarantineDocument, variables: { first: 50 } });
  const items = data?.quarantinedEmails ?? [];
  return (
    <SettingsSection
      title="Quarantined messages"
      description="Messages that could not be read or stored, with the reason. Only owners and admins see them."
      bodyClassName="p-0"
    >
      {error || !data ? (
        <SectionPending error={error} skeletonClassName="h-8" />
      ) : items.length === 0 ? (
        <div className="flex items-center gap-2.5 px-4 py-4 text-ink-muted">
          <ShieldAlert className="size-4 text-ink-faint" />
          Nothing in quarantine: every message that arrived could be read.
        </div>
      ) : (
        <Table aria-label="Quarantined messages">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Received</TableHead>
              <TableHead>Reason</TableHead>
              <TableHead className="hidden sm:table-cell">Source</TableHead>
              <TableHead className="text-right">Size</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((item) => (
              <TableRow key={item.id}>
                <TableCell className="whitespace-nowrap text-ink-muted">
                  <time dateTime={item.receivedAt} title={formatDate(item.receivedAt)}>
                    {formatRelative(item.receivedAt)}
                  </time>
                </TableCell>
                <TableCell className="max-w-96">{item.reason}</TableCell>
                <TableCell className="hidden text-ink-muted sm:table-cell">{item.source}</TableCell>
                <TableCell className="text-right text-ink-muted tabular-nums">{formatBytes(item.size)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </SettingsSection>
  );
}
