"use client";

import { ListPlus, Pencil, Plus } from "lucide-react";
import { Tabs } from "radix-ui";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";

import { TrashButton } from "@/components/trash-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmDialog, useConfirm } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, FieldError, FormError } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select } from "@/components/ui/select";
import { Sheet, SheetContent, SheetForm } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useToast } from "@/components/ui/toast";
import type { FieldType, ObjectType, SettingsFieldFragment } from "@/gql/graphql";
import { PageHeader } from "@/features/shell/app-shell";
import { useOutcomeToast } from "@/lib/use-outcome-toast";
import { problemFromCombined } from "@/lib/api-errors";
import { useFormProblem } from "@/lib/use-form-problem";
import { cn } from "@/lib/cn";
import { canManage, useViewer } from "@/lib/viewer";
import { CreateFieldDocument, DeleteFieldDocument, SettingsFieldsDocument, UpdateFieldDocument } from "@/features/settings/documents";

const OBJECTS: { value: ObjectType; label: string; one: string }[] = [
  { value: "CONTACT", label: "Contacts", one: "contact" },
  { value: "COMPANY", label: "Companies", one: "company" },
  { value: "DEAL", label: "Deals", one: "deal" },
];
export const FIELD_TYPES: { value: FieldType; label: string }[] = [
  { value: "TEXT", label: "Text" },
  { value: "NUMBER", label: "Number" },
  { value: "CURRENCY", label: "Currency" },
  { value: "DATE", label: "Date" },
  { value: "BOOLEAN", label: "Yes / no" },
  { value: "SELECT", label: "Select (one option)" },
  { value: "MULTI_SELECT", label: "Multi-select" },
  { value: "URL", label: "URL" },
  { value: "EMAIL", label: "Email" },
];
const TYPE_LABEL = Object.fromEntries(FIELD_TYPES.map(({ value, label }) => [value, label.replace(/ \(.*\)$/, "")]));

/** "Contract tier" → "contract_tier": lower-case letters, digits and _, starting with a letter. */
export function keyFromLabel(label: string): string {
  const key = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+/, "")
    .replace(/_+$/, "");
  return key.slice(0, 64);
}

/** The options textarea → a clean list: one per line, trimmed, no blanks or repeats. */
export function optionsFromText(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !seen.has(line.toLowerCase()) && seen.add(line.toLowerCase()));
}

const hasOptions = (type: FieldType) => type === "SELECT" || type === "MULTI_SELECT";

