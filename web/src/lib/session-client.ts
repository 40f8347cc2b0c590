import { networkProblem, type ApiProblem } from "@/lib/api-errors";

/** Calls one of the /api/session/* route handlers from the browser; cookies are set by the answer. */
export async function postSession(
  action: "sign-in" | "sign-up" | "sign-out" | "switch-workspace" | "create-workspace",
  body: Record<string, unknown> = {},
): Promise<{ ok: true } | { ok: false; problem: ApiProblem }> {
  try {
    const response = await fetch(`/api/session/${action}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
    });
    const answer = (await response.json()) as { ok: boolean; problem?: ApiProblem };
    if (answer.ok) return { ok: true };
    return { ok: false, problem: answer.problem ?? networkProblem() };
  } catch {
    return { ok: false, problem: networkProblem() };
  }
}
