"use client";

import { Dialog as DialogPrimitive } from "radix-ui";
import { useState, type ComponentProps, type ReactNode } from "react";

import { cn } from "@/lib/cn";
import { Button } from "./button";
import { ModalFrame, ModalHeading } from "./modal";

export const Dialog = DialogPrimitive.Root;
export const DialogTrigger = DialogPrimitive.Trigger;
export const DialogClose = DialogPrimitive.Close;

/** A centred modal (confirmations, small forms). */
export function DialogContent({
  title,
  description,
  className,
  children,
  ...props
}: ComponentProps<typeof DialogPrimitive.Content> & { title: string; description?: ReactNode }) {
  return (
    <ModalFrame
      className={cn(
        "fixed top-1/2 left-1/2 z-50 grid w-[calc(100%-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 gap-4 rounded-lg border border-line bg-canvas p-5 shadow-panel data-[state=open]:animate-pop-in",
        className,
      )}
      {...props}
    >
      <ModalHeading title={title} description={description} />
      {children}
    </ModalFrame>
  );
}

/** A dialog's buttons: Cancel (closes it), then the action (`children`). */
export function DialogFooter({ cancelLabel = "Cancel", children }: { cancelLabel?: ReactNode; children: ReactNode }) {
  return (
    <div className="flex justify-end gap-2">
      <DialogClose asChild>
        <Button type="button">{cancelLabel}</Button>
      </DialogClose>
      {children}
    </div>
  );
}

/** Asks before an action that cannot be taken back lightly: Cancel, or the (danger) `confirmLabel` button. */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  busy,
  onConfirm,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: ReactNode;
  confirmLabel: ReactNode;
  busy: boolean;
  onConfirm: () => void;
  /** Above the buttons (the problem of a failed attempt). */
  children?: ReactNode;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title={title} description={description}>
        {children}
        <DialogFooter>
          <Button variant="danger" loading={busy} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/**
 * A `ConfirmDialog`'s state: `ask(target)` opens it about `target`; confirming runs `act(target)` (busy meanwhile),
 * then closes it unless `act` answered `false` (a failure the dialog shows, or one worth another try).
 * Spread `dialog` into the `ConfirmDialog`.
 */
export function useConfirm<T = true>(act: (target: T) => Promise<boolean | void>) {
  const [target, setTarget] = useState<{ value: T } | null>(null);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    if (!target) return;
    setBusy(true);
    try {
      if ((await act(target.value)) !== false) setTarget(null);
    } finally {
      setBusy(false);
    }
  }

  return {
    target: target?.value ?? null,
    ask: (value: T) => setTarget({ value }),
    close: () => setTarget(null),
    dialog: {
      open: target !== null,
      onOpenChange: (open: boolean) => {
        if (!open) setTarget(null);
      },
      busy,
      onConfirm: () => void confirm(),
    },
  };
}
