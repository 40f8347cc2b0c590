"use client";

import { Copy, Eye, EyeOff, RefreshCw } from "lucide-react";
import { useState } from "react";
import { useMutation, useQuery } from "urql";

import { Button } from "@/components/ui/button";
import { ConfirmDialog, useConfirm } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { useOutcomeToast } from "@/lib/use-outcome-toast";
import { problemFromCombined } from "@/lib/api-errors";
import { useCopy } from "@/lib/use-copy";
import { RotateInboundTokenDocument, SettingsInboundEmailDocument } from "@/features/settings/documents";
import { SettingsSection } from "@/features/settings/section";

function CopyField({ label, value, secret = false }: { label: string; value: string; secret?: boolean }) {
  const copy = useCopy();
  const [shown, setShown] = useState(!secret);
  return (
    <div className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-1.5">
      <Label>{label}</Label>
      <div className="flex items-center gap-2">
        <code
          aria-label={label}
          data-testid={secret ? "inbound-token" : "inbound-address"}
          className="min-w-0 flex-1 truncate rounded-md border border-line bg-surface px-2.5 py-1.5 font-mono text-[13px]"
        >
          {shown ? value : "•".repeat(Math.min(value.length, 32))}
        </code>
        {secret ? (
          <Button variant="ghost" size="icon" aria-label={shown ? `Hide ${label.toLowerCase()}` : `Show ${label.toLowerCase()}`} onClick={() => setShown(!shown)}>
            {shown ? <EyeOff /> : <Eye />}
          </Button>
        ) : null}
        <Button
          size="sm"
          onClick={() =>
            void copy(
              value,
              { title: `${label} copied` },
              { title: `${label} not copied`, description: "Your browser refused; select the text and copy it instead." },
            )
          }
          aria-label={`Copy ${label.toLowerCase()}`}
        >
          <Copy />
          Copy
        </Button>
      </div>
    </div>
  );
}

export function InboundSection({ manager }: { manager: boolean }) {
  const outcome = useOutcomeToast();
  const [{ data, error }] = useQuery({ query: SettingsInboundEmailDocument });
  const [, rotate] = useMutation(RotateInboundTokenDocument);
  const rotation = useConfirm(async () => {
    const result = await rotate({});
    outcome(result.error, "Not rotated", { title: "New address and token issued", description: "Update your forwarding rules and webhook.", tone: "success" });
  });

  return (
    <SettingsSection
      title="Forward-in address"
      description="Forward or BCC mail to this address and it lands on the matching contacts, companies and deals."
      actions={
        manager && data ? (
          <Button size="sm" variant="ghost" onClick={() => rotation.ask(true)}>
            <RefreshCw />
            Rotate
          </Button>
        ) : null
      }
    >
      {error ? (
        <FormError>{problemFromCombined(error).message}</FormError>
      ) : !data ? (
        <div className="grid gap-3" aria-busy="true">
          <Skeleton className="h-8" />
          <Skeleton className="h-8" />
        </div>
      ) : (
        <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
          <CopyField label="Address" value={data.inboundEmail.address} />
          <CopyField label="Webhook token" value={data.inboundEmail.token} secret />
          <p className="text-[13px] text-ink-muted">
            Mail services can also POST raw messages to <code className="font-mono text-[12px]">/api/v1/webhooks/inbound/email</code> with the
            token in the <code className="font-mono text-[12px]">X-Inbound-Token</code> header.
          </p>
        </div>
      )}
      <ConfirmDialog
        {...rotation.dialog}
        title="Rotate the address and token?"
        description="The current address and webhook token stop working at once. Forwarding rules and webhooks that use them must be updated."
        confirmLabel="Rotate now"
      />
    </SettingsSection>
  );
}