function FieldSheet({
  open,
  onOpenChange,
  objectType,
  field,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  objectType: ObjectType;
  /** The field to edit; null to add one. */
  field: SettingsFieldFragment | null;
}) {
  const toast = useToast();
  const [label, setLabel] = useState(field?.label ?? "");
  const [key, setKey] = useState<string | null>(null);
  const [type, setType] = useState<FieldType>(field?.type ?? "TEXT");
  const [options, setOptions] = useState((field?.options ?? []).join("\n"));
  const [required, setRequired] = useState(field?.required ?? false);
  const { errors, take, formMessage } = useFormProblem();
  const [{ fetching: creating }, createField] = useMutation(CreateFieldDocument);
  const [{ fetching: updating }, updateField] = useMutation(UpdateFieldDocument);
  const shownKey = field ? field.key : (key ?? keyFromLabel(label));
  const object = OBJECTS.find((item) => item.value === objectType)!;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const list = hasOptions(type) ? optionsFromText(options) : null;
    const result = field
      ? await updateField(
          { id: field.id, input: { label: label.trim(), required, ...(list ? { options: list } : {}) } },
        )
      : await createField(
          { input: { objectType, key: shownKey, label: label.trim(), type, options: list, required } },
        );
    if (take(result.error)) return;
    toast({ title: field ? `${label.trim()} saved` : `${label.trim()} added to ${object.label.toLowerCase()}`, tone: "success" });
    onOpenChange(false);
  }

  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent
        title={field ? `Edit ${field.label}` : "New custom field"}
        description={
          field
            ? "The key and type of a field never change; its label, options and required flag do."
            : `A field every ${object.one} gets, shown as a column and on the record page.`
        }
      >
        <SheetForm
          onSubmit={submit}
          onCancel={() => onOpenChange(false)}
          loading={creating || updating}
          problem={formMessage(["label", "key", "type", "options", "required"])}
          submitLabel={field ? "Save field" : "Add field"}
        >
          <Field label="Label" error={errors.label}>
            <Input value={label} onChange={(event) => setLabel(event.target.value)} autoFocus autoComplete="off" placeholder="e.g. Contract tier" />
          </Field>
          <Field
            label="Key"
            error={errors.key}
            hint={field ? "Used by the API and imports." : "Used by the API and imports: lower-case letters, digits and _."}
          >
            <Input
              value={shownKey}
              onChange={(event) => setKey(event.target.value)}
              disabled={field !== null}
              autoComplete="off"
              className="font-mono text-[13px]"
            />
          </Field>
          <Field label="Type" error={errors.type}>
            <Select
              options={FIELD_TYPES}
              value={type}
              onValueChange={(value) => setType(value as FieldType)}
              disabled={field !== null}
            />
          </Field>
          {hasOptions(type) ? (
            <Field label="Options" error={errors.options} hint="One per line, in the order people pick from.">
              <Textarea value={options} onChange={(event) => setOptions(event.target.value)} rows={5} placeholder={"Gold\nSilver\nBronze"} />
            </Field>
          ) : null}
          <div className="flex items-start gap-2.5">
            <Checkbox id="field-required" checked={required} onCheckedChange={(value) => setRequired(value === true)} className="mt-0.5" />
            <div className="grid gap-0.5">
              <Label htmlFor="field-required">Required</Label>
              <p className="text-[13px] text-ink-muted">Every {object.one} must then have a value.</p>
              <FieldError>{errors.required}</FieldError>
            </div>
          </div>
        </SheetForm>
      </SheetContent>
    </Sheet>
  );
}

