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

/** POSTs `body` as JSON to the route handler /api/session/`path` (with this site's cookies) and reads its JSON answer; throws when the network fails. */
export async function callSessionRoute<T>(path: string, body: Record<string, unknown>): Promise<T> {
  const response = await fetch(`/api/session/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  return (await response.json()) as T;
}

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
    const answer = await callSessionRoute<{
      ok: boolean;
      mfaRequired?: boolean;
      mfaEnrollmentRequired?: boolean;
      problem?: ApiProblem;
    }>(action, body);
    if (answer.ok) return { ok: true, mfaEnrollmentRequired: answer.mfaEnrollmentRequired ?? false };
    if (answer.mfaRequired) return { ok: false, mfaRequired: true, problem: MFA_PENDING };
    return { ok: false, problem: answer.problem ?? networkProblem() };
  } catch {
    return { ok: false, problem: networkProblem() };
  }
}
