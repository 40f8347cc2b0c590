"use client";

import Link from "next/link";

import { CompanyCombobox, type CompanyChoice } from "@/features/companies/company-combobox";
import { Empty, FieldRow, useInlineSave, type SaveResult } from "@/features/records/inline-field";

/** The company of a contact or a deal: a searchable picker that saves on choice; a link for viewers. */
export function InlineCompany({
  value,
  onSave,
  readOnly,
  label = "Company",
}: {
  value: CompanyChoice | null;
  onSave: (companyId: string | null) => SaveResult;
  readOnly?: boolean;
  label?: string;
}) {
  const { shown, error, save } = useInlineSave<CompanyChoice | null>({
    value: value ? { id: value.id, name: value.name } : null,
    label,
    errorKeys: ["companyId"],
    onSave: (next) => onSave(next?.id ?? null),
  });
  return (
    <FieldRow label={label} error={error}>
      {readOnly ? (
        <div className="flex min-h-7 items-center py-1">
          {shown ? (
            <Link href={`/companies/${shown.id}`} className="text-accent hover:underline">
              {shown.name}
            </Link>
          ) : (
            <Empty />
          )}
        </div>
      ) : (
        <CompanyCombobox
          variant="inline"
          aria-label={`${label}: ${shown?.name ?? "empty"}`}
          value={shown}
          onChange={(company) => void save(company)}
          placeholder="Empty"
        />
      )}
    </FieldRow>
  );
}
