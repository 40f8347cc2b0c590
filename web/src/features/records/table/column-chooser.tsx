"use client";

import { Columns3 } from "lucide-react";

import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuCheckboxItem, DropdownMenuContent, DropdownMenuLabel, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

export interface ChoosableColumn {
  id: string;
  label: string;
  /** Custom fields are listed under their own heading. */
  custom?: boolean;
  /** Always shown (the name). */
  fixed?: boolean;
}

/** A menu of check boxes: which columns the table shows (remembered in this browser). */
export function ColumnChooser({
  columns,
  visible,
  onChange,
}: {
  columns: readonly ChoosableColumn[];
  visible: readonly string[];
  onChange: (next: string[]) => void;
}) {
  const builtIn = columns.filter((column) => !column.custom);
  const custom = columns.filter((column) => column.custom);
  const toggle = (id: string, on: boolean) => {
    const next = new Set(visible);
    if (on) next.add(id);
    else next.delete(id);
    // The table's own order: a column shows where it is defined, whenever it was turned on.
    onChange(columns.map((column) => column.id).filter((column) => next.has(column)));
  };
  const item = (column: ChoosableColumn) => (
    <DropdownMenuCheckboxItem
      key={column.id}
      checked={column.fixed || visible.includes(column.id)}
      disabled={column.fixed}
      onSelect={(event) => event.preventDefault()}
      onCheckedChange={(checked) => toggle(column.id, checked === true)}
    >
      {column.label}
    </DropdownMenuCheckboxItem>
  );
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button size="md" aria-label="Choose columns">
          <Columns3 />
          <span className="hidden sm:inline">Columns</span>
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" className="max-h-96 overflow-y-auto">
        <DropdownMenuLabel>Columns</DropdownMenuLabel>
        {builtIn.map(item)}
        {custom.length ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuLabel>Custom fields</DropdownMenuLabel>
            {custom.map(item)}
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
