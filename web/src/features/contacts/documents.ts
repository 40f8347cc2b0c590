import { graphql } from "@/gql";

/** A contact's name, ways to reach them, title and company: a list row's core, a duplicate candidate. */
export const ContactCoreFields = graphql(`
  fragment ContactCore on Contact {
    id
    name
    firstName
    lastName
    emails
    phones
    jobTitle
    createdAt
    company {
      id
      name
    }
  }
`);

export const ContactRowFields = graphql(`
  fragment ContactRow on Contact {
    ...ContactCore
    customFields
    updatedAt
    lastActivityAt
    owner {
      ...MemberName
    }
  }
`);

export const ContactsListDocument = graphql(`
  query ContactsList($first: Int!, $after: String, $filter: ContactFilter, $orderBy: [ContactOrder!]) {
    contacts(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        ...PageEnd
      }
      edges {
        node {
          ...ContactRow
        }
      }
    }
  }
`);

export const CreateContactDocument = graphql(`
  mutation CreateContact($input: ContactInput!) {
    createContact(input: $input) {
      ...ContactRow
    }
  }
`);

export const UpdateContactDocument = graphql(`
  mutation UpdateContact($id: UUID!, $input: ContactInput!) {
    updateContact(id: $id, input: $input) {
      ...ContactRow
    }
  }
`);

export const DeleteContactDocument = graphql(`
  mutation DeleteContact($id: UUID!) {
    deleteContact(id: $id)
  }
`);

export const RestoreContactDocument = graphql(`
  mutation RestoreContact($id: UUID!) {
    restoreContact(id: $id) {
      id
      name
    }
  }
`);

/** Contacts by name or email for pickers (a deal's people). */
export const ContactSearchDocument = graphql(`
  query ContactSearch($filter: ContactFilter) {
    contacts(first: 20, filter: $filter, orderBy: [{ field: NAME, direction: ASC_NULLS_LAST }]) {
      edges {
        node {
          id
          name
          emails
        }
      }
    }
  }
`);

export const BulkUpdateContactsDocument = graphql(`
  mutation BulkUpdateContacts($ids: [UUID!], $filter: ContactFilter, $input: ContactInput!) {
    bulkUpdateContacts(ids: $ids, filter: $filter, input: $input) {
      ...BulkOutcome
    }
  }
`);

export const BulkDeleteContactsDocument = graphql(`
  mutation BulkDeleteContacts($ids: [UUID!], $filter: ContactFilter) {
    bulkDeleteContacts(ids: $ids, filter: $filter) {
      ...BulkOutcome
    }
  }
`);
