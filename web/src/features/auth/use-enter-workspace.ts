import { useRouter } from "next/navigation";

/**
 * After a session starts (signed in, signed up, an invitation accepted, a password reset): on to
 * `destination`, or first to setting up two-factor sign-in where the workspace requires it. The server
 * components render again with the new session.
 */
export function useEnterWorkspace(): (answer: { mfaEnrollmentRequired: boolean }, destination: string) => void {
  const router = useRouter();
  return (answer, destination) => {
    router.replace(answer.mfaEnrollmentRequired ? "/mfa-setup" : destination);
    router.refresh();
  };
}
