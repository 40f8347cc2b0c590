"use client";

import { FileText, Pencil, Plus } from "lucide-react";
import { useRef, useState, type FormEvent } from "react";
import { flushSync } from "react-dom";
import { useMutation, useQuery } from "urql";

import { TrashButton } from "@/components/trash-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmDialog, useConfirm } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, FormError } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Sheet, SheetContent, SheetFormFooter } from "@/components/ui/sheet";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import type { SettingsEmailTemplateFragment } from "@/gql/graphql";
import { PageHeader } from "@/features/shell/app-shell";
import { problemFromCombined } from "@/lib/api-errors";
import { useFormProblem } from "@/lib/use-form-problem";
import { canManage, canWrite, useViewer } from "@/lib/viewer";
import {
  CreateEmailTemplateDocument,
  DeleteEmailTemplateDocument,
  SettingsEmailTemplatesDocument,
  UpdateEmailTemplateDocument,
} from "@/features/settings/documents";
import { insertAt, usedVariables, variableGroups, type VariableGroup } from "@/features/settings/templates/variables";

type Template = SettingsEmailTemplateFragment;

/** The api's rule: its author changes a template, and OWNER and ADMIN a shared one. */
export function canEditTemplate(template: Pick<Template, "shared" | "createdBy">, memberId: string, manager: boolean): boolean {
  return template.createdBy?.id === memberId || (manager && template.shared);
}

