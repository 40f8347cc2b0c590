"use client";

import { useRouter } from "next/navigation";

import { MfaEnrollment } from "@/features/security/mfa-enrollment";

/** Where members of a workspace that requires two-factor sign-in land until they have set it up. */
export function MfaSetup() {
  const router = useRouter();
  return (
    <div className="grid gap-4">
      <div className="grid gap-1">
        <h1 className="text-lg font-semibold">Set up two-factor sign-in</h1>
        <p className="text-ink-muted">Your workspace requires a second step at sign-in.</p>
      </div>
      <MfaEnrollment
        doneLabel="Continue"
        onDone={() => {
          router.replace("/");
          router.refresh();
        }}
      />
    </div>
  );
}
