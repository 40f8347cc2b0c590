import { graphql } from "@/gql";

/** A search hit as a result row shows it: the record, note or thread it found, and why. */
export const SearchHitFields = graphql(`
  fragment SearchHit on SearchResult {
    type
    score
    snippet
    matchedBy
    node {
      ...SearchHitTarget
    }
  }
`);

export const SearchResultsDocument = graphql(`
  query SearchResults($query: String!, $types: [SearchType!], $first: Int!, $after: String) {
    search(query: $query, types: $types, first: $first, after: $after) {
      degraded
      degradedReason
      pageInfo {
        ...PageEnd
      }
      edges {
        cursor
        node {
          ...SearchHit
        }
      }
    }
  }
`);

export const DuplicateCandidatesDocument = graphql(`
  query DuplicateCandidates($objectType: ObjectType!) {
    duplicateCandidates(objectType: $objectType, first: 50) {
      score
      reasons
      records {
        __typename
        ... on Contact {
          ...ContactCore
        }
        ... on Company {
          id
          name
          domain
          industry
          createdAt
        }
      }
    }
  }
`);

export const MergeContactsDocument = graphql(`
  mutation MergeContacts($primaryId: UUID!, $duplicateIds: [UUID!]!) {
    mergeContacts(primaryId: $primaryId, duplicateIds: $duplicateIds) {
      id
      name
    }
  }
`);

export const MergeCompaniesDocument = graphql(`
  mutation MergeCompanies($primaryId: UUID!, $duplicateIds: [UUID!]!) {
    mergeCompanies(primaryId: $primaryId, duplicateIds: $duplicateIds) {
      id
      name
    }
  }
`);

export const UndoMergeDocument = graphql(`
  mutation UndoMerge($id: UUID!) {
    undoMerge(id: $id) {
      __typename
      ... on Contact {
        id
        name
      }
      ... on Company {
        id
        name
      }
    }
  }
`);

export const ContactDuplicatesDocument = graphql(`
  query ContactDuplicates($firstName: String, $lastName: String, $emails: [String!]) {
    contactDuplicates(firstName: $firstName, lastName: $lastName, emails: $emails, first: 3) {
      score
      reasons
      records {
        __typename
        ... on Contact {
          id
          name
          emails
        }
      }
    }
  }
`);

export const SimilarRecordsDocument = graphql(`
  query SimilarRecords($id: UUID!, $first: Int!) {
    similar(id: $id, first: $first) {
      ...SearchHit
    }
  }
`);
