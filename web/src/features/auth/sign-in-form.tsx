"use client";

import type { ReactNode } from "react";

import { Field, Input } from "@/components/ui";
import { safeNext } from "@/features/auth/safe-next";
import { SessionForm } from "@/features/auth/session-form";

export function SignInForm({
  next,
  notice,
  providers,
}: {
  next?: string | undefined;
  /** Why a Google or Microsoft sign-in came back refused. */
  notice?: string | undefined;
  /** The "Continue with …" buttons of the configured providers. */
  providers?: ReactNode;
}) {
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
    >
      {(errors) => (
        <>
          <Field label="Email" error={errors.email}>
            <Input name="email" type="email" autoComplete="email" required autoFocus />
          </Field>
          <Field label="Password" error={errors.password}>
            <Input name="password" type="password" autoComplete="current-password" required />
          </Field>
        </>
      )}
    </SessionForm>
  );
}
