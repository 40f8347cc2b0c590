"use client";

import { KeyRound, Power, RotateCcw, Send, Trash2, Webhook } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, useConfirm } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useToast } from "@/components/ui/toast";
import type { DeliveryState, SettingsWebhookDeliveryFragment, SettingsWebhookEndpointFragment } from "@/gql/graphql";
import { problemFromCombined } from "@/lib/api-errors";
import { formatDate, formatRelative } from "@/lib/format";
import { useFormProblem } from "@/lib/use-form-problem";
import { usePoll } from "@/lib/use-poll";
import { canManage, useViewer } from "@/lib/viewer";
import { PageHeader } from "@/features/shell/app-shell";
import { SectionPending, SettingsSection } from "@/features/settings/section";
import {
  CreateWebhookEndpointDocument,
  DeleteWebhookEndpointDocument,
  RetryWebhookDeliveryDocument,
  RotateWebhookSecretDocument,
  SendTestWebhookDocument,
  UpdateWebhookEndpointDocument,
  WebhookDeliveriesDocument,
  WebhookEndpointsDocument,
} from "@/features/settings/webhooks/documents";

const DELIVERY_STATES: Record<DeliveryState, { label: string; tone: "neutral" | "accent" | "success" | "danger" }> = {
  PENDING: { label: "Pending", tone: "accent" },
  SUCCEEDED: { label: "Delivered", tone: "success" },
  FAILED: { label: "Retrying", tone: "danger" },
  DEAD: { label: "Failed", tone: "danger" },
};

/** "contact.created, deal.stage_changed" → the list the api takes; blank means every event ("*"). */
export function parseEvents(text: string): string[] {
  const events = text
    .split(/[\s,]+/)
    .map((event) => event.trim())
    .filter(Boolean);
  return events.length > 0 ? events : ["*"];
}

/** Settings → Webhooks: endpoints that receive the workspace's events, signed, and their delivery logs. */
export function WebhooksSettings() {
  const { role } = useViewer();
  return (
    <>
      <PageHeader title="Webhooks" description="Send the workspace's events to your own services, signed by the Standard Webhooks scheme." />
      <div className="grid max-w-4xl grid-cols-[minmax(0,1fr)] gap-5 p-5 md:p-6">
        {canManage(role) ? (
          <Endpoints />
        ) : (
          <SettingsSection title="Endpoints" description="Admins and owners manage webhooks.">
            <p className="text-ink-muted">Ask an admin to add an endpoint.</p>
          </SettingsSection>
        )}
      </div>
    </>
  );
}

function SecretNotice({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <div role="status" className="grid gap-2 rounded-md border border-accent/30 bg-accent-soft p-3">
      <p className="flex items-center gap-2 font-medium">
        <KeyRound className="size-4" /> Copy the signing secret now: it is not shown again.
      </p>
      <code aria-label="Signing secret" className="overflow-x-auto rounded bg-canvas px-2 py-1 font-mono text-[13px]">
        {secret}
      </code>
      <div>
        <Button size="sm" variant="secondary" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}

function AddEndpointForm({ onCreated }: { onCreated: (secret: string) => void }) {
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState("*");
  const [description, setDescription] = useState("");
  const { errors, take, formMessage } = useFormProblem();
  const [{ fetching }, create] = useMutation(CreateWebhookEndpointDocument);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await create({ url: url.trim(), events: parseEvents(events), description: description.trim() || null });
    if (take(result.error) || !result.data) return;
    setUrl("");
    setDescription("");
    onCreated(result.data.createWebhookEndpoint.secret);
  }

  return (
    <form onSubmit={submit} noValidate className="grid gap-3 border-b border-line p-4">
      <FormError>{formMessage(["url", "events", "description"])}</FormError>
      <Field label="Endpoint URL" error={errors.url}>
        <Input value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://example.com/rapport-webhooks" autoComplete="off" />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Events" error={errors.events} hint="Separated by commas, e.g. contact.created, deal.stage_changed; * for all.">
          <Input value={events} onChange={(event) => setEvents(event.target.value)} autoComplete="off" />
        </Field>
        <Field label="Description" error={errors.description}>
          <Input value={description} onChange={(event) => setDescription(event.target.value)} autoComplete="off" />
        </Field>
      </div>
      <div>
        <Button type="submit" variant="primary" size="sm" disabled={fetching || !url.trim()}>
          <Webhook />
          Add endpoint
        </Button>
      </div>
    </form>
  );
}