/** The variables, each a button that puts it where the caret was in the subject or the message. */
function VariablesPanel({ groups, onInsert }: { groups: VariableGroup[]; onInsert: (token: string) => void }) {
  return (
    <section aria-labelledby="template-variables" className="grid gap-2 rounded-md border border-line bg-surface/60 p-3">
      <h3 id="template-variables" className="text-[13px] font-semibold">
        Variables
      </h3>
      <p className="text-[13px] text-ink-muted">
        Filled in from the record the email is written from; empty when the record has no value. Choose one to insert it.
      </p>
      {groups.map((group) => (
        <div key={group.title} role="group" aria-label={`${group.title} variables`} className="grid gap-1">
          <div className="text-[12px] font-medium text-ink-muted">{group.title}</div>
          <ul className="flex flex-wrap gap-1">
            {group.variables.map((variable) => (
              <li key={variable.token}>
                <button
                  type="button"
                  onClick={() => onInsert(variable.token)}
                  title={variable.label}
                  aria-label={`Insert ${group.title.toLowerCase()} ${variable.label.toLowerCase()}, ${variable.token}`}
                  className="rounded border border-line bg-canvas px-1.5 py-0.5 font-mono text-[12px] text-ink hover:bg-subtle focus-visible:ring-3 focus-visible:ring-accent/30 focus-visible:outline-none"
                >
                  {variable.token}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

interface TemplateForm {
  name: string;
  subject: string;
  body: string;
  shared: boolean;
}

function TemplateSheet({
  template,
  open,
  groups,
  onClose,
}: {
  /** The template edited; null for a new one. */
  template: Template | null;
  open: boolean;
  groups: VariableGroup[];
  onClose: () => void;
}) {
  const toast = useToast();
  const [form, setForm] = useState<TemplateForm>(() =>
    template
      ? { name: template.name, subject: template.subject, body: template.body, shared: template.shared }
      : { name: "", subject: "", body: "", shared: true },
  );
  const { errors, setProblem, take, formMessage } = useFormProblem();
  const [created, create] = useMutation(CreateEmailTemplateDocument);
  const [updated, update] = useMutation(UpdateEmailTemplateDocument);
  const subjectRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  // Where a variable goes: the subject or the message, whichever had the caret last.
  const lastField = useRef<"subject" | "body">("body");
  const set = (patch: Partial<TemplateForm>) => setForm((current) => ({ ...current, ...patch }));

  function close() {
    setProblem(null);
    onClose();
  }

  function insert(token: string) {
    const field = lastField.current;
    const element = field === "subject" ? subjectRef.current : bodyRef.current;
    const value = form[field];
    const start = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? value.length;
    const next = insertAt(value, start, end, token);
    // Committed at once, then the caret put after the variable: a focus left for a later frame could
    // land after the user (or a quick test) had moved on to the other field, and take the caret back.
    flushSync(() => set({ [field]: next.text }));
    element?.focus();
    element?.setSelectionRange(next.caret, next.caret);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const variables = { name: form.name.trim(), subject: form.subject.trim(), body: form.body, shared: form.shared };
    const result = template ? await update({ id: template.id, ...variables }) : await create(variables);
    if (take(result.error)) return;
    toast({ title: template ? "Template saved" : `${variables.name} created`, tone: "success" });
    close();
  }

  return (
    <Sheet open={open} onOpenChange={(next) => !next && close()}>
      <SheetContent
        title={template ? `Edit ${template.name}` : "New email template"}
        description="A subject and message to start an email from, with variables filled in from the record."
        className="sm:max-w-xl"
      >
        <form onSubmit={submit} noValidate aria-label={template ? "Edit template" : "New template"} className="flex min-h-0 flex-1 flex-col">
          <div className="grid flex-1 content-start gap-4 overflow-y-auto p-5">
            <FormError>{formMessage(["name", "subject", "body", "shared"])}</FormError>
            <Field label="Name" error={errors.name} hint="How the compose form lists it.">
              <Input value={form.name} onChange={(event) => set({ name: event.target.value })} autoFocus autoComplete="off" placeholder="e.g. First follow-up" />
            </Field>
            <Field label="Subject" error={errors.subject}>
              <Input
                ref={subjectRef}
                value={form.subject}
                onChange={(event) => set({ subject: event.target.value })}
                onFocus={() => (lastField.current = "subject")}
                autoComplete="off"
                placeholder="e.g. Following up, {{contact.firstName}}"
              />
            </Field>
            <Field label="Message" error={errors.body}>
              <Textarea
                ref={bodyRef}
                value={form.body}
                onChange={(event) => set({ body: event.target.value })}
                onFocus={() => (lastField.current = "body")}
                rows={10}
                placeholder={"Hi {{contact.firstName}},\n\n…"}
              />
            </Field>
            <VariablesPanel groups={groups} onInsert={insert} />
            <div className="flex items-start gap-2.5">
              <Checkbox
                id="template-shared"
                checked={form.shared}
                onCheckedChange={(value) => set({ shared: value === true })}
                className="mt-0.5"
              />
              <div className="grid gap-0.5">
                <Label htmlFor="template-shared">Share with the workspace</Label>
                <p className="text-[13px] text-ink-muted">Everyone can use a shared template; only its author and admins change it.</p>
              </div>
            </div>
          </div>
          <SheetFormFooter onCancel={close} loading={created.fetching || updated.fetching}>
            {template ? "Save template" : "Create template"}
          </SheetFormFooter>
        </form>
      </SheetContent>
    </Sheet>
  );
}

function TemplateCard({ template, editable, onEdit, onDelete }: { template: Template; editable: boolean; onEdit: () => void; onDelete: () => void }) {
  const variables = usedVariables(`${template.subject}\n${template.body}`);
  const author = template.createdBy?.user.name ?? "A former member";
  return (
    <li aria-label={template.name} className="grid gap-1.5 px-4 py-3">
      <div className="flex items-start gap-3">
        <div className="min-w-0 flex-1">
          <h2 className="flex flex-wrap items-center gap-2 font-medium">
            <span className="truncate">{template.name}</span>
            {template.shared ? <Badge tone="accent">Shared</Badge> : <Badge>Only its author</Badge>}
          </h2>
          <p className="truncate text-[13px] text-ink-muted">
            {template.subject} · by {author}
          </p>
        </div>
        {editable ? (
          <div className="flex shrink-0 gap-1">
            <Button variant="ghost" size="icon" aria-label={`Edit ${template.name}`} onClick={onEdit}>
              <Pencil />
            </Button>
            <TrashButton label={`Delete ${template.name}`} onClick={onDelete} />
          </div>
        ) : null}
      </div>
      <p className="line-clamp-2 text-[13px] whitespace-pre-line">{template.body}</p>
      {variables.length ? (
        <p className="text-[12px] text-ink-muted">
          Uses <span className="font-mono">{variables.join(" ")}</span>
        </p>
      ) : null}
    </li>
  );
}

/** Settings → Email templates: the workspace's shared templates and one's own, with their variables. */
export function TemplatesSettings() {
  const { role, memberId } = useViewer();
  const manager = canManage(role);
  const writable = canWrite(role);
  const toast = useToast();
  const [{ data, error, fetching }] = useQuery({ query: SettingsEmailTemplatesDocument });
  const [editing, setEditing] = useState<Template | "new" | null>(null);
  const [deleteProblem, setDeleteProblem] = useState<string | null>(null);
  const [, deleteTemplate] = useMutation(DeleteEmailTemplateDocument);
  const deletion = useConfirm(async (template: Template) => {
    const result = await deleteTemplate({ id: template.id });
    if (result.error) {
      setDeleteProblem(problemFromCombined(result.error).message);
      return false;
    }
    toast({ title: `${template.name} deleted`, tone: "success" });
  });
  const templates = data?.emailTemplates ?? [];
  const groups = variableGroups(data?.fieldDefinitions ?? []);

  const newButton = writable ? (
    <Button variant="primary" onClick={() => setEditing("new")}>
      <Plus />
      New template
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Email templates"
        description="Subjects and messages to start an email from, with the record's details filled in."
        actions={newButton}
      />
      <div className="grid max-w-3xl grid-cols-[minmax(0,1fr)] gap-5 p-5 md:p-6">
        {error ? <FormError>{problemFromCombined(error).message}</FormError> : null}
        {!data && fetching ? (
          <div role="status" aria-busy="true" aria-label="Loading templates" className="grid gap-2 rounded-lg border border-line p-4">
            <Skeleton className="h-5 w-40" />
            <Skeleton className="h-10" />
            <Skeleton className="h-10" />
          </div>
        ) : data && templates.length === 0 ? (
          <EmptyState
            icon={FileText}
            title="No templates yet"
            description={
              writable
                ? "Write the emails you send again and again once, with {{contact.firstName}} and the like filled in for each record."
                : "Members write templates; you can read them here once there are some."
            }
            action={newButton}
          />
        ) : data ? (
          <ul aria-label="Templates" className="divide-y divide-line rounded-lg border border-line bg-canvas">
            {templates.map((template) => (
              <TemplateCard
                key={template.id}
                template={template}
                editable={canEditTemplate(template, memberId, manager)}
                onEdit={() => setEditing(template)}
                onDelete={() => {
                  setDeleteProblem(null);
                  deletion.ask(template);
                }}
              />
            ))}
          </ul>
        ) : null}
      </div>
      {editing !== null ? (
        <TemplateSheet
          key={editing === "new" ? "new" : editing.id}
          open
          template={editing === "new" ? null : editing}
          groups={groups}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <ConfirmDialog
        {...deletion.dialog}
        title={`Delete ${deletion.target?.name ?? "the template"}?`}
        description="Emails already sent from it stay as they are."
        confirmLabel="Delete template"
      >
        <FormError>{deleteProblem}</FormError>
      </ConfirmDialog>
    </>
  );
}
