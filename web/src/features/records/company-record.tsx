"use client";

import { ExternalLink, Users } from "lucide-react";

import { Avatar } from "@/components/ui/avatar";
import { RecordFiles } from "@/features/files/record-files";
import { CompanyRecordDocument, UpdateCompanyDetailDocument } from "@/features/records/documents";
import { InlineText } from "@/features/records/inline-field";
import { DealsSection } from "@/features/records/linked-deals";
import { ContactRow, DetailsSections, NameTitle } from "@/features/records/record-details";
import { LinkedEmpty, RecordLayout, RecordMissing, RecordSection } from "@/features/records/record-layout";
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
  const page = useRecordPage({ id, kind: "company", query: CompanyRecordDocument, update: UpdateCompanyDetailDocument });
  const { record: company, readOnly, save, field } = page;
  if (!company) return <RecordMissing missing={page.missing} kind="company" />;

  const knownCompanies: Record<string, string> = { [id]: company.name };
  const contacts = company.contacts.edges.map(({ node }) => node);

  return (
    <RecordLayout
      {...page.layout({ knownCompanies })}
      name={company.name}
      avatar={<Avatar name={company.name} className="size-10 rounded-lg text-sm" />}
      title={<NameTitle value={company.name} save={(name) => save({ name })} readOnly={readOnly} />}
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
      aside={
        <>
          <DetailsSections page={page} record={company}>
            <InlineText label="Domain" value={company.domain ?? ""} parse={parseDomain} {...field("domain")} />
            <InlineText label="Industry" value={company.industry ?? ""} {...field("industry")} />
            <InlineText
              label="Employees"
              value={company.employees === null || company.employees === undefined ? "" : String(company.employees)}
              type="number"
              parse={parseEmployees}
              format={(text) => Number(text).toLocaleString("en-US")}
              {...field("employees")}
            />
          </DetailsSections>
          <RecordSection title="Contacts" count={company.contacts.totalCount}>
            {contacts.length ? (
              <ul>
                {contacts.map((contact) => (
                  <ContactRow key={contact.id} contact={contact} detail={contact.jobTitle ?? contact.emails[0]} />
                ))}
              </ul>
            ) : (
              <LinkedEmpty>
                <Users className="mr-1 inline size-3.5" aria-hidden />
                Nobody works here yet. Link contacts to this company from their page.
              </LinkedEmpty>
            )}
          </RecordSection>
          <DealsSection deals={company.deals} empty="No deals with this company yet." />
          <RecordFiles targetId={id} />
        </>
      }
    />
  );
}
