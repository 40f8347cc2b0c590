import { graphql } from "@/gql";

/** Everything the workspace holds, ranked by the api's `search` (records, email threads, notes). */
export const PaletteSearchDocument = graphql(`
  query PaletteSearch($query: String!, $first: Int!) {
    search(query: $query, first: $first) {
      degraded
      degradedReason
      edges {
        cursor
        node {
          type
          snippet
          node {
            __typename
            ... on Contact {
              id
              name
              emails
            }
            ... on Company {
              id
              name
              domain
            }
            ... on Deal {
              id
              name
            }
            ... on EmailThread {
              id
              subject
              contacts {
                id
              }
            }
            ... on Activity {
              id
              body
              subjectType
              subjectId
              subjectName
            }
          }
        }
      }
    }
  }
`);
