"use client";

import type { CombinedError } from "urql";

import { useToast, type ToastMessage } from "@/components/ui/toast";
import { problemFromCombined } from "@/lib/api-errors";

/**
 * Says in a toast how a mutation went: `failure` with the api's problem when `error` is set, else `success`
 * (if given). Returns whether it worked, so a confirm dialog can stay open on a failure.
 */
export function useOutcomeToast(): (error: CombinedError | undefined, failure: string, success?: ToastMessage) => boolean {
  const toast = useToast();
  return (error, failure, success) => {
    if (error) {
      toast({ title: failure, description: problemFromCombined(error).message, tone: "error" });
      return false;
    }
    if (success) toast(success);
    return true;
  };
}
