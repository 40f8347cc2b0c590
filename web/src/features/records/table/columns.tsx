"use client";

import Link from "next/link";
import { Ellipsis, ExternalLink, Pencil } from "lucide-react";
import { useRef, type ReactNode } from "react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { TableCell, TableHead } from "@/components/ui/table";
import type { OrderDirection } from "@/gql/graphql";
import type { SortKey } from "@/lib/sorting";
import { customValue, formatCustomValue, type FieldDefinition } from "@/features/records/custom-fields";

/** What a custom field's cell shows. */
export function CustomCell({ definition, customFields }: { definition: FieldDefinition; customFields: unknown }): ReactNode {
  const value = customValue(customFields, definition.key);
  const text = formatCustomValue(definition.type, value);
  if (!text) return <span className="text-ink-faint">—</span>;
  if (definition.type === "MULTI_SELECT" && Array.isArray(value))
    return (
      <span className="flex gap-1">
        {value.map((item) => (
          <Badge key={String(item)}>{String(item)}</Badge>
        ))}
      </span>
    );
  if (definition.type === "SELECT") return <Badge>{text}</Badge>;
  if (definition.type === "NUMBER" || definition.type === "CURRENCY") return <span className="tabular-nums">{text}</span>;
  return <span className="text-ink-muted">{text}</span>;
}

/**
 * Table sorting → the api's `orderBy`, with custom field columns (`custom:<key>`) sorted by their key.
 */
export interface OrderKey<TField extends string> {
  field?: TField;
  customFieldKey?: string;
  direction: OrderDirection;
}

export function orderByWithCustom<TField extends string>(
  sorting: readonly SortKey[],
  fields: Readonly<Record<string, TField>>,
): OrderKey<TField>[] {
  return sorting.flatMap((key): OrderKey<TField>[] => {
    const direction: OrderDirection = key.desc ? "DESC_NULLS_LAST" : "ASC_NULLS_LAST";
    if (key.id.startsWith("custom:")) return [{ customFieldKey: key.id.slice("custom:".length), direction }];
    const field = fields[key.id];
    return field ? [{ field, direction }] : [];
  });
}

/** The check box column: one per row, and one in the header that selects every loaded row. */
export function SelectHead({ all, some, onChange, label }: { all: boolean; some: boolean; onChange: (on: boolean) => void; label: string }) {
  return (
    <TableHead className="w-10 pr-0">
      <Checkbox
        aria-label={label}
        checked={all ? true : some ? "indeterminate" : false}
        onCheckedChange={(checked) => onChange(checked === true)}
      />
    </TableHead>
  );
}

/** One row's check box; `onChange` is told whether Shift was held (a range from the last one ticked). */
export function SelectCell({ checked, onChange, label }: { checked: boolean; onChange: (on: boolean, shiftKey: boolean) => void; label: string }) {
  const shift = useRef(false);
  return (
    <TableCell className="w-10 pr-0">
      <Checkbox
        aria-label={label}
        checked={checked}
        onClick={(event) => {
          shift.current = event.shiftKey;
        }}
        onCheckedChange={(value) => {
          onChange(value === true, shift.current);
          shift.current = false;
        }}
      />
    </TableCell>
  );
}

/** The "…" at the end of a row: open the record, or edit it in the side panel. */
export function RowActions({ name, href, onEdit }: { name: string; href: string; onEdit?: () => void }) {
  return (
    <TableCell className="w-10 pl-0 text-right">
      <DropdownMenu>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon" aria-label={`Actions for ${name}`} className="size-7">
            <Ellipsis />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem asChild>
            <Link href={href}>
              <ExternalLink />
              Open
            </Link>
          </DropdownMenuItem>
          {onEdit ? (
            <DropdownMenuItem onSelect={onEdit}>
              <Pencil />
              Edit
            </DropdownMenuItem>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>
    </TableCell>
  );
}
