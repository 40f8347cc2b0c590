"use client";

import { useToast, type ToastMessage } from "@/components/ui/toast";

/** Copies text to the clipboard and says so in a toast: `copied` when it worked, `failed` when the browser refused. */
export function useCopy(): (text: string, copied: ToastMessage, failed: ToastMessage) => Promise<void> {
  const toast = useToast();
  return async (text, copied, failed) => {
    try {
      await navigator.clipboard.writeText(text);
      toast({ tone: "success", ...copied });
    } catch {
      toast({ tone: "error", ...failed });
    }
  };
}
