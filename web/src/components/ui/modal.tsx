"use client";

import { Dialog as DialogPrimitive } from "radix-ui";
import type { ComponentProps, ReactNode } from "react";

/** What a dialog and a sheet share: the page dimmed behind, the content in a portal above it. */
export function ModalFrame(props: ComponentProps<typeof DialogPrimitive.Content>) {
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-black/25 data-[state=open]:animate-fade-in" />
      <DialogPrimitive.Content {...props} />
    </DialogPrimitive.Portal>
  );
}

/** A modal's title and description; without a description, the title again for screen readers. */
export function ModalHeading({ title, description }: { title: string; description?: ReactNode }) {
  return (
    <div className="grid gap-1">
      <DialogPrimitive.Title className="text-[15px] font-semibold">{title}</DialogPrimitive.Title>
      <DialogPrimitive.Description className={description ? "text-[13px] text-ink-muted" : "sr-only"}>
        {description ? description : title}
      </DialogPrimitive.Description>
    </div>
  );
}
