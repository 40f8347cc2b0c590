"use client";

import { useState } from "react";
import { useMutation, useQuery } from "urql";

import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogFooter } from "@/components/ui/dialog";
import { Field, FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { problemFromCombined } from "@/lib/api-errors";
import { graphql } from "@/gql";

export const LostReasonsDocument = graphql(`
  query LostReasons {
    lostReasons
  }
`);

export const SetDealLostReasonDocument = graphql(`
  mutation SetDealLostReason($id: UUID!, $input: DealInput!) {
    updateDeal(id: $id, input: $input) {
      id
      status
      lostReason
    }
  }
`);

/** "Price" and "went with a cheaper tool" → "Price — went with a cheaper tool": the list's reason first, so reports group by it. */
export function lostReasonText(reason: string, details: string): string | null {
  const parts = [reason.trim(), details.trim()].filter(Boolean);
  return parts.length ? parts.join(" — ") : null;
}

/**
 * Asked when a deal lands in a LOST stage (the board's drag, the deal page's stage): one of the
 * workspace's lost reasons and, optionally, words of one's own. Skip leaves the deal without a reason.
 */
export function LostReasonDialog({ deal, onClose }: { deal: { id: string; name: string } | null; onClose: () => void }) {
  const [reasons] = useQuery({ query: LostReasonsDocument, pause: !deal });
  const [saving, save] = useMutation(SetDealLostReasonDocument);
  const [reason, setReason] = useState("");
  const [details, setDetails] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const options = (reasons.data?.lostReasons ?? []).map((value) => ({ value, label: value }));

  function close() {
    setReason("");
    setDetails("");
    setProblem(null);
    onClose();
  }

  async function submit() {
    if (!deal) return;
    const answer = await save({ id: deal.id, input: { lostReason: lostReasonText(reason, details) } });
    if (answer.error) setProblem(problemFromCombined(answer.error).message);
    else close();
  }

  return (
    <Dialog open={deal !== null} onOpenChange={(open) => !open && close()}>
      <DialogContent title={`Why was ${deal?.name ?? "the deal"} lost?`} description="Your team sees it on the deal and in reports.">
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          {options.length ? (
            <Field label="Reason">
              <Select options={options} value={reason} onValueChange={setReason} placeholder="Choose a reason" />
            </Field>
          ) : null}
          <Field label={options.length ? "Details (optional)" : "Reason"}>
            <Input value={details} onChange={(event) => setDetails(event.target.value)} maxLength={250} />
          </Field>
          <FormError>{problem}</FormError>
          <DialogFooter cancelLabel="Skip">
            <Button type="submit" variant="primary" disabled={saving.fetching}>
              Save reason
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
