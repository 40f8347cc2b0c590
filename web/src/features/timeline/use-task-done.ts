"use client";

import { useState } from "react";
import { useMutation } from "urql";

import { useToast } from "@/components/ui/toast";
import { problemFromCombined } from "@/lib/api-errors";
import { CompleteTaskDocument, ReopenTaskDocument } from "@/features/timeline/documents";

/**
 * A task's done box: `[done, setDone]`. A change shows at once and is kept once the api has taken it (the list
 * loads again after the change, and an answer already on the way when the box was clicked must not flip it
 * back); a refused one goes back, with a toast that says why.
 */
export function useTaskDone(task: { id: string; done?: boolean | null }): [boolean, (next: boolean) => Promise<void>] {
  const toast = useToast();
  const [optimistic, setOptimistic] = useState<boolean | null>(null);
  const [, complete] = useMutation(CompleteTaskDocument);
  const [, reopen] = useMutation(ReopenTaskDocument);

  async function setDone(next: boolean) {
    setOptimistic(next);
    const result = next ? await complete({ id: task.id }) : await reopen({ id: task.id });
    if (result.error) {
      setOptimistic(null);
      toast({ title: "The task was not updated", description: problemFromCombined(result.error).message, tone: "error" });
    }
  }

  return [optimistic ?? Boolean(task.done), setDone];
}
