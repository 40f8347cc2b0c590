import { graphql } from "@/gql";

// What the record pages (/contacts/[id], /companies/[id], /deals/[id]) read and write.

export const PipelineOptionsDocument = graphql(`
  query PipelineOptions {
    pipelines {
      id
      name
      isDefault
      stages {
        id
        name
        kind
        position
      }
    }
  }
`);

export const LinkedDealFields = graphql(`
  fragment LinkedDeal on Deal {
    id
    name
    status
    expectedCloseDate
    amount {
      ...MoneyAmount
    }
    stage {
      id
      name
    }
  }
`);

/** A record's deals, as its page lists them. */
export const LinkedDealsFields = graphql(`
  fragment LinkedDeals on DealConnection {
    totalCount
    edges {
      node {
        ...LinkedDeal
      }
    }
  }
`);

/** A contact linked to a company or a deal. */
export const LinkedContactFields = graphql(`
  fragment LinkedContact on Contact {
    id
    name
    emails
    jobTitle
  }
`);

export const ContactDetailFields = graphql(`
  fragment ContactDetail on Contact {
    id
    firstName
    lastName
    name
    emails
    phones
    jobTitle
    customFields
    createdAt
    updatedAt
    dealCount
    company {
      ...CompanyChoice
    }
    owner {
      ...MemberName
    }
  }
`);

export const ContactRecordDocument = graphql(`
  query ContactRecord($id: UUID!) {
    contact(id: $id) {
      ...ContactDetail
      deals(first: 50) {
        ...LinkedDeals
      }
    }
  }
`);

export const UpdateContactDetailDocument = graphql(`
  mutation UpdateContactDetail($id: UUID!, $input: ContactInput!) {
    updateContact(id: $id, input: $input) {
      ...ContactDetail
    }
  }
`);

export const CompanyDetailFields = graphql(`
  fragment CompanyDetail on Company {
    id
    name
    domain
    industry
    employees
    customFields
    createdAt
    updatedAt
    contactCount
    dealCount
    owner {
      ...MemberName
    }
  }
`);

export const CompanyRecordDocument = graphql(`
  query CompanyRecord($id: UUID!) {
    company(id: $id) {
      ...CompanyDetail
      contacts(first: 50) {
        totalCount
        edges {
          node {
            ...LinkedContact
          }
        }
      }
      deals(first: 50) {
        ...LinkedDeals
      }
    }
  }
`);

export const UpdateCompanyDetailDocument = graphql(`
  mutation UpdateCompanyDetail($id: UUID!, $input: CompanyInput!) {
    updateCompany(id: $id, input: $input) {
      ...CompanyDetail
    }
  }
`);

export const DealDetailFields = graphql(`
  fragment DealDetail on Deal {
    id
    name
    status
    closedAt
    lostReason
    customFields
    createdAt
    updatedAt
    expectedCloseDate
    amount {
      ...MoneyAmount
    }
    pipeline {
      id
      name
    }
    stage {
      id
      name
      kind
    }
    company {
      ...CompanyChoice
    }
    owner {
      ...MemberName
    }
    contacts {
      role
      contact {
        ...LinkedContact
      }
    }
  }
`);

export const DealRecordDocument = graphql(`
  query DealRecord($id: UUID!) {
    deal(id: $id) {
      ...DealDetail
    }
  }
`);

export const UpdateDealDetailDocument = graphql(`
  mutation UpdateDealDetail($id: UUID!, $input: DealInput!) {
    updateDeal(id: $id, input: $input) {
      ...DealDetail
    }
  }
`);

export const SetDealContactDocument = graphql(`
  mutation SetDealContact($dealId: UUID!, $contactId: UUID!, $role: String) {
    setDealContact(dealId: $dealId, contactId: $contactId, role: $role) {
      ...DealDetail
    }
  }
`);

export const RemoveDealContactDocument = graphql(`
  mutation RemoveDealContact($dealId: UUID!, $contactId: UUID!) {
    removeDealContact(dealId: $dealId, contactId: $contactId) {
      ...DealDetail
    }
  }
`);

export const DeleteDealDocument = graphql(`
  mutation DeleteDealRecord($id: UUID!) {
    deleteDeal(id: $id)
  }
`);

export const RestoreDealDocument = graphql(`
  mutation RestoreDealRecord($id: UUID!) {
    restoreDeal(id: $id) {
      id
      name
    }
  }
`);
