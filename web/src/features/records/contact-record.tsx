"use client";

import Link from "next/link";
import { Building2, Handshake } from "lucide-react";
import { useMutation, useQuery } from "urql";

import { Avatar } from "@/components/ui";
import type { ContactInput } from "@/gql/graphql";
import { problemFromCombined } from "@/lib/api-errors";
import { useCanWrite } from "@/lib/viewer";
import { DeleteContactDocument, RestoreContactDocument } from "@/features/contacts/documents";
import { CustomFieldsSection } from "@/features/records/custom-fields-section";
import { RecordActivity } from "@/features/records/record-activity";
import { RecordFiles } from "@/features/files/record-files";
import { ContactRecordDocument, UpdateContactDetailDocument } from "@/features/records/documents";
import { InlineCompany } from "@/features/records/inline-company";
import { CreatedRow, InlineList, InlineSelect, InlineText } from "@/features/records/inline-field";
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

/** /contacts/[id]: every field editable in place, custom fields, company and deals, timeline and emails. */
export function ContactRecord({ id }: { id: string }) {
  const writable = useCanWrite();
  const members = useMembers();
  const { definitions } = useFieldDefinitions("CONTACT");
  const [result] = useQuery({ query: ContactRecordDocument, variables: { id } });
  const [update, runUpdate] = useMutation(UpdateContactDetailDocument);
  const serial = useSerialSaves();
  const contact = newest(result.data?.contact, update.data?.updateContact);
  const companyId = contact?.company?.id;
  const companyName = contact?.company?.name;
  const knownCompanies: Record<string, string> = companyId && companyName ? { [companyId]: companyName } : {};

  if (!contact) {
    if (!result.error || result.fetching || result.stale) return <RecordSkeleton />;
    return (
      <RecordProblem
        problem={problemFromCombined(result.error)}
        noun="contact"
        listHref="/contacts"
        listLabel="Back to contacts"
      />
    );
  }

  async function save(input: ContactInput) {
    const answer = await serial(() => runUpdate({ id, input }));
    return answer.error ? problemFromCombined(answer.error) : null;
  }

  const readOnly = !writable;
  const deals = contact.deals.edges.map(({ node }) => node);
  const subtitle = [contact.jobTitle, contact.company?.name].filter(Boolean).join(" at ");

  return (
    <RecordLayout
      section="Contacts"
      sectionHref="/contacts"
      name={contact.name}
      deletable={writable && { noun: "contact", id, deleteDocument: DeleteContactDocument, restoreDocument: RestoreContactDocument }}
      header={
        <RecordHeader
          avatar={<Avatar name={contact.name} className="size-10 rounded-full text-sm" />}
          title={contact.name}
          subtitle={subtitle || (contact.emails[0] ?? null)}
        />
      }
      aside={
        <>
          <RecordSection title="Details">
            <div className="grid">
              <InlineText label="First name" value={contact.firstName ?? ""} onSave={(firstName) => save({ firstName: firstName as string | null })} readOnly={readOnly} errorKeys={["firstName"]} />
              <InlineText label="Last name" value={contact.lastName ?? ""} onSave={(lastName) => save({ lastName: lastName as string | null })} readOnly={readOnly} errorKeys={["lastName"]} />
              <InlineList
                label="Emails"
                itemLabel="Email"
                type="email"
                value={contact.emails}
                onSave={(emails) => save({ emails })}
                readOnly={readOnly}
                errorKeys={["emails"]}
              />
              <InlineList
                label="Phones"
                itemLabel="Phone"
                type="tel"
                value={contact.phones}
                onSave={(phones) => save({ phones })}
                readOnly={readOnly}
                errorKeys={["phones"]}
              />
              <InlineText label="Job title" value={contact.jobTitle ?? ""} onSave={(jobTitle) => save({ jobTitle: jobTitle as string | null })} readOnly={readOnly} errorKeys={["jobTitle"]} />
              <InlineCompany value={contact.company} onSave={(companyId) => save({ companyId })} readOnly={readOnly} />
              <InlineSelect
                label="Owner"
                value={contact.owner?.id ?? null}
                options={members.options}
                noneLabel="No owner"
                onSave={(ownerId) => save({ ownerId })}
                readOnly={readOnly}
                errorKeys={["ownerId"]}
              />
              <CreatedRow at={contact.createdAt} />
            </div>
          </RecordSection>
          <CustomFieldsSection
            definitions={definitions}
            customFields={contact.customFields}
            onSave={(key, value) => save({ customFields: { [key]: value } })}
            readOnly={readOnly}
          />
          <RecordSection title="Company">
            {contact.company ? (
              <ul>
                <LinkedRow
                  href={`/companies/${contact.company.id}`}
                  icon={<Avatar name={contact.company.name} />}
                  name={contact.company.name}
                  detail={contact.company.domain}
                />
              </ul>
            ) : (
              <LinkedEmpty>
                <Building2 className="mr-1 inline size-3.5" aria-hidden />
                Not linked to a company{writable ? " — pick one under Details." : "."}
              </LinkedEmpty>
            )}
          </RecordSection>
          <RecordSection title="Deals" count={contact.deals.totalCount}>
            {deals.length ? (
              <DealList deals={deals} />
            ) : (
              <LinkedEmpty>
                <Handshake className="mr-1 inline size-3.5" aria-hidden />
                Not part of any deal yet.{" "}
                {writable ? (
                  <>
                    Add people from a{" "}
                    <Link href="/deals" className="text-accent hover:underline">
                      deal
                    </Link>
                    .
                  </>
                ) : null}
              </LinkedEmpty>
            )}
          </RecordSection>
          <RecordFiles targetId={id} />
        </>
      }
    >
      <RecordActivity
        subject={{ type: "contact", id }}
        name={contact.name}
        definitions={definitions}
        knownCompanies={knownCompanies}
      />
    </RecordLayout>
  );
}
