"use client";

import type { ReactNode } from "react";

import { Sheet, SheetContent } from "@/components/ui/sheet";

/** The phone's navigation drawer (a chunk of its own: app-shell.tsx loads it when it first opens). */
export function NavigationDrawer({ open, onOpenChange, children }: { open: boolean; onOpenChange: (open: boolean) => void; children: ReactNode }) {
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent side="left" title="Navigation" className="bg-surface">
        {children}
      </SheetContent>
    </Sheet>
  );
}
