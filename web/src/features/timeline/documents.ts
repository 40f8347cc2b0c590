import { graphql } from "@/gql";

export const TimelineEntryFields = graphql(`
  fragment TimelineEntry on Activity {
    id
    kind
    occurredAt
    summary
    changes
    body
    subjectType
    subjectId
    subjectName
    dueAt
    done
    doneAt
    callOutcome
    durationSeconds
    title
    endsAt
    editedAt
    canEdit
    attendeeContacts {
      id
      name
    }
    attendeeMembers {
      ...MemberName
    }
    actor {
      ...MemberName
    }
    assignee {
      ...MemberName
    }
    email {
      id
      subject
      snippet
      direction
      thread {
        id
      }
    }
  }
`);

export const TimelinePageFields = graphql(`
  fragment TimelinePage on ActivityConnection {
    totalCount
    pageInfo {
      ...PageEnd
    }
    edges {
      node {
        ...TimelineEntry
      }
    }
  }
`);

export const ContactTimelineDocument = graphql(`
  query ContactTimeline($id: UUID!, $first: Int!, $after: String) {
    contact(id: $id) {
      id
      timeline(first: $first, after: $after) {
        ...TimelinePage
      }
    }
  }
`);

export const CompanyTimelineDocument = graphql(`
  query CompanyTimeline($id: UUID!, $first: Int!, $after: String) {
    company(id: $id) {
      id
      timeline(first: $first, after: $after) {
        ...TimelinePage
      }
    }
  }
`);

export const DealTimelineDocument = graphql(`
  query DealTimeline($id: UUID!, $first: Int!, $after: String) {
    deal(id: $id) {
      id
      timeline(first: $first, after: $after) {
        ...TimelinePage
      }
    }
  }
`);

export const AddNoteDocument = graphql(`
  mutation AddNote($targetId: UUID!, $body: String!) {
    addNote(targetId: $targetId, body: $body) {
      ...TimelineEntry
    }
  }
`);

export const AddTaskDocument = graphql(`
  mutation AddTask($targetId: UUID!, $body: String!, $dueAt: DateTime, $assigneeId: UUID) {
    addTask(targetId: $targetId, body: $body, dueAt: $dueAt, assigneeId: $assigneeId) {
      ...TimelineEntry
    }
  }
`);

export const CompleteTaskDocument = graphql(`
  mutation CompleteTask($id: UUID!) {
    completeTask(id: $id) {
      ...TimelineEntry
    }
  }
`);

export const ReopenTaskDocument = graphql(`
  mutation ReopenTask($id: UUID!) {
    updateTask(id: $id, done: false) {
      ...TimelineEntry
    }
  }
`);

export const LogCallDocument = graphql(`
  mutation LogCall($input: LogCallInput!) {
    logCall(input: $input) {
      ...TimelineEntry
    }
  }
`);

export const LogMeetingDocument = graphql(`
  mutation LogMeeting($input: LogMeetingInput!) {
    logMeeting(input: $input) {
      ...TimelineEntry
    }
  }
`);

export const UpdateNoteDocument = graphql(`
  mutation UpdateNote($id: UUID!, $body: String!) {
    updateNote(id: $id, body: $body) {
      ...TimelineEntry
    }
  }
`);

export const DeleteNoteDocument = graphql(`
  mutation DeleteNote($id: UUID!) {
    deleteNote(id: $id)
  }
`);

export const UpdateCallDocument = graphql(`
  mutation UpdateCall($id: UUID!, $input: UpdateCallInput!) {
    updateCall(id: $id, input: $input) {
      ...TimelineEntry
    }
  }
`);

export const DeleteCallDocument = graphql(`
  mutation DeleteCall($id: UUID!) {
    deleteCall(id: $id)
  }
`);

export const UpdateMeetingDocument = graphql(`
  mutation UpdateMeeting($id: UUID!, $input: UpdateMeetingInput!) {
    updateMeeting(id: $id, input: $input) {
      ...TimelineEntry
    }
  }
`);

export const DeleteMeetingDocument = graphql(`
  mutation DeleteMeeting($id: UUID!) {
    deleteMeeting(id: $id)
  }
`);

/** Contacts to pick as a meeting's attendees. */
export const AttendeeContactsDocument = graphql(`
  query AttendeeContacts($name: String) {
    contacts(first: 20, filter: { name: { contains: $name } }) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

/** A company named in a change (`companyId`), for the sentence. */
export const CompanyNameDocument = graphql(`
  query TimelineCompanyName($id: UUID!) {
    company(id: $id) {
      id
      name
    }
  }
`);
