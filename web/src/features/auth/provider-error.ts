// What the sign-in page says when a Google or Microsoft sign-in came back refused (`/sign-in?error=<reason>`,
// the reasons of the api's oauth/rest.py). Fixed texts: nothing from the URL is shown as it is.
const MESSAGES: Record<string, string> = {
  denied: "Sign-in was cancelled at the provider.",
  flow_expired: "That sign-in expired or was already used. Please start again.",
  state_mismatch: "That sign-in answer does not belong to the sign-in this browser started. Please start again.",
  code_rejected: "The provider did not accept the sign-in code. Please start again.",
  token_invalid: "The provider's answer could not be verified, so you were not signed in.",
  email_unverified:
    "Your provider does not confirm that this email address is yours, so Rapport cannot sign you in with it. Sign in with your password instead.",
  mfa_required: "This account uses two-factor sign-in: sign in again and enter the code from your authenticator app.",
  provider_unknown: "That sign-in provider is not set up here.",
  provider_unavailable: "The sign-in provider could not be reached. Please try again in a moment.",
};
const FALLBACK = "Signing in with the provider did not work. Please try again.";

export function providerErrorMessage(reason: string | undefined | null): string | undefined {
  if (!reason) return undefined;
  return Object.hasOwn(MESSAGES, reason) ? MESSAGES[reason] : FALLBACK;
}
