"use client";

import type { ComponentProps, ReactNode } from "react";

import { DropdownMenu, DropdownMenuContent, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";

/** A menu of the sidebar (the workspace switcher, the account menu): a full-width row that opens it. */
export function SidebarMenu({
  trigger,
  side,
  children,
}: {
  /** What the row shows; its text is the trigger's accessible name (add `sr-only` words for context). */
  trigger: ReactNode;
  side?: ComponentProps<typeof DropdownMenuContent>["side"];
  children: ReactNode;
}) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className="flex w-full cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-left outline-none hover:bg-subtle focus-visible:ring-2 focus-visible:ring-accent/30"
      >
        {trigger}
      </DropdownMenuTrigger>
      <DropdownMenuContent side={side} align="start" className="w-56">
        {children}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
