"use client";

import Link from "next/link";

import { Avatar } from "@/components/ui/avatar";
import { RecordFiles } from "@/features/files/record-files";
import { ContactRecordDocument, UpdateContactDetailDocument } from "@/features/records/documents";
import { InlineCompany } from "@/features/records/inline-company";
import { InlineList, InlineText } from "@/features/records/inline-field";
import { DealsSection } from "@/features/records/linked-deals";
import { CompanySection, DetailsSections } from "@/features/records/record-details";
import { RecordLayout, RecordMissing } from "@/features/records/record-layout";
import { useRecordPage } from "@/features/records/use-record-data";

/** /contacts/[id]: every field editable in place, custom fields, company and deals, timeline and emails. */
export function ContactRecord({ id }: { id: string }) {
  const page = useRecordPage({ id, kind: "contact", query: ContactRecordDocument, update: UpdateContactDetailDocument });
  const { record: contact, writable, readOnly, save, field } = page;
  if (!contact) return <RecordMissing missing={page.missing} kind="contact" />;

  const knownCompanies: Record<string, string> = contact.company ? { [contact.company.id]: contact.company.name } : {};
  const subtitle = [contact.jobTitle, contact.company?.name].filter(Boolean).join(" at ");

  return (
    <RecordLayout
      {...page.layout({ knownCompanies, emails: contact.emails.slice(0, 1) })}
      name={contact.name}
      avatar={<Avatar name={contact.name} className="size-10 rounded-full text-sm" />}
      title={contact.name}
      subtitle={subtitle || (contact.emails[0] ?? null)}
      aside={
        <>
          <DetailsSections page={page} record={contact}>
            <InlineText label="First name" value={contact.firstName ?? ""} {...field("firstName")} />
            <InlineText label="Last name" value={contact.lastName ?? ""} {...field("lastName")} />
            <InlineList label="Emails" itemLabel="Email" type="email" value={contact.emails} {...field("emails")} />
            <InlineList label="Phones" itemLabel="Phone" type="tel" value={contact.phones} {...field("phones")} />
            <InlineText label="Job title" value={contact.jobTitle ?? ""} {...field("jobTitle")} />
            <InlineCompany value={contact.company} onSave={(companyId) => save({ companyId })} readOnly={readOnly} />
          </DetailsSections>
          <CompanySection company={contact.company} empty={<>Not linked to a company{writable ? " — pick one under Details." : "."}</>} />
          <DealsSection
            deals={contact.deals}
            empty={
              <>
                Not part of any deal yet.{" "}
                {writable ? (
                  <>
                    Add people from a{" "}
                    <Link href="/deals" className="text-accent underline underline-offset-2 hover:text-accent-hover">
                      deal
                    </Link>
                    .
                  </>
                ) : null}
              </>
            }
          />
          <RecordFiles targetId={id} />
        </>
      }
    />
  );
}
