"use client";

import { Toast as ToastPrimitive } from "radix-ui";
import { CircleAlert, CircleCheck, X } from "lucide-react";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

import { cn } from "@/lib/cn";

export interface ToastMessage {
  title: string;
  description?: string;
  tone?: "success" | "error" | "neutral";
  /** A button in the toast, e.g. `{ label: "Undo", onClick: restore }`. */
  action?: { label: string; onClick: () => void };
}

const ToastContext = createContext<((message: ToastMessage) => void) | null>(null);

/** `const toast = useToast(); toast({ title: "Contact created", tone: "success" })`. */
export function useToast(): (message: ToastMessage) => void {
  const context = useContext(ToastContext);
  if (!context) throw new Error("useToast needs <ToastProvider>");
  return context;
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<(ToastMessage & { id: number })[]>([]);
  const show = useCallback((message: ToastMessage) => {
    setToasts((current) => [...current.slice(-2), { ...message, id: Date.now() + Math.random() }]);
  }, []);
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      <ToastPrimitive.Provider swipeDirection="right" duration={5000}>
        {children}
        {toasts.map((toast) => (
          <ToastPrimitive.Root
            key={toast.id}
            duration={toast.action ? 10_000 : undefined}
            onOpenChange={(open) => {
              if (!open) setToasts((current) => current.filter((item) => item.id !== toast.id));
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
    </ToastContext.Provider>
  );
}

