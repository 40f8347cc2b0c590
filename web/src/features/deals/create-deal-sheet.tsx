"use client";

import { useState, type FormEvent } from "react";
import { useMutation } from "urql";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Sheet, SheetContent, SheetForm } from "@/components/ui/sheet";
import { useToast } from "@/components/ui/toast";
import type { BoardDealFragment, DealInput } from "@/gql/graphql";
import { useFormProblem } from "@/lib/use-form-problem";
import { toMicros } from "@/lib/format";
import { CompanyPicker, type CompanyChoice } from "@/features/deals/company-picker";
import { CreateDealDocument } from "@/features/deals/documents";

export const CURRENCIES = ["USD", "EUR", "GBP", "CHF", "CAD", "AUD", "JPY", "SEK", "NOK", "DKK", "INR", "BRL"] as const;
const CURRENCY_OPTIONS = CURRENCIES.map((code) => ({ value: code, label: code }));
const FIELDS = ["name", "amount", "amount.amountMicros", "amount.currency", "stageId", "companyId", "expectedCloseDate"];

export interface StageChoice {
  id: string;
  name: string;
}

/** The api input from the form; a blank amount or date is left out. Null with a message when the amount is not a number. */
export function dealInputFromForm(
  form: FormData,
  { pipelineId, stageId, currency, companyId }: { pipelineId: string; stageId: string; currency: string; companyId: string | null },
): { input: DealInput; amountError: string | null } {
  const name = String(form.get("name") ?? "").trim();
  const amountText = String(form.get("amount") ?? "").trim();
  const date = String(form.get("expectedCloseDate") ?? "").trim();
  const micros = amountText ? toMicros(amountText) : null;
  const input: DealInput = {
    // A blank name is left out, so the api answers that it is required.
    ...(name ? { name } : {}),
    pipelineId,
    stageId,
    companyId,
    ...(micros !== null ? { amount: { amountMicros: micros, currency } } : {}),
    ...(date ? { expectedCloseDate: date } : {}),
  };
  return { input, amountError: amountText && micros === null ? "Enter an amount like 12,500 or 980.50" : null };
}

/** The side panel that creates a deal in the current pipeline, in the stage it was opened from. */
export function CreateDealSheet({
  open,
  onOpenChange,
  pipelineId,
  stages,
  initialStageId,
  defaultCurrency,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  pipelineId: string;
  stages: readonly StageChoice[];
  initialStageId: string | null;
  defaultCurrency: string;
  onCreated: (deal: BoardDealFragment) => void;
}) {
  const toast = useToast();
  const { problem, errors, setProblem, take, formMessage } = useFormProblem();
  const [amountError, setAmountError] = useState<string | null>(null);
  const [stageId, setStageId] = useState<string | null>(null);
  const [currency, setCurrency] = useState<string | null>(null);
  const [company, setCompany] = useState<CompanyChoice | null>(null);
  const [{ fetching }, createDeal] = useMutation(CreateDealDocument);
  const chosenStage = stageId ?? initialStageId ?? stages[0]?.id ?? "";
  const chosenCurrency = currency ?? defaultCurrency;

  function change(next: boolean) {
    if (!next) {
      setProblem(null);
      setAmountError(null);
      setStageId(null);
      setCurrency(null);
      setCompany(null);
    }
    onOpenChange(next);
  }

  // Typing in a field clears its message.
  function edited(event: FormEvent<HTMLFormElement>) {
    const name = (event.target as HTMLInputElement).name;
    if (name === "amount") setAmountError(null);
    if (!problem || !name) return;
    const fieldErrors = Object.fromEntries(
      Object.entries(problem.fieldErrors).filter(([key]) => key !== name && !key.startsWith(`${name}.`)),
    );
    const left = Object.keys(fieldErrors).length;
    if (left === Object.keys(problem.fieldErrors).length) return;
    setProblem(left > 0 ? { ...problem, fieldErrors } : null);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { input, amountError: badAmount } = dealInputFromForm(new FormData(event.currentTarget), {
      pipelineId,
      stageId: chosenStage,
      currency: chosenCurrency,
      companyId: company?.id ?? null,
    });
    setAmountError(badAmount);
    if (badAmount) return;
    const result = await createDeal({ input });
    if (take(result.error) || !result.data) return;
    const deal = result.data.createDeal;
    toast({ title: `${deal.name} added to ${deal.stage.name}`, tone: "success" });
    onCreated(deal);
    change(false);
  }

  const amountMessage = amountError ?? errors.amount ?? errors["amount.amountMicros"];
  return (
    <Sheet open={open} onOpenChange={change}>
      <SheetContent
        title="New deal"
        description="An opportunity to win, moving through the stages of this pipeline."
        onEscapeKeyDown={(event) => {
          // Escape in an open company list closes the list, not the panel.
          if (event.target instanceof HTMLElement && event.target.getAttribute("aria-expanded") === "true") event.preventDefault();
        }}
      >
        <SheetForm
          onSubmit={submit}
          onChange={edited}
          onCancel={() => change(false)}
          loading={fetching}
          problem={formMessage(FIELDS)}
          submitLabel="Create deal"
        >
          <Field label="Name" error={errors.name}>
            <Input name="name" autoFocus autoComplete="off" placeholder="e.g. Acme — 50 seats" />
          </Field>
          <div className="grid grid-cols-[1fr_7rem] items-start gap-3">
            <Field label="Amount" error={amountMessage}>
              <Input name="amount" inputMode="decimal" autoComplete="off" placeholder="0" />
            </Field>
            <Field label="Currency" error={errors["amount.currency"]}>
              <Select options={CURRENCY_OPTIONS} value={chosenCurrency} onValueChange={setCurrency} />
            </Field>
          </div>
          <Field label="Stage" error={errors.stageId}>
            <Select
              options={stages.map((stage) => ({ value: stage.id, label: stage.name }))}
              value={chosenStage}
              onValueChange={setStageId}
            />
          </Field>
          <Field label="Company" error={errors.companyId}>
            <CompanyPicker value={company} onChange={setCompany} />
          </Field>
          <Field label="Expected close date" error={errors.expectedCloseDate}>
            <Input name="expectedCloseDate" type="date" />
          </Field>
        </SheetForm>
      </SheetContent>
    </Sheet>
  );
}
