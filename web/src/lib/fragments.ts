import { graphql } from "@/gql";

// Selections that many screens' documents share; spread them (`...MemberName`) instead of writing them again.

/** A member as a name on screen: an owner, an actor, an assignee. */
export const MemberNameFields = graphql(`
  fragment MemberName on Member {
    id
    user {
      id
      name
    }
  }
`);

/** Where a connection's page ends, for `loadMore`. */
export const PageEndFields = graphql(`
  fragment PageEnd on PageInfo {
    hasNextPage
    endCursor
  }
`);

/** What a search hit points at, enough to name it and link to it: the record, the thread, or the note and its record. */
export const SearchHitTargetFields = graphql(`
  fragment SearchHitTarget on SearchHit {
    __typename
    ... on Contact {
      id
      name
    }
    ... on Company {
      id
      name
    }
    ... on Deal {
      id
      name
    }
    ... on EmailThread {
      id
      subject
    }
    ... on Activity {
      id
      subjectType
      subjectId
      subjectName
    }
  }
`);

/** An amount of money. */
export const MoneyFields = graphql(`
  fragment MoneyAmount on Money {
    amountMicros
    currency
  }
`);

/** A stored file as a download link. */
export const FileLinkFields = graphql(`
  fragment FileLink on File {
    id
    filename
    downloadUrl
  }
`);

/** What a bulk change did (`bulkUpdateContacts`, …): the records it addressed, those it changed, why each refused one was. */
export const BulkOutcomeFields = graphql(`
  fragment BulkOutcome on BulkResult {
    id
    matched
    updated
    errors {
      id
      code
      message
    }
  }
`);
