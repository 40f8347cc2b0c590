"use client";

import { Building2, Handshake, Plus, X } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";

import { Avatar, Button, Field, FormError, Input, useToast } from "@/components/ui";
import type { DealDetailFragment } from "@/gql/graphql";
import { problemFromCombined, type ApiProblem } from "@/lib/api-errors";
import { formatDate, formatMoney } from "@/lib/format";
import { ContactCombobox, type ContactChoice } from "@/features/contacts/contact-combobox";
import { CustomFieldsSection } from "@/features/records/custom-fields-section";
import { RecordActivity } from "@/features/records/record-activity";
import { formatDay } from "@/features/records/custom-fields";
import {
  DealRecordDocument,
  DeleteDealDocument,
  PipelineOptionsDocument,
  RemoveDealContactDocument,
  RestoreDealDocument,
  SetDealContactDocument,
  UpdateDealDetailDocument,
} from "@/features/records/documents";
import { InlineCompany } from "@/features/records/inline-company";
import { CreatedRow, FieldRow, InlineMoney, InlineSelect, InlineText } from "@/features/records/inline-field";
import { StatusBadge } from "@/features/records/linked-deals";
import {
  LinkedEmpty,
  LinkedRow,
  RecordHeader,
  RecordLayout,
  RecordMissing,
  RecordSection,
} from "@/features/records/record-layout";
import { useRecordPage } from "@/features/records/use-record-data";

function safeMoney(amountMicros: string, currency: string): string {
  try {
    return formatMoney(amountMicros, currency);
  } catch {
    return `${amountMicros} ${currency}`;
  }
}

