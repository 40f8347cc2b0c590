"use client";

import Link from "next/link";

import { canManage, useViewer } from "@/lib/viewer";
import type { FieldDefinition } from "@/features/records/custom-fields";
import { CustomFieldRow } from "@/features/records/custom-field-rows";
import type { SaveResult } from "@/features/records/inline-field";
import { RecordSection } from "@/features/records/record-layout";

/** The workspace's custom fields of this record's type, each with the control its type needs. */
export function CustomFieldsSection({
  definitions,
  customFields,
  onSave,
  readOnly,
}: {
  definitions: readonly FieldDefinition[];
  customFields: unknown;
  onSave: (key: string, value: unknown) => SaveResult;
  readOnly: boolean;
}) {
  const { role } = useViewer();
  if (definitions.length === 0) {
    if (!canManage(role)) return null;
    return (
      <RecordSection title="Custom fields">
        <p className="text-[13px] text-ink-faint">
          Track what matters to your team (a tier, a renewal date…):{" "}
          <Link href="/settings/fields" className="text-accent underline underline-offset-2 hover:text-accent-hover">
            add custom fields
          </Link>
          .
        </p>
      </RecordSection>
    );
  }
  return (
    <RecordSection title="Custom fields">
      <div className="grid">
        {definitions.map((definition) => (
          <CustomFieldRow
            key={definition.id}
            definition={definition}
            customFields={customFields}
            onSave={onSave}
            readOnly={readOnly}
          />
        ))}
      </div>
    </RecordSection>
  );
}
