import { useEffect } from "react";
import type { OperationContext } from "urql";

/** Every `ms` while `active`, asks a query (its `refetch`) again from the network: for a state worth watching until it settles. */
export function usePoll(refetch: (opts?: Partial<OperationContext>) => void, ms: number, active = true): void {
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => refetch({ requestPolicy: "network-only" }), ms);
    return () => clearInterval(timer);
  }, [active, ms, refetch]);
}
