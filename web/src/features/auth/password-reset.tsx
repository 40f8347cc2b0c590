"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { tokenFromHash, useUrlHash } from "@/features/auth/link-token";
import { useEnterWorkspace } from "@/features/auth/use-enter-workspace";
import { networkProblem, type ApiProblem } from "@/lib/api-errors";
import { callSessionRoute, postSession } from "@/lib/session-client";
import { useFormProblem } from "@/lib/use-form-problem";

const LINK_CLASS = "font-medium text-accent underline underline-offset-2 hover:text-accent-hover";

/** Asks for a reset link. The answer is the same whether or not the email has an account. */
export function ForgotPasswordForm() {
  const { problem, errors, setProblem, formMessage } = useFormProblem();
  const [pending, setPending] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    setPending(true);
    let failure: ApiProblem | null = null;
    try {
      const answer = await callSessionRoute<{ ok: boolean; problem?: ApiProblem }>("request-reset", { email });
      if (!answer.ok) failure = answer.problem ?? networkProblem();
    } catch {
      failure = networkProblem();
    }
    setPending(false);
    if (failure) setProblem(failure);
    else setSentTo(email);
  }

  if (sentTo !== null) {
    return (
      <div className="grid gap-4" role="status">
        <h1 className="text-lg font-semibold">Check your email</h1>
        <p className="text-ink-muted">
          If an account uses {sentTo}, a link to choose a new password is on its way. It works once, for one hour.
        </p>
        <Link href="/sign-in" className={LINK_CLASS}>
          Back to sign in
        </Link>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <div className="grid gap-1">
        <h1 className="text-lg font-semibold">Reset your password</h1>
        <p className="text-ink-muted">Enter the email you sign in with; we will send you a link to choose a new password.</p>
      </div>
      <FormError>{problem ? formMessage(["email"]) : undefined}</FormError>
      <Field label="Email" error={errors.email}>
        <Input name="email" type="email" autoComplete="email" required autoFocus />
      </Field>
      <Button type="submit" variant="primary" loading={pending} className="w-full">
        Send reset link
      </Button>
      <p className="text-center text-ink-muted">
        Remembered it?{" "}
        <Link href="/sign-in" className={LINK_CLASS}>
          Sign in
        </Link>
      </p>
    </form>
  );
}

/** The page a reset mail links to: a new password, then signed in (every other session is signed out). */
export function ResetPasswordForm() {
  const enterWorkspace = useEnterWorkspace();
  const { problem, errors, setProblem, formMessage } = useFormProblem();
  const [pending, setPending] = useState(false);
  const [mfa, setMfa] = useState(false);
  const hash = useUrlHash();
  const token = hash === null ? undefined : tokenFromHash(hash);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    setPending(true);
    const result = await postSession("reset-password", { token, password });
    if (result.ok) {
      enterWorkspace(result, "/");
      return;
    }
    setPending(false);
    if (result.mfaRequired) setMfa(true);
    else setProblem(result.problem);
  }

  if (token === undefined) return null;
  if (token === null) {
    return (
      <div className="grid gap-4">
        <h1 className="text-lg font-semibold">This reset link is not complete</h1>
        <p className="text-ink-muted">Open the link from the mail again, or ask for a new one.</p>
        <Link href="/forgot-password" className={LINK_CLASS}>
          Ask for a new link
        </Link>
      </div>
    );
  }
  if (mfa) {
    return (
      <div className="grid gap-4" role="status">
        <h1 className="text-lg font-semibold">Password changed</h1>
        <p className="text-ink-muted">Your account uses two-factor sign-in: sign in with the new password and your code.</p>
        <Link href="/sign-in" className={LINK_CLASS}>
          Sign in
        </Link>
      </div>
    );
  }
  const linkRefused = problem !== null && problem.code === "BAD_USER_INPUT" && errors.token !== undefined;
  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <div className="grid gap-1">
        <h1 className="text-lg font-semibold">Choose a new password</h1>
        <p className="text-ink-muted">Every device signed in to your account is signed out.</p>
      </div>
      <FormError>{problem ? (linkRefused ? errors.token : formMessage(["password"])) : undefined}</FormError>
      {linkRefused ? (
        <Link href="/forgot-password" className={LINK_CLASS}>
          Ask for a new link
        </Link>
      ) : null}
      <Field label="New password" error={errors.password} hint="At least 8 characters.">
        <Input name="password" type="password" autoComplete="new-password" required autoFocus />
      </Field>
      <Button type="submit" variant="primary" loading={pending} className="w-full">
        Set password and sign in
      </Button>
    </form>
  );
}
