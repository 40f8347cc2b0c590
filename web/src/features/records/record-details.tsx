"use client";

import { Building2 } from "lucide-react";
import type { ReactNode } from "react";

import { Avatar, type SelectOption } from "@/components/ui";
import { CustomFieldsSection } from "@/features/records/custom-fields-section";
import type { FieldDefinition } from "@/features/records/custom-fields";
import { CreatedRow, InlineSelect, InlineText, type SaveResult } from "@/features/records/inline-field";
import { LinkedEmpty, LinkedRow, RecordSection } from "@/features/records/record-layout";

// The parts the three record pages (contact, company, deal) show alike in their details column.

type FieldProps = { onSave: (value: unknown) => SaveResult; readOnly: boolean; errorKeys: readonly string[] };

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

/**
 * The "Details" section: the record's own fields (`children`), then its owner, `closing` rows and when it
 * was created; and after it the custom fields of its type.
 */
export function DetailsSections({
  children,
  closing,
  owner,
  createdAt,
  memberOptions,
  definitions,
  customFields,
  saveCustomFields,
}: {
  children: ReactNode;
  closing?: ReactNode;
  owner: { id: string | null; field: FieldProps };
  createdAt: string;
  memberOptions: SelectOption[];
  definitions: readonly FieldDefinition[];
  customFields: unknown;
  saveCustomFields: (customFields: Record<string, unknown>) => SaveResult;
}) {
  return (
    <>
      <RecordSection title="Details">
        <div className="grid">
          {children}
          <InlineSelect label="Owner" value={owner.id} options={memberOptions} noneLabel="No owner" {...owner.field} />
          {closing}
          <CreatedRow at={createdAt} />
        </div>
      </RecordSection>
      <CustomFieldsSection
        definitions={definitions}
        customFields={customFields}
        onSave={(key, value) => saveCustomFields({ [key]: value })}
        readOnly={owner.field.readOnly}
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
