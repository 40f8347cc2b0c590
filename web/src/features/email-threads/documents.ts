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
    messageId
    outboundState
    sendError
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

// Writing email: the caller's mailboxes that can send, templates, sending and retrying.

export const SendingMailboxesDocument = graphql(`
  query SendingMailboxes {
    mailboxes {
      id
      address
      state
      canSend
    }
    emailTemplates {
      id
      name
    }
  }
`);

export const RenderEmailTemplateDocument = graphql(`
  query RenderEmailTemplate($id: UUID!, $targetId: UUID) {
    renderEmailTemplate(id: $id, targetId: $targetId) {
      subject
      body
    }
  }
`);

export const SendEmailDocument = graphql(`
  mutation SendEmail($input: SendEmailInput!) {
    sendEmail(input: $input) {
      ...EmailMessage
      thread {
        id
        messageCount
      }
    }
  }
`);

export const RetrySendEmailDocument = graphql(`
  mutation RetrySendEmail($id: UUID!) {
    retrySendEmail(id: $id) {
      id
      outboundState
      sendError
    }
  }
`);
