"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { Button, Field, FormError, Input } from "@/components/ui";
import { useFormProblem } from "@/lib/use-form-problem";
import { postSession } from "@/lib/session-client";
import { safeNext } from "@/features/auth/safe-next";

export function SignInForm({ next }: { next?: string | undefined }) {
  const router = useRouter();
  const { errors, setProblem, formMessage } = useFormProblem();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    const result = await postSession("sign-in", { email: form.get("email"), password: form.get("password") });
    if (result.ok) {
      router.replace(safeNext(next, window.location.origin));
      router.refresh();
      return;
    }
    setPending(false);
    setProblem(result.problem);
  }

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <div className="grid gap-1">
        <h1 className="text-lg font-semibold">Sign in to Rapport</h1>
        <p className="text-ink-muted">Welcome back.</p>
      </div>
      <FormError>{formMessage()}</FormError>
      <Field label="Email" error={errors.email}>
        <Input name="email" type="email" autoComplete="email" required autoFocus />
      </Field>
      <Field label="Password" error={errors.password}>
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      <Button type="submit" variant="primary" loading={pending} className="mt-1 w-full">
        Sign in
      </Button>
      <p className="text-center text-ink-muted">
        New to Rapport?{" "}
        <Link href="/sign-up" className="font-medium text-accent hover:underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}
