import { graphql } from "@/gql";

export const ParticipantFields = graphql(`
  fragment Participant on EmailParticipant {
    role
    address
    name
    contact {
      id
      name
    }
  }
`);

export const EmailThreadsDocument = graphql(`
  query EmailThreads($first: Int!, $after: String, $filter: EmailThreadFilter) {
    emailThreads(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        ...PageEnd
      }
      edges {
        node {
          id
          subject
          messageCount
          lastMessageAt
          emails {
            id
            snippet
            direction
            participants {
              ...Participant
            }
          }
        }
      }
    }
  }
`);

export const EmailMessageFields = graphql(`
  fragment EmailMessage on Email {
    id
    subject
    sentAt
    receivedAt
    direction
    snippet
    text
    html
    participants {
      ...Participant
    }
    attachments {
      id
      filename
      contentType
      size
      downloadUrl
    }
  }
`);

export const EmailThreadDocument = graphql(`
  query EmailThread($id: UUID!) {
    emailThread(id: $id) {
      id
      subject
      messageCount
      lastMessageAt
      emails {
        ...EmailMessage
      }
    }
  }
`);

/** Where mail gets in without a mailbox: shown in the empty state (members and up may read it). */
export const InboundAddressDocument = graphql(`
  query InboundAddress {
    inboundEmail {
      address
    }
  }
`);
