import type { Metadata } from "next";

import { MfaSetup } from "@/features/security/mfa-setup";

export const metadata: Metadata = { title: "Set up two-factor sign-in" };

export default function MfaSetupPage() {
  return <MfaSetup />;
}
