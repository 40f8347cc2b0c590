import type { Metadata } from "next";

import { ProviderButtons } from "@/features/auth/provider-buttons";
import { providerErrorMessage } from "@/features/auth/provider-error";
import { safeNext } from "@/features/auth/safe-next";
import { SignInForm } from "@/features/auth/sign-in-form";
import { signInProviders } from "@/features/auth/sign-in-providers";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string; mfa?: string }> }) {
  const { next, error, mfa } = await searchParams;
  const providers = await signInProviders();
  return (
    <SignInForm
      next={next}
      notice={providerErrorMessage(error)}
      mfaPending={mfa === "1"}
      providers={<ProviderButtons providers={providers} next={safeNext(next)} />}
    />
  );
}
