import { graphql } from "@/gql";

/** What a kanban card and a table row show of a deal. */
export const BoardDealFields = graphql(`
  fragment BoardDeal on Deal {
    id
    name
    position
    status
    lostReason
    customFields
    expectedCloseDate
    createdAt
    lastActivityAt
    amount {
      ...MoneyAmount
    }
    stage {
      id
      name
      kind
    }
    company {
      id
      name
    }
    owner {
      ...MemberName
    }
  }
`);

/** One page of deals as cards or table rows, and where it ends (for `loadMore`). */
export const BoardDealPageFields = graphql(`
  fragment BoardDealPage on DealConnection {
    pageInfo {
      ...PageEnd
    }
    edges {
      node {
        ...BoardDeal
      }
    }
  }
`);

export const BoardStageFields = graphql(`
  fragment BoardStage on Stage {
    id
    name
    kind
    position
    probability
    dealCount
    totalAmount {
      ...MoneyAmount
    }
  }
`);

/** The board: every stage of one pipeline with its header figures and the first page of its column. */
export const DealsBoardDocument = graphql(`
  query DealsBoard($pipelineId: UUID!, $first: Int!) {
    pipeline(id: $pipelineId) {
      id
      name
      stages {
        ...BoardStage
        deals(first: $first) {
          ...BoardDealPage
        }
      }
    }
  }
`);

/**
 * The next page of one column: `Stage.deals(after:)`, merged by Graphcache's `relayPagination` into the
 * column the board shows (lib/graphcache.ts). The api has no root field for one stage, so the stage is
 * reached through a deal that is in it (any one: `first: 1`).
 */
export const StageDealsPageDocument = graphql(`
  query StageDealsPage($stageId: UUID!, $first: Int!, $after: String) {
    stage(id: $stageId) {
      id
      deals(first: $first, after: $after) {
        ...BoardDealPage
      }
    }
  }
`);

/** A stage's header figures, as the moveDeal updater writes them (features/deals/board-cache.ts). */
export const BoardStageFiguresFields = graphql(`
  fragment BoardStageFigures on Stage {
    id
    dealCount
    totalAmount {
      ...MoneyAmount
    }
  }
`);

/**
 * The cards of one cached page of a column and where it ends (`first`/`after` are that page's arguments),
 * as the moveDeal updater writes them (features/deals/board-cache.ts).
 */
export const BoardStageCardsFields = graphql(`
  fragment BoardStageCards on Stage {
    id
    deals(first: $first, after: $after) {
      pageInfo {
        ...PageEnd
      }
      edges {
        node {
          id
        }
      }
    }
  }
`);

export const DealsTableDocument = graphql(`
  query DealsTable($first: Int!, $after: String, $filter: DealFilter, $orderBy: [DealOrder!]) {
    deals(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      ...BoardDealPage
    }
  }
`);

export const MoveDealDocument = graphql(`
  mutation MoveDeal($id: UUID!, $stageId: UUID!, $position: Float) {
    moveDeal(id: $id, stageId: $stageId, position: $position) {
      ...BoardDeal
    }
  }
`);

export const CreateDealDocument = graphql(`
  mutation CreateDeal($input: DealInput!) {
    createDeal(input: $input) {
      ...BoardDeal
    }
  }
`);

export const PipelineDealCountDocument = graphql(`
  query PipelineDealCount($pipelineId: UUID!) {
    deals(first: 0, filter: { pipelineId: { eq: $pipelineId } }) {
      totalCount
    }
  }
`);

export const BulkUpdateDealsDocument = graphql(`
  mutation BulkUpdateDeals($ids: [UUID!], $filter: DealFilter, $input: DealInput!) {
    bulkUpdateDeals(ids: $ids, filter: $filter, input: $input) {
      ...BulkOutcome
    }
  }
`);

export const BulkDeleteDealsDocument = graphql(`
  mutation BulkDeleteDeals($ids: [UUID!], $filter: DealFilter) {
    bulkDeleteDeals(ids: $ids, filter: $filter) {
      ...BulkOutcome
    }
  }
`);
