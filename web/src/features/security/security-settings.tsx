"use client";

import type { FormEvent } from "react";
import { useMutation, useQuery } from "urql";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { ConfirmDialog, useConfirm } from "@/components/ui/dialog";
import { Field, FormError, FormSubmit } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { useToast } from "@/components/ui/toast";
import { PageHeader } from "@/features/shell/app-shell";
import { SettingsSection } from "@/features/settings/section";
import { useOutcomeToast } from "@/lib/use-outcome-toast";
import { useFormProblem } from "@/lib/use-form-problem";
import { useSignOut } from "@/lib/use-sign-out";
import { plural } from "@/lib/format";
import { canManage, useViewer } from "@/lib/viewer";
import { MfaEnrollment } from "@/features/security/mfa-enrollment";
import {
  ChangePasswordDocument,
  DisableMfaDocument,
  SecurityDocument,
  SetWorkspaceMfaRequiredDocument,
  SignOutEverywhereDocument,
  WorkspaceMfaDocument,
} from "@/features/security/documents";

/** Two-factor sign-in, the password, signing out everywhere; for admins, the workspace's MFA rule. */
export function SecuritySettings() {
  const viewer = useViewer();
  const [{ data, fetching }, refetch] = useQuery({ query: SecurityDocument, requestPolicy: "cache-and-network" });
  const reload = () => refetch({ requestPolicy: "network-only" });
  const mfaEnabled = data?.me.mfaEnabled ?? false;

  return (
    <>
      <PageHeader title="Security" description="How you sign in, and where you are signed in." />
      <div className="grid max-w-2xl grid-cols-[minmax(0,1fr)] gap-6 p-5 md:p-6">
        <SettingsSection
          title="Two-factor sign-in"
          description="A code from an authenticator app after your password."
          actions={data ? <Badge tone={mfaEnabled ? "accent" : "neutral"}>{mfaEnabled ? "On" : "Off"}</Badge> : null}
        >
          {!data && fetching ? (
            <Skeleton className="h-10" />
          ) : mfaEnabled ? (
            <DisableMfaForm codesLeft={data?.mfaRecoveryCodesLeft ?? 0} onDone={reload} />
          ) : (
            <MfaEnrollment onDone={reload} />
          )}
        </SettingsSection>
        <ChangePasswordForm />
        <SignOutEverywhere />
        {canManage(viewer.role) ? <WorkspaceMfaRule mfaEnabled={mfaEnabled} /> : null}
      </div>
    </>
  );
}

function DisableMfaForm({ codesLeft, onDone }: { codesLeft: number; onDone: () => void }) {
  const toast = useToast();
  const { errors, take, formMessage } = useFormProblem();
  const [{ fetching }, disable] = useMutation(DisableMfaDocument);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await disable({ password: String(form.get("password") ?? ""), code: String(form.get("code") ?? "") });
    if (take(result.error)) return;
    toast({ title: "Two-factor sign-in is off", tone: "success" });
    onDone();
  }

  return (
    <form onSubmit={submit} noValidate className="grid gap-3">
      <p className="text-[13px] text-ink-muted">{plural(codesLeft, "recovery code")} left.</p>
      <FormError>{formMessage(["password", "code"])}</FormError>
      <div className="grid items-start gap-3 sm:grid-cols-2">
        <Field label="Password" error={errors.password}>
          <Input name="password" type="password" autoComplete="current-password" />
        </Field>
        <Field label="Code" error={errors.code}>
          <Input name="code" autoComplete="one-time-code" />
        </Field>
      </div>
      <FormSubmit variant="danger" loading={fetching}>
        Turn off
      </FormSubmit>
    </form>
  );
}

function ChangePasswordForm() {
  const toast = useToast();
  const { errors, take, formMessage } = useFormProblem();
  const [{ fetching }, change] = useMutation(ChangePasswordDocument);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const result = await change({ current: String(form.get("current") ?? ""), new: String(form.get("new") ?? "") });
    if (take(result.error)) return;
    element.reset();
    toast({ title: "Password changed", description: "Your other sessions are signed out.", tone: "success" });
  }

  return (
    <SettingsSection title="Password" description="Changing it signs you out everywhere else.">
      <form onSubmit={submit} noValidate className="grid gap-3">
        <FormError>{formMessage(["current", "new"])}</FormError>
        <div className="grid items-start gap-3 sm:grid-cols-2">
          <Field label="Current password" error={errors.current}>
            <Input name="current" type="password" autoComplete="current-password" />
          </Field>
          <Field label="New password" error={errors.new}>
            <Input name="new" type="password" autoComplete="new-password" />
          </Field>
        </div>
        <FormSubmit loading={fetching}>Change password</FormSubmit>
      </form>
    </SettingsSection>
  );
}

function SignOutEverywhere() {
  const signOut = useSignOut();
  const outcome = useOutcomeToast();
  const [, signOutEverywhere] = useMutation(SignOutEverywhereDocument);
  const confirmation = useConfirm(async () => {
    const result = await signOutEverywhere({});
    if (!outcome(result.error, "Not signed out")) return false;
    await signOut();
    return false;
  });

  return (
    <SettingsSection
      title="Sessions"
      description="Signs out every browser and device signed in to your account, this one included."
      actions={
        <Button variant="danger" onClick={() => confirmation.ask(true)}>
          Sign out everywhere
        </Button>
      }
    >
      <ConfirmDialog
        {...confirmation.dialog}
        title="Sign out everywhere?"
        description="Every session ends at once; you sign in again here."
        confirmLabel="Sign out everywhere"
      />
      <p className="text-[13px] text-ink-muted">Use this if you signed in on a device you no longer have.</p>
    </SettingsSection>
  );
}

function WorkspaceMfaRule({ mfaEnabled }: { mfaEnabled: boolean }) {
  const viewer = useViewer();
  const outcome = useOutcomeToast();
  const [{ data }] = useQuery({ query: WorkspaceMfaDocument });
  const [{ fetching }, setRequired] = useMutation(SetWorkspaceMfaRequiredDocument);
  const required = data?.workspace.mfaRequired ?? false;

  async function toggle(value: boolean) {
    const result = await setRequired({ required: value });
    outcome(result.error, "Not changed");
  }

  return (
    <SettingsSection
      title={`Workspace: ${viewer.workspace.name}`}
      description="Members without two-factor sign-in are asked to set it up before they can continue."
    >
      <div className="flex items-center gap-2">
        <Checkbox
          id="mfa-required"
          checked={required}
          disabled={fetching || !data || (!required && !mfaEnabled)}
          onCheckedChange={(value) => void toggle(value === true)}
        />
        <Label htmlFor="mfa-required">Require two-factor sign-in of every member</Label>
      </div>
      {!required && !mfaEnabled ? (
        <p className="mt-2 text-[13px] text-ink-muted">Turn on two-factor sign-in for yourself first.</p>
      ) : null}
    </SettingsSection>
  );
}
