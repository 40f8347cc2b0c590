import { graphql } from "@/gql";

export const DashboardDocument = graphql(`
  query Dashboard($pipelineId: UUID, $months: Int!) {
    contacts(first: 0) {
      totalCount
    }
    companies(first: 0) {
      totalCount
    }
    deals(first: 0) {
      totalCount
    }
    pipelines {
      id
      name
      isDefault
    }
    dealStats(pipelineId: $pipelineId) {
      pipeline {
        id
        name
      }
      byStage {
        stage {
          id
          name
          kind
          probability
        }
        count
        amount {
          ...MoneyAmount
        }
        weightedAmount {
          ...MoneyAmount
        }
      }
      lostReasons {
        reason
        count
      }
      closedByMonth(months: $months) {
        month
        won
        lost
        wonAmount {
          ...MoneyAmount
        }
      }
    }
  }
`);

export const MyTasksDocument = graphql(`
  query MyTasks($assigneeId: UUID!, $first: Int!) {
    tasks(first: $first, assigneeId: $assigneeId, done: false) {
      totalCount
      edges {
        node {
          id
          body
          dueAt
          subjectType
          subjectId
          subjectName
        }
      }
    }
  }
`);
