import type { Cache, UpdateResolver } from "@urql/exchange-graphcache";

import type { DealChangedSubscription, DealMovedSubscription, RecordChangedSubscription } from "@/gql/graphql";
import { moveDealUpdate } from "@/features/deals/board-cache";

// What the subscriptions' events do to Graphcache (wired in lib/graphcache.ts):
// - `dealMoved`: the card moves between the cached columns exactly as the kanban's own drag does
//   (features/deals/board-cache.ts), so the board keeps its loaded pages and a card being dragged here
//   stays in the hand (the drag works on its own layout until it is dropped).
// - `recordChanged`: an update is written by Graphcache itself (the event carries the record as the
//   subscriber may see it now); a created, deleted, restored or merged record makes the lists and boards
//   that hold its type load again, as a mutation of one's own does.
// - `timelineChanged` (an entry added, rewritten or deleted) and `timelineAdded`: the record's timeline loads again.
// - `notificationAdded`: the bell loads again.

const TYPENAMES: Record<string, string> = { CONTACT: "Contact", COMPANY: "Company", DEAL: "Deal" };
const RECORD_TYPES = ["Contact", "Company", "Deal"];

type Invalidate = (cache: Cache, typenames: Set<string>) => void;

/** The timeline of the record `targetId` (whichever type it is) loads again. */
function reloadTimeline(cache: Cache, targetId: unknown): void {
  if (typeof targetId !== "string") return;
  for (const typename of RECORD_TYPES) {
    const key = cache.keyOfEntity({ __typename: typename, id: targetId });
    if (!key) continue;
    for (const field of cache.inspectFields(key)) {
      if (field.fieldName === "timeline") cache.invalidate(key, field.fieldName, field.arguments ?? undefined);
    }
  }
}

export function subscriptionUpdates(invalidateHolders: Invalidate): Record<string, UpdateResolver> {
  return {
    dealMoved: (result, _args, cache, info) => {
      const move = (result as Partial<DealMovedSubscription>).dealMoved;
      if (!move) return;
      moveDealUpdate(
        { moveDeal: move.deal },
        { id: move.deal.id, stageId: move.toStage.id, position: move.position },
        cache,
        info,
      );
    },
    recordChanged: (result, _args, cache) => {
      const change = (result as Partial<RecordChangedSubscription | DealChangedSubscription>).recordChanged;
      if (!change || change.kind === "UPDATED") return;
      const typename = TYPENAMES[change.objectType];
      if (!typename) return;
      invalidateHolders(cache, new Set([typename]));
      if (change.kind === "DELETED" || change.kind === "MERGED") cache.invalidate({ __typename: typename, id: change.id });
    },
    timelineAdded: (_result, args, cache) => reloadTimeline(cache, args.targetId),
    timelineChanged: (_result, args, cache) => reloadTimeline(cache, args.targetId),
    notificationAdded: (_result, _args, cache) => {
      for (const field of cache.inspectFields("Query")) {
        if (field.fieldName === "notifications") cache.invalidate("Query", field.fieldName, field.arguments ?? undefined);
      }
    },
  };
}
