"use client";

import { Dialog as DialogPrimitive } from "radix-ui";
import { X } from "lucide-react";
import type { ComponentProps, FormEventHandler, ReactNode } from "react";

import { cn } from "@/lib/cn";
import { Button } from "./button";
import { FormError } from "./field";
import { ModalFrame, ModalHeading } from "./modal";

export const Sheet = DialogPrimitive.Root;
export const SheetTrigger = DialogPrimitive.Trigger;
export const SheetClose = DialogPrimitive.Close;

/** A side panel from the right (create/edit forms), or from the left (the phone navigation drawer). */
export function SheetContent({
  side = "right",
  title,
  description,
  className,
  children,
  ...props
}: ComponentProps<typeof DialogPrimitive.Content> & { side?: "left" | "right"; title: string; description?: ReactNode }) {
  return (
    <ModalFrame
      className={cn(
        "fixed inset-y-0 z-50 flex w-full flex-col bg-canvas shadow-panel outline-none",
        side === "right"
          ? "right-0 max-w-md border-l border-line data-[state=open]:animate-slide-in-right"
          : "left-0 max-w-72 border-r border-line data-[state=open]:animate-slide-in-left",
        className,
      )}
      {...props}
    >
      <div className="flex items-start justify-between gap-4 border-b border-line px-5 py-4">
        <ModalHeading title={title} description={description} />
        <DialogPrimitive.Close
          className="-m-1 rounded-md p-1 text-ink-muted hover:bg-subtle hover:text-ink"
          aria-label="Close"
        >
          <X className="size-4" />
        </DialogPrimitive.Close>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">{children}</div>
    </ModalFrame>
  );
}

/** Sticky footer of a sheet form: put Cancel and the submit button here. */
export function SheetFooter({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("flex justify-end gap-2 border-t border-line bg-surface px-5 py-3", className)} {...props} />;
}

/** A sheet form's footer: Cancel, then the submit button with `children` as its label. */
export function SheetFormFooter({ onCancel, loading, children }: { onCancel: () => void; loading: boolean; children: ReactNode }) {
  return (
    <SheetFooter>
      <Button type="button" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" variant="primary" loading={loading}>
        {children}
      </Button>
    </SheetFooter>
  );
}

/**
 * A sheet's create or edit form: the problem of the form as a whole, the fields, and the footer (Cancel, then
 * the submit button labelled `submitLabel`) at the foot of the panel.
 */
export function SheetForm({
  onSubmit,
  onChange,
  onCancel,
  loading,
  problem,
  submitLabel,
  children,
}: {
  onSubmit: FormEventHandler<HTMLFormElement>;
  onChange?: FormEventHandler<HTMLFormElement>;
  onCancel: () => void;
  loading: boolean;
  /** What went wrong that no one field says (`formMessage(...)`). */
  problem: ReactNode;
  submitLabel: ReactNode;
  children: ReactNode;
}) {
  return (
    <form onSubmit={onSubmit} onChange={onChange} noValidate className="flex h-full flex-col">
      <div className="grid flex-1 content-start gap-4 p-5">
        <FormError>{problem}</FormError>
        {children}
      </div>
      <SheetFormFooter onCancel={onCancel} loading={loading}>
        {submitLabel}
      </SheetFormFooter>
    </form>
  );
}
