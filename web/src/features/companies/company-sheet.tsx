"use client";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { CompanyInput, CompanyRowFragment, CreateCompanyMutation, UpdateCompanyMutation } from "@/gql/graphql";
import { CreateCompanyDocument, UpdateCompanyDocument } from "@/features/companies/documents";
import { RecordSheet, RecordSheetContent, useRecordSheetForm, type RecordFormProps, type RecordSave, type RecordSheetProps } from "@/features/records/record-sheet";

const BUILT_IN = ["name", "domain", "industry", "employees", "ownerId"];

/** The form → the api input; empty fields are null (left out on create, cleared on edit). */
export function companyInputFromForm(form: FormData): CompanyInput {
  const value = (name: string) => {
    const text = String(form.get(name) ?? "").trim();
    return text === "" ? null : text;
  };
  const employees = value("employees");
  return {
    name: value("name") ?? "",
    domain: value("domain"),
    industry: value("industry"),
    employees: employees === null ? null : Number(employees.replace(/[\s,_]/g, "")),
  };
}

/** Creates a company, or edits one (`company`), in a side panel; the api's messages show under each field. */
export function CompanySheet({ company, definitions, ...sheet }: RecordSheetProps & { company?: CompanyRowFragment | null }) {
  return (
    <RecordSheet {...sheet} record={company}>
      {(record, onDone) => <CompanyForm company={record} definitions={definitions} onDone={onDone} />}
    </RecordSheet>
  );
}

const SAVE_COMPANY: RecordSave<CompanyInput, CreateCompanyMutation, UpdateCompanyMutation> = {
  create: CreateCompanyDocument,
  update: UpdateCompanyDocument,
  input: companyInputFromForm,
  saved: (data) => ("createCompany" in data ? data.createCompany : data.updateCompany),
};

function CompanyForm({ company, definitions, onDone }: RecordFormProps & { company: CompanyRowFragment | null }) {
  const form = useRecordSheetForm(company, definitions, onDone);
  const { errors } = form;
  return (
    <RecordSheetContent form={form} record={company} noun="company" intro="An organisation your contacts work for." builtIn={BUILT_IN} save={SAVE_COMPANY}>
      <Field label="Name" error={errors.name}>
        <Input name="name" autoFocus autoComplete="off" defaultValue={company?.name ?? ""} />
      </Field>
      <Field label="Domain" error={errors.domain} hint="example.com — unique in the workspace.">
        <Input name="domain" autoComplete="off" defaultValue={company?.domain ?? ""} />
      </Field>
      <Field label="Industry" error={errors.industry}>
        <Input name="industry" autoComplete="off" defaultValue={company?.industry ?? ""} />
      </Field>
      <Field label="Employees" error={errors.employees}>
        <Input
          name="employees"
          type="number"
          min={0}
          inputMode="numeric"
          defaultValue={company?.employees === null || company?.employees === undefined ? "" : String(company.employees)}
        />
      </Field>
    </RecordSheetContent>
  );
}
