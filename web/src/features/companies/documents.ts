import { graphql } from "@/gql";

/** A company to link to (a picker's option, a contact's or a deal's company). */
export const CompanyChoiceFields = graphql(`
  fragment CompanyChoice on Company {
    id
    name
    domain
  }
`);

export const CompanyRowFields = graphql(`
  fragment CompanyRow on Company {
    id
    name
    domain
    industry
    employees
    customFields
    contactCount
    dealCount
    createdAt
    lastActivityAt
    owner {
      ...MemberName
    }
  }
`);

export const CompaniesListDocument = graphql(`
  query CompaniesList($first: Int!, $after: String, $filter: CompanyFilter, $orderBy: [CompanyOrder!]) {
    companies(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        ...PageEnd
      }
      edges {
        node {
          ...CompanyRow
        }
      }
    }
  }
`);

export const CreateCompanyDocument = graphql(`
  mutation CreateCompany($input: CompanyInput!) {
    createCompany(input: $input) {
      ...CompanyRow
    }
  }
`);

export const UpdateCompanyDocument = graphql(`
  mutation UpdateCompany($id: UUID!, $input: CompanyInput!) {
    updateCompany(id: $id, input: $input) {
      ...CompanyRow
    }
  }
`);

export const DeleteCompanyDocument = graphql(`
  mutation DeleteCompany($id: UUID!) {
    deleteCompany(id: $id)
  }
`);

export const RestoreCompanyDocument = graphql(`
  mutation RestoreCompany($id: UUID!) {
    restoreCompany(id: $id) {
      id
      name
    }
  }
`);

/** Companies whose name (or domain) contains the search, for pickers: searched on the server, not the first 100. */
export const CompanySearchDocument = graphql(`
  query CompanySearch($filter: CompanyFilter, $first: Int! = 20) {
    companies(first: $first, filter: $filter, orderBy: [{ field: NAME, direction: ASC_NULLS_LAST }]) {
      edges {
        node {
          ...CompanyChoice
        }
      }
    }
  }
`);

export const BulkUpdateCompaniesDocument = graphql(`
  mutation BulkUpdateCompanies($ids: [UUID!], $filter: CompanyFilter, $input: CompanyInput!) {
    bulkUpdateCompanies(ids: $ids, filter: $filter, input: $input) {
      ...BulkOutcome
    }
  }
`);

export const BulkDeleteCompaniesDocument = graphql(`
  mutation BulkDeleteCompanies($ids: [UUID!], $filter: CompanyFilter) {
    bulkDeleteCompanies(ids: $ids, filter: $filter) {
      ...BulkOutcome
    }
  }
`);
