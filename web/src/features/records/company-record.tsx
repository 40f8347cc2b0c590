"use client";

import { ExternalLink, Handshake, Users } from "lucide-react";
import { useMutation, useQuery } from "urql";

import { Avatar } from "@/components/ui";
import type { CompanyInput } from "@/gql/graphql";
import { problemFromCombined } from "@/lib/api-errors";
import { useCanWrite } from "@/lib/viewer";
import { DeleteCompanyDocument, RestoreCompanyDocument } from "@/features/companies/documents";
import { CustomFieldsSection } from "@/features/records/custom-fields-section";
import { RecordActivity } from "@/features/records/record-activity";
import { RecordFiles } from "@/features/files/record-files";
import { CompanyRecordDocument, UpdateCompanyDetailDocument } from "@/features/records/documents";
import { CreatedRow, InlineSelect, InlineText } from "@/features/records/inline-field";
import { DealList } from "@/features/records/linked-deals";
import {
  LinkedEmpty,
  LinkedRow,
  RecordHeader,
  RecordLayout,
  RecordProblem,
  RecordSection,
  RecordSkeleton,
} from "@/features/records/record-layout";
import { newest, useFieldDefinitions, useMembers, useSerialSaves } from "@/features/records/use-record-data";

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
  const writable = useCanWrite();
  const members = useMembers();
  const { definitions } = useFieldDefinitions("COMPANY");
  const [result] = useQuery({ query: CompanyRecordDocument, variables: { id } });
  const [update, runUpdate] = useMutation(UpdateCompanyDetailDocument);
  const serial = useSerialSaves();
  const company = newest(result.data?.company, update.data?.updateCompany);
  const companyName = company?.name;
  const knownCompanies: Record<string, string> = companyName ? { [id]: companyName } : {};

  if (!company) {
    if (!result.error || result.fetching || result.stale) return <RecordSkeleton />;
    return (
      <RecordProblem
        problem={problemFromCombined(result.error)}
        noun="company"
        listHref="/companies"
        listLabel="Back to companies"
      />
    );
  }

  async function save(input: CompanyInput) {
    const answer = await serial(() => runUpdate({ id, input }));
    return answer.error ? problemFromCombined(answer.error) : null;
  }

  const readOnly = !writable;
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
          <RecordFiles targetId={id} />
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
