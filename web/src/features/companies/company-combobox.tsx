"use client";

import { CompanySearchDocument } from "@/features/companies/documents";
import { RecordCombobox, useRecordSearch, type RecordChoice, type RecordComboboxProps } from "@/features/records/record-combobox";

export type CompanyChoice = RecordChoice;

/** Picks a company by name or domain, searched on the server as you type (any number of companies). */
export function CompanyCombobox({
  value,
  onChange,
  clearLabel = "No company",
  placeholder,
  ...props
}: RecordComboboxProps & {
  value: CompanyChoice | null;
  onChange: (company: CompanyChoice | null) => void;
}) {
  const searchState = useRecordSearch({
    query: CompanySearchDocument,
    filter: (term) => ({ or: [{ name: { contains: term } }, { domain: { contains: term } }] }),
    options: (data) => data.companies.edges.map(({ node }) => ({ value: node.id, label: node.name, description: node.domain })),
  });
  return (
    <RecordCombobox
      {...props}
      searchState={searchState}
      value={value}
      onChange={onChange}
      placeholder={placeholder ?? "No company"}
      clearLabel={clearLabel}
      noun="company"
      plural="companies"
    />
  );
}
