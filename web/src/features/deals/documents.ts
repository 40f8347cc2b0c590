import { graphql } from "@/gql";

/** What a kanban card and a table row show of a deal. */
export const BoardDealFields = graphql(`
  fragment BoardDeal on Deal {
    id
    name
    position
    status
    expectedCloseDate
    createdAt
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
          pageInfo {
            ...PageEnd
          }
          edges {
            node {
              ...BoardDeal
            }
          }
        }
      }
    }
  }
`);

/** The header figures alone, to settle the board after a move. */
export const BoardTotalsDocument = graphql(`
  query BoardTotals($pipelineId: UUID!) {
    pipeline(id: $pipelineId) {
      id
      stages {
        ...BoardStage
      }
    }
  }
`);

/** The next page of one column, in column order (the cursor of `Stage.deals` fits this order). */
export const StageDealsPageDocument = graphql(`
  query StageDealsPage($stageId: UUID!, $first: Int!, $after: String) {
    deals(
      first: $first
      after: $after
      filter: { stageId: { eq: $stageId } }
      orderBy: [{ field: POSITION, direction: ASC_NULLS_LAST }]
    ) {
      pageInfo {
        ...PageEnd
      }
      edges {
        node {
          ...BoardDeal
        }
      }
    }
  }
`);

export const DealsTableDocument = graphql(`
  query DealsTable($first: Int!, $after: String, $filter: DealFilter, $orderBy: [DealOrder!]) {
    deals(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        ...PageEnd
      }
      edges {
        node {
          ...BoardDeal
        }
      }
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
