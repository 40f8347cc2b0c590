import type { Metadata } from "next";

import { ProviderButtons } from "@/features/auth/provider-buttons";
import { SignUpForm } from "@/features/auth/sign-up-form";
import { signInProviders } from "@/features/auth/sign-in-providers";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage() {
  const providers = await signInProviders();
  return <SignUpForm providers={<ProviderButtons providers={providers} next="/" />} />;
}
