"use client";

import { KeyRound } from "lucide-react";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";

import { TrashButton } from "@/components/trash-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, useConfirm } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, FormError } from "@/components/ui/field";
import { FormCard } from "@/components/ui/form-card";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { TableCell, TableHead, TableRow } from "@/components/ui/table";
import { TableCard } from "@/components/ui/table-card";
import type { Role } from "@/gql/graphql";
import { PageHeader } from "@/features/shell/app-shell";
import { ManagersOnly } from "@/features/shell/managers-only";
import { useOutcomeToast } from "@/lib/use-outcome-toast";
import { problemFromCombined } from "@/lib/api-errors";
import { formatDate, roleLabel } from "@/lib/format";
import { useFormProblem } from "@/lib/use-form-problem";
import { canManage, useViewer } from "@/lib/viewer";
import { ApiKeysDocument, CreateApiKeyDocument, RevokeApiKeyDocument } from "@/features/security/documents";

const RANK: Record<Role, number> = { VIEWER: 0, MEMBER: 1, ADMIN: 2, OWNER: 3 };

/** The end of the chosen day (local time), as the api wants it: with its offset. */
function endOfDay(date: string): string | null {
  if (!date) return null;
  const end = new Date(`${date}T23:59:59`);
  return Number.isNaN(end.getTime()) ? null : end.toISOString();
}

function CreateApiKeyForm({ onCreated }: { onCreated: (secret: string) => void }) {
  const viewer = useViewer();
  const [role, setRole] = useState<Role>("MEMBER");
  const { errors, take, formMessage } = useFormProblem();
  const [{ fetching }, create] = useMutation(CreateApiKeyDocument);
  const options = (["OWNER", "ADMIN", "MEMBER", "VIEWER"] as Role[])
    .filter((item) => RANK[item] <= RANK[viewer.role])
    .map((item) => ({ value: item, label: roleLabel(item) }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const result = await create({
      name: String(data.get("name") ?? "").trim(),
      role,
      expiresAt: endOfDay(String(data.get("expires") ?? "")),
    });
    if (take(result.error) || !result.data) return;
    form.reset();
    onCreated(result.data.createApiKey.secret);
  }

  return (
    <FormCard
      title="Create an API key"
      description={
        <>
          For integrations: send it as <code>Authorization: Bearer …</code>. It acts as you, with the role you choose.
        </>
      }
      error={formMessage(["name", "role", "expiresAt"])}
      columns="sm:grid-cols-[1fr_9rem_10rem_auto]"
      submitting={fetching}
      submit={
        <>
          <KeyRound />
          Create key
        </>
      }
      onSubmit={submit}
    >
      <Field label="Name" error={errors.name}>
        <Input name="name" placeholder="Zapier" maxLength={100} autoComplete="off" />
      </Field>
      <Field label="Role" error={errors.role}>
        <Select options={options} value={role} onValueChange={(value) => setRole(value as Role)} />
      </Field>
      <Field label="Expires (optional)" error={errors.expiresAt}>
        <Input name="expires" type="date" />
      </Field>
    </FormCard>
  );
}

/** The workspace's API keys: create (the secret shown once), see when each was last used, revoke. */
export function ApiKeysSettings() {
  const viewer = useViewer();
  const outcome = useOutcomeToast();
  const manager = canManage(viewer.role);
  const [{ data, error, fetching }] = useQuery({ query: ApiKeysDocument, pause: !manager });
  const [, revoke] = useMutation(RevokeApiKeyDocument);
  const [secret, setSecret] = useState<string | null>(null);
  const revocation = useConfirm(async (key: { id: string; name: string }) => {
    const result = await revoke({ id: key.id });
    outcome(result.error, "Key not revoked", { title: `${key.name} revoked`, tone: "success" });
  });

  if (!manager) {
    return <ManagersOnly title="API keys" icon={KeyRound} message="Owners and admins manage API keys" hint="Ask one of them for a key." />;
  }

  const keys = data?.apiKeys ?? [];
  return (
    <>
      <PageHeader title="API keys" description="Keys let integrations use Rapport's API for this workspace." />
      <div className="grid max-w-4xl gap-6 p-5 md:p-6">
        <CreateApiKeyForm onCreated={setSecret} />
        {secret ? (
          <div role="status" className="grid gap-2 rounded-lg border border-accent/30 bg-accent-soft p-4">
            <p className="font-medium">Copy the key now: it is not shown again.</p>
            <div className="flex flex-wrap items-center gap-2">
              <code data-testid="api-key-secret" className="min-w-0 flex-1 font-mono text-[13px] break-all">
                {secret}
              </code>
              <Button variant="secondary" onClick={() => void navigator.clipboard?.writeText(secret)}>
                Copy
              </Button>
              <Button variant="ghost" onClick={() => setSecret(null)}>
                Done
              </Button>
            </div>
          </div>
        ) : null}
        {error ? <FormError>{problemFromCombined(error).message}</FormError> : null}
        <TableCard
          loading={!data && fetching}
          empty={keys.length === 0 ? <EmptyState icon={KeyRound} title="No API keys" description="Create one for each integration." /> : null}
          label="API keys"
          head={
            <>
              <TableHead>Name</TableHead>
              <TableHead className="w-28">Role</TableHead>
              <TableHead className="hidden sm:table-cell">Last used</TableHead>
              <TableHead className="hidden sm:table-cell">Expires</TableHead>
              <TableHead className="w-12">
                <span className="sr-only">Actions</span>
              </TableHead>
            </>
          }
        >
          {keys.map((key) => (
            <TableRow key={key.id} data-testid="api-key-row">
              <TableCell>
                <div className="font-medium">{key.name}</div>
                <div className="font-mono text-[12px] text-ink-muted">
                  {key.prefix}… · by {key.createdBy?.user.name ?? "a former member"}
                </div>
              </TableCell>
              <TableCell>
                <Badge>{roleLabel(key.role)}</Badge>
              </TableCell>
              <TableCell className="hidden text-ink-muted sm:table-cell">
                {key.lastUsedAt ? formatDate(key.lastUsedAt) : "Never"}
              </TableCell>
              <TableCell className="hidden text-ink-muted sm:table-cell">
                {key.expiresAt ? formatDate(key.expiresAt) : "Never"}
              </TableCell>
              <TableCell>
                <TrashButton label={`Revoke ${key.name}`} onClick={() => revocation.ask({ id: key.id, name: key.name })} />
              </TableCell>
            </TableRow>
          ))}
        </TableCard>
      </div>
      <ConfirmDialog
        {...revocation.dialog}
        title={`Revoke ${revocation.target?.name ?? ""}?`}
        description="Requests with this key are refused from now on. This cannot be undone."
        confirmLabel="Revoke key"
      />
    </>
  );
}
