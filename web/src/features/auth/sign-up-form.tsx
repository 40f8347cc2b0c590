"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { Button, Field, FormError, Input } from "@/components/ui";
import { useFormProblem } from "@/lib/use-form-problem";
import { postSession } from "@/lib/session-client";

export function SignUpForm() {
  const router = useRouter();
  const { errors, setProblem, formMessage } = useFormProblem();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    const result = await postSession("sign-up", {
      name: form.get("name"),
      email: form.get("email"),
      password: form.get("password"),
      workspaceName: form.get("workspaceName"),
    });
    if (result.ok) {
      router.replace("/");
      router.refresh();
      return;
    }
    setPending(false);
    setProblem(result.problem);
  }

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <div className="grid gap-1">
        <h1 className="text-lg font-semibold">Create your account</h1>
        <p className="text-ink-muted">Start a workspace for your team in a minute.</p>
      </div>
      <FormError>{formMessage()}</FormError>
      <Field label="Your name" error={errors.name}>
        <Input name="name" autoComplete="name" required autoFocus />
      </Field>
      <Field label="Work email" error={errors.email}>
        <Input name="email" type="email" autoComplete="email" required />
      </Field>
      <Field label="Password" error={errors.password} hint="At least 8 characters.">
        <Input name="password" type="password" autoComplete="new-password" required />
      </Field>
      <Field label="Workspace name" error={errors.workspaceName} hint="Usually your company or team.">
        <Input name="workspaceName" autoComplete="organization" required />
      </Field>
      <Button type="submit" variant="primary" loading={pending} className="mt-1 w-full">
        Create account
      </Button>
      <p className="text-center text-ink-muted">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-accent hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
