"use client";

import Link from "next/link";
import { useState, type FormEvent, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { safeNext } from "@/features/auth/safe-next";
import { SessionForm } from "@/features/auth/session-form";
import { useEnterWorkspace } from "@/features/auth/use-enter-workspace";
import { postSession } from "@/lib/session-client";
import { useFormProblem } from "@/lib/use-form-problem";

export function SignInForm({
  next,
  notice,
  providers,
  mfaPending = false,
}: {
  next?: string | undefined;
  /** Why a Google or Microsoft sign-in came back refused. */
  notice?: string | undefined;
  /** The "Continue with …" buttons of the configured providers. */
  providers?: ReactNode;
  /** A provider sign-in came back for the second factor (the api set the pending step's cookie). */
  mfaPending?: boolean;
}) {
  const [mfa, setMfa] = useState(mfaPending);
  if (mfa) return <MfaStep destination={safeNext(next)} onRestart={() => setMfa(false)} />;
  return (
    <SessionForm
      action="sign-in"
      fields={["email", "password"]}
      destination={safeNext(next)}
      title="Sign in to Rapport"
      lede="Welcome back."
      submitLabel="Sign in"
      other={{ question: "New to Rapport?", href: "/sign-up", label: "Create an account" }}
      notice={notice}
      extra={providers}
      onMfaRequired={() => setMfa(true)}
    >
      {(errors) => (
        <>
          <Field label="Email" error={errors.email}>
            <Input name="email" type="email" autoComplete="email" required autoFocus />
          </Field>
          <Field label="Password" error={errors.password}>
            <Input name="password" type="password" autoComplete="current-password" required />
          </Field>
          <Link href="/forgot-password" className="-mt-2 justify-self-end text-[13px] font-medium text-accent hover:underline">
            Forgot password?
          </Link>
        </>
      )}
    </SessionForm>
  );
}

/** The second step: a code from the authenticator app, or one of the recovery codes. */
function MfaStep({ destination, onRestart }: { destination: string; onRestart: () => void }) {
  const enterWorkspace = useEnterWorkspace();
  const { errors, setProblem, formMessage } = useFormProblem();
  const [pending, setPending] = useState(false);
  const [recovery, setRecovery] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get("code") ?? "");
    setPending(true);
    const result = await postSession("verify-mfa", { code });
    if (result.ok) {
      enterWorkspace(result, destination);
      return;
    }
    setPending(false);
    setProblem(result.problem);
  }

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <div className="grid gap-1">
        <h1 className="text-lg font-semibold">Two-factor sign-in</h1>
        <p className="text-ink-muted">
          {recovery
            ? "Enter one of the recovery codes you saved. Each works once."
            : "Enter the 6-digit code from your authenticator app."}
        </p>
      </div>
      <FormError>{formMessage(["code"])}</FormError>
      <Field label={recovery ? "Recovery code" : "Authentication code"} error={errors.code}>
        <Input
          key={recovery ? "recovery" : "totp"}
          name="code"
          autoComplete="one-time-code"
          inputMode={recovery ? "text" : "numeric"}
          maxLength={recovery ? 19 : 6}
          pattern={recovery ? undefined : "[0-9]*"}
          required
          autoFocus
        />
      </Field>
      <Button type="submit" variant="primary" loading={pending} className="mt-1 w-full">
        Verify
      </Button>
      <div className="flex justify-between text-[13px]">
        <button type="button" className="font-medium text-accent hover:underline" onClick={() => setRecovery(!recovery)}>
          {recovery ? "Use the authenticator app" : "Use a recovery code"}
        </button>
        <button type="button" className="text-ink-muted hover:underline" onClick={onRestart}>
          Start over
        </button>
      </div>
    </form>
  );
}
