import type { NextRequest } from "next/server";

import { AcceptInvitationDocument } from "@/features/auth/documents";
import { callApi } from "@/lib/server/api";
import { badRequest, readJson, sessionResponse } from "@/lib/server/session";
import { ACCESS_COOKIE } from "@/lib/session-cookies";

/** Accepts an invitation: signed in (no password: the session's account joins), or signing in or up with it. */
export async function POST(request: NextRequest) {
  const body = await readJson(request);
  if (!body || typeof body.token !== "string") return badRequest();
  const password = typeof body.password === "string" ? body.password : null;
  const name = typeof body.name === "string" ? body.name : null;
  const token = password === null ? request.cookies.get(ACCESS_COOKIE)?.value : undefined;
  const result = await callApi(AcceptInvitationDocument, { token: body.token, name, password }, token);
  return sessionResponse(request, result, "acceptInvitation");
}
