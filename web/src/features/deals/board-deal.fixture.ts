import type { BoardDealFragment } from "@/gql/graphql";

/** A board card as the api answers it, for tests: an open deal in `stageId`, at `position`. */
export function boardDeal(
  id: string,
  stageId: string,
  position: number,
  { name = id, amount }: { name?: string; amount?: [string, string] } = {},
): BoardDealFragment {
  return {
    id,
    name,
    position,
    status: "OPEN",
    lostReason: null,
    customFields: {},
    expectedCloseDate: null,
    createdAt: "2026-01-01T00:00:00Z",
    lastActivityAt: null,
    amount: amount ? { amountMicros: amount[0], currency: amount[1] } : null,
    stage: { id: stageId, name: stageId, kind: "OPEN" },
    company: null,
    owner: null,
  };
}
