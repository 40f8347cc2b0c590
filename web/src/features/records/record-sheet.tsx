"use client";

import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { Fragment, useState, type FormEvent, type ReactNode } from "react";
import { useMutation, type CombinedError } from "urql";

import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { Sheet, SheetContent, SheetForm } from "@/components/ui/sheet";
import { useToast } from "@/components/ui/toast";
import { useFormProblem } from "@/lib/use-form-problem";
import { useViewer } from "@/lib/viewer";
import {
  CustomFieldInputs,
  draftsFromValues,
  valuesFromDrafts,
  type CustomDrafts,
} from "@/features/records/custom-field-inputs";
import type { FieldDefinition } from "@/features/records/custom-fields";
import { useMembers } from "@/features/records/use-record-data";

// What the create/edit side panels of contacts and companies share: the panel, the owner, the custom
// fields, the create or update on submit, the api's messages under each field, the save toast and the footer.

/** What a record's panel takes besides the record. */
export interface RecordSheetProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  definitions: readonly FieldDefinition[];
}

/** What a record's form takes besides the record. */
export interface RecordFormProps {
  definitions: readonly FieldDefinition[];
  onDone: () => void;
}

/** A side panel whose form starts from `record` each time it opens (the key remounts it). */
export function RecordSheet<T extends { id: string }>({
  open,
  onOpenChange,
  record,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The record to edit; a new one when absent. */
  record: T | null | undefined;
  children: (record: T | null, onDone: () => void) => ReactNode;
}) {
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      {open ? <Fragment key={record?.id ?? "new"}>{children(record ?? null, () => onOpenChange(false))}</Fragment> : null}
    </Sheet>
  );
}

interface SheetRecord {
  name: string;
  owner?: { id: string } | null;
  customFields?: unknown;
}

/** The state of a record's form: its owner, custom field drafts and the api's problem. */
export function useRecordSheetForm(record: SheetRecord | null, definitions: readonly FieldDefinition[], onDone: () => void) {
  const toast = useToast();
  const viewer = useViewer();
  const problem = useFormProblem();
  const [ownerId, setOwnerId] = useState(record ? (record.owner?.id ?? "") : viewer.memberId);
  const [drafts, setDrafts] = useState<CustomDrafts>(() => draftsFromValues(definitions, record?.customFields));

  /** The owner and custom fields of the input, or null (the fields' messages shown) when a custom field needs a look. */
  function sharedInput(): { ownerId: string | null; customFields?: Record<string, unknown> } | null {
    const custom = valuesFromDrafts(definitions, { ...draftsFromValues(definitions, null), ...drafts }, { forCreate: !record });
    if (Object.keys(custom.errors).length) {
      problem.setProblem({ code: "BAD_USER_INPUT", message: "Some fields need a look.", fieldErrors: custom.errors });
      return null;
    }
    return { ownerId: ownerId || null, ...(definitions.length ? { customFields: custom.values } : {}) };
  }

  /** After the api answered: its problem stays on the form, or the saved record's toast shows and the panel closes. */
  function settle(error: CombinedError | undefined, saved: { name: string } | undefined) {
    if (problem.take(error) || !saved) return;
    toast({ title: record ? `${saved.name} saved` : `${saved.name} added`, tone: "success" });
    onDone();
  }

  return { ...problem, ownerId, setOwnerId, drafts, setDrafts, definitions, sharedInput, settle, onDone };
}

/** How a record's form saves: its create and update mutations, its own fields' input, the saved record in either answer. */
export interface RecordSave<TInput, TCreated, TUpdated> {
  create: TypedDocumentNode<TCreated, { input: TInput }>;
  update: TypedDocumentNode<TUpdated, { id: string; input: TInput }>;
  input: (form: FormData) => TInput;
  saved: (data: TCreated | TUpdated) => { name: string };
}

/** Submits the form: its own fields with the owner and custom fields, created or updated, then settled. */
function useRecordSubmit<TInput, TCreated, TUpdated>(
  form: ReturnType<typeof useRecordSheetForm>,
  record: { id: string } | null,
  save: RecordSave<TInput, TCreated, TUpdated>,
) {
  const [{ fetching: creating }, create] = useMutation(save.create);
  const [{ fetching: updating }, update] = useMutation(save.update);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const shared = form.sharedInput();
    if (!shared) return;
    const input = { ...save.input(new FormData(event.currentTarget)), ...shared };
    const result = record ? await update({ id: record.id, input }) : await create({ input });
    form.settle(result.error, result.data && save.saved(result.data));
  }

  return { saving: creating || updating, onSubmit };
}

/**
 * The panel's content: a title and description for a new `noun` (`intro`) or an edited record, the form's own
 * fields (`children`), then owner, custom fields and the footer; submitting saves through `save`.
 */
export function RecordSheetContent<TInput, TCreated, TUpdated>({
  form,
  record,
  noun,
  intro,
  builtIn,
  save,
  children,
}: {
  form: ReturnType<typeof useRecordSheetForm>;
  record: { id: string; name: string } | null;
  noun: string;
  intro: string;
  /** The form's own fields (api names), whose messages show under them rather than above the form. */
  builtIn: readonly string[];
  save: RecordSave<TInput, TCreated, TUpdated>;
  children: ReactNode;
}) {
  const { saving, onSubmit } = useRecordSubmit(form, record, save);
  const members = useMembers();
  const { errors, setDrafts } = form;
  return (
    <SheetContent title={record ? `Edit ${record.name}` : `New ${noun}`} description={record ? "Changes save when you press Save." : intro}>
      <SheetForm
        onSubmit={onSubmit}
        onCancel={form.onDone}
        loading={saving}
        problem={form.formMessage([...builtIn, "customFields."])}
        submitLabel={record ? "Save" : `Create ${noun}`}
      >
        {children}
        <Field label="Owner" error={errors.ownerId}>
          <Select
            options={[{ value: "none", label: "No owner" }, ...members.options]}
            value={form.ownerId || "none"}
            onValueChange={(value) => form.setOwnerId(value === "none" ? "" : value)}
          />
        </Field>
        <CustomFieldInputs
          definitions={form.definitions}
          drafts={form.drafts}
          errors={errors}
          onChange={(key, draft) => setDrafts((current) => ({ ...current, [key]: draft }))}
        />
      </SheetForm>
    </SheetContent>
  );
}
