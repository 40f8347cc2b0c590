import { graphql } from "@/gql";

// The subscriptions the screens hold (lib/live.ts carries them; lib/graphcache.ts writes what they bring).
// Each that declares `$after` resumes from its last event after a reconnect.

/** The kanban: a teammate's move, at its place in the target column (features/deals/board-cache.ts). */
export const DealMovedDocument = graphql(`
  subscription DealMoved($pipelineId: UUID!, $after: String) {
    dealMoved(pipelineId: $pipelineId, after: $after) {
      eventId
      position
      toStage {
        id
      }
      deal {
        ...BoardDeal
      }
    }
  }
`);

/** Deals created, changed, deleted or restored anywhere (the board and the deals list). */
export const DealChangedDocument = graphql(`
  subscription DealChanged($after: String) {
    recordChanged(objectType: DEAL, after: $after) {
      eventId
      kind
      id
      objectType
      record {
        ... on Deal {
          ...BoardDeal
        }
      }
    }
  }
`);

/** Records of one type created, changed or deleted (the records lists mark new rows). */
export const RecordsChangedDocument = graphql(`
  subscription RecordsChanged($objectType: ObjectType!, $after: String) {
    recordChanged(objectType: $objectType, after: $after) {
      eventId
      kind
      id
      objectType
      actor {
        id
        user {
          id
        }
      }
    }
  }
`);

/** One record page: its fields as they change (written into the cached record). */
export const RecordChangedDocument = graphql(`
  subscription RecordChanged($id: UUID!, $after: String) {
    recordChanged(id: $id, after: $after) {
      eventId
      kind
      id
      objectType
      changedFields
      actor {
        ...MemberName
      }
      record {
        ... on Contact {
          ...ContactDetail
        }
        ... on Company {
          ...CompanyDetail
        }
        ... on Deal {
          ...DealDetail
        }
      }
    }
  }
`);

/** One record's timeline: an entry added, rewritten or deleted loads the timeline again. */
export const TimelineChangedDocument = graphql(`
  subscription TimelineChanged($targetId: UUID!, $after: String) {
    timelineChanged(targetId: $targetId, after: $after) {
      eventId
      kind
      id
    }
  }
`);
