"use client";

import dynamic from "next/dynamic";
import { Handshake, Plus, X } from "lucide-react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";

import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { DealDetailFragment } from "@/gql/graphql";
import { problemFromCombined, type ApiProblem } from "@/lib/api-errors";
import { formatDate } from "@/lib/format";
import { useFormProblem } from "@/lib/use-form-problem";
import { useOutcomeToast } from "@/lib/use-outcome-toast";
import { ContactCombobox, type ContactChoice } from "@/features/contacts/contact-combobox";
import { formatDay } from "@/features/records/custom-fields";
import {
  DealRecordDocument,
  PipelineOptionsDocument,
  RemoveDealContactDocument,
  SetDealContactDocument,
  UpdateDealDetailDocument,
} from "@/features/records/documents";
import { InlineCompany } from "@/features/records/inline-company";
import { FieldRow, InlineMoney, InlineSelect, InlineText } from "@/features/records/inline-field";
import { dealAmount, StatusBadge } from "@/features/records/linked-deals";
import { CompanySection, ContactRow, DetailsSections, NameTitle } from "@/features/records/record-details";
import { LinkedEmpty, RecordLayout, RecordMissing, RecordSection } from "@/features/records/record-layout";
import { useRecordPage } from "@/features/records/use-record-data";

// The lost-reason dialog is a chunk of its own, fetched when it is first asked for (a move to a LOST stage,
// "Add" or "Change" beside the reason); it opens once it is there, with the focus in it as before.
const LostReasonDialog = dynamic(() => import("@/features/deals/lost-reason-dialog").then((module) => module.LostReasonDialog), {
  ssr: false,
});