function FieldsTable({
  objectType,
  manager,
  onEdit,
  onDelete,
  onAdd,
}: {
  objectType: ObjectType;
  manager: boolean;
  onEdit: (field: SettingsFieldFragment) => void;
  onDelete: (field: SettingsFieldFragment) => void;
  onAdd: () => void;
}) {
  const [{ data, error, fetching }] = useQuery({
    query: SettingsFieldsDocument,
    variables: { objectType },
  });
  const object = OBJECTS.find((item) => item.value === objectType)!;
  const fields = data?.fieldDefinitions ?? [];
  if (error) return <FormError>{problemFromCombined(error).message}</FormError>;
  if (!data && fetching) {
    return (
      <div role="status" className="grid gap-2 rounded-lg border border-line p-4" aria-busy="true" aria-label="Loading fields">
        {[0, 1, 2].map((index) => (
          <Skeleton key={index} className="h-8" />
        ))}
      </div>
    );
  }
  if (fields.length === 0) {
    return (
      <div className="rounded-lg border border-line">
        <EmptyState
          icon={ListPlus}
          title={`No custom fields on ${object.label.toLowerCase()}`}
          description={
            manager
              ? `Add fields for what your team tracks on a ${object.one}: a tier, a renewal date, a source.`
              : `Owners and admins can add fields for what your team tracks on a ${object.one}.`
          }
          action={
            manager ? (
              <Button variant="primary" onClick={onAdd}>
                <Plus />
                Add field
              </Button>
            ) : null
          }
        />
      </div>
    );
  }
  return (
    <div className="overflow-hidden rounded-lg border border-line">
      <Table aria-label={`Custom fields of ${object.label.toLowerCase()}`}>
        <TableHeader>
          <TableRow className="hover:bg-transparent">
            <TableHead>Label</TableHead>
            <TableHead className="hidden sm:table-cell">Key</TableHead>
            <TableHead>Type</TableHead>
            <TableHead className="hidden md:table-cell">Options</TableHead>
            {manager ? (
              <TableHead className="w-20">
                <span className="sr-only">Actions</span>
              </TableHead>
            ) : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {fields.map((field) => (
            <TableRow key={field.id} data-testid="field-row">
              <TableCell>
                <span className="font-medium">{field.label}</span>
                {field.required ? (
                  <Badge tone="accent" className="ml-2">
                    Required
                  </Badge>
                ) : null}
              </TableCell>
              <TableCell className="hidden font-mono text-[13px] text-ink-muted sm:table-cell">{field.key}</TableCell>
              <TableCell className="text-ink-muted">{TYPE_LABEL[field.type]}</TableCell>
              <TableCell className="hidden max-w-80 md:table-cell">
                {field.options?.length ? (
                  <span className="flex flex-wrap gap-1">
                    {field.options.map((option) => (
                      <Badge key={option}>{option}</Badge>
                    ))}
                  </span>
                ) : (
                  <span className="text-ink-faint">—</span>
                )}
              </TableCell>
              {manager ? (
                <TableCell>
                  <div className="flex justify-end">
                    <Button variant="ghost" size="icon" className="size-7" aria-label={`Edit ${field.label}`} onClick={() => onEdit(field)}>
                      <Pencil />
                    </Button>
                    <TrashButton label={`Delete ${field.label}`} className="size-7 hover:text-danger" onClick={() => onDelete(field)} />
                  </div>
                </TableCell>
              ) : null}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

/** Settings → Custom fields: per object type, the workspace's own fields (admins add, edit, delete). */
export function CustomFieldsSettings() {
  const manager = canManage(useViewer().role);
  const outcome = useOutcomeToast();
  const [objectType, setObjectType] = useState<ObjectType>("CONTACT");
  const [sheet, setSheet] = useState<{ field: SettingsFieldFragment | null; objectType: ObjectType; serial: number } | null>(null);
  const [, deleteField] = useMutation(DeleteFieldDocument);
  const deletion = useConfirm(async (field: SettingsFieldFragment) => {
    const result = await deleteField({ id: field.id });
    outcome(result.error, "Field not deleted", { title: `${field.label} deleted`, tone: "success" });
  });
  const object = OBJECTS.find((item) => item.value === objectType)!;

  function open(field: SettingsFieldFragment | null) {
    setSheet({ field, objectType, serial: Date.now() });
  }

  return (
    <>
      <PageHeader
        title="Custom fields"
        description="Your own fields on contacts, companies and deals, with their type and choices."
        actions={
          manager ? (
            <Button variant="primary" onClick={() => open(null)}>
              <Plus />
              Add field
            </Button>
          ) : null
        }
      />
      <Tabs.Root value={objectType} onValueChange={(value) => setObjectType(value as ObjectType)} className="grid max-w-5xl grid-cols-[minmax(0,1fr)] gap-4 p-5 md:p-6">
        <Tabs.List aria-label="Record type" className="inline-flex h-8 w-fit rounded-md border border-line bg-subtle p-0.5">
          {OBJECTS.map((item) => (
            <Tabs.Trigger
              key={item.value}
              value={item.value}
              className={cn(
                "inline-flex cursor-pointer items-center rounded px-3 text-[13px] font-medium text-ink-muted transition-colors hover:text-ink",
                "data-[state=active]:bg-canvas data-[state=active]:text-ink data-[state=active]:shadow-xs",
              )}
            >
              {item.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        {OBJECTS.map((item) => (
          <Tabs.Content key={item.value} value={item.value} className="outline-none">
            <FieldsTable objectType={item.value} manager={manager} onEdit={open} onDelete={deletion.ask} onAdd={() => open(null)} />
          </Tabs.Content>
        ))}
      </Tabs.Root>
      {manager && sheet ? (
        <FieldSheet
          key={sheet.serial}
          open
          onOpenChange={(next) => !next && setSheet(null)}
          objectType={sheet.field?.objectType ?? sheet.objectType}
          field={sheet.field}
        />
      ) : null}
      <ConfirmDialog
        {...deletion.dialog}
        title={`Delete ${deletion.target?.label ?? ""}?`}
        description={`The field and its value on every ${object.one} are deleted. This cannot be undone.`}
        confirmLabel="Delete field"
      />
    </>
  );
}
