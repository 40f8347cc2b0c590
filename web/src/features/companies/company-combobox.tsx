"use client";

import { CompanySearchDocument } from "@/features/companies/documents";
import { RecordCombobox, type RecordChoice, type RecordComboboxProps, type RecordSearch } from "@/features/records/record-combobox";
import type { CompanyFilter, CompanySearchQuery } from "@/gql/graphql";

export type CompanyChoice = RecordChoice;

const COMPANY_SEARCH: RecordSearch<CompanySearchQuery, CompanyFilter> = {
  query: CompanySearchDocument,
  filter: (term) => ({ or: [{ name: { contains: term } }, { domain: { contains: term } }] }),
  options: (data) => data.companies.edges.map(({ node }) => ({ value: node.id, label: node.name, description: node.domain })),
};

/** Picks a company by name or domain, searched on the server as you type (any number of companies). */
export function CompanyCombobox({ clearLabel = "No company", placeholder = "No company", ...props }: RecordComboboxProps) {
  return (
    <RecordCombobox {...props} clearLabel={clearLabel} placeholder={placeholder} noun="company" plural="companies" recordSearch={COMPANY_SEARCH} />
  );
}
