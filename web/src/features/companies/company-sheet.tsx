"use client";

import { type FormEvent } from "react";
import { useMutation } from "urql";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { CompanyInput, CompanyRowFragment } from "@/gql/graphql";
import { CreateCompanyDocument, UpdateCompanyDocument } from "@/features/companies/documents";
import { RecordSheet, RecordSheetContent, useRecordSheetForm, type RecordFormProps, type RecordSheetProps } from "@/features/records/record-sheet";

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

function CompanyForm({ company, definitions, onDone }: RecordFormProps & { company: CompanyRowFragment | null }) {
  const form = useRecordSheetForm(company, definitions, onDone);
  const { errors } = form;
  const [{ fetching: creating }, createCompany] = useMutation(CreateCompanyDocument);
  const [{ fetching: updating }, updateCompany] = useMutation(UpdateCompanyDocument);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const shared = form.sharedInput();
    if (!shared) return;
    const input: CompanyInput = { ...companyInputFromForm(new FormData(event.currentTarget)), ...shared };
    const result = company ? await updateCompany({ id: company.id, input }) : await createCompany({ input });
    form.settle(result.error, result.data && ("createCompany" in result.data ? result.data.createCompany : result.data.updateCompany));
  }

  return (
    <RecordSheetContent
      form={form}
      title={company ? `Edit ${company.name}` : "New company"}
      description={company ? "Changes save when you press Save." : "An organisation your contacts work for."}
      builtIn={BUILT_IN}
      submitLabel={company ? "Save" : "Create company"}
      saving={creating || updating}
      onSubmit={submit}
    >
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
