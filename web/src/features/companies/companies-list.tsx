"use client";

import dynamic from "next/dynamic";
import { Building2 } from "lucide-react";

import type { BulkDeleteCompaniesMutation, BulkUpdateCompaniesMutation, BulkUpdateCompaniesMutationVariables, CompaniesListQuery, CompaniesListQueryVariables, CompanyRowFragment } from "@/gql/graphql";
import { BulkDeleteCompaniesDocument, BulkUpdateCompaniesDocument, CompaniesListDocument, DeleteCompanyDocument, RestoreCompanyDocument } from "@/features/companies/documents";
import { RECORD_FILTERS } from "@/features/records/filters";
import { muted, recordColumns, RecordsList, timeColumn, type RecordsListConfig } from "@/features/records/records-list";

// The form to create or edit a row is a chunk of its own, fetched when it first opens.
const CompanySheet = dynamic(() => import("@/features/companies/company-sheet").then((module) => module.CompanySheet), { ssr: false });

function count(value: number) {
  return <span className={value ? "tabular-nums" : "text-ink-faint tabular-nums"}>{value}</span>;
}

const COMPANIES: RecordsListConfig<CompanyRowFragment, CompaniesListQuery, CompaniesListQueryVariables, BulkUpdateCompaniesMutation, BulkUpdateCompaniesMutationVariables> = {
  objectType: "COMPANY",
  title: "Companies",
  noun: "company",
  nouns: "companies",
  href: (id) => `/companies/${id}`,
  columnsKey: "rapport:columns:companies",
  query: CompaniesListDocument,
  select: (data) => data.companies,
  deleteDocument: DeleteCompanyDocument,
  bulk: {
    document: BulkUpdateCompaniesDocument,
    result: (data) => data.bulkUpdateCompanies,
  },
  restoreDocument: RestoreCompanyDocument,
  bulkDelete: { document: BulkDeleteCompaniesDocument, result: (data) => (data as BulkDeleteCompaniesMutation).bulkDeleteCompanies },
  search: { fields: ["name", "domain"], placeholder: "Search name or domain", hint: "a domain" },
  sortFields: { name: "NAME", createdAt: "CREATED_AT", lastActivityAt: "LAST_ACTIVITY_AT" },
  defaultColumns: ["name", "domain", "industry", "contactCount", "owner", "createdAt"],
  filterFields: [
    RECORD_FILTERS.name,
    { id: "domain", label: "Domain", kind: "text", apiField: "domain" },
    { id: "industry", label: "Industry", kind: "text", apiField: "industry" },
    RECORD_FILTERS.createdAt,
  ],
  columns: (definitions) =>
    recordColumns<CompanyRowFragment>({ href: (id) => `/companies/${id}` }, definitions, (column) =>
      column.columns([
        column.accessor((row) => row.domain ?? "", { id: "domain", header: "Domain", enableSorting: false, cell: (info) => muted(info.getValue()) }),
        column.accessor((row) => row.industry ?? "", { id: "industry", header: "Industry", enableSorting: false, cell: (info) => muted(info.getValue()) }),
        column.accessor((row) => row.employees, {
          id: "employees",
          header: "Employees",
          enableSorting: false,
          cell: (info) => {
            const value = info.getValue();
            return value === null || value === undefined ? <span className="text-ink-faint">—</span> : <span className="tabular-nums">{value.toLocaleString("en-US")}</span>;
          },
        }),
        column.accessor((row) => row.contactCount, { id: "contactCount", header: "Contacts", enableSorting: false, cell: (info) => count(info.getValue()) }),
        column.accessor((row) => row.dealCount, { id: "dealCount", header: "Deals", enableSorting: false, cell: (info) => count(info.getValue()) }),
        column.accessor((row) => row.owner?.user.name ?? "", { id: "owner", header: "Owner", enableSorting: false, cell: (info) => muted(info.getValue()) }),
        timeColumn(column, "createdAt", "Created"),
        timeColumn(column, "lastActivityAt", "Last activity"),
      ]),
    ),
  empty: {
    icon: Building2,
    writable: "Companies are the organisations your contacts work for. Add one, then link contacts and deals to it.",
    readOnly: "Companies are the organisations your team sells to. None have been added yet.",
  },
  importHref: "/companies/import",
  sheet: ({ row, ...props }) => <CompanySheet {...props} company={row} />,
};

/** The companies table (see RecordsList). */
export function CompaniesList() {
  return <RecordsList config={COMPANIES} />;
}
