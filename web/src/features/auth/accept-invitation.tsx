"use client";

import Link from "next/link";
import { useEffect, useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { tokenFromHash, useUrlHash } from "@/features/auth/link-token";
import { useEnterWorkspace } from "@/features/auth/use-enter-workspace";
import { networkProblem, type ApiProblem } from "@/lib/api-errors";
import { roleLabel } from "@/lib/format";
import { callSessionRoute, postSession } from "@/lib/session-client";
import { useFormProblem } from "@/lib/use-form-problem";
import type { Role } from "@/gql/graphql";

interface Preview {
  invitation: { email: string; role: Role; workspaceName: string; expiresAt: string };
  signedInAs: string | null;
}

type Loaded = { state: "loading" } | { state: "refused"; problem: ApiProblem } | { state: "ready"; token: string; preview: Preview };

const MISSING: ApiProblem = {
  code: "BAD_USER_INPUT",
  message: "This invitation link is not complete. Open the link from the invitation again.",
  fieldErrors: {},
};

async function loadPreview(token: string): Promise<Loaded> {
  try {
    const answer = await callSessionRoute<{ ok: boolean; problem?: ApiProblem } & Partial<Preview>>("invitation", { token });
    if (!answer.ok || !answer.invitation) return { state: "refused", problem: answer.problem ?? networkProblem() };
    return { state: "ready", token, preview: { invitation: answer.invitation, signedInAs: answer.signedInAs ?? null } };
  } catch {
    return { state: "refused", problem: networkProblem() };
  }
}

/** The page an invitation link opens: who invites whom to what, then join (signed in), sign in, or sign up. */
export function AcceptInvitation() {
  const hash = useUrlHash();
  const [loaded, setLoaded] = useState<{ hash: string; result: Loaded } | null>(null);

  useEffect(() => {
    if (hash === null) return;
    const token = tokenFromHash(hash);
    let cancelled = false;
    void (token ? loadPreview(token) : Promise.resolve<Loaded>({ state: "refused", problem: MISSING })).then((result) => {
      if (!cancelled) setLoaded({ hash, result });
    });
    return () => {
      cancelled = true;
    };
  }, [hash]);

  return <InvitationState key={hash ?? ""} loaded={loaded && loaded.hash === hash ? loaded.result : { state: "loading" }} />;
}

function InvitationState({ loaded }: { loaded: Loaded }) {
  if (loaded.state === "loading") {
    return (
      <p role="status" className="text-ink-muted">
        Opening the invitation…
      </p>
    );
  }
  if (loaded.state === "refused") {
    return (
      <div className="grid gap-4">
        <h1 className="text-lg font-semibold">This invitation cannot be used</h1>
        <FormError>{loaded.problem.message}</FormError>
        <p className="text-ink-muted">Ask the person who invited you for a new invitation.</p>
        <Link href="/sign-in" className="font-medium text-accent underline underline-offset-2 hover:text-accent-hover">
          Go to sign in
        </Link>
      </div>
    );
  }
  return <AcceptForms token={loaded.token} preview={loaded.preview} />;
}

function AcceptForms({ token, preview }: { token: string; preview: Preview }) {
  const enterWorkspace = useEnterWorkspace();
  const { invitation, signedInAs } = preview;
  const matches = signedInAs !== null && signedInAs.toLowerCase() === invitation.email.toLowerCase();
  const [mode, setMode] = useState<"sign-in" | "sign-up">("sign-in");
  const [pending, setPending] = useState(false);
  const [mfa, setMfa] = useState(false);
  const { problem, errors, setProblem, formMessage } = useFormProblem();

  async function accept(body: Record<string, unknown>) {
    setPending(true);
    const result = await postSession("accept-invitation", { token, ...body });
    if (result.ok) {
      enterWorkspace(result, "/");
      return;
    }
    setPending(false);
    if (result.mfaRequired) {
      setMfa(true);
      return;
    }
    setProblem(result.problem);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    void accept(mode === "sign-up" ? { name: String(form.get("name") ?? ""), password } : { password });
  }

  const heading = (
    <div className="grid gap-1">
      <h1 className="text-lg font-semibold">Join {invitation.workspaceName}</h1>
      <p className="text-ink-muted">
        You are invited as {roleLabel(invitation.role).toLowerCase()}, with <strong className="font-medium text-ink">{invitation.email}</strong>.
      </p>
    </div>
  );

  if (mfa) {
    return (
      <div className="grid gap-4">
        {heading}
        <FormError>This account uses two-factor sign-in: sign in with your code first, then open the invitation link again.</FormError>
        <Link href="/sign-in" className="font-medium text-accent underline underline-offset-2 hover:text-accent-hover">
          Sign in
        </Link>
      </div>
    );
  }
  if (matches) {
    return (
      <div className="grid gap-4">
        {heading}
        <FormError>{problem ? formMessage() : undefined}</FormError>
        <Button variant="primary" loading={pending} onClick={() => void accept({})} className="w-full">
          Join {invitation.workspaceName}
        </Button>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="grid gap-4" noValidate>
      {heading}
      {signedInAs ? (
        <p className="text-[13px] text-ink-muted">
          You are signed in as {signedInAs}. Continue with {invitation.email} below to accept.
        </p>
      ) : null}
      <div role="group" aria-label="Account" className="grid grid-cols-2 gap-2">
        <Button type="button" variant={mode === "sign-in" ? "primary" : "secondary"} aria-pressed={mode === "sign-in"} onClick={() => setMode("sign-in")}>
          I have an account
        </Button>
        <Button type="button" variant={mode === "sign-up" ? "primary" : "secondary"} aria-pressed={mode === "sign-up"} onClick={() => setMode("sign-up")}>
          I am new here
        </Button>
      </div>
      <FormError>{problem ? formMessage(["name", "password"]) : undefined}</FormError>
      {mode === "sign-up" ? (
        <Field label="Your name" error={errors.name}>
          <Input key="name" name="name" autoComplete="name" required />
        </Field>
      ) : null}
      <Field label={mode === "sign-up" ? "Choose a password" : "Password"} error={errors.password} hint={mode === "sign-up" ? "At least 8 characters." : undefined}>
        <Input key={mode} name="password" type="password" autoComplete={mode === "sign-up" ? "new-password" : "current-password"} required />
      </Field>
      <Button type="submit" variant="primary" loading={pending} className="w-full">
        {mode === "sign-up" ? "Create account and join" : "Sign in and join"}
      </Button>
      {mode === "sign-in" ? (
        <p className="text-center text-ink-muted">
          <Link href="/forgot-password" className="font-medium text-accent underline underline-offset-2 hover:text-accent-hover">
            Forgot password?
          </Link>
        </p>
      ) : null}
    </form>
  );
}
