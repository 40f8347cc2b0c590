"use client";

import { RadioGroup } from "radix-ui";
import { useState } from "react";
import { useMutation, useQuery } from "urql";

import { FormError } from "@/components/ui/field";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import type { AutoCreatePolicy } from "@/gql/graphql";
import { problemFromCombined } from "@/lib/api-errors";
import { cn } from "@/lib/cn";
import { SetAutoCreateDocument, SettingsAutoCreateDocument } from "@/features/settings/documents";
import { SettingsSection } from "@/features/settings/section";

const POLICIES: { value: AutoCreatePolicy; label: string; description: string }[] = [
  {
    value: "SENT_AND_RECEIVED",
    label: "From mail sent and received",
    description: "Anyone you write to or hear from becomes a contact, with their company from the domain.",
  },
  {
    value: "SENT_ONLY",
    label: "Only from mail we sent",
    description: "People become contacts when someone on the team writes to them; inbound strangers do not.",
  },
  { value: "OFF", label: "Never", description: "Mail only attaches to contacts that already exist." },
];

export function AutoCreateSection({ manager }: { manager: boolean }) {
  const toast = useToast();
  const [{ data, error }, refetch] = useQuery({ query: SettingsAutoCreateDocument });
  const [{ fetching }, setPolicy] = useMutation(SetAutoCreateDocument);
  // The answer is a bare enum the document cache cannot tie to the query: hold it here, then refetch.
  const [chosen, setChosen] = useState<AutoCreatePolicy | null>(null);
  const value = chosen ?? data?.contactAutoCreate;

  async function change(policy: AutoCreatePolicy) {
    const previous = value ?? null;
    setChosen(policy);
    const result = await setPolicy({ policy });
    if (result.error) {
      setChosen(previous);
      toast({ title: "Not changed", description: problemFromCombined(result.error).message, tone: "error" });
      return;
    }
    toast({ title: "Contact creation updated", tone: "success" });
    refetch({ requestPolicy: "network-only" });
  }

  return (
    <SettingsSection
      title="Create contacts from email"
      description={
        manager
          ? "Whether people you email with, who are not contacts yet, are added for you. Companies come from their domain, never from public mail domains."
          : "Whether people you email with are added as contacts. Only owners and admins can change this."
      }
    >
      {error ? (
        <FormError>{problemFromCombined(error).message}</FormError>
      ) : !value ? (
        <div className="grid gap-2" aria-busy="true">
          {[0, 1, 2].map((index) => (
            <Skeleton key={index} className="h-12" />
          ))}
        </div>
      ) : (
        <RadioGroup.Root
          aria-label="Create contacts from email"
          value={value}
          onValueChange={(next) => void change(next as AutoCreatePolicy)}
          disabled={!manager || fetching}
          className="grid gap-2"
        >
          {POLICIES.map((policy) => (
            <label
              key={policy.value}
              className={cn(
                "flex items-start gap-3 rounded-lg border border-line p-3 transition-colors",
                manager && "cursor-pointer hover:bg-surface",
                value === policy.value && "border-accent/40 bg-accent-soft/50 hover:bg-accent-soft/50",
              )}
            >
              <RadioGroup.Item
                value={policy.value}
                aria-describedby={`policy-${policy.value}`}
                className="mt-0.5 flex size-4 shrink-0 items-center justify-center rounded-full border border-line-strong bg-canvas shadow-xs outline-none focus-visible:ring-3 focus-visible:ring-accent/20 disabled:cursor-not-allowed data-[state=checked]:border-accent"
              >
                <RadioGroup.Indicator className="size-2 rounded-full bg-accent" />
              </RadioGroup.Item>
              <span className="grid gap-0.5">
                <span className="font-medium">{policy.label}</span>
                <span id={`policy-${policy.value}`} className="text-[13px] text-ink-muted">
                  {policy.description}
                </span>
              </span>
            </label>
          ))}
        </RadioGroup.Root>
      )}
    </SettingsSection>
  );
}
