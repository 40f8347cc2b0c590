"use client";

import { Toast as ToastPrimitive } from "radix-ui";
import { CircleAlert, CircleCheck, X } from "lucide-react";

import { cn } from "@/lib/cn";
import type { ShownToast } from "@/components/ui/toast";

/** The toasts shown and their viewport (loaded apart from `ToastProvider`: see toast.tsx). */
export function ToastList({ toasts, onDismiss }: { toasts: ShownToast[]; onDismiss: (id: number) => void }) {
  return (
    <ToastPrimitive.Provider swipeDirection="right" duration={5000}>
      {toasts.map((toast) => (
        <ToastPrimitive.Root
          key={toast.id}
          duration={toast.action ? 10_000 : undefined}
          onOpenChange={(open) => {
            if (!open) onDismiss(toast.id);
          }}
          className="flex items-start gap-3 rounded-lg border border-line bg-canvas p-3 pr-9 shadow-pop data-[state=open]:animate-pop-in"
        >
          {toast.tone === "error" ? (
            <CircleAlert className="mt-0.5 size-4 shrink-0 text-danger" />
          ) : toast.tone === "success" ? (
            <CircleCheck className="mt-0.5 size-4 shrink-0 text-success" />
          ) : null}
          <div className="grid gap-0.5">
            <ToastPrimitive.Title className={cn("font-medium", toast.tone === "error" && "text-danger")}>
              {toast.title}
            </ToastPrimitive.Title>
            {toast.description ? (
              <ToastPrimitive.Description className="text-[13px] text-ink-muted">{toast.description}</ToastPrimitive.Description>
            ) : null}
          </div>
          {toast.action ? (
            <ToastPrimitive.Action
              altText={toast.action.label}
              onClick={toast.action.onClick}
              className="ml-auto shrink-0 cursor-pointer rounded-md border border-line px-2 py-0.5 text-[13px] font-medium text-ink hover:bg-subtle"
            >
              {toast.action.label}
            </ToastPrimitive.Action>
          ) : null}
          <ToastPrimitive.Close aria-label="Dismiss" className="absolute top-3 right-3 text-ink-faint hover:text-ink">
            <X className="size-4" />
          </ToastPrimitive.Close>
        </ToastPrimitive.Root>
      ))}
      <ToastPrimitive.Viewport className="fixed bottom-0 left-1/2 z-[100] flex w-full max-w-sm -translate-x-1/2 flex-col gap-2 p-4 outline-none" />
    </ToastPrimitive.Provider>
  );
}