/** /deals/[id]: every field editable in place (stage moves show in the timeline), custom fields, people with their roles. */
export function DealRecord({ id }: { id: string }) {
  const [pipelines] = useQuery({ query: PipelineOptionsDocument });
  const page = useRecordPage({ id, kind: "deal", query: DealRecordDocument, update: UpdateDealDetailDocument });
  const { record: deal, writable, readOnly, save, field, serial, setLatest } = page;
  const [askingWhyLost, setAskingWhyLost] = useState(false);
  // Rendered from the first question on, so that it closes as it opened.
  const [askedWhyLost, setAskedWhyLost] = useState(false);
  if (askingWhyLost && !askedWhyLost) setAskedWhyLost(true);
  // A deal moved to a LOST stage here (its stage field) is asked why, once per move.
  const status = useRef(deal?.status);
  useEffect(() => {
    if (deal && status.current && status.current !== "LOST" && deal.status === "LOST" && writable) setAskingWhyLost(true);
    status.current = deal?.status;
  }, [deal, writable]);
  if (!deal) return <RecordMissing missing={page.missing} kind="deal" />;

  const knownCompanies: Record<string, string> = deal.company ? { [deal.company.id]: deal.company.name } : {};
  const allPipelines = pipelines.data?.pipelines ?? [];
  const pipeline = allPipelines.find((item) => item.id === deal.pipeline.id);
  const stageOptions = (pipeline?.stages ?? [deal.stage]).map((stage) => ({ value: stage.id, label: stage.name }));
  const amount = deal.amount ? { amountMicros: deal.amount.amountMicros, currency: deal.amount.currency } : null;

  return (
    <RecordLayout
      {...page.layout({ currency: deal.amount?.currency, knownCompanies })}
      name={deal.name}
      avatar={
        <span className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-accent-soft text-accent">
          <Handshake className="size-5" aria-hidden />
        </span>
      }
      title={<NameTitle value={deal.name} save={(name) => save({ name })} readOnly={readOnly} />}
      subtitle={
        <span className="flex flex-wrap items-center gap-2">
          {/* A closed deal's stage is its badge ("Sales · Lost"), never the stage and a badge saying it again. */}
          <span>
            {deal.pipeline.name} ·{" "}
            {deal.status === "OPEN" ? deal.stage.name : <StatusBadge status={deal.status} label={deal.stage.name} />}
          </span>
          {deal.amount ? <span className="font-medium text-ink tabular-nums">{dealAmount(deal.amount)}</span> : null}
        </span>
      }
      aside={
        <>
          <DetailsSections
            page={page}
            record={deal}
            closing={
              deal.closedAt ? (
                <>
                  <FieldRow label="Closed">
                    <div className="flex min-h-7 items-center py-1 text-ink-muted">{formatDate(deal.closedAt)}</div>
                  </FieldRow>
                  {deal.status === "LOST" ? (
                    <FieldRow label="Lost reason">
                      <div className="flex min-h-7 items-center gap-2 py-1">
                        <span className={deal.lostReason ? "min-w-0 break-words" : "text-ink-muted"}>{deal.lostReason ?? "Not given"}</span>
                        {writable ? (
                          <Button size="sm" variant="ghost" onClick={() => setAskingWhyLost(true)}>
                            {deal.lostReason ? "Change" : "Add"}
                          </Button>
                        ) : null}
                      </div>
                    </FieldRow>
                  ) : null}
                </>
              ) : null
            }
          >
            <InlineMoney
              label="Amount"
              value={amount}
              format={(money) => dealAmount(money) ?? ""}
              defaultCurrency="USD"
              {...field("amount")}
            />
            <InlineSelect
              label="Pipeline"
              value={deal.pipeline.id}
              options={allPipelines.length ? allPipelines.map((item) => ({ value: item.id, label: item.name })) : [{ value: deal.pipeline.id, label: deal.pipeline.name }]}
              clearable={false}
              {...field("pipelineId")}
            />
            <InlineSelect label="Stage" value={deal.stage.id} options={stageOptions} clearable={false} {...field("stageId")} />
            <InlineText label="Expected close" type="date" value={deal.expectedCloseDate ?? ""} format={formatDay} {...field("expectedCloseDate")} />
            <InlineCompany value={deal.company} onSave={(companyId) => save({ companyId })} readOnly={readOnly} />
          </DetailsSections>
          <DealPeople deal={deal} writable={writable} onChange={setLatest} serial={serial} />
          <CompanySection company={deal.company} empty={<>No customer yet{writable ? " — pick a company under Details." : "."}</>} />
          {askedWhyLost ? <LostReasonDialog deal={askingWhyLost ? deal : null} onClose={() => setAskingWhyLost(false)} /> : null}
        </>
      }
    />
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
  const [adding, setAdding] = useState(false);
  const [contact, setContact] = useState<ContactChoice | null>(null);
  const [role, setRole] = useState("");
  const { errors, setProblem, take, formMessage } = useFormProblem();
  const outcome = useOutcomeToast();
  const [{ fetching }, setDealContact] = useMutation(SetDealContactDocument);
  const [, removeDealContact] = useMutation(RemoveDealContactDocument);

  async function add(event: FormEvent) {
    event.preventDefault();
    if (!contact) {
      setProblem({ code: "BAD_USER_INPUT", message: "Choose a contact.", fieldErrors: { contactId: "Choose a contact." } });
      return;
    }
    const answer = await serial(() => setDealContact({ dealId: deal.id, contactId: contact.id, role: role.trim() || null }));
    if (take(answer.error)) return;
    if (answer.data) onChange(answer.data.setDealContact);
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
    if (!outcome(answer.error, `${name} was not removed`, { title: `${name} removed from ${deal.name}`, tone: "success" })) return;
    if (answer.data) onChange(answer.data.removeDealContact);
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
            <ContactRow
              key={person.id}
              contact={person}
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
          <FormError>{formMessage(["contactId", "role"])}</FormError>
          <Field label="Contact" error={errors.contactId}>
            <ContactCombobox value={contact} onChange={setContact} exclude={deal.contacts.map((item) => item.contact.id)} />
          </Field>
          <Field label="Role" error={errors.role} hint="Decision maker, champion…">
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
