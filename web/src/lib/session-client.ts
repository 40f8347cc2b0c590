import { networkProblem, type ApiProblem } from "@/lib/api-errors";

export type SessionAnswer =
  | { ok: true; mfaEnrollmentRequired: boolean }
  | { ok: false; mfaRequired: true; problem: ApiProblem }
  | { ok: false; mfaRequired?: false; problem: ApiProblem };

const MFA_PENDING: ApiProblem = {
  code: "MFA_REQUIRED",
  message: "Enter the code from your authenticator app.",
  fieldErrors: {},
};

/** Calls one of the /api/session/* route handlers from the browser; cookies are set by the answer. */
export async function postSession(
  action:
    | "sign-in"
    | "sign-up"
    | "sign-out"
    | "switch-workspace"
    | "create-workspace"
    | "verify-mfa"
    | "accept-invitation"
    | "reset-password",
  body: Record<string, unknown> = {},
): Promise<SessionAnswer> {
  try {
    const response = await fetch(`/api/session/${action}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    const answer = (await response.json()) as {
      ok: boolean;
      mfaRequired?: boolean;
      mfaEnrollmentRequired?: boolean;
      problem?: ApiProblem;
    };
    if (answer.ok) return { ok: true, mfaEnrollmentRequired: answer.mfaEnrollmentRequired ?? false };
    if (answer.mfaRequired) return { ok: false, mfaRequired: true, problem: MFA_PENDING };
    return { ok: false, problem: answer.problem ?? networkProblem() };
  } catch {
    return { ok: false, problem: networkProblem() };
  }
}
