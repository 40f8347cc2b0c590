"use client";

import Link from "next/link";
import { useState, type FormEvent, type ReactNode } from "react";

import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useFormProblem } from "@/lib/use-form-problem";
import { postSession } from "@/lib/session-client";
import { useEnterWorkspace } from "@/features/auth/use-enter-workspace";

/**
 * The sign-in and sign-up forms: posts the named `fields` to the session route of `action`, then goes to
 * `destination`; shows what the api refused on each field (`children` places them) or over the form.
 */
export function SessionForm({
  action,
  fields,
  destination,
  title,
  lede,
  submitLabel,
  other,
  notice,
  extra,
  onMfaRequired,
  children,
}: {
  action: "sign-in" | "sign-up";
  fields: readonly string[];
  destination: string;
  title: string;
  lede: string;
  submitLabel: string;
  /** The link to the other form: the question before it, where it goes, what it says. */
  other: { question: string; href: string; label: string };
  /** A message over the form before anything is submitted (why a provider sign-in came back refused). */
  notice?: string | undefined;
  /** Shown under the submit button ("Continue with Google"). */
  extra?: ReactNode;
  /** The account uses two-factor sign-in: the caller asks for the code next. */
  onMfaRequired?: () => void;
  children: (errors: Record<string, string | undefined>) => ReactNode;
}) {
  const enterWorkspace = useEnterWorkspace();
  const { problem, errors, setProblem, formMessage } = useFormProblem();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    const result = await postSession(action, Object.fromEntries(fields.map((field) => [field, form.get(field)])));
    if (result.ok) {
      enterWorkspace(result, destination);
      return;
    }
    setPending(false);
    if (result.mfaRequired && onMfaRequired) {
      onMfaRequired();
      return;
    }
    setProblem(result.problem);
  }

  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      <div className="grid gap-1">
        <h1 className="text-lg font-semibold">{title}</h1>
        <p className="text-ink-muted">{lede}</p>
      </div>
      <FormError>{problem ? formMessage() : notice}</FormError>
      {children(errors)}
      <Button type="submit" variant="primary" loading={pending} className="mt-1 w-full">
        {submitLabel}
      </Button>
      {extra}
      <p className="text-center text-ink-muted">
        {other.question}{" "}
        <Link href={other.href} className="font-medium text-accent underline underline-offset-2 hover:text-accent-hover">
          {other.label}
        </Link>
      </p>
    </form>
  );
}
