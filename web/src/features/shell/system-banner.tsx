"use client";

import { TriangleAlert } from "lucide-react";
import { useQuery } from "urql";

import { graphql } from "@/gql";
import { usePoll } from "@/lib/use-poll";

export const SystemStatusDocument = graphql(`
  query SystemStatus {
    systemStatus {
      emergency
      readOnly
      message
    }
  }
`);

/** How often the banner asks again: emergency mode reaches every api process within seconds. */
const POLL_MS = 30_000;

/** A banner across every page while Rapport is in emergency mode (read-only): the operator's message. */
export function SystemBanner() {
  const [{ data }, refetch] = useQuery({ query: SystemStatusDocument, requestPolicy: "cache-and-network" });
  usePoll(refetch, POLL_MS);
  const status = data?.systemStatus;
  if (!status?.emergency) return null;
  return (
    <div
      role="status"
      className="flex items-center gap-2 border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900"
    >
      <TriangleAlert className="size-4 shrink-0" aria-hidden />
      <span>
        {status.message ?? "Rapport is in emergency mode."}
        {status.readOnly ? " Changes are paused; everything can still be read." : null}
      </span>
    </div>
  );
}