function endpointStatus(endpoint: SettingsWebhookEndpointFragment) {
  if (!endpoint.enabled) return <Badge tone="neutral">Disabled</Badge>;
  if (endpoint.failingSince) return <Badge tone="danger">Failing since {formatRelative(endpoint.failingSince)}</Badge>;
  return <Badge tone="success">Active</Badge>;
}

function Endpoints() {
  const toast = useToast();
  const [result] = useQuery({ query: WebhookEndpointsDocument });
  const [secret, setSecret] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [, update] = useMutation(UpdateWebhookEndpointDocument);
  const [, rotate] = useMutation(RotateWebhookSecretDocument);
  const [, remove] = useMutation(DeleteWebhookEndpointDocument);
  const [, sendTest] = useMutation(SendTestWebhookDocument);
  const endpoints = result.data?.webhookEndpoints ?? [];
  const shown = endpoints.find((endpoint) => endpoint.id === selected) ?? endpoints[0] ?? null;

  function fail(title: string, error: Parameters<typeof problemFromCombined>[0]) {
    toast({ title, description: problemFromCombined(error).message, tone: "error" });
  }

  async function toggle(endpoint: SettingsWebhookEndpointFragment) {
    const answer = await update({ id: endpoint.id, enabled: !endpoint.enabled });
    if (answer.error) fail("Not changed", answer.error);
    else toast({ title: endpoint.enabled ? "Endpoint disabled" : "Endpoint enabled", tone: "success" });
  }

  async function rotateSecret(endpoint: SettingsWebhookEndpointFragment) {
    const answer = await rotate({ id: endpoint.id });
    if (answer.error || !answer.data) fail("Not rotated", answer.error!);
    else setSecret(answer.data.rotateWebhookSecret.secret);
  }

  async function test(endpoint: SettingsWebhookEndpointFragment) {
    setSelected(endpoint.id);
    const answer = await sendTest({ endpointId: endpoint.id });
    if (answer.error) fail("Test not sent", answer.error);
    else toast({ title: "Test event queued", description: endpoint.url, tone: "success" });
  }

  const deletion = useConfirm(async (endpoint: SettingsWebhookEndpointFragment) => {
    const answer = await remove({ id: endpoint.id });
    if (answer.error) fail("Not deleted", answer.error);
    else toast({ title: "Endpoint deleted", tone: "success" });
  });

  return (
    <>
      <SettingsSection
        title="Endpoints"
        description="Each receives the events it asks for as a signed POST (webhook-id, webhook-timestamp, webhook-signature). Failed deliveries are retried for about a day; an endpoint failing for days is disabled."
        bodyClassName="p-0"
      >
        <AddEndpointForm onCreated={setSecret} />
        {secret ? (
          <div className="border-b border-line p-4">
            <SecretNotice secret={secret} onDone={() => setSecret(null)} />
          </div>
        ) : null}
        {result.error || !result.data ? (
          <SectionPending error={result.error} />
        ) : endpoints.length === 0 ? (
          <EmptyState icon={Webhook} title="No endpoints yet" description="Add a URL above and Rapport posts its events there." className="py-10" />
        ) : (
          <ul aria-label="Webhook endpoints">
            {endpoints.map((endpoint) => (
              <li key={endpoint.id} data-testid="webhook-endpoint" className="grid gap-2 border-b border-line px-4 py-3 last:border-b-0">
                <div className="flex flex-wrap items-center gap-2">
                  <button type="button" className="min-w-0 truncate font-medium hover:underline" onClick={() => setSelected(endpoint.id)}>
                    {endpoint.url}
                  </button>
                  {endpointStatus(endpoint)}
                </div>
                <p className="text-[13px] text-ink-muted">
                  {endpoint.events.join(", ")}
                  {endpoint.description ? ` · ${endpoint.description}` : ""}
                  {endpoint.previousSecretExpiresAt ? ` · previous secret signs until ${formatDate(endpoint.previousSecretExpiresAt)}` : ""}
                </p>
                {endpoint.disabledReason ? <p className="rounded-md bg-danger-soft px-2 py-1 text-[13px] text-danger-strong">{endpoint.disabledReason}</p> : null}
                <div className="flex flex-wrap gap-1.5">
                  <Button size="sm" variant="secondary" onClick={() => void test(endpoint)} disabled={!endpoint.enabled}>
                    <Send />
                    Send test
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => void toggle(endpoint)}>
                    <Power />
                    {endpoint.enabled ? "Disable" : "Enable"}
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => void rotateSecret(endpoint)}>
                    <KeyRound />
                    Rotate secret
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => deletion.ask(endpoint)} aria-label={`Delete ${endpoint.url}`}>
                    <Trash2 />
                    Delete
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        )}
        <ConfirmDialog
          {...deletion.dialog}
          title="Delete this endpoint?"
          description="Nothing more is sent to it, and its delivery log goes with it."
          confirmLabel="Delete"
        />
      </SettingsSection>
      {shown ? <Deliveries endpoint={shown} /> : null}
    </>
  );
}

