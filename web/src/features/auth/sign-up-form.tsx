"use client";

import type { ReactNode } from "react";

import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SessionForm } from "@/features/auth/session-form";

/** `providers`: the "Continue with …" buttons; a first sign-in with a provider creates the account too. */
export function SignUpForm({ providers }: { providers?: ReactNode }) {
  return (
    <SessionForm
      action="sign-up"
      fields={["name", "email", "password", "workspaceName"]}
      destination="/"
      title="Create your account"
      lede="Start a workspace for your team in a minute."
      submitLabel="Create account"
      other={{ question: "Already have an account?", href: "/sign-in", label: "Sign in" }}
      extra={providers}
    >
      {(errors) => (
        <>
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
        </>
      )}
    </SessionForm>
  );
}
