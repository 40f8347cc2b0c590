import { graphql } from "@/gql";

export const TaskListDocument = graphql(`
  query TaskList($first: Int!, $after: String, $filter: TaskFilter) {
    tasks(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        ...PageEnd
      }
      edges {
        node {
          id
          body
          dueAt
          done
          doneAt
          subjectType
          subjectId
          subjectName
          assignee {
            ...MemberName
          }
        }
      }
    }
  }
`);

export const RescheduleTaskDocument = graphql(`
  mutation RescheduleTask($id: UUID!, $dueAt: DateTime, $assigneeId: UUID) {
    updateTask(id: $id, dueAt: $dueAt, assigneeId: $assigneeId) {
      id
      dueAt
      assignee {
        ...MemberName
      }
    }
  }
`);

export const AgendaDocument = graphql(`
  query Agenda {
    agenda(first: 10) {
      id
      title
      occurredAt
      endsAt
      subjectType
      subjectId
      subjectName
    }
  }
`);
