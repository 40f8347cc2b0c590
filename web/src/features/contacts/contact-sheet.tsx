"use client";

import { useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { Button, Field, FormError, Input, Select, Sheet, SheetContent, SheetFooter, useToast } from "@/components/ui";
import type { ContactInput, ContactRowFragment } from "@/gql/graphql";
import { useFormProblem } from "@/lib/use-form-problem";
import { useViewer } from "@/lib/viewer";
import { CompanyCombobox, type CompanyChoice } from "@/features/companies/company-combobox";
import { CreateContactDocument, UpdateContactDocument } from "@/features/contacts/documents";
import {
  CustomFieldInputs,
  draftsFromValues,
  valuesFromDrafts,
  type CustomDrafts,
} from "@/features/records/custom-field-inputs";
import type { FieldDefinition } from "@/features/records/custom-fields";
import { useMembers } from "@/features/records/use-record-data";

const BUILT_IN = ["firstName", "lastName", "emails", "phones", "jobTitle", "companyId", "ownerId"];

function text(form: FormData, name: string): string | null {
  const value = String(form.get(name) ?? "").trim();
  return value === "" ? null : value;
}

/**
 * Builds the api input from the form. On edit, the first email and phone are the ones in the form and
 * the others are kept; empty fields clear. On create, empty fields are left out.
 */
export function contactInputFromForm(
  form: FormData,
  company: CompanyChoice | null,
  existing?: Pick<ContactRowFragment, "emails" | "phones"> | null,
): ContactInput {
  const email = text(form, "email");
  const phone = text(form, "phone");
  return {
    firstName: text(form, "firstName"),
    lastName: text(form, "lastName"),
    emails: [...(email ? [email] : []), ...(existing?.emails.slice(1) ?? [])],
    phones: [...(phone ? [phone] : []), ...(existing?.phones.slice(1) ?? [])],
    jobTitle: text(form, "jobTitle"),
    companyId: company?.id ?? null,
  };
}

/** Creates a contact, or edits one (`contact`), in a side panel; the api's messages show under each field. */
export function ContactSheet({
  open,
  onOpenChange,
  contact,
  definitions,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The contact to edit; a new one when absent. */
  contact?: ContactRowFragment | null;
  definitions: readonly FieldDefinition[];
}) {
  // The form starts from the contact each time the panel opens (the key remounts it).
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      {open ? <ContactForm key={contact?.id ?? "new"} contact={contact ?? null} definitions={definitions} onDone={() => onOpenChange(false)} /> : null}
    </Sheet>
  );
}

function ContactForm({
  contact,
  definitions,
  onDone,
}: {
  contact: ContactRowFragment | null;
  definitions: readonly FieldDefinition[];
  onDone: () => void;
}) {
  const toast = useToast();
  const viewer = useViewer();
  const members = useMembers();
  const { errors, setProblem, take, formMessage } = useFormProblem();
  const [company, setCompany] = useState<CompanyChoice | null>(contact?.company ?? null);
  const [ownerId, setOwnerId] = useState(contact ? (contact.owner?.id ?? "") : viewer.memberId);
  const [drafts, setDrafts] = useState<CustomDrafts>(() => draftsFromValues(definitions, contact?.customFields));
  const [{ fetching: creating }, createContact] = useMutation(CreateContactDocument);
  const [{ fetching: updating }, updateContact] = useMutation(UpdateContactDocument);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const custom = valuesFromDrafts(definitions, { ...draftsFromValues(definitions, null), ...drafts }, { forCreate: !contact });
    if (Object.keys(custom.errors).length) {
      setProblem({ code: "BAD_USER_INPUT", message: "Some fields need a look.", fieldErrors: custom.errors });
      return;
    }
    const input: ContactInput = {
      ...contactInputFromForm(new FormData(event.currentTarget), company, contact),
      ownerId: ownerId || null,
      ...(definitions.length ? { customFields: custom.values } : {}),
    };
    const result = contact ? await updateContact({ id: contact.id, input }) : await createContact({ input });
    if (take(result.error) || !result.data) return;
    const saved = "createContact" in result.data ? result.data.createContact : result.data.updateContact;
    toast({ title: contact ? `${saved.name} saved` : `${saved.name} added`, tone: "success" });
    onDone();
  }

  return (
    <SheetContent
      title={contact ? `Edit ${contact.name}` : "New contact"}
      description={contact ? "Changes save when you press Save." : "A person you sell to or work with."}
    >
      <form onSubmit={submit} noValidate className="flex h-full flex-col">
        <div className="grid flex-1 content-start gap-4 p-5">
          <FormError>{formMessage([...BUILT_IN, "customFields."])}</FormError>
          <div className="grid grid-cols-2 gap-3">
            <Field label="First name" error={errors.firstName}>
              <Input name="firstName" autoFocus autoComplete="off" defaultValue={contact?.firstName ?? ""} />
            </Field>
            <Field label="Last name" error={errors.lastName}>
              <Input name="lastName" autoComplete="off" defaultValue={contact?.lastName ?? ""} />
            </Field>
          </div>
          <Field
            label="Email"
            error={errors.emails}
            hint={contact && contact.emails.length > 1 ? `Also ${contact.emails.slice(1).join(", ")}` : undefined}
          >
            <Input name="email" type="email" autoComplete="off" placeholder="name@company.com" defaultValue={contact?.emails[0] ?? ""} />
          </Field>
          <Field label="Phone" error={errors.phones}>
            <Input name="phone" type="tel" autoComplete="off" defaultValue={contact?.phones[0] ?? ""} />
          </Field>
          <Field label="Job title" error={errors.jobTitle}>
            <Input name="jobTitle" autoComplete="off" defaultValue={contact?.jobTitle ?? ""} />
          </Field>
          <Field label="Company" error={errors.companyId}>
            <CompanyCombobox value={company} onChange={setCompany} />
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
            {contact ? "Save" : "Create contact"}
          </Button>
        </SheetFooter>
      </form>
    </SheetContent>
  );
}
