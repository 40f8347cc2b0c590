"use client";

import { createContext, lazy, Suspense, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

import { whenIdle } from "@/lib/when-idle";

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

// The toasts themselves (radix-ui's Toast) are a chunk of their own (toast-list.tsx), fetched once the
// page is idle or when the first toast shows, whichever comes first: nothing of them is needed to paint.
const loadToastList = () => import("@/components/ui/toast-list");
const ToastList = lazy(() => loadToastList().then((module) => ({ default: module.ToastList })));

export type ShownToast = ToastMessage & { id: number };

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ShownToast[]>([]);
  const [shown, setShown] = useState(false);
  const show = useCallback((message: ToastMessage) => {
    setShown(true);
    setToasts((current) => [...current.slice(-2), { ...message, id: Date.now() + Math.random() }]);
  }, []);
  const dismiss = useCallback((id: number) => setToasts((current) => current.filter((item) => item.id !== id)), []);
  useEffect(() => whenIdle(() => void loadToastList()), []);
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      {shown ? (
        <Suspense fallback={null}>
          <ToastList toasts={toasts} onDismiss={dismiss} />
        </Suspense>
      ) : null}
    </ToastContext.Provider>
  );
}
