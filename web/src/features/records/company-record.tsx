"use client";

import { ExternalLink, Handshake, Users } from "lucide-react";

import { Avatar } from "@/components/ui";
import { DeleteCompanyDocument, RestoreCompanyDocument } from "@/features/companies/documents";
import { CustomFieldsSection } from "@/features/records/custom-fields-section";
import { RecordActivity } from "@/features/records/record-activity";
import { CompanyRecordDocument, UpdateCompanyDetailDocument } from "@/features/records/documents";
import { CreatedRow, InlineSelect, InlineText } from "@/features/records/inline-field";
import { DealList } from "@/features/records/linked-deals";
import {
  LinkedEmpty,
  LinkedRow,
  RecordHeader,
  RecordLayout,
  RecordMissing,
  RecordSection,
} from "@/features/records/record-layout";
import { useRecordPage } from "@/features/records/use-record-data";

function parseEmployees(draft: string) {
  const text = draft.replace(/[\s,_]/g, "");
  if (text === "") return { ok: true as const, value: null };
  return /^\d+$/.test(text)
    ? { ok: true as const, value: Number(text) }
    : { ok: false as const, error: "Enter a whole number of people, like 120." };
}

function parseDomain(draft: string) {
  const text = draft.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/.*$/, "");
  return { ok: true as const, value: text === "" ? null : text };
}

/** /companies/[id]: every field editable in place, custom fields, its contacts and deals, timeline and emails. */
export function CompanyRecord({ id }: { id: string }) {
  const { record: company, missing, writable, readOnly, members, definitions, save } = useRecordPage({
    id,
    objectType: "COMPANY",
    query: CompanyRecordDocument,
    update: UpdateCompanyDetailDocument,
    fromQuery: (data) => data.company,
    fromUpdate: (data) => data.updateCompany,
  });
  if (!company) return <RecordMissing missing={missing} noun="company" listHref="/companies" listLabel="Back to companies" />;

  const knownCompanies: Record<string, string> = { [id]: company.name };
  const contacts = company.contacts.edges.map(({ node }) => node);
  const deals = company.deals.edges.map(({ node }) => node);

  return (
    <RecordLayout
      section="Companies"
      sectionHref="/companies"
      name={company.name}
      deletable={writable && { noun: "company", id, deleteDocument: DeleteCompanyDocument, restoreDocument: RestoreCompanyDocument }}
      header={
        <RecordHeader
          avatar={<Avatar name={company.name} className="size-10 rounded-lg text-sm" />}
          title={
            <InlineText
              bare
              label="Name"
              value={company.name}
              onSave={(name) => save({ name: (name as string | null) ?? "" })}
              readOnly={readOnly}
              errorKeys={["name"]}
              className="min-h-8 text-lg font-semibold"
            />
          }
          subtitle={
            company.domain ? (
              <a
                href={`https://${company.domain}`}
                target="_blank"
                rel="noreferrer noopener"
                className="inline-flex items-center gap-1 hover:text-accent hover:underline"
              >
                {company.domain}
                <ExternalLink className="size-3" aria-hidden />
              </a>
            ) : null
          }
        />
      }
      aside={
        <>
          <RecordSection title="Details">
            <div className="grid">
              <InlineText
                label="Domain"
                value={company.domain ?? ""}
                parse={parseDomain}
                onSave={(domain) => save({ domain: domain as string | null })}
                readOnly={readOnly}
                errorKeys={["domain"]}
              />
              <InlineText
                label="Industry"
                value={company.industry ?? ""}
                onSave={(industry) => save({ industry: industry as string | null })}
                readOnly={readOnly}
                errorKeys={["industry"]}
              />
              <InlineText
                label="Employees"
                value={company.employees === null || company.employees === undefined ? "" : String(company.employees)}
                type="number"
                parse={parseEmployees}
                format={(text) => <span className="tabular-nums">{Number(text).toLocaleString("en-US")}</span>}
                onSave={(employees) => save({ employees: employees as number | null })}
                readOnly={readOnly}
                errorKeys={["employees"]}
              />
              <InlineSelect
                label="Owner"
                value={company.owner?.id ?? null}
                options={members.options}
                noneLabel="No owner"
                onSave={(ownerId) => save({ ownerId })}
                readOnly={readOnly}
                errorKeys={["ownerId"]}
              />
              <CreatedRow at={company.createdAt} />
            </div>
          </RecordSection>
          <CustomFieldsSection
            definitions={definitions}
            customFields={company.customFields}
            onSave={(key, value) => save({ customFields: { [key]: value } })}
            readOnly={readOnly}
          />
          <RecordSection title="Contacts" count={company.contacts.totalCount}>
            {contacts.length ? (
              <ul>
                {contacts.map((contact) => (
                  <LinkedRow
                    key={contact.id}
                    href={`/contacts/${contact.id}`}
                    icon={<Avatar name={contact.name} className="rounded-full" />}
                    name={contact.name}
                    detail={contact.jobTitle ?? contact.emails[0]}
                  />
                ))}
              </ul>
            ) : (
              <LinkedEmpty>
                <Users className="mr-1 inline size-3.5" aria-hidden />
                Nobody works here yet. Link contacts to this company from their page.
              </LinkedEmpty>
            )}
          </RecordSection>
          <RecordSection title="Deals" count={company.deals.totalCount}>
            {deals.length ? (
              <DealList deals={deals} />
            ) : (
              <LinkedEmpty>
                <Handshake className="mr-1 inline size-3.5" aria-hidden />
                No deals with this company yet.
              </LinkedEmpty>
            )}
          </RecordSection>
        </>
      }
    >
      <RecordActivity
        subject={{ type: "company", id }}
        name={company.name}
        definitions={definitions}
        knownCompanies={knownCompanies}
      />
    </RecordLayout>
  );
}
