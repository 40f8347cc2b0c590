"use client";

import { useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { Button, Field, FormError, Input, Select, Sheet, SheetContent, SheetFooter, useToast } from "@/components/ui";
import type { CompanyInput, CompanyRowFragment } from "@/gql/graphql";
import { useFormProblem } from "@/lib/use-form-problem";
import { useViewer } from "@/lib/viewer";
import { CreateCompanyDocument, UpdateCompanyDocument } from "@/features/companies/documents";
import {
  CustomFieldInputs,
  draftsFromValues,
  valuesFromDrafts,
  type CustomDrafts,
} from "@/features/records/custom-field-inputs";
import type { FieldDefinition } from "@/features/records/custom-fields";
import { useMembers } from "@/features/records/use-record-data";

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
export function CompanySheet({
  open,
  onOpenChange,
  company,
  definitions,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  company?: CompanyRowFragment | null;
  definitions: readonly FieldDefinition[];
}) {
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      {open ? <CompanyForm key={company?.id ?? "new"} company={company ?? null} definitions={definitions} onDone={() => onOpenChange(false)} /> : null}
    </Sheet>
  );
}

function CompanyForm({
  company,
  definitions,
  onDone,
}: {
  company: CompanyRowFragment | null;
  definitions: readonly FieldDefinition[];
  onDone: () => void;
}) {
  const toast = useToast();
  const viewer = useViewer();
  const members = useMembers();
  const { errors, setProblem, take, formMessage } = useFormProblem();
  const [ownerId, setOwnerId] = useState(company ? (company.owner?.id ?? "") : viewer.memberId);
  const [drafts, setDrafts] = useState<CustomDrafts>(() => draftsFromValues(definitions, company?.customFields));
  const [{ fetching: creating }, createCompany] = useMutation(CreateCompanyDocument);
  const [{ fetching: updating }, updateCompany] = useMutation(UpdateCompanyDocument);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const custom = valuesFromDrafts(definitions, { ...draftsFromValues(definitions, null), ...drafts }, { forCreate: !company });
    if (Object.keys(custom.errors).length) {
      setProblem({ code: "BAD_USER_INPUT", message: "Some fields need a look.", fieldErrors: custom.errors });
      return;
    }
    const input: CompanyInput = {
      ...companyInputFromForm(new FormData(event.currentTarget)),
      ownerId: ownerId || null,
      ...(definitions.length ? { customFields: custom.values } : {}),
    };
    const result = company ? await updateCompany({ id: company.id, input }) : await createCompany({ input });
    if (take(result.error) || !result.data) return;
    const saved = "createCompany" in result.data ? result.data.createCompany : result.data.updateCompany;
    toast({ title: company ? `${saved.name} saved` : `${saved.name} added`, tone: "success" });
    onDone();
  }

  return (
    <SheetContent
      title={company ? `Edit ${company.name}` : "New company"}
      description={company ? "Changes save when you press Save." : "An organisation your contacts work for."}
    >
      <form onSubmit={submit} noValidate className="flex h-full flex-col">
        <div className="grid flex-1 content-start gap-4 p-5">
          <FormError>{formMessage([...BUILT_IN, "customFields."])}</FormError>
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
          <Field label="Owner" error={errors.ownerId}>
            <Select
              options={[{ value: "none", label: "No owner" }, ...members.options]}
              value={ownerId || "none"}
              onValueChange={(value) => setOwnerId(value === "none" ? "" : value)}
            />
          </Field>
          <CustomFieldInputs
            definitions={definitions}
            drafts={drafts}
            errors={errors}
            onChange={(key, draft) => setDrafts((current) => ({ ...current, [key]: draft }))}
          />
        </div>
        <SheetFooter>
          <Button type="button" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" loading={creating || updating}>
            {company ? "Save" : "Create company"}
          </Button>
        </SheetFooter>
      </form>
    </SheetContent>
  );
}