/** /deals/[id]: every field editable in place (stage moves show in the timeline), custom fields, people with their roles. */
export function DealRecord({ id }: { id: string }) {
  const [pipelines] = useQuery({ query: PipelineOptionsDocument });
  const { record: deal, missing, writable, readOnly, members, definitions, save, serial, setLatest } = useRecordPage({
    id,
    objectType: "DEAL",
    query: DealRecordDocument,
    update: UpdateDealDetailDocument,
    fromQuery: (data) => data.deal,
    fromUpdate: (data) => data.updateDeal,
  });
  if (!deal) return <RecordMissing missing={missing} noun="deal" listHref="/deals" listLabel="Back to deals" />;

  const knownCompanies: Record<string, string> = deal.company ? { [deal.company.id]: deal.company.name } : {};
  const allPipelines = pipelines.data?.pipelines ?? [];
  const pipeline = allPipelines.find((item) => item.id === deal.pipeline.id);
  const stageOptions = (pipeline?.stages ?? [deal.stage]).map((stage) => ({ value: stage.id, label: stage.name }));
  const amount = deal.amount ? { amountMicros: deal.amount.amountMicros, currency: deal.amount.currency } : null;

  return (
    <RecordLayout
      section="Deals"
      sectionHref="/deals"
      name={deal.name}
      deletable={writable && { noun: "deal", id, deleteDocument: DeleteDealDocument, restoreDocument: RestoreDealDocument }}
      header={
        <RecordHeader
          avatar={
            <span className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-accent-soft text-accent">
              <Handshake className="size-5" aria-hidden />
            </span>
          }
          title={
            <InlineText
              bare
              label="Name"
              value={deal.name}
              onSave={(name) => save({ name: (name as string | null) ?? "" })}
              readOnly={readOnly}
              errorKeys={["name"]}
              className="min-h-8 text-lg font-semibold"
            />
          }
          subtitle={
            <span className="flex flex-wrap items-center gap-2">
              <span>
                {deal.pipeline.name} · {deal.stage.name}
              </span>
              <StatusBadge status={deal.status} />
              {deal.amount ? (
                <span className="font-medium text-ink tabular-nums">{safeMoney(deal.amount.amountMicros, deal.amount.currency)}</span>
              ) : null}
            </span>
          }
        />
      }
      aside={
        <>
          <RecordSection title="Details">
            <div className="grid">
              <InlineMoney
                label="Amount"
                value={amount}
                onSave={(next) => save({ amount: next })}
                readOnly={readOnly}
                errorKeys={["amount"]}
                format={(money) => safeMoney(money.amountMicros, money.currency)}
                defaultCurrency="USD"
              />
              <InlineSelect
                label="Pipeline"
                value={deal.pipeline.id}
                options={allPipelines.length ? allPipelines.map((item) => ({ value: item.id, label: item.name })) : [{ value: deal.pipeline.id, label: deal.pipeline.name }]}
                clearable={false}
                onSave={(pipelineId) => save({ pipelineId })}
                readOnly={readOnly}
                errorKeys={["pipelineId"]}
              />
              <InlineSelect
                label="Stage"
                value={deal.stage.id}
                options={stageOptions}
                clearable={false}
                onSave={(stageId) => save({ stageId })}
                readOnly={readOnly}
                errorKeys={["stageId"]}
              />
              <InlineText
                label="Expected close"
                type="date"
                value={deal.expectedCloseDate ?? ""}
                format={formatDay}
                onSave={(expectedCloseDate) => save({ expectedCloseDate: expectedCloseDate as string | null })}
                readOnly={readOnly}
                errorKeys={["expectedCloseDate"]}
              />
              <InlineCompany value={deal.company} onSave={(companyId) => save({ companyId })} readOnly={readOnly} />
              <InlineSelect
                label="Owner"
                value={deal.owner?.id ?? null}
                options={members.options}
                noneLabel="No owner"
                onSave={(ownerId) => save({ ownerId })}
                readOnly={readOnly}
                errorKeys={["ownerId"]}
              />
              {deal.closedAt ? (
                <FieldRow label="Closed">
                  <div className="flex min-h-7 items-center py-1 text-ink-muted">{formatDate(deal.closedAt)}</div>
                </FieldRow>
              ) : null}
              <CreatedRow at={deal.createdAt} />
            </div>
          </RecordSection>
          <CustomFieldsSection
            definitions={definitions}
            customFields={deal.customFields}
            onSave={(key, value) => save({ customFields: { [key]: value } })}
            readOnly={readOnly}
          />
          <DealPeople deal={deal} writable={writable} onChange={setLatest} serial={serial} />
          <RecordSection title="Company">
            {deal.company ? (
              <ul>
                <LinkedRow
                  href={`/companies/${deal.company.id}`}
                  icon={<Avatar name={deal.company.name} />}
                  name={deal.company.name}
                  detail={deal.company.domain}
                />
              </ul>
            ) : (
              <LinkedEmpty>
                <Building2 className="mr-1 inline size-3.5" aria-hidden />
                No customer yet{writable ? " — pick a company under Details." : "."}
              </LinkedEmpty>
            )}
          </RecordSection>
        </>
      }
    >
      <RecordActivity
        subject={{ type: "deal", id }}
        name={deal.name}
        definitions={definitions}
        currency={deal.amount?.currency}
        knownCompanies={knownCompanies}
      />
    </RecordLayout>
  );
}

