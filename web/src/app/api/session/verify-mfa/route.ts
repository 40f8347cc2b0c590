import type { NextRequest } from "next/server";

import { VerifyMfaDocument } from "@/features/auth/documents";
import { callApi } from "@/lib/server/api";
import { badRequest, problemResponse, readJson, sessionResponse } from "@/lib/server/session";
import { MFA_COOKIE } from "@/lib/session-cookies";

/** The second sign-in step: the code typed, with the pending step's token from its httpOnly cookie. */
export async function POST(request: NextRequest) {
  const body = await readJson(request);
  if (!body) return badRequest();
  const mfaToken = request.cookies.get(MFA_COOKIE)?.value;
  if (!mfaToken) {
    const message = "The sign-in step has expired. Enter your email and password again.";
    return problemResponse({ code: "UNAUTHENTICATED", message, fieldErrors: {} }, 401);
  }
  const code = String(body.code ?? "").trim();
  return sessionResponse(request, await callApi(VerifyMfaDocument, { mfaToken, code }), "verifyMfa");
}