function Deliveries({ endpoint }: { endpoint: SettingsWebhookEndpointFragment }) {
  const toast = useToast();
  const [result, refetch] = useQuery({ query: WebhookDeliveriesDocument, variables: { endpointId: endpoint.id, first: 50 } });
  const [, retry] = useMutation(RetryWebhookDeliveryDocument);
  const deliveries = result.data?.webhookDeliveries.edges.map((edge) => edge.node) ?? [];
  const waiting = deliveries.some((delivery) => delivery.state === "PENDING" || delivery.state === "FAILED");

  // While deliveries are on their way, their outcome is worth watching.
  usePoll(refetch, 2000, waiting);

  async function retryDelivery(delivery: SettingsWebhookDeliveryFragment) {
    const answer = await retry({ id: delivery.id });
    if (answer.error) toast({ title: "Not retried", description: problemFromCombined(answer.error).message, tone: "error" });
    else refetch({ requestPolicy: "network-only" });
  }

  return (
    <SettingsSection
      title="Deliveries"
      description={`The last deliveries to ${endpoint.url}, newest first.`}
      actions={
        <Button size="sm" variant="ghost" onClick={() => refetch({ requestPolicy: "network-only" })}>
          <RotateCcw />
          Refresh
        </Button>
      }
      bodyClassName="p-0"
    >
      {result.error || !result.data ? (
        <SectionPending error={result.error} />
      ) : deliveries.length === 0 ? (
        <p className="p-4 text-ink-muted">Nothing sent yet. Send a test event to try the endpoint.</p>
      ) : (
        <ul aria-label="Deliveries">
          {deliveries.map((delivery) => {
            const state = DELIVERY_STATES[delivery.state];
            return (
              <li key={delivery.id} data-testid="webhook-delivery" className="flex flex-wrap items-start gap-3 border-b border-line px-4 py-2.5 last:border-b-0">
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-mono text-[13px]">{delivery.eventType}</span>
                    <Badge tone={state.tone}>{state.label}</Badge>
                    {delivery.lastStatus !== null && delivery.lastStatus !== undefined ? (
                      <span className="text-[13px] text-ink-muted">HTTP {delivery.lastStatus}</span>
                    ) : null}
                  </div>
                  <p className="mt-0.5 text-[13px] text-ink-muted">
                    <time dateTime={delivery.createdAt} title={formatDate(delivery.createdAt)}>
                      {formatRelative(delivery.createdAt)}
                    </time>
                    {` · ${delivery.attempts} ${delivery.attempts === 1 ? "attempt" : "attempts"}`}
                    {delivery.lastDurationMs !== null && delivery.lastDurationMs !== undefined ? ` · ${delivery.lastDurationMs} ms` : ""}
                    {delivery.state === "FAILED" && delivery.nextAttemptAt ? ` · next try ${formatRelative(delivery.nextAttemptAt)}` : ""}
                  </p>
                  {delivery.lastError ? <p className="mt-1 text-[13px] text-danger">{delivery.lastError}</p> : null}
                  {delivery.lastResponse ? (
                    <pre className="mt-1 max-h-24 overflow-auto rounded bg-subtle px-2 py-1 text-[12px] whitespace-pre-wrap">{delivery.lastResponse}</pre>
                  ) : null}
                </div>
                <Button size="sm" variant="ghost" onClick={() => void retryDelivery(delivery)} aria-label={`Retry ${delivery.eventType}`}>
                  <RotateCcw />
                  Retry
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </SettingsSection>
  );
}