/** The people of a deal with their roles: add one (with a role), change a role, remove one. */
function DealPeople({
  deal,
  writable,
  onChange,
  serial,
}: {
  deal: DealDetailFragment;
  writable: boolean;
  onChange: (deal: DealDetailFragment) => void;
  serial: <T>(save: () => Promise<T>) => Promise<T>;
}) {
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const [contact, setContact] = useState<ContactChoice | null>(null);
  const [role, setRole] = useState("");
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [{ fetching }, setDealContact] = useMutation(SetDealContactDocument);
  const [, removeDealContact] = useMutation(RemoveDealContactDocument);

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!contact) {
      setProblem({ code: "BAD_USER_INPUT", message: "Choose a contact.", fieldErrors: { contactId: "Choose a contact." } });
      return;
    }
    const answer = await serial(() => setDealContact({ dealId: deal.id, contactId: contact.id, role: role.trim() || null }));
    if (answer.error) {
      setProblem(problemFromCombined(answer.error));
      return;
    }
    if (answer.data) onChange(answer.data.setDealContact);
    setProblem(null);
    setContact(null);
    setRole("");
    setAdding(false);
  }

  async function saveRole(contactId: string, next: unknown): Promise<ApiProblem | null> {
    const answer = await serial(() => setDealContact({ dealId: deal.id, contactId, role: typeof next === "string" ? next : null }));
    if (answer.data) onChange(answer.data.setDealContact);
    return answer.error ? problemFromCombined(answer.error) : null;
  }

  async function remove(contactId: string, name: string) {
    const answer = await serial(() => removeDealContact({ dealId: deal.id, contactId }));
    if (answer.error) {
      toast({ title: `${name} was not removed`, description: problemFromCombined(answer.error).message, tone: "error" });
      return;
    }
    if (answer.data) onChange(answer.data.removeDealContact);
    toast({ title: `${name} removed from ${deal.name}`, tone: "success" });
  }

  return (
    <RecordSection
      title="People"
      count={deal.contacts.length}
      action={
        writable && !adding ? (
          <Button variant="ghost" size="sm" onClick={() => setAdding(true)} className="-mr-2">
            <Plus />
            Add person
          </Button>
        ) : null
      }
    >
      {deal.contacts.length ? (
        <ul>
          {deal.contacts.map(({ contact: person, role: personRole }) => (
            <LinkedRow
              key={person.id}
              href={`/contacts/${person.id}`}
              icon={<Avatar name={person.name} className="rounded-full" />}
              name={person.name}
              detail={
                writable ? (
                  <InlineText
                    bare
                    label={`Role of ${person.name}`}
                    value={personRole ?? ""}
                    placeholder="Add a role"
                    onSave={(next) => saveRole(person.id, next)}
                    className="h-6 min-h-6 py-0 text-[13px]"
                  />
                ) : (
                  (personRole ?? person.jobTitle ?? person.emails[0])
                )
              }
              trailing={
                writable ? (
                  <button
                    type="button"
                    aria-label={`Remove ${person.name} from the deal`}
                    onClick={() => void remove(person.id, person.name)}
                    className="rounded-md p-1 text-ink-faint opacity-0 group-hover:opacity-100 hover:bg-canvas hover:text-danger focus-visible:opacity-100"
                  >
                    <X className="size-3.5" />
                  </button>
                ) : null
              }
            />
          ))}
        </ul>
      ) : !adding ? (
        <LinkedEmpty>No one is linked to this deal yet.</LinkedEmpty>
      ) : null}
      {adding ? (
        <form onSubmit={(event) => void add(event)} className="mt-2 grid gap-2.5 rounded-lg border border-line bg-surface p-3">
          <FormError>{problem && !problem.fieldErrors.contactId && !problem.fieldErrors.role ? problem.message : null}</FormError>
          <Field label="Contact" error={problem?.fieldErrors.contactId}>
            <ContactCombobox value={contact} onChange={setContact} exclude={deal.contacts.map((item) => item.contact.id)} />
          </Field>
          <Field label="Role" error={problem?.fieldErrors.role} hint="Decision maker, champion…">
            <Input value={role} onChange={(event) => setRole(event.target.value)} autoComplete="off" />
          </Field>
          <div className="flex justify-end gap-2">
            <Button
              type="button"
              size="sm"
              onClick={() => {
                setAdding(false);
                setProblem(null);
              }}
            >
              Cancel
            </Button>
            <Button type="submit" size="sm" variant="primary" loading={fetching}>
              Add to deal
            </Button>
          </div>
        </form>
      ) : null}
    </RecordSection>
  );
}
