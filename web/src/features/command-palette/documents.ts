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
            ...SearchHitTarget
            ... on Contact {
              emails
            }
            ... on Company {
              domain
            }
            ... on Activity {
              body
            }
          }
        }
      }
    }
  }
`);
