import { graphql } from "@/gql";

/** One request, three lists: the api resolves them side by side. */
export const PaletteSearchDocument = graphql(`
  query PaletteSearch($contacts: ContactFilter!, $companies: CompanyFilter!, $deals: DealFilter!, $first: Int!) {
    contacts(first: $first, filter: $contacts, orderBy: [{ field: NAME, direction: ASC_NULLS_LAST }]) {
      edges {
        node {
          id
          name
          emails
          company {
            id
            name
          }
        }
      }
    }
    companies(first: $first, filter: $companies, orderBy: [{ field: NAME, direction: ASC_NULLS_LAST }]) {
      edges {
        node {
          id
          name
          domain
        }
      }
    }
    deals(first: $first, filter: $deals, orderBy: [{ field: UPDATED_AT, direction: DESC_NULLS_LAST }]) {
      edges {
        node {
          id
          name
          stage {
            id
            name
          }
          amount {
            ...MoneyAmount
          }
        }
      }
    }
  }
`);
