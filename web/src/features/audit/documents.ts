import { graphql } from "@/gql";

// The workspace's audit log: security events, newest first (owners and admins).

export const AuditEventsDocument = graphql(`
  query AuditEvents($first: Int!, $after: String) {
    auditEvents(first: $first, after: $after) {
      edges {
        node {
          id
          action
          ip
          userAgent
          occurredAt
          details
          actor {
            id
            user {
              id
              name
              email
            }
          }
        }
      }
      pageInfo {
        ...PageEnd
      }
    }
  }
`);
