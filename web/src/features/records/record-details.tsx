"use client";

import { Building2 } from "lucide-react";
import type { ReactNode } from "react";

import { Avatar } from "@/components/ui/avatar";
import { type SelectOption } from "@/components/ui/select";
import { CustomFieldsSection } from "@/features/records/custom-fields-section";
import type { FieldDefinition } from "@/features/records/custom-fields";
import { CreatedRow, InlineSelect, InlineText, type SaveResult } from "@/features/records/inline-field";
import { LinkedEmpty, LinkedRow, RecordSection } from "@/features/records/record-layout";

// The parts the three record pages (contact, company, deal) show alike in their details column.

/** The record's name as the page title, editable in place (a name cannot be emptied). */
export function NameTitle({ value, save, readOnly }: { value: string; save: (name: string) => SaveResult; readOnly: boolean }) {
  return (
    <InlineText
      bare
      label="Name"
      value={value}
      onSave={(name) => save((name as string | null) ?? "")}
      readOnly={readOnly}
      errorKeys={["name"]}
      className="min-h-8 text-lg font-semibold"
    />
  );
}

/** What `DetailsSections` needs of `useRecordPage`. */
interface DetailsPage {
  members: { options: SelectOption[] };
  definitions: readonly FieldDefinition[];
  readOnly: boolean;
  save: (input: { ownerId?: string | null; customFields?: unknown }) => SaveResult;
}

/**
 * The "Details" section: the record's own fields (`children`), then its owner, `closing` rows and when it
 * was created; and after it the custom fields of its type.
 */
export function DetailsSections({
  page,
  record,
  children,
  closing,
}: {
  page: DetailsPage;
  record: { owner?: { id: string } | null; createdAt: string; customFields?: unknown };
  children: ReactNode;
  closing?: ReactNode;
}) {
  return (
    <>
      <RecordSection title="Details">
        <div className="grid">
          {children}
          <InlineSelect
            label="Owner"
            value={record.owner?.id ?? null}
            options={page.members.options}
            noneLabel="No owner"
            onSave={(ownerId) => page.save({ ownerId })}
            readOnly={page.readOnly}
            errorKeys={["ownerId"]}
          />
          {closing}
          <CreatedRow at={record.createdAt} />
        </div>
      </RecordSection>
      <CustomFieldsSection
        definitions={page.definitions}
        customFields={record.customFields}
        onSave={(key, value) => page.save({ customFields: { [key]: value } })}
        readOnly={page.readOnly}
      />
    </>
  );
}

/** The company a contact or a deal is linked to, or why there is none. */
export function CompanySection({
  company,
  empty,
}: {
  company: { id: string; name: string; domain?: string | null } | null | undefined;
  empty: ReactNode;
}) {
  return (
    <RecordSection title="Company">
      {company ? (
        <ul>
          <LinkedRow href={`/companies/${company.id}`} icon={<Avatar name={company.name} />} name={company.name} detail={company.domain} />
        </ul>
      ) : (
        <LinkedEmpty>
          <Building2 className="mr-1 inline size-3.5" aria-hidden />
          {empty}
        </LinkedEmpty>
      )}
    </RecordSection>
  );
}

/** A contact linked to a company or a deal: avatar, name (a link) and `detail`. */
export function ContactRow({
  contact,
  detail,
  trailing,
}: {
  contact: { id: string; name: string };
  detail: ReactNode;
  trailing?: ReactNode;
}) {
  return (
    <LinkedRow
      href={`/contacts/${contact.id}`}
      icon={<Avatar name={contact.name} className="rounded-full" />}
      name={contact.name}
      detail={detail}
      trailing={trailing}
    />
  );
}
