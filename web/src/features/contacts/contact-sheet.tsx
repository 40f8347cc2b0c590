"use client";

import { useState } from "react";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { ContactInput, ContactRowFragment } from "@/gql/graphql";
import { CompanyCombobox, type CompanyChoice } from "@/features/companies/company-combobox";
import { DuplicateWarning, type ContactDraft } from "@/features/search/duplicate-warning";
import { CreateContactDocument, UpdateContactDocument } from "@/features/contacts/documents";
import { RecordSheet, RecordSheetContent, useRecordSheetForm, type RecordFormProps, type RecordSheetProps } from "@/features/records/record-sheet";

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
export function ContactSheet({ contact, definitions, ...sheet }: RecordSheetProps & { contact?: ContactRowFragment | null }) {
  return (
    <RecordSheet {...sheet} record={contact}>
      {(record, onDone) => <ContactForm contact={record} definitions={definitions} onDone={onDone} />}
    </RecordSheet>
  );
}

function ContactForm({ contact, definitions, onDone }: RecordFormProps & { contact: ContactRowFragment | null }) {
  const form = useRecordSheetForm(contact, definitions, onDone);
  const { errors } = form;
  const [company, setCompany] = useState<CompanyChoice | null>(contact?.company ?? null);
  const [draft, setDraft] = useState<ContactDraft>({ firstName: "", lastName: "", email: "" });
  const typed = (field: keyof ContactDraft) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [field]: event.target.value }));

  return (
    <RecordSheetContent
      form={form}
      record={contact}
      noun="contact"
      intro="A person you sell to or work with."
      builtIn={BUILT_IN}
      save={{
        create: CreateContactDocument,
        update: UpdateContactDocument,
        input: (data) => contactInputFromForm(data, company, contact),
        saved: (data) => ("createContact" in data ? data.createContact : data.updateContact),
      }}
    >
      <div className="grid grid-cols-2 gap-3">
        <Field label="First name" error={errors.firstName}>
          <Input name="firstName" autoFocus autoComplete="off" defaultValue={contact?.firstName ?? ""} onChange={typed("firstName")} />
        </Field>
        <Field label="Last name" error={errors.lastName}>
          <Input name="lastName" autoComplete="off" defaultValue={contact?.lastName ?? ""} onChange={typed("lastName")} />
        </Field>
      </div>
      <Field
        label="Email"
        error={errors.emails}
        hint={contact && contact.emails.length > 1 ? `Also ${contact.emails.slice(1).join(", ")}` : undefined}
      >
        <Input
          name="email"
          type="email"
          autoComplete="off"
          placeholder="name@company.com"
          defaultValue={contact?.emails[0] ?? ""}
          onChange={typed("email")}
        />
      </Field>
      {contact ? null : <DuplicateWarning draft={draft} />}
      <Field label="Phone" error={errors.phones}>
        <Input name="phone" type="tel" autoComplete="off" defaultValue={contact?.phones[0] ?? ""} />
      </Field>
      <Field label="Job title" error={errors.jobTitle}>
        <Input name="jobTitle" autoComplete="off" defaultValue={contact?.jobTitle ?? ""} />
      </Field>
      <Field label="Company" error={errors.companyId}>
        <CompanyCombobox value={company} onChange={setCompany} />
      </Field>
    </RecordSheetContent>
  );
}
